"""Reading, validating and loading seed files.

Everything is validated (shapes, dates, references across files) before anything is written; then the
whole seed is written in one transaction of batched UNWIND statements, so a bad file changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from app.domain.model import CLAIM_SHAPES
from app.domain.text import search_key
from app.domain.timebounds import TimeError, ValidTime
from app.repository import GraphRepository
from app.seed_format import (
    SeedActor,
    SeedClaim,
    SeedEvent,
    SeedFile,
    SeedPlace,
    SeedSource,
    SeedValid,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
SEED_SUFFIXES = (".yaml", ".yml", ".json")


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


@dataclass
class Located(Generic[T]):
    item: T
    file: str
    entry: str


@dataclass
class Seed:
    actors: list[Located[SeedActor]] = field(default_factory=list)
    places: list[Located[SeedPlace]] = field(default_factory=list)
    sources: list[Located[SeedSource]] = field(default_factory=list)
    events: list[Located[tuple[SeedEvent, ValidTime]]] = field(default_factory=list)
    claims: list[Located[tuple[SeedClaim, ValidTime, datetime]]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "actors": len(self.actors),
            "places": len(self.places),
            "sources": len(self.sources),
            "events": len(self.events),
            "claims": len(self.claims),
        }


def _field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("from" if part == "from_" else str(part))
    return out


def _validate(model: type[M], raw: Any, file: str, entry: str, problems: list[SeedProblem]) -> M | None:
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


def _read_file(path: Path, shown: str, problems: list[SeedProblem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.append(SeedProblem(shown, "", "", f"cannot be parsed: {exc}"))
        return None


def seed_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in SEED_SUFFIXES and p.is_file())


def read_seed(paths: Iterable[Path], base: Path | None = None) -> Seed:
    """Parse and validate every file; raise SeedInvalidError listing every problem found."""
    problems: list[SeedProblem] = []
    seed = Seed()
    for path in paths:
        shown = str(path.relative_to(base)) if base and path.is_relative_to(base) else str(path)
        seed.files.append(shown)
        raw = _read_file(path, shown, problems)
        if raw is None:
            if not problems or problems[-1].file != shown:
                problems.append(SeedProblem(shown, "", "", "is empty"))
            continue
        top = _validate(SeedFile, raw, shown, "", problems)
        if top is None:
            continue
        recorded = top.recorded_at or datetime(1970, 1, 1, tzinfo=UTC)
        for i, r in enumerate(top.actors):
            name = _entry_name("actors", i, r)
            if (actor := _validate(SeedActor, r, shown, name, problems)) is not None:
                seed.actors.append(Located(actor, shown, name))
        for i, r in enumerate(top.places):
            name = _entry_name("places", i, r)
            if (place := _validate(SeedPlace, r, shown, name, problems)) is not None:
                seed.places.append(Located(place, shown, name))
        for i, r in enumerate(top.sources):
            name = _entry_name("sources", i, r)
            if (source := _validate(SeedSource, r, shown, name, problems)) is not None:
                seed.sources.append(Located(source, shown, name))
        for i, r in enumerate(top.events):
            name = _entry_name("events", i, r)
            event = _validate(SeedEvent, r, shown, name, problems)
            if event is not None and (valid := _resolve(event.valid, top.as_of, shown, name, problems)):
                seed.events.append(Located((event, valid), shown, name))
        for i, r in enumerate(top.claims):
            name = _entry_name("claims", i, r)
            claim = _validate(SeedClaim, r, shown, name, problems)
            if claim is not None and (valid := _resolve(claim.valid, top.as_of, shown, name, problems)):
                seed.claims.append(Located((claim, valid, claim.recorded_at or recorded), shown, name))
    problems.extend(_check_references(seed))
    if problems:
        raise SeedInvalidError(problems)
    return seed


def _resolve(
    valid: SeedValid, as_of: date | None, file: str, entry: str, problems: list[SeedProblem]
) -> ValidTime | None:
    try:
        return valid.resolve(as_of)
    except TimeError as exc:
        problems.append(SeedProblem(file, entry, "valid", str(exc)))
        return None


def _check_references(seed: Seed) -> list[SeedProblem]:
    problems: list[SeedProblem] = []

    def ids(entries: list[Located[Any]], kind: str, key: Any) -> set[str]:
        counted = Counter(key(e.item) for e in entries)
        for e in entries:
            if counted[key(e.item)] > 1:
                problems.append(SeedProblem(e.file, e.entry, "id", f"the {kind} id '{key(e.item)}' is used twice"))
        return set(counted)

    actors = ids(seed.actors, "actor", lambda a: a.id)
    places = ids(seed.places, "place", lambda p: p.id)
    sources = ids(seed.sources, "source", lambda s: s.id)
    events = ids(seed.events, "event", lambda e: e[0].id)
    ids(seed.claims, "claim", lambda c: c[0].id)

    def need(known: set[str], kind: str, ref: str | None, at: Located[Any], fld: str) -> None:
        if ref is not None and ref not in known:
            problems.append(SeedProblem(at.file, at.entry, fld, f"unknown {kind} '{ref}'"))

    for a in seed.actors:
        need(actors, "actor", a.item.part_of, a, "part_of")
    for p in seed.places:
        need(places, "place", p.item.within, p, "within")
    for s in seed.sources:
        need(sources, "source", s.item.reported_in, s, "reported_in")
    for ev in seed.events:
        event = ev.item[0]
        need(places, "place", event.place, ev, "place")
        for i, who in enumerate(event.participants):
            need(actors, "actor", who.actor, ev, f"participants[{i}].actor")
        for i, cite in enumerate(event.citations):
            need(sources, "source", cite.source, ev, f"citations[{i}].source")
    for cl in seed.claims:
        claim = cl.item[0]
        for role, actor in claim.party_list():
            need(actors, "actor", actor, cl, f"parties.{role}")
        for i, cite in enumerate(claim.citations):
            need(sources, "source", cite.source, cl, f"citations[{i}].source")
        for i, event_id in enumerate(claim.evidence):
            need(events, "event", event_id, cl, f"evidence[{i}]")
    return problems


# --------------------------------------------------------------------------------------- to rows


def _time_props(v: ValidTime) -> dict[str, Any]:
    return {
        "from_lo": v.from_lo,
        "from_hi": v.from_hi,
        "to_lo": v.to_lo,
        "to_hi": v.to_hi,
        "from_precision": v.from_precision.value,
        "to_precision": v.to_precision.value,
        "precision": v.precision.value,
        "open_ended": v.open_ended,
        "approximate": v.approximate,
        "valid_text": v.text,
    }


def _citation_rows(citations: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"source": c.source, "quote": c.quote, "stance": c.stance.value, "note": c.note, "position": i}
        for i, c in enumerate(citations)
    ]


def claim_rows(
    claims: Iterable[tuple[SeedClaim, ValidTime, datetime]], origin: str, seed_file: str | None = None
) -> list[dict[str, Any]]:
    """The parameters of cypher/write_claims.cypher: the claim, its parties, citations and typed edges."""
    rows: list[dict[str, Any]] = []
    for claim, valid, recorded_at in claims:
        shape = CLAIM_SHAPES[claim.kind]
        parties = claim.party_list()
        start, end = shape.edge_ends(parties)
        edges = [{"type": shape.rel_type, "from": start, "to": end}]
        props: dict[str, Any] = {
            **_time_props(valid),
            "id": claim.id,
            "kind": claim.kind.value,
            "status": claim.status.value,
            "confidence": claim.confidence,
            "recorded_at": recorded_at,
            "notes": claim.notes,
            "origin": origin,
            "seed_file": seed_file,
        }
        rows.append(
            {
                "id": claim.id,
                "props": props,
                "parties": [{"actor": a, "role": r, "position": i} for i, (r, a) in enumerate(parties)],
                "citations": _citation_rows(claim.citations),
                "evidence": list(claim.evidence),
                "edges": edges,
            }
        )
    return rows


def seed_params(seed: Seed) -> list[tuple[str, dict[str, Any]]]:
    """The named writes, in dependency order, that load the seed."""
    actors = [
        {
            "id": a.id,
            "part_of": a.part_of,
            "props": {
                "id": a.id,
                "name": a.name,
                "kind": a.kind.value,
                "description": a.description,
                "aliases": list(a.aliases),
                "search_keys": sorted({search_key(n) for n in [a.name, *a.aliases, a.id.replace("-", " ")]}),
                "wikidata_id": a.external_ids.wikidata,
                "ucdp_id": a.external_ids.ucdp,
            },
        }
        for a in (loc.item for loc in seed.actors)
    ]
    places = [
        {
            "id": p.id,
            "within": p.within,
            "props": {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "alt_names": list(p.alt_names),
                "lat": p.lat,
                "lon": p.lon,
                "coordinates_source": p.coordinates_source,
            },
        }
        for p in (loc.item for loc in seed.places)
    ]
    sources = [
        {
            "id": s.id,
            "reported_in": s.reported_in,
            "props": {
                "id": s.id,
                "kind": s.kind.value,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "account": s.account,
                "published": s.published,
                "published_at": s.published_at,
                "url": s.url,
                "notes": s.notes,
            },
        }
        for s in (loc.item for loc in seed.sources)
    ]
    events = [
        {
            "id": e.id,
            "place": e.place,
            "participants": [{"actor": p.actor, "role": p.role} for p in e.participants],
            "citations": _citation_rows(e.citations),
            "props": {
                **_time_props(v),
                "id": e.id,
                "kind": e.kind,
                "title": e.title,
                "description": e.description,
                "status": e.status.value,
                "confidence": e.confidence,
                "origin": "seed",
                "seed_file": file,
            },
        }
        for (e, v), file in ((loc.item, loc.file) for loc in seed.events)
    ]
    claims = [row for loc in seed.claims for row in claim_rows([loc.item], origin="seed", seed_file=loc.file)]
    files = [
        {
            "file": file,
            "claim_ids": [loc.item[0].id for loc in seed.claims if loc.file == file],
            "event_ids": [loc.item[0].id for loc in seed.events if loc.file == file],
        }
        for file in seed.files
    ]
    return [
        ("seed_prune", {"files": files}),
        ("seed_actors", {"actors": actors}),
        ("seed_places", {"places": places}),
        ("seed_sources", {"sources": sources}),
        ("seed_events", {"events": events}),
        ("write_claims", {"claims": claims}),
    ]


async def load_seed(repo: GraphRepository, seed: Seed) -> dict[str, int]:
    """Write the whole seed in one transaction (idempotent: loading twice leaves the same graph)."""
    await repo.apply_schema()
    await repo.write_all(seed_params(seed))
    return seed.counts()
