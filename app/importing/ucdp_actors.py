"""The UCDP Actor Dataset as claims: each row read and checked, its renames as a succession of names, and its
splinters, alliances and groups joined as split and membership claims between actors.

Input: the actor list as UCDP publishes it (`ucdp-actor-22.1.csv`: ActorId, NameData, NameOrig, NameOrigFull,
NameOrigFullEng, NameChange, NewName, NewNameFullMotherTongue, NewNameFullEng, Org, Splinter, NamePrev,
ActorIdPrev, SplitTemp, NameSplitTemp, ActorIdSplitTemp, Alliance, NameAlliance, ActorIdAlliance, JoinGroup,
GroupName, ActorIdGroup, Version, ...). Every decision taken here is written down in docs/ucdp-actors.md.

- A multi-valued cell lists names separated by commas; a name may itself hold a comma ("Interahamwe, ex-FAR"):
  the parts are joined again where they make a name the list itself uses (`split_names`). A tie's names are
  paired with its ids (`ActorIdPrev`...), which must be as many; a full-name cell is paired with `NewName`.
- UCDP dates none of these ties: a claim is undated (unknown bounds) unless GED events in the graph show both
  groups active, where it is placed in the span they share (`tie_valid`), and its text says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.inputs import CitationInput, ClaimInput, DerivedClaim, Origin, SourceInput, ValidInput
from app.domain.model import ClaimKind, SourceKind, Status
from app.domain.text import search_key
from app.importing.files import UnusableFile, csv_records
from app.importing.ged.codebook import LICENCE, PUBLISHER
from app.importing.ids import bounded_id, short_hash, slug
from app.importing.problems import Reject
from app.seeding.rows import Row

ORIGIN = "ucdp-actors"
STATUS = "reported"
CONFIDENCE = 0.8  # the recorder's judgement for a curated dataset, as for the GED; not derived from the data
DOWNLOADS = "https://ucdp.uu.se/downloads/"
CITE = "Cite: UCDP Actor Dataset and its codebook (Uppsala Conflict Data Program, Uppsala University)."
REQUIRED = ("ActorId", "NameData")
_NONE = ("", "n/a", "na", "none", "-")


@dataclass(frozen=True)
class TieColumns:
    """One of the actor list's ties: its flag, names and ids columns, the claim kind it becomes, and its words."""

    flag: str
    names: str
    ids: str
    kind: ClaimKind
    reads: str  # "X <reads> Y"


TIES = (
    TieColumns("Splinter", "NamePrev", "ActorIdPrev", ClaimKind.SPLIT, "split from"),
    TieColumns("SplitTemp", "NameSplitTemp", "ActorIdSplitTemp", ClaimKind.SPLIT, "split for a time from"),
    TieColumns("Alliance", "NameAlliance", "ActorIdAlliance", ClaimKind.MEMBERSHIP, "was part of the alliance"),
    TieColumns("JoinGroup", "GroupName", "ActorIdGroup", ClaimKind.MEMBERSHIP, "joined"),
)


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Name:
    """One name of an actor's succession: as UCDP writes it, in full in its own language, and in English."""

    name: str
    full: str = ""
    english: str = ""


@dataclass(frozen=True)
class Tie:
    """A tie one row states: this actor `columns.reads` the other (ids and names as UCDP writes them)."""

    columns: TieColumns
    other_id: int
    other_name: str
    quote: str  # the row's cells, verbatim


