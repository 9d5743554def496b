"""Bulk claims: NDJSON records in the seed's own vocabulary, and flat CSV claims (docs/import-format.md).

Every record is validated with the app's input model (app/domain/inputs.py), so an imported claim
obeys exactly the rules of a hand-written one. A bad record becomes a `Reject` (file, line, field,
reason) and never stops the others.

NDJSON is read twice: a first pass keeps the small records (actors, places, sources, events) and counts
the claims; the second streams the claims in batches, so a file of millions of claims never sits in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from app.domain.inputs import (
    ActorInput,
    ClaimInput,
    DerivedClaim,
    EventInput,
    Origin,
    PlaceInput,
    SourceInput,
    Text,
)
from app.domain.model import CLAIM_SHAPES, ClaimKind
from app.domain.timebounds import TimeError, ValidTime, resolve_valid
from app.importing.files import UnusableFile, csv_records, lines
from app.importing.problems import Reject
from app.seeding.rows import Row, actor_row, event_row, input_claim_row, place_row, source_row

ORIGIN = "import"
ENTITY_TYPES: dict[str, type[BaseModel]] = {
    "actor": ActorInput,
    "place": PlaceInput,
    "source": SourceInput,
    "event": EventInput,
}
RECORD_TYPES = ("file", *ENTITY_TYPES, "claim")
# What each kind of entry may name, as (field, the type of entry named, id).
SECTION_OF = {"actor": "actors", "place": "places", "source": "sources", "event": "events", "claim": "claims"}


class FileHeader(BaseModel):
    """An optional first line `{"type": "file", ...}`: what the seed file's top-level keys say."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    as_of: date | None = None
    recorded_at: datetime | None = None
    time_notes: Text | None = None


@dataclass(frozen=True)
class Entity:
    """A validated actor, place, source or event (app/domain/inputs.py), with where it came from (file, line)."""

    type: str
    origin: Origin
    item: Any
    valid: ValidTime | None = None

    @property
    def id(self) -> str:
        return str(self.item.id)

    def refs(self) -> list[tuple[str, str, str]]:
        """(field, section, id) of every entry this one names."""
        i = self.item
        if self.type == "actor":
            return [("part_of", "actors", i.part_of)] if i.part_of else []
        if self.type == "place":
            return [("within", "places", i.within)] if i.within else []
        if self.type == "source":
            return [("reported_in", "sources", i.reported_in)] if i.reported_in else []
        if self.type == "event":
            out = [("place", "places", i.place)] if i.place else []
            out += [(f"participants[{n}].actor", "actors", p.actor) for n, p in enumerate(i.participants)]
            out += [(f"citations[{n}].source", "sources", c.source) for n, c in enumerate(i.citations)]
            return out
        return []

    def row(self) -> Row:
        if self.type == "actor":
            return actor_row(self.item)
        if self.type == "place":
            return place_row(self.item)
        if self.type == "source":
            return source_row(self.item)
        assert self.valid is not None
        return event_row(self.item, self.valid, ORIGIN)


@dataclass(frozen=True)
class Candidate:
    """A validated claim, ready to write once the entries it names are known to exist."""

    origin: Origin
    id: str
    row: Row
    refs: list[tuple[str, str, str]]  # (field, section, id)


@dataclass
class Scan:
    """The first pass over an NDJSON file."""

    header: FileHeader | None = None
    entities: dict[str, list[Entity]] = field(default_factory=lambda: {t: [] for t in ENTITY_TYPES})
    claims: int = 0
    rejects: list[Reject] = field(default_factory=list)
    records: int = 0  # non-blank lines but the file record: the rows of the import


def field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("from" if part == "from_" else str(part))
    return out


# The field a whole-record check is about (the models' one model validator each).
WHOLE_RECORD: dict[type[BaseModel], str] = {ClaimInput: "parties", PlaceInput: "lat"}


def validation_rejects(
    exc: ValidationError, file: str, line: int, ident: str, model: type[BaseModel] | None = None
) -> list[Reject]:
    out = []
    whole = WHOLE_RECORD.get(model, "(record)") if model else "(record)"
    for err in exc.errors():
        msg = str(err["msg"]).removeprefix("Value error, ")
        out.append(Reject(file, line, field_path(err["loc"]) or whole, msg, ident))
    return out


