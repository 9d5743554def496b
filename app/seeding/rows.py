"""The rows the repository's writes take (GraphWriter: seed_*.cypher, write_claims.cypher), built from
validated inputs (app/domain/inputs.py). Every entry path turns a ClaimInput into its row with
`input_claim_row`: the seed, the NDJSON/CSV import, the HTTP API and the dataset adapters (UCDP GED, the
UCDP Actor Dataset, ACLED, MMP); `claim_row` under it also redraws a stored claim (curation's revisions)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.inputs import ActorInput, ClaimInput, EventInput, PlaceInput, SourceInput
from app.domain.model import CLAIM_SHAPES, ClaimKind
from app.domain.text import search_key
from app.domain.timebounds import ValidTime, span_tier
from app.seeding.reader import Seed

Row = dict[str, Any]


def time_props(v: ValidTime) -> Row:
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
        "span": span_tier(v.from_lo, v.to_hi),
    }


def citation_rows(citations: Iterable[Any]) -> list[Row]:
    """Citations as written (source, quote, stance, note), with their order."""
    return [
        {"source": c.source, "quote": c.quote, "stance": str(c.stance), "note": c.note, "position": i}
        for i, c in enumerate(citations)
    ]


def search_keys(name: str, aliases: Iterable[str], actor_id: str) -> list[str]:
    return sorted({search_key(n) for n in [name, *aliases, actor_id.replace("-", " ")]} - {""})


def claim_row(
    *,
    claim_id: str,
    kind: ClaimKind,
    parties: Sequence[tuple[str, str]],
    valid: ValidTime,
    status: str,
    confidence: float,
    citations: list[Row],
    recorded_at: datetime,
    origin: str,
    evidence: Sequence[str] = (),
    notes: str | None = None,
    extra: Row | None = None,
) -> Row:
    """One claim for write_claims.cypher: properties, parties (role, actor id) in order, citations, evidence,
    and the typed edge drawn for browsing (its type from the kind's whitelisted shape)."""
    shape = CLAIM_SHAPES[kind]
    start, end = shape.edge_ends(list(parties))
    props: Row = {
        **time_props(valid),
        "id": claim_id,
        "kind": kind.value,
        "status": status,
        "confidence": confidence,
        "recorded_at": recorded_at,
        "notes": notes,
        "origin": origin,
        **(extra or {}),
    }
    return {
        "id": claim_id,
        "props": props,
        "parties": [{"actor": a, "role": r, "position": i} for i, (r, a) in enumerate(parties)],
        "citations": citations,
        "evidence": list(evidence),
        "edge": {"type": shape.rel_type, "from": start, "to": end},
    }


def input_claim_row(
    claim: ClaimInput, valid: ValidTime, *, origin: str, recorded_at: datetime, extra: Row | None = None
) -> Row:
    """A validated claim as the row write_claims.cypher takes: `valid` is its time resolved (against the
    file's or source's date), `recorded_at` the entry path's time unless the claim gives its own, `origin`
    the path (seed, import, api, ucdp-ged...), `extra` the path's own properties (a seed file, a dataset's
    counts)."""
    return claim_row(
        claim_id=claim.id,
        kind=claim.kind,
        parties=claim.party_list(),
        valid=valid,
        status=claim.status.value,
        confidence=claim.confidence,
        citations=citation_rows(claim.citations),
        evidence=claim.evidence,
        recorded_at=claim.recorded_at or recorded_at,
        notes=claim.notes,
        origin=origin,
        extra=extra,
    )


def actor_row(a: ActorInput) -> Row:
    """One actor for seed_actors.cypher."""
    return {
        "id": a.id,
        "part_of": a.part_of,
        "props": {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "description": a.description,
            "aliases": list(a.aliases),
            "search_keys": search_keys(a.name, a.aliases, a.id),
            "wikidata_id": a.external_ids.wikidata,
            "ucdp_id": a.external_ids.ucdp,
        },
    }


def place_row(p: PlaceInput) -> Row:
    """One place for seed_places.cypher."""
    return {"id": p.id, "within": p.within, "props": p.model_dump(exclude={"within"})}


def source_row(s: SourceInput, extra: Row | None = None) -> Row:
    """One source for seed_sources.cypher; `extra`: the entry path's own properties (an import's origin)."""
    return {
        "id": s.id,
        "reported_in": s.reported_in,
        "props": s.model_dump(mode="python", exclude={"reported_in"}) | {"kind": s.kind.value} | (extra or {}),
    }


def event_row(e: EventInput, valid: ValidTime, origin: str, extra: Row | None = None) -> Row:
    """One event for seed_events.cypher: its properties, place, participants and citations."""
    return {
        "id": e.id,
        "place": e.place,
        "participants": [{"actor": p.actor, "role": p.role} for p in e.participants],
        "citations": citation_rows(e.citations),
        "props": {
            **time_props(valid),
            "id": e.id,
            "kind": e.kind,
            "title": e.title,
            "description": e.description,
            "status": e.status.value,
            "confidence": e.confidence,
            "origin": origin,
            **(extra or {}),
        },
    }


@dataclass(frozen=True)
class SeedRows:
    """The seed's rows per section, and per seed file the ids of its claims and events (what left a file
    is pruned): what GraphWriter.load_seed writes in one transaction."""

    files: list[Row]
    actors: list[Row]
    places: list[Row]
    sources: list[Row]
    events: list[Row]
    claims: list[Row]


def seed_rows(seed: Seed) -> SeedRows:
    """The rows that load the seed."""
    actors = [actor_row(e.item) for e in seed["actors"]]
    places = [place_row(e.item) for e in seed["places"]]
    sources = [source_row(e.item) for e in seed["sources"]]
    events = [
        event_row(e.item, e.valid, "seed", {"seed_file": e.origin.file}) for e in seed["events"] if e.valid is not None
    ]
    claims = [
        input_claim_row(c.item, c.valid, origin="seed", recorded_at=c.recorded_at, extra={"seed_file": c.origin.file})
        for c in seed["claims"]
        if c.valid is not None
    ]
    files = [
        {
            "file": file,
            "claim_ids": [e.id for e in seed["claims"] if e.origin.file == file],
            "event_ids": [e.id for e in seed["events"] if e.origin.file == file],
        }
        for file in seed.files
    ]
    return SeedRows(files, actors, places, sources, events, claims)
