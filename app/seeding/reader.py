"""Reading and validating seed files, table-driven: each list of a file (actors, places, sources, events,
claims) is one `Section` with its model; each cross-reference is one `Ref`. Everything is checked
(shapes, dates, ids, references across files) before anything is written."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from app.domain.inputs import ActorInput, ClaimInput, EventInput, Origin, PlaceInput, SourceInput
from app.domain.timebounds import TimeError, ValidTime
from app.seeding.format import SeedFile

SEED_SUFFIXES = (".yaml", ".yml", ".json")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SeedProblem:
    """One error, located: the file, the entry (list and index, with its id) and the field."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class SeedInvalidError(Exception):
    def __init__(self, problems: list[SeedProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the seed files")
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    """A validated entry (app/domain/inputs.py) with where it came from (its file and entry); `valid` and
    `recorded_at` for events and claims."""

    item: Any
    origin: Origin
    valid: ValidTime | None = None
    recorded_at: datetime = EPOCH

    @property
    def id(self) -> str:
        return str(self.item.id)


@dataclass(frozen=True)
class Section:
    name: str
    model: type[BaseModel]
    timed: bool = False  # has a `valid` time range, resolved against the file's as_of


SECTIONS = (
    Section("actors", ActorInput),
    Section("places", PlaceInput),
    Section("sources", SourceInput),
    Section("events", EventInput, timed=True),
    Section("claims", ClaimInput, timed=True),
)


@dataclass(frozen=True)
class Ref:
    """Entries of `section` name ids of `target` in the fields that `refs` yields as (field, id)."""

    section: str
    target: str
    refs: Callable[[Any], Iterable[tuple[str, str | None]]]


REFS = (
    Ref("actors", "actors", lambda a: [("part_of", a.part_of)]),
    Ref("places", "places", lambda p: [("within", p.within)]),
    Ref("sources", "sources", lambda s: [("reported_in", s.reported_in)]),
    Ref("events", "places", lambda e: [("place", e.place)]),
    Ref("events", "actors", lambda e: [(f"participants[{i}].actor", w.actor) for i, w in enumerate(e.participants)]),
    Ref("events", "sources", lambda e: [(f"citations[{i}].source", c.source) for i, c in enumerate(e.citations)]),
    Ref("claims", "actors", lambda c: [(f"parties.{role}", a) for role, a in c.party_list()]),
    Ref("claims", "sources", lambda c: [(f"citations[{i}].source", x.source) for i, x in enumerate(c.citations)]),
    Ref("claims", "events", lambda c: [(f"evidence[{i}]", e) for i, e in enumerate(c.evidence)]),
)


@dataclass
class Seed:
    entries: dict[str, list[Entry]] = field(default_factory=lambda: {s.name: [] for s in SECTIONS})
    files: list[str] = field(default_factory=list)

    def __getitem__(self, section: str) -> list[Entry]:
        return self.entries[section]

    def counts(self) -> dict[str, int]:
        return {name: len(items) for name, items in self.entries.items()}


def _field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("from" if part == "from_" else str(part))
    return out


def _validate(model: type[BaseModel], raw: Any, file: str, entry: str, problems: list[SeedProblem]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            msg = str(err["msg"]).removeprefix("Value error, ")
            problems.append(SeedProblem(file, entry, _field_path(err["loc"]) or "(entry)", msg))
        return None


def _entry_name(list_name: str, index: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{list_name}[{index}]" + (f" (id '{ident}')" if ident else "")


def _parse(path: Path, shown: str, problems: list[SeedProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.append(SeedProblem(shown, "", "", f"cannot be parsed: {exc}"))
        return None
    if raw is None:
        problems.append(SeedProblem(shown, "", "", "is empty"))
    return raw


def seed_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in SEED_SUFFIXES and p.is_file())


def _resolve(item: Any, as_of: date | None, file: str, entry: str, problems: list[SeedProblem]) -> ValidTime | None:
    try:
        valid: ValidTime = item.valid.resolve(as_of)
        return valid
    except TimeError as exc:
        problems.append(SeedProblem(file, entry, "valid", str(exc)))
        return None


def read_seed(paths: Iterable[Path], base: Path | None = None) -> Seed:
    """Parse and validate every file; raise SeedInvalidError listing every problem found."""
    problems: list[SeedProblem] = []
    seed = Seed()
    for path in paths:
        shown = str(path.relative_to(base)) if base and path.is_relative_to(base) else str(path)
        seed.files.append(shown)
        raw = _parse(path, shown, problems)
        top: SeedFile | None = None if raw is None else _validate(SeedFile, raw, shown, "", problems)
        if top is None:
            continue
        for section in SECTIONS:
            for i, r in enumerate(getattr(top, section.name)):
                name = _entry_name(section.name, i, r)
                item = _validate(section.model, r, shown, name, problems)
                if item is None:
                    continue
                if not section.timed:
                    seed[section.name].append(Entry(item, Origin(shown, entry=name)))
                elif (valid := _resolve(item, top.as_of, shown, name, problems)) is not None:
                    recorded = getattr(item, "recorded_at", None) or top.recorded_at or EPOCH
                    seed[section.name].append(Entry(item, Origin(shown, entry=name), valid, recorded))
    problems.extend(_check_references(seed))
    if problems:
        raise SeedInvalidError(problems)
    return seed


def _check_references(seed: Seed) -> list[SeedProblem]:
    problems: list[SeedProblem] = []
    known: dict[str, set[str]] = {}
    for section in SECTIONS:
        counted = Counter(e.id for e in seed[section.name])
        kind = section.name.removesuffix("s")
        problems.extend(
            SeedProblem(e.origin.file, e.origin.entry, "id", f"the {kind} id '{e.id}' is used twice")
            for e in seed[section.name]
            if counted[e.id] > 1
        )
        known[section.name] = set(counted)
    for ref in REFS:
        kind = ref.target.removesuffix("s")
        for e in seed[ref.section]:
            problems.extend(
                SeedProblem(e.origin.file, e.origin.entry, fld, f"unknown {kind} '{target}'")
                for fld, target in ref.refs(e.item)
                if target is not None and target not in known[ref.target]
            )
    return problems