def _ident(raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return str(ident) if isinstance(ident, str | int) else ""


def _object(text: str, file: str, line: int) -> dict[str, Any] | Reject:
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Reject(file, line, "", f"not JSON: {exc}")
    if not isinstance(raw, dict):
        return Reject(file, line, "", f"a line holds one JSON object, not {type(raw).__name__}")
    kind = raw.get("type")
    if kind not in RECORD_TYPES:
        shown = "missing" if kind is None else repr(kind)
        return Reject(file, line, "type", f"{shown}: one of {', '.join(RECORD_TYPES)}", _ident(raw))
    return raw


def scan(path: Path, file: str) -> Scan:
    """First pass: the header, every actor, place, source and event (validated), and how many claims."""
    result = Scan()
    first = True
    for number, text in lines(path):
        if not text.strip():
            continue
        if first and not text.lstrip().startswith("{"):
            raise UnusableFile(f"{file}: line {number} is not a JSON object: is this NDJSON (one object a line)?")
        raw = _object(text, file, number)
        is_first, first = first, False
        if isinstance(raw, Reject):
            result.records += 1
            result.rejects.append(raw)
            continue
        kind = raw["type"]
        if kind != "file" or not is_first:
            result.records += 1
        if kind == "claim":
            result.claims += 1
            continue
        if kind == "file":
            if not is_first:
                result.rejects.append(Reject(file, number, "type", "a 'file' record may only be the first line"))
                continue
            try:
                result.header = FileHeader.model_validate(raw)
            except ValidationError as exc:
                raise UnusableFile(
                    f"{file}: line {number}: the file record is invalid: "
                    + "; ".join(str(r) for r in validation_rejects(exc, file, number, ""))
                ) from None
            continue
        body = {k: v for k, v in raw.items() if k != "type"}
        try:
            item = ENTITY_TYPES[kind].model_validate(body)
        except ValidationError as exc:
            result.rejects.extend(validation_rejects(exc, file, number, _ident(raw), ENTITY_TYPES[kind]))
            continue
        valid = None
        if isinstance(item, EventInput):
            as_of = result.header.as_of if result.header else None
            try:
                valid = resolve(item.valid.from_, item.valid.to, item.valid.as_of or as_of, item.valid.text)
            except TimeError as exc:
                result.rejects.append(Reject(file, number, "valid", str(exc), item.id))
                continue
        result.entities[kind].append(Entity(kind, Origin(file, number), item, valid))
    return result


@lru_cache(maxsize=65536)
def resolve(
    start: str | None, end: str | None, as_of: date | None, text: str | None, approximate: bool = False
) -> ValidTime:
    """resolve_valid, remembered: a bulk file repeats the same few thousand dates."""
    return resolve_valid(start, end, as_of, text, approximate)


class ClaimReader:
    """Turns claim records (NDJSON objects, or CSV rows in the same shape) into Candidates or Rejects."""

    def __init__(self, file: str, header: FileHeader | None, recorded_at: datetime) -> None:
        self.file = file
        self.as_of = header.as_of if header else None
        self.recorded_at = (header.recorded_at if header else None) or recorded_at
        self.seen: dict[str, int] = {}  # claim id -> line

    def read(self, line: int, raw: dict[str, Any], fields: dict[str, str] | None = None) -> Candidate | list[Reject]:
        """`fields` renames field paths in messages (CSV columns)."""
        ident = _ident(raw)
        body = {k: v for k, v in raw.items() if k != "type"}
        try:
            claim = ClaimInput.model_validate(body)
        except ValidationError as exc:
            return [_rename(r, fields) for r in validation_rejects(exc, self.file, line, ident, ClaimInput)]
        if claim.id in self.seen:
            return [Reject(self.file, line, "id", f"'{claim.id}' is used again (first on line {self.seen[claim.id]})")]
        try:
            valid = resolved_valid(claim, self.as_of)
        except TimeError as exc:
            return [_rename(Reject(self.file, line, "valid", str(exc), claim.id), fields)]
        self.seen[claim.id] = line
        return candidate(
            claim, Origin(self.file, line), valid, origin_label=ORIGIN, recorded_at=self.recorded_at, fields=fields
        )


def resolved_valid(claim: ClaimInput, as_of: date | None) -> ValidTime:
    """The claim's time resolved against its own as_of or the file's (`resolve`: remembered)."""
    v = claim.valid
    return resolve(v.from_, v.to, v.as_of or as_of, v.text, v.approximate)


def candidate(
    claim: ClaimInput,
    origin: Origin,
    valid: ValidTime,
    *,
    origin_label: str,
    recorded_at: datetime,
    extra: Row | None = None,
    fields: dict[str, str] | None = None,
) -> Candidate:
    """A validated claim ready to write (its row, app/seeding/rows.py `input_claim_row`) once the actors,
    sources and events it names are known to exist: for the NDJSON/CSV import and the dataset adapters."""
    row = input_claim_row(claim, valid, origin=origin_label, recorded_at=recorded_at, extra=extra)
    refs = [(f"parties.{role}", "actors", a) for role, a in claim.party_list()]
    refs += [(f"citations[{i}].source", "sources", c.source) for i, c in enumerate(claim.citations)]
    refs += [(f"evidence[{i}]", "events", e) for i, e in enumerate(claim.evidence)]
    if fields:
        refs = [(_rename_field(f, fields), s, i) for f, s, i in refs]
    return Candidate(origin, claim.id, row, refs)


def derived_candidate(derived: DerivedClaim, origin_label: str, recorded_at: datetime) -> Candidate:
    """A dataset adapter's claim (app/domain/inputs.py DerivedClaim), its dataset's properties kept."""
    claim = derived.claim
    valid = resolved_valid(claim, None)
    return candidate(
        claim, derived.origin, valid, origin_label=origin_label, recorded_at=recorded_at, extra=derived.properties
    )


def _rename_field(name: str, fields: dict[str, str] | None) -> str:
    if not fields:
        return name
    for prefix, column in fields.items():
        if name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "["):
            return column
    return name