@dataclass(frozen=True)
class Entry:
    """One checked row of the actor list."""

    line: int
    ucdp_id: int
    name: str
    org: int | None
    succession: tuple[Name, ...]  # NameOrig, then every NewName in UCDP's order (one name: never renamed)
    succession_quote: str
    ties: tuple[Tie, ...]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every name the row gives, short and full, once each (by search key), NameData first."""
        names = [self.name] + [n for s in self.succession for n in (s.name, s.full, s.english) if n]
        seen: set[str] = set()
        out = []
        for n in names:
            k = search_key(n)
            if k and k not in seen:
                seen.add(k)
                out.append(n)
        return tuple(out)


@dataclass
class ActorDataset:
    """The file read: its entries by UCDP id, the rows rejected, the cells not used (warnings), its release."""

    entries: dict[int, Entry] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[Reject] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)
    rows: int = 0

    @property
    def release(self) -> str | None:
        """The release the rows name (`Version`), when they agree on one."""
        return self.versions.most_common(1)[0][0] if len(self.versions) == 1 else None


def clean(text: str | None) -> str:
    value = " ".join((text or "").split())
    return "" if value.lower() in _NONE else value


def split_names(cell: str, known: Iterable[str] = ()) -> list[str]:
    """A comma-separated cell as its names. A run of parts that together make a name of `known` (names with a
    comma the list uses: "Interahamwe, ex-FAR") stays one name; the longest such run wins."""
    parts = [p.strip() for p in clean(cell).split(",")]
    keys = {search_key(k) for k in known if "," in k}
    longest = max((k.count(",") for k in known if "," in k), default=0) + 1
    names: list[str] = []
    i = 0
    while i < len(parts):
        taken = 1
        for j in range(min(len(parts), i + longest), i + 1, -1):
            if search_key(", ".join(parts[i:j])) in keys:
                taken = j - i
                break
        name = ", ".join(p for p in parts[i : i + taken])
        if name.strip():
            names.append(" ".join(name.split()))
        i += taken
    return names


FULL_NAME_COLUMNS = ("NewNameFullMotherTongue", "NewNameFullEng")


@dataclass(frozen=True)
class Renames:
    """A row's new names (NewName) and, paired with each, its full names (FULL_NAME_COLUMNS: "" where none)."""

    short: list[str]
    full: dict[str, list[str]]  # column -> one full name per short name ("" where the row gives none)
    unpaired: dict[str, tuple[str, int]]  # column -> (cell, how many names it splits into): not len(short)

    def names(self) -> list[str]:
        """Every new name, short and full, in order (empty ones left out)."""
        return [*self.short, *(n for col in FULL_NAME_COLUMNS for n in self.full[col] if n)]


def split_renames(raw: dict[str, str], known: Iterable[str]) -> Renames:
    """NewName and its full names as the row's renames: each cell split at its commas (`split_names`, a name of
    `known` that holds a comma kept whole), a full-name cell paired with NewName's names one for one; a cell
    that splits into another number of names holds a comma inside a name ("Movimiento 26, de Julio" for the
    one NewName "M-26-7"), so it cannot be paired and is not used (`unpaired`)."""
    short = split_names(clean(raw.get("NewName")), known)
    full: dict[str, list[str]] = {}
    unpaired: dict[str, tuple[str, int]] = {}
    for col in FULL_NAME_COLUMNS:
        cell = clean(raw.get(col))
        split = split_names(cell, known) if cell else []
        if split and len(split) != len(short):
            unpaired[col] = (cell, len(split))
            split = []
        full[col] = split or [""] * len(short)
    return Renames(short, full, unpaired)


def comma_names(rows: Iterable[dict[str, str]]) -> set[str]:
    """The names of the list that hold a comma (NameData, NameOrig: one name each), kept whole when a
    multi-valued cell is split (`split_names`)."""
    found: set[str] = set()
    for raw in rows:
        found |= {n for n in (clean(raw.get("NameData")), clean(raw.get("NameOrig"))) if "," in n}
    return found


def _whole(text: str, fld: str) -> int:
    value = text.strip()
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit():
        raise RowError(fld, f"'{text}' is not a whole number")
    return int(value)


