"""The UCDP Actor Dataset read as a list: ids, names, original names and renames."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.text import search_key
from app.importing.files import UnusableFile, csv_records
from app.importing.ged.reader import RowError, _integer
from app.importing.problems import Reject
from app.importing.ucdp_actors import comma_names, split_renames


@dataclass(frozen=True)
class ListedActor:
    ucdp_id: int
    name: str
    names: tuple[str, ...]  # NameData first, then original names and renames
    org: int | None


@dataclass
class ActorList:
    """The UCDP Actor Dataset: ids, names, original names and renames."""

    by_id: dict[int, ListedActor] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def comma_names(self) -> set[str]:
        return {a.name for a in self.by_id.values() if "," in a.name}

    def unique_ids_by_name(self) -> dict[str, int]:
        """search key of a name -> the one actor id carrying it (names shared by several actors left out)."""
        found: dict[str, set[int]] = defaultdict(set)
        for a in self.by_id.values():
            found[search_key(a.name)].add(a.ucdp_id)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def read_actor_list(path: Path, shown: str) -> ActorList:
    """The UCDP actor list CSV (ActorId, NameData, NameOrig, NameOrigFull, NameOrigFullEng, NewName, ...)."""
    header, records = csv_records(path)
    present = set(header)
    if not {"ActorId", "NameData"} <= present:
        raise UnusableFile(f"{shown}: not a UCDP actor list: it needs the columns ActorId and NameData")
    listed = ActorList()
    rows = list(records)
    known = comma_names(raw for _, raw in rows)
    for line, raw in rows:
        name = " ".join((raw.get("NameData") or "").split())
        try:
            ucdp_id = _integer((raw.get("ActorId") or "").strip(), "ActorId", minimum=0)
        except RowError as exc:
            listed.rejects.append(Reject(shown, line, exc.field, exc.reason))
            continue
        if not name:
            listed.rejects.append(Reject(shown, line, "NameData", "empty", id=str(ucdp_id)))
            continue
        names = [name]
        for col in ("NameOrig", "NameOrigFull", "NameOrigFullEng"):
            cell = " ".join((raw.get(col) or "").split())
            if cell and cell.lower() != "n/a":
                names.append(cell)  # an original name is one name, commas and all
        names.extend(split_renames(raw, known).names())  # as the actor dataset's import reads them
        org_text = (raw.get("Org") or "").strip()
        org = int(org_text) if org_text.isdigit() else None
        listed.by_id[ucdp_id] = ListedActor(ucdp_id, name, _dedupe(names), org)
    return listed


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = search_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return tuple(out)