def _rename(r: Reject, fields: dict[str, str] | None) -> Reject:
    return Reject(r.file, r.line, _rename_field(r.field, fields), r.reason, r.id) if fields else r


def ndjson_claims(path: Path, file: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Second pass: (line, claim object) for every claim line; other lines are skipped (the first pass
    read them and reported their problems)."""
    for number, text in lines(path):
        if '"claim"' not in text:  # cheap: a claim line names its type; anything else was read in pass one
            continue
        raw = _object(text, file, number)
        if isinstance(raw, Reject):
            continue  # reported by the first pass
        if raw["type"] == "claim":
            yield number, raw


# -------------------------------------------------------------------------------------------- CSV

CSV_REQUIRED = ("id", "kind", "party_1", "party_2", "status", "confidence", "source", "quote")
CSV_OPTIONAL = (
    "party_3",
    "from",
    "to",
    "valid_text",
    "as_of",
    "stance",
    "citation_note",
    "notes",
    "evidence",
    "recorded_at",
)
# pydantic's field paths -> the CSV column to name in a message
CSV_FIELDS = {
    "valid.from": "from",
    "valid.to": "to",
    "valid.text": "valid_text",
    "valid.as_of": "as_of",
    "valid": "from",
    "citations[0].source": "source",
    "citations[0].quote": "quote",
    "citations[0].stance": "stance",
    "citations[0].note": "citation_note",
    "citations": "source",
    "parties": "party_1",
    "evidence": "evidence",
}


def csv_columns(header: list[str], file: str) -> None:
    lacking = [c for c in CSV_REQUIRED if c not in header]
    if lacking:
        raise UnusableFile(
            f"{file}: not a claims CSV: no column {', '.join(lacking)} (columns: {', '.join(CSV_REQUIRED)}, "
            f"optionally {', '.join(CSV_OPTIONAL)}; see docs/import-format.md)"
        )
    unknown = [c for c in header if c and c not in CSV_REQUIRED + CSV_OPTIONAL]
    if unknown:
        raise UnusableFile(f"{file}: unknown column(s) {', '.join(unknown)}: a misspelt column is an error")


def csv_claim(cells: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """A flat CSV row as a claim record in the seed's shape; or a problem with the parties (column, reason)."""

    def cell(name: str) -> str | None:
        value = (cells.get(name) or "").strip()
        return value or None

    kind_text = cell("kind") or ""
    parties_given = [cell("party_1"), cell("party_2"), cell("party_3")]
    record: dict[str, Any] = {
        "id": cell("id"),
        "kind": kind_text,
        "valid": {
            k: v
            for k, v in (
                ("from", cell("from")),
                ("to", cell("to")),
                ("text", cell("valid_text")),
                ("as_of", cell("as_of")),
            )
            if v is not None
        },
        "status": cell("status"),
        "confidence": cell("confidence"),
        "citations": [
            {
                k: v
                for k, v in (
                    ("source", cell("source")),
                    ("quote", cell("quote")),
                    ("stance", cell("stance")),
                    ("note", cell("citation_note")),
                )
                if v is not None
            }
        ],
    }
    for name in ("notes", "recorded_at"):
        if cell(name) is not None:
            record[name] = cell(name)
    if cell("evidence"):
        record["evidence"] = [e.strip() for e in (cell("evidence") or "").split(";") if e.strip()]
    record = {k: v for k, v in record.items() if v is not None}
    try:
        kind = ClaimKind(kind_text)
    except ValueError:
        return record, None  # the model reports the kind
    shape = CLAIM_SHAPES[kind]
    if shape.symmetric:
        if parties_given[2]:
            return record, f"party_3: a {kind.value} claim has two parties (party_1, party_2)"
        record["parties"] = {"side": [p for p in parties_given[:2] if p]}
    else:
        if len(shape.roles) == 2 and parties_given[2]:
            return record, f"party_3: a {kind.value} claim has two parties ({', '.join(shape.roles)})"
        named = dict(zip(shape.roles, parties_given, strict=False))
        missing = [f"party_{i + 1} ({role})" for i, (role, who) in enumerate(named.items()) if not who]
        if missing:
            return record, f"{missing[0].split(' ')[0]}: empty; a {kind.value} claim has {', '.join(shape.roles)}"
        record["parties"] = named
    return record, None


def csv_claims(path: Path, file: str) -> tuple[list[str], Iterator[tuple[int, dict[str, Any] | Reject]]]:
    header, records = csv_records(path)
    csv_columns(header, file)

    def rows() -> Iterator[tuple[int, dict[str, Any] | Reject]]:
        for line, cells in records:
            if cells.get("") is not None:
                yield line, Reject(file, line, "", "more cells than the header has columns", cells.get("id", ""))
                continue
            record, problem = csv_claim(cells)
            if problem:
                column, _, reason = problem.partition(": ")
                yield line, Reject(file, line, column, reason, str(record.get("id") or ""))
            else:
                yield line, record

    return header, rows()


def count_csv_rows(path: Path) -> int:
    _, records = csv_records(path)
    return sum(1 for _ in records)