class ActorReader:
    """Checks rows one by one; keeps the ids seen (a repeated ActorId is rejected)."""

    def __init__(self, file: str, comma_names: set[str]) -> None:
        self.file = file
        self.comma_names = comma_names
        self.seen: dict[int, int] = {}

    def read(self, line: int, raw: dict[str, str]) -> tuple[Entry, list[Reject]]:
        """The row checked (and the cells of it not used, as warnings), or RowError naming the field."""
        if raw.get("") is not None:
            raise RowError("", "more cells than the header has columns")
        id_text = clean(raw.get("ActorId"))
        if not id_text:
            raise RowError("ActorId", "empty")
        ucdp_id = _whole(id_text, "ActorId")
        if ucdp_id in self.seen:
            raise RowError("ActorId", f"{ucdp_id} is used again (first on line {self.seen[ucdp_id]})")
        name = clean(raw.get("NameData"))
        if not name:
            raise RowError("NameData", "empty")
        org_text = clean(raw.get("Org"))
        org = _whole(org_text, "Org") if org_text else None
        warnings: list[Reject] = []
        succession, quote = self._succession(line, raw, ucdp_id, name, warnings)
        ties = [t for cols in TIES for t in self._ties(raw, cols, ucdp_id, name)]
        self.seen[ucdp_id] = line
        return Entry(line, ucdp_id, name, org, succession, quote, tuple(ties)), warnings

    def _succession(
        self, line: int, raw: dict[str, str], ucdp_id: int, name: str, warnings: list[Reject]
    ) -> tuple[tuple[Name, ...], str]:
        first = Name(
            clean(raw.get("NameOrig")) or name, clean(raw.get("NameOrigFull")), clean(raw.get("NameOrigFullEng"))
        )
        changed = clean(raw.get("NameChange"))
        new_cell = clean(raw.get("NewName"))
        if changed not in ("", "0", "1"):
            raise RowError("NameChange", f"'{changed}' is not 0 or 1")
        if changed == "1" and not new_cell:
            raise RowError("NewName", "empty, but NameChange is 1")
        if changed != "1" and new_cell:
            raise RowError("NameChange", f"is {changed or 'empty'}, but NewName names '{new_cell}'")
        if not new_cell:
            return (first,), ""
        renames = split_renames(raw, self.comma_names)
        news, columns = renames.short, renames.full
        for col, (cell, count) in renames.unpaired.items():
            warnings.append(
                Reject(
                    self.file,
                    line,
                    col,
                    f"'{cell}' splits into {count} names at its commas, NewName into {len(news)}: "
                    "a name holds a comma, so they cannot be paired; this cell is not used",
                    id=str(ucdp_id),
                )
            )
        names = [first]
        for i, n in enumerate(news):
            step = Name(n, columns["NewNameFullMotherTongue"][i], columns["NewNameFullEng"][i])
            if step != names[-1]:
                names.append(step)
        quote = f'ActorId {ucdp_id} "{name}": NameOrig "{first.name}", NameChange 1, NewName "{new_cell}"'
        return tuple(names), quote

    def _ties(self, raw: dict[str, str], cols: TieColumns, ucdp_id: int, name: str) -> list[Tie]:
        flag = clean(raw.get(cols.flag))
        names_cell, ids_cell = clean(raw.get(cols.names)), clean(raw.get(cols.ids))
        if flag not in ("", "0", "1"):
            raise RowError(cols.flag, f"'{flag}' is not 0 or 1")
        if flag != "1":
            if names_cell or ids_cell:
                raise RowError(cols.flag, f"is {flag or 'empty'}, but {cols.names} names '{names_cell or ids_cell}'")
            return []
        if not names_cell:
            raise RowError(cols.names, f"empty, but {cols.flag} is 1")
        names = split_names(names_cell, self.comma_names)
        ids = [_whole(p, cols.ids) for p in ids_cell.split(",") if p.strip()] if ids_cell else []
        if len(ids) != len(names):
            raise RowError(
                cols.ids,
                f"'{ids_cell}' gives {len(ids)} id(s) for the {len(names)} name(s) of {cols.names} '{names_cell}': "
                "they cannot be paired",
            )
        quote = f'ActorId {ucdp_id} "{name}": {cols.flag} 1, {cols.names} "{names_cell}", {cols.ids} "{ids_cell}"'
        return [Tie(cols, i, n, quote) for i, n in zip(ids, names, strict=True)]


def read_actor_dataset(path: Path, shown: str) -> ActorDataset:
    """The actor list CSV, each row checked (an Entry) or rejected (file, line, field, reason)."""
    header, records = csv_records(path)
    lacking = [c for c in REQUIRED if c not in header]
    if lacking:
        raise UnusableFile(
            f"{shown}: not a UCDP Actor Dataset file: no column {', '.join(lacking)} (the header has: "
            f"{', '.join(list(header)[:40]) or 'nothing'})"
        )
    rows = list(records)
    reader = ActorReader(shown, comma_names(raw for _, raw in rows))
    data = ActorDataset(rows=len(rows))
    for line, raw in rows:
        try:
            entry, warnings = reader.read(line, raw)
        except RowError as exc:
            data.rejects.append(Reject(shown, line, exc.field, exc.reason, id=clean(raw.get("ActorId"))))
            continue
        data.entries[entry.ucdp_id] = entry
        data.warnings.extend(warnings)
        version = clean(raw.get("Version"))
        if version:
            data.versions[version] += 1
    return data


