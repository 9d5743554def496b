"""The curation repository: analysts' writes over HTTP, each in ONE write transaction that checks what it
must (the id free, the actors, sources and events named, the revision the client saw), records who, when
and why, keeps the claim's earlier state, and writes through the seed's own statements
(write_claims.cypher, seed_actors.cypher, seed_sources.cypher). A domain error raised inside the
transaction rolls it back: a refused write leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar, get_args

from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work

from app.config import Settings
from app.domain.errors import Conflict, NotFound, PreconditionFailed
from app.repository import catalog
from app.repository.driver import to_native

T = TypeVar("T")
Row = dict[str, Any]
Label = Literal["actor", "source"]
UPSERT: dict[Label, tuple[str, str]] = {"actor": ("seed_actors", "actors"), "source": ("seed_sources", "sources")}


def used_choices() -> dict[str, list[dict[str, str]]]:
    """The labels curation writes with (`Label`), per query of its that has the `label` slot."""
    return {
        q: [{"label": label} for label in get_args(Label)] for q in ("entity_reserve", "entity_rev", "change_record")
    }


@dataclass(frozen=True)
class ClaimStored:
    """A claim as stored, read inside the transaction that revises it."""

    props: Row
    parties: list[tuple[str, str]]  # (role, actor id) in order
    citations: list[Row]  # {source, quote, stance, note}
    evidence: list[str]

    @property
    def revision(self) -> int:
        return int(self.props.get("rev") or 1)


@dataclass(frozen=True)
class Refs:
    """What a write names and must exist."""

    actors: Sequence[str] = ()
    sources: Sequence[str] = ()
    events: Sequence[str] = ()


async def _rows(tx: AsyncManagedTransaction, query: str, params: Row) -> list[Row]:
    result = await tx.run(query, params)
    return [{k: to_native(r[k]) for k in r.keys()} async for r in result]  # noqa: SIM118 - values otherwise


async def _check_refs(tx: AsyncManagedTransaction, refs: Refs) -> None:
    params = {
        "actors": sorted(set(refs.actors)),
        "sources": sorted(set(refs.sources)),
        "events": sorted(set(refs.events)),
    }
    missing = (await _rows(tx, catalog.query("curation_missing"), params))[0]
    errors = [
        {"field": field, "message": f"unknown {field.removesuffix('s')} {value}"}
        for field in ("actors", "sources", "events")
        for value in missing[field]
    ]
    if errors:
        raise NotFound(
            "; ".join(e["message"] for e in errors) + ". Create it first (POST /actors, POST /sources).",
            title="Unknown reference",
            errors=errors,
        )


@dataclass(frozen=True)
class NewEntity:
    """An actor or source to create: its row (the seed's upsert), what it names, its change record."""

    label: Label
    row: Row
    refs: Refs
    change: Row


@dataclass(frozen=True)
class Accepted:
    """What `accept` wrote: whether the claim is new, the entities created and those that were there."""

    created: bool
    made: list[str]
    kept: list[str]


def _check_revision(kind: str, entity_id: str, current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise PreconditionFailed(
            f"{kind} '{entity_id}' is at revision {current}, not {expected} (If-Match): "
            "someone changed it since you read it. Read it again and reapply your change."
        )


class CurationWriter:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        self._timeout = settings.neo4j_query_timeout * 3  # one entity at a time: well under the bulk timeout

    async def _write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(tx)

        return await self._session.execute_write(unit_of_work(timeout=self._timeout)(run))

    # claims -------------------------------------------------------------------------------------------
    async def create_claim(self, row: Row, create_hash: str, refs: Refs) -> bool:
        """Write a new claim; False (writing nothing) when the same body already made it; Conflict when its
        id belongs to another claim."""

        async def work(tx: AsyncManagedTransaction) -> bool:
            return await _create_claim(tx, row, create_hash, refs)

        return await self._write(work)

    async def accept(self, entities: Sequence[NewEntity], row: Row, create_hash: str, refs: Refs) -> Accepted:
        """A claim with the sources and actors it needs, in ONE transaction: each entity created unless its id
        exists (then it is kept as it is), then the claim as create_claim writes it. A refused claim (an id
        taken, an actor, source or event named that exists neither in the graph nor here) rolls back the
        entities too: nothing is left behind."""

        async def work(tx: AsyncManagedTransaction) -> Accepted:
            made: list[str] = []
            kept: list[str] = []
            for e in entities:
                (made if await _create_entity(tx, e, exists_ok=True) else kept).append(e.row["id"])
            return Accepted(await _create_claim(tx, row, create_hash, refs), made, kept)

        return await self._write(work)

    async def revise_claim(
        self,
        claim_id: str,
        expected: int | None,
        revise: Callable[[ClaimStored], tuple[Row, Refs]],
        at: datetime,
    ) -> int:
        """Replace the claim by `revise(stored)` (which may refuse with a domain error), keeping its
        current state as a version. Returns the new revision."""

        async def work(tx: AsyncManagedTransaction) -> int:
            found = await _rows(tx, catalog.query("claim_state"), {"id": claim_id})
            if not found:
                raise NotFound(f"No relationship (claim) with id '{claim_id}'. List them with GET /relationships.")
            first = found[0]
            stored = ClaimStored(
                first["props"], [(r, a) for r, a in first["parties"]], first["citations"], first["evidence"]
            )
            _check_revision("claim", claim_id, stored.revision, expected)
            row, refs = revise(stored)
            await _check_refs(tx, refs)
            await (await tx.run(catalog.query("claim_version_snapshot"), {"id": claim_id, "at": at})).consume()
            await (await tx.run(catalog.query("write_claims"), {"claims": [row]})).consume()
            return int(row["props"]["rev"])

        return await self._write(work)

    # actors and sources -------------------------------------------------------------------------------
    async def create_entity(self, label: Label, row: Row, refs: Refs, change: Row) -> None:
        """A new actor or source (the seed's upsert), with its change record; Conflict when the id is taken."""

        async def work(tx: AsyncManagedTransaction) -> None:
            await _create_entity(tx, NewEntity(label, row, refs, change), exists_ok=False)

        await self._write(work)

    async def revise_entity(
        self, label: Label, entity_id: str, expected: int | None, revise: Callable[[Row], tuple[Row, Refs]], change: Row
    ) -> int:
        async def work(tx: AsyncManagedTransaction) -> int:
            found = await _rows(tx, catalog.query("entity_rev", label=label), {"id": entity_id})
            if not found:
                raise NotFound(f"No {label} with id '{entity_id}'.", title=f"Unknown {label}")
            current = found[0]["props"] | {"part_of": found[0]["part_of"]}
            _check_revision(label, entity_id, int(current.get("rev") or 1), expected)
            row, refs = revise(current)
            await _upsert(tx, label, row, refs, change)
            return int(row["props"]["rev"])

        return await self._write(work)


async def _upsert(tx: AsyncManagedTransaction, label: Label, row: Row, refs: Refs, change: Row) -> None:
    await _check_refs(tx, refs)
    name, key = UPSERT[label]
    await (await tx.run(catalog.query(name), {key: [row]})).consume()
    await (await tx.run(catalog.query("change_record", label=label), {"id": row["id"], "change": change})).consume()


async def _create_entity(tx: AsyncManagedTransaction, e: NewEntity, *, exists_ok: bool) -> bool:
    """Create the actor or source `e` unless its id is taken: then False when `exists_ok`, else Conflict."""
    taken = (await _rows(tx, catalog.query("entity_reserve", label=e.label), {"id": e.row["id"]}))[0]
    if not taken["created"]:
        if exists_ok:
            return False
        raise Conflict(f"An {e.label} with id '{e.row['id']}' exists. Choose another id.", field="id")
    await _upsert(tx, e.label, e.row, e.refs, e.change)
    return True


async def _create_claim(tx: AsyncManagedTransaction, row: Row, create_hash: str, refs: Refs) -> bool:
    taken = (await _rows(tx, catalog.query("claim_reserve"), {"id": row["id"]}))[0]
    if not taken["created"]:
        if taken["hash"] == create_hash:
            return False
        raise Conflict(f"A claim with id '{row['id']}' exists. Choose another id.", field="id")
    await _check_refs(tx, refs)
    await (await tx.run(catalog.query("write_claims"), {"claims": [row]})).consume()
    return True
