"""Curation: analysts add and correct actors, sources and claims over HTTP.

The bodies are the app's input model (app/domain/inputs.py: the same vocabulary, slugs, time forms and
checks, such as a kind's roles), and a claim becomes the same row the seed writes (app/seeding/rows.py
`claim_row`, app/cypher/write_claims.cypher, which redraws the typed browse edge). Every write records
its author (the API key's name), time, operation and reason; a revised claim keeps its earlier state as a
version (docs/data-model.md, "History").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.domain.errors import InvalidInput, PreconditionRequired
from app.domain.inputs import (
    ActorInput,
    CitationInput,
    ClaimInput,
    ExternalIds,
    Slug,
    SourceInput,
    Strict,
    Text,
    ValidInput,
)
from app.domain.model import ActorKind, ClaimKind, Status
from app.domain.timebounds import Precision, TimeError, ValidTime
from app.domain.views import Actor, RelationshipDetail, SourceDetail
from app.importing.ids import short_hash
from app.repository.curator import Accepted, ClaimStored, CurationWriter, NewEntity, Refs, Row
from app.seeding.rows import actor_row, claim_row, input_claim_row, source_row
from app.services.reading import ReadService

Reason = Annotated[str, Field(min_length=1, max_length=2000, description="why: kept in the history")]
CLAIM_ROW_KEYS = {
    *("id", "kind", "status", "confidence", "recorded_at", "notes", "origin"),
    *("from_lo", "from_hi", "to_lo", "to_hi", "from_precision", "to_precision", "precision"),
    *("open_ended", "approximate", "valid_text", "span"),
}


class NewActor(ActorInput):
    reason: Reason | None = None


class ActorPatch(Strict):
    """The fields to change (others stay); `part_of: null` removes it."""

    name: Text | None = None
    kind: ActorKind | None = None
    description: Text | None = None
    aliases: list[Text] | None = None
    external_ids: ExternalIds | None = None
    part_of: Slug | None = None
    reason: Reason


class NewSource(SourceInput):
    reason: Reason | None = None


class NewClaim(ClaimInput):
    """A claim as in a seed file; without `id`, its id is made from its content (so sending the same body
    twice makes one claim)."""

    id: Slug | None = None  # type: ignore[assignment]
    recorded_at: SkipJsonSchema[None] = Field(default=None, exclude=True)
    reason: Reason | None = None


class Acceptance(Strict):
    """One reviewed claim (an extracted candidate's `claim`) with the source and new actors it needs, written in
    ONE transaction: a source or actor whose id exists is cited as it is, and a refused claim leaves none of
    them behind. The claim's `reason` is the reason of every change."""

    source: SourceInput | None = None
    actors: list[ActorInput] = Field(default=[], max_length=100)
    claim: NewClaim


class ClaimPatch(Strict):
    """Corrections: new bounds (`valid`), confidence, notes or evidence. Status has its own route."""

    valid: ValidInput | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    notes: Text | None = None
    evidence: list[Slug] | None = None
    reason: Reason

    @model_validator(mode="after")
    def _something(self) -> ClaimPatch:
        if not self.model_fields_set - {"reason"}:
            raise ValueError("give at least one of valid, confidence, notes, evidence")
        return self


class NewCitation(CitationInput):
    reason: Reason | None = None


class StatusChange(Strict):
    status: Status
    reason: Reason


def _valid(v: ValidInput) -> ValidTime:
    try:
        return v.resolve(None)
    except TimeError as exc:
        raise InvalidInput(f"valid: {exc}", field="valid") from None


def _stored_valid(p: Row) -> ValidTime:
    return ValidTime(
        from_lo=p["from_lo"],
        from_hi=p["from_hi"],
        to_lo=p["to_lo"],
        to_hi=p["to_hi"],
        from_precision=Precision(p["from_precision"]),
        to_precision=Precision(p["to_precision"]),
        open_ended=bool(p["open_ended"]),
        approximate=bool(p["approximate"]),
        text=p.get("valid_text"),
    )


def _utc(value: Any) -> Any:
    """A stored datetime read back (the driver names its zone) as an offset datetime, as first written."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def content_hash(body: Strict) -> str:
    content = body.model_dump(mode="json", exclude={"reason"}, by_alias=True)
    valid = content.get("valid")
    if isinstance(valid, dict) and valid.get("approximate") is False:
        del valid["approximate"]  # as before the field existed: a body sent again still makes the same id
    return short_hash(json.dumps(content, sort_keys=True), 32)


def parse_if_match(header: str | None) -> int | None:
    """`"3"`, `W/"3"` or `*` (any revision: None)."""
    if header is None or header.strip() == "*":
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidInput(f"If-Match: '{header}' is not an ETag of this API (\"<revision>\")", field="If-Match")
    return int(text)


def etag(revision: int) -> str:
    return f'"{revision}"'


class CurationService:
    """One request's writes, by one author (the key's name)."""

    def __init__(self, writer: CurationWriter, reads: ReadService, author: str) -> None:
        self.writer = writer
        self.reads = reads
        self.author = author

    def _now(self) -> datetime:
        return datetime.now(UTC)

    def _change(self, at: datetime, op: str, reason: str | None, rev: int) -> Row:
        return {"recorded_from": at, "recorded_by": self.author, "change_op": op, "change_reason": reason, "rev": rev}

    # claims -------------------------------------------------------------------------------------------
    async def create_claim(self, body: NewClaim) -> tuple[RelationshipDetail, bool]:
        """The claim and whether it was made now (False: the same body had made it before)."""
        row, digest, refs = self._new_claim(body)
        created = await self.writer.create_claim(row, digest, refs)
        return await self.reads.claim(row["id"]), created

    async def accept(self, body: Acceptance) -> tuple[RelationshipDetail, Accepted]:
        """A reviewed claim with the source and new actors it needs, in one transaction (CurationWriter.accept):
        a source or actor whose id exists is cited as it is; a refused claim leaves none of them."""
        reason = body.claim.reason
        entities = (
            [self._new_source(NewSource.model_validate(body.source.model_dump() | {"reason": reason}))]
            if (body.source)
            else []
        )
        entities += [self._new_actor(NewActor.model_validate(a.model_dump() | {"reason": reason})) for a in body.actors]
        row, digest, refs = self._new_claim(body.claim)
        done = await self.writer.accept(entities, row, digest, refs)
        return await self.reads.claim(row["id"]), done

    def _new_claim(self, body: NewClaim) -> tuple[Row, str, Refs]:
        valid = _valid(body.valid)
        digest = content_hash(body)
        claim_id = body.id or f"claim-{body.kind.value}-{digest[:16]}"
        at = self._now()
        row = input_claim_row(
            body.model_copy(update={"id": claim_id}),
            valid,
            origin="api",
            recorded_at=at,
            extra={"create_hash": digest, **self._change(at, "create", body.reason, 1)},
        )
        return row, digest, Refs([a for _, a in body.party_list()], [c.source for c in body.citations], body.evidence)

    async def _revise(
        self, claim_id: str, expected: int | None, op: str, reason: str | None, change: Callable[[ClaimStored], Row]
    ) -> RelationshipDetail:
        at = self._now()

        def revise(stored: ClaimStored) -> tuple[Row, Refs]:
            p = stored.props
            new = {
                "valid": _stored_valid(p),
                "status": p["status"],
                "confidence": p["confidence"],
                "notes": p.get("notes"),
                "citations": stored.citations,
                "evidence": stored.evidence,
            } | change(stored)
            kept = {k: _utc(v) for k, v in p.items() if k not in CLAIM_ROW_KEYS}
            row = claim_row(
                claim_id=claim_id,
                kind=ClaimKind(p["kind"]),
                parties=stored.parties,
                valid=new["valid"],
                status=new["status"],
                confidence=new["confidence"],
                citations=[c | {"position": i} for i, c in enumerate(new["citations"])],
                evidence=new["evidence"],
                recorded_at=_utc(p.get("recorded_at") or at),
                notes=new["notes"],
                origin=p.get("origin") or "api",
                extra=kept | self._change(at, op, reason, stored.revision + 1),
            )
            refs = Refs([a for _, a in stored.parties], [c["source"] for c in new["citations"]], new["evidence"])
            return row, refs

        await self.writer.revise_claim(claim_id, expected, revise, at)
        return await self.reads.claim(claim_id)

    async def update_claim(self, claim_id: str, patch: ClaimPatch, expected: int | None) -> RelationshipDetail:
        if expected is None:
            raise PreconditionRequired(
                "PATCH needs If-Match with the claim's ETag (GET /relationships/{id} sends it).", field="If-Match"
            )
        given = patch.model_fields_set
        changes: Row = {}
        if "valid" in given and patch.valid is not None:
            changes["valid"] = _valid(patch.valid)
        if "confidence" in given and patch.confidence is not None:
            changes["confidence"] = patch.confidence
        if "notes" in given:
            changes["notes"] = patch.notes
        if "evidence" in given and patch.evidence is not None:
            changes["evidence"] = patch.evidence
        return await self._revise(claim_id, expected, "update", patch.reason, lambda _: changes)

    async def add_citation(self, claim_id: str, body: NewCitation, expected: int | None) -> RelationshipDetail:
        cite = {"source": body.source, "quote": body.quote, "stance": body.stance.value, "note": body.note}

        def append(stored: ClaimStored) -> Row:
            return {"citations": [*stored.citations, cite]}

        return await self._revise(claim_id, expected, "citation", body.reason, append)

    async def set_status(self, claim_id: str, body: StatusChange, expected: int | None) -> RelationshipDetail:
        def status(stored: ClaimStored) -> Row:
            if stored.props["status"] == body.status.value:
                raise InvalidInput(f"status: the claim is already {body.status.value}", field="status")
            return {"status": body.status.value}

        return await self._revise(claim_id, expected, "status", body.reason, status)

    # actors and sources -------------------------------------------------------------------------------
    async def create_actor(self, body: NewActor) -> Actor:
        e = self._new_actor(body)
        await self.writer.create_entity(e.label, e.row, e.refs, e.change)
        return await self.reads.actor(body.id)

    def _new_actor(self, body: NewActor) -> NewEntity:
        row = actor_row(body)
        row["props"]["rev"] = 1
        change = {"at": self._now(), "author": self.author, "op": "create", "reason": body.reason, "subject": body.id}
        return NewEntity("actor", row, Refs(actors=[body.part_of] if body.part_of else []), change)

    async def update_actor(self, actor_id: str, patch: ActorPatch, expected: int | None) -> Actor:
        if expected is None:
            raise PreconditionRequired(
                "PATCH needs If-Match with the actor's ETag (GET /actors/{id} sends it).", field="If-Match"
            )
        at = self._now()
        given = patch.model_fields_set - {"reason"}
        if not given:
            raise InvalidInput("give at least one field to change", field="body")
        if patch.part_of == actor_id:
            raise InvalidInput("part_of: an actor cannot be part of itself", field="part_of")

        def revise(current: Row) -> tuple[Row, Refs]:
            ext = {"wikidata": current.get("wikidata_id"), "ucdp": current.get("ucdp_id")}
            merged: dict[str, Any] = {
                "id": actor_id,
                "name": current["name"],
                "kind": current["kind"],
                "description": current.get("description") or current["name"],
                "aliases": current.get("aliases") or [],
                "part_of": current.get("part_of"),
                "external_ids": {k: v for k, v in ext.items() if v is not None},
            }
            merged |= patch.model_dump(include=given, mode="json")
            try:
                actor = ActorInput.model_validate(merged)
            except ValueError as exc:
                raise InvalidInput(f"the actor as changed is not valid: {exc}", field="body") from None
            row = actor_row(actor)
            keep = {k: v for k, v in current.items() if k not in row["props"] and k not in ("part_of", "rev")}
            row["props"] = keep | row["props"] | {"rev": int(current.get("rev") or 1) + 1}
            return row, Refs(actors=[actor.part_of] if actor.part_of else [])

        change = {"at": at, "author": self.author, "op": "update", "reason": patch.reason, "subject": actor_id}
        change["fields"] = sorted(given)
        await self.writer.revise_entity("actor", actor_id, expected, revise, change)
        return await self.reads.actor(actor_id)

    async def create_source(self, body: NewSource) -> SourceDetail:
        e = self._new_source(body)
        await self.writer.create_entity(e.label, e.row, e.refs, e.change)
        return await self.reads.source(body.id)

    def _new_source(self, body: NewSource) -> NewEntity:
        row = source_row(SourceInput.model_validate(body.model_dump(exclude={"reason"})))
        row["props"]["rev"] = 1
        change = {"at": self._now(), "author": self.author, "op": "create", "reason": body.reason, "subject": body.id}
        return NewEntity("source", row, Refs(sources=[body.reported_in] if body.reported_in else []), change)