# ------------------------------------------------------------------------------------------- sources


def release_key(release: str) -> str:
    return slug(release, 40) or short_hash(release)


def dataset_source_id(release: str) -> str:
    return f"ucdp-actor-dataset-{release_key(release)}"


def dataset_source(release: str, file_name: str) -> SourceInput:
    return SourceInput(
        id=dataset_source_id(release),
        kind=SourceKind.DATASET,
        title=f"UCDP Actor Dataset {release}",
        publisher=PUBLISHER,
        url=DOWNLOADS,
        licence=LICENCE,
        notes=f"Imported from {file_name}. {CITE}",
    )


# ---------------------------------------------------------------------------------------------- time


@dataclass(frozen=True)
class Activity:
    """When GED events in the graph show an actor: its first event's earliest day, its last event's latest."""

    first: date
    last: date
    events: int


def tie_valid(
    release: str, a: tuple[str, Activity | None], b: tuple[str, Activity | None]
) -> tuple[ValidInput, str | None]:
    """Unknown bounds, as UCDP gives no date; or, where GED events show both groups active and their spans
    meet, the span they share: the tie is taken to hold (possibly) only while both were seen fighting, from
    the later of their first events to the earlier of their last. Nothing in it is certain (start and end
    each a range over the whole span). The text says which it is; the second value is the narrowing's note."""
    undated = f"undated: the UCDP Actor Dataset {release} gives no date for this"
    (a_name, a_act), (b_name, b_act) = a, b
    if a_act is None or b_act is None:
        missing = " and ".join(n for n, act in ((a_name, a_act), (b_name, b_act)) if act is None)
        return ValidInput(text=f"{undated} (no GED events of {missing} in the graph)"), None
    start, end = max(a_act.first, b_act.first), min(a_act.last, b_act.last)
    seen = (
        f"GED events in the graph show {a_name} from {a_act.first} to {a_act.last} ({a_act.events} events) and "
        f"{b_name} from {b_act.first} to {b_act.last} ({b_act.events} events)"
    )
    if end < start:
        return ValidInput(text=f"{undated}; {seen}: never both active, so left undated"), None
    text = f"the UCDP Actor Dataset {release} gives no date; placed in {start}..{end}, when GED events show both active"
    note = (
        f"Time narrowed by the importer: {seen}. The tie is placed where both were active, from the later first "
        "event to the earlier last one; it may have held before or after (a group exists beyond the events "
        "recorded of it), and nothing in the span is certain."
    )
    span = f"{start.isoformat()}..{end.isoformat()}"
    return ValidInput(from_=span, to=span, text=text), note


# -------------------------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class Stated:
    """A tie in the direction the claim takes: `member` (or splinter) and `group` (or parent) as UCDP ids."""

    kind: ClaimKind
    member: int
    group: int
    member_name: str
    group_name: str
    quote: str
    reading: str  # how the importer read the cell
    line: int  # the row that states it
    column: str


@dataclass
class Derived:
    claims: list[DerivedClaim] = field(default_factory=list)
    left_out: list[tuple[int, str, int, str]] = field(default_factory=list)  # (line, column, ActorId, why) not written
    narrowed: int = 0


def stated_ties(entries: dict[int, Entry]) -> list[Stated]:
    """Every tie of the list as member -> group (splinter -> parent). A GroupName cell whose groups name this
    actor back as their alliance or group (the Islamic Front's lists the seven groups that formed it) is read
    the other way round: its groups joined this actor."""

    def names_back(other: int, me: int) -> bool:
        e = entries.get(other)
        return e is not None and any(t.other_id == me and t.columns.kind is ClaimKind.MEMBERSHIP for t in e.ties)

    out: list[Stated] = []
    for e in entries.values():
        by_cell: dict[str, list[Tie]] = {}
        for t in e.ties:
            by_cell.setdefault(t.columns.names, []).append(t)
        for column, ties in by_cell.items():
            reverse = column == "GroupName" and any(names_back(t.other_id, e.ucdp_id) for t in ties)
            for t in ties:
                reading = (
                    f"read as {t.columns.kind.value}: {t.columns.flag} and {column} say {e.name} {t.columns.reads} "
                    f"{t.other_name}"
                )
                if reverse:
                    out.append(
                        Stated(
                            t.columns.kind,
                            t.other_id,
                            e.ucdp_id,
                            t.other_name,
                            e.name,
                            t.quote,
                            f"read as membership, the other way round: {e.name}'s GroupName lists groups that name "
                            f"{e.name} as their own alliance or group, so it is read as the groups that joined "
                            f"{e.name} ({t.other_name} among them)",
                            e.line,
                            column,
                        )
                    )
                else:
                    out.append(
                        Stated(
                            t.columns.kind,
                            e.ucdp_id,
                            t.other_id,
                            e.name,
                            t.other_name,
                            t.quote,
                            reading,
                            e.line,
                            column,
                        )
                    )
    return out


def tie_claims(
    ties: Sequence[Stated], actor_of: dict[int, str], activity: dict[str, Activity], release: str, file: str = ""
) -> Derived:
    """One claim per kind and pair of UCDP ids (the rows that state it each cited), for the ties whose two
    actors are known (`actor_of`); undated, or narrowed by the actors' GED activity (`tie_valid`)."""
    grouped: dict[tuple[ClaimKind, int, int], list[Stated]] = {}
    derived = Derived()
    for t in ties:
        if t.member == t.group:
            derived.left_out.append(
                (
                    t.line,
                    t.column,
                    t.member,
                    f"names {t.member_name} ({t.member}) itself: a {t.kind.value} needs two actors",
                )
            )
            continue
        if t.member not in actor_of or t.group not in actor_of:
            continue
        if actor_of[t.member] == actor_of[t.group]:
            derived.left_out.append(
                (
                    t.line,
                    t.column,
                    t.member,
                    f"{t.member_name} ({t.member}) and {t.group_name} ({t.group}) land on one actor "
                    f"({actor_of[t.member]}): no {t.kind.value} claim",
                )
            )
            continue
        grouped.setdefault((t.kind, t.member, t.group), []).append(t)
    source = dataset_source_id(release)
    roles = {ClaimKind.MEMBERSHIP: ("member", "group"), ClaimKind.SPLIT: ("splinter", "parent")}
    for (kind, member, group), stated in sorted(grouped.items(), key=lambda kv: (kv[0][0].value, *kv[0][1:])):
        a, b = actor_of[member], actor_of[group]
        first = stated[0]
        valid, narrowed = tie_valid(release, (first.member_name, activity.get(a)), (first.group_name, activity.get(b)))
        derived.narrowed += narrowed is not None
        readings = list(dict.fromkeys(s.reading for s in stated))
        notes = f"From the UCDP Actor Dataset {release}: {'; '.join(readings)}."
        if narrowed:
            notes += " " + narrowed
        role_a, role_b = roles[kind]
        claim = ClaimInput(
            id=bounded_id(f"ucdp-actors-{release_key(release)}", f"{kind.value}-{member}-{group}"),
            kind=kind,
            parties={role_a: a, role_b: b},
            valid=valid,
            status=Status(STATUS),
            confidence=CONFIDENCE,
            citations=[CitationInput(source=source, quote=s.quote, note=s.reading) for s in stated],
            notes=notes,
        )
        properties = {"ucdp_actor_release": release, "ucdp_ids": [member, group]}
        derived.claims.append(DerivedClaim(claim, Origin(file), properties))
    return derived


def succession_rows(entries: Iterable[Entry], actor_of: dict[int, str], release: str) -> list[Row]:
    """The renames of each actor the import knows, as one Succession per actor and release (import_ucdp_names)."""
    source = dataset_source_id(release)
    rows = []
    for e in entries:
        if len(e.succession) < 2 or e.ucdp_id not in actor_of:
            continue
        succession_id = f"ucdp-actors-{release_key(release)}-names-{e.ucdp_id}"
        rows.append(
            {
                "id": succession_id,
                "actor": actor_of[e.ucdp_id],
                "source": source,
                "quote": e.succession_quote,
                "props": {
                    "id": succession_id,
                    "names": [n.name for n in e.succession],
                    "full_names": [n.full for n in e.succession],
                    "english_names": [n.english for n in e.succession],
                    "ucdp_id": e.ucdp_id,
                    "ucdp_actor_release": release,
                    "origin": ORIGIN,
                    "note": (
                        f"UCDP Actor Dataset {release}: the original name (NameOrig), then each new name (NewName) in "
                        "UCDP's order; UCDP gives no dates for the renames"
                    ),
                },
            }
        )
    return rows
