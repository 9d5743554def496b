"""The write repository: the schema, and one typed method per write (the seed, batches of claims and
events, upserts of actors, places, sources and successions, the import's record, the values set after an offline load).
Each method picks its named Cypher file (app/cypher/) itself and runs in one transaction: all of it happens,
or none. Callers hand rows (the parameters the named files take: app/seeding/rows.py), never query names.

Writes use their own timeout (NEO4J_WRITE_TIMEOUT, generous: loads and imports write thousands of rows
per transaction), not the API's read timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from app.config import Settings
from app.repository import catalog
from app.repository.driver import to_native

Row = dict[str, Any]  # the parameters of one item of a named write (app/seeding/rows.py builds them)
_Step = tuple[str, dict[str, Any]]  # (query text from the catalog, parameters): private to the repository
BOUNDS = ("from_lo", "from_hi", "to_lo", "to_hi")
_SCHEMA_ATTEMPTS = 8  # a deadlock victim's tries: Neo4j resolves each deadlock at once


async def _run_all(tx: AsyncManagedTransaction, steps: Sequence[_Step]) -> list[list[dict[str, Any]]]:
    out = []
    for query, params in steps:
        result = await tx.run(query, params)
        out.append([{k: to_native(r[k]) for k in r.keys()} async for r in result])  # noqa: SIM118 - values otherwise
    return out


class GraphWriter:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        self._timeout = settings.neo4j_write_timeout

    async def apply_schema(self) -> None:
        """Constraints and indexes from app/cypher/schema.cypher; every statement is IF NOT EXISTS.

        Several processes may apply it at once (the API starting while `alliance seed` runs, two API
        workers): Neo4j then either reports the rule as already made by the other, which is fine, or picks
        one of them as a deadlock victim (a TransientError), which is tried again."""
        for statement in catalog.statements("schema"):
            async for attempt in AsyncRetrying(
                retry=retry_if_exception_type(neo4j.exceptions.TransientError),
                stop=stop_after_attempt(_SCHEMA_ATTEMPTS),
                wait=wait_exponential(multiplier=0.05, max=2.0),
                reraise=True,
            ):
                with attempt:
                    await self._apply(statement)

    async def _apply(self, statement: str) -> None:
        try:
            result = await self._session.run(statement)
            await result.consume()
        except neo4j.exceptions.ClientError as exc:
            # Two processes applying the schema at once: the other one created it first.
            if "EquivalentSchemaRuleAlreadyExists" not in (exc.code or ""):
                raise

    async def _write(self, steps: Sequence[_Step]) -> list[list[dict[str, Any]]]:
        """Several named writes in one transaction: all of them happen, or none."""
        work = unit_of_work(timeout=self._timeout)(_run_all)
        return await self._session.execute_write(work, list(steps))

    # the seed -------------------------------------------------------------------------------------------
    async def load_seed(
        self,
        *,
        files: Sequence[Row],
        actors: Sequence[Row],
        places: Sequence[Row],
        sources: Sequence[Row],
        events: Sequence[Row],
        claims: Sequence[Row],
    ) -> None:
        """The whole seed in one transaction, in dependency order: what left the files pruned (seed_prune:
        `files` holds each file's claim and event ids), then actors, places, sources, events and claims
        upserted (seed_*.cypher, write_claims.cypher)."""
        await self._write(
            [
                (catalog.query("seed_prune"), {"files": list(files)}),
                (catalog.query("seed_actors"), {"actors": list(actors)}),
                (catalog.query("seed_places"), {"places": list(places)}),
                (catalog.query("seed_sources"), {"sources": list(sources)}),
                (catalog.query("seed_events"), {"events": list(events)}),
                (catalog.query("write_claims"), {"claims": list(claims)}),
            ]
        )

    # claims and events by their import hash -------------------------------------------------------------
    async def write_claims(self, created: Sequence[Row], rewritten: Sequence[Row]) -> None:
        """One batch of claims in one transaction: the new ones created (import_claims_create.cypher: CREATE,
        no MERGE), the changed ones redrawn (write_claims.cypher)."""
        steps: list[_Step] = []
        if created:
            steps.append((catalog.query("import_claims_create"), _create_params(created)))
        if rewritten:
            steps.append((catalog.query("write_claims"), {"claims": list(rewritten)}))
        if steps:
            await self._write(steps)

    async def write_events(self, created: Sequence[Row], rewritten: Sequence[Row]) -> None:
        """One batch of events in one transaction: the new ones created (import_events_create.cypher), the
        changed ones redrawn (seed_events.cypher)."""
        steps: list[_Step] = []
        if created:
            steps.append((catalog.query("import_events_create"), {"events": [_bounds_as_text(r) for r in created]}))
        if rewritten:
            steps.append((catalog.query("seed_events"), {"events": list(rewritten)}))
        if steps:
            await self._write(steps)

    # upserts --------------------------------------------------------------------------------------------
    async def upsert_actors(self, actors: Sequence[Row]) -> None:
        """Actors created or updated by id (seed_actors.cypher)."""
        await self._write([(catalog.query("seed_actors"), {"actors": list(actors)})])

    async def upsert_places(self, places: Sequence[Row]) -> None:
        """Places created or updated by id (seed_places.cypher)."""
        await self._write([(catalog.query("seed_places"), {"places": list(places)})])

    async def upsert_sources(self, sources: Sequence[Row]) -> None:
        """Sources created or updated by id (seed_sources.cypher)."""
        await self._write([(catalog.query("seed_sources"), {"sources": list(sources)})])

    async def upsert_ged_actors(self, actors: Sequence[Row], change: Row) -> None:
        """Actors a GED (or actor dataset, ACLED) import creates, or existing ones given UCDP's names and id
        (import_ged_actors.cypher); each existing actor it changes gets a new revision and the Change record
        `change` (at, author, op, reason)."""
        await self._write([(catalog.query("import_ged_actors"), {"actors": list(actors), "change": change})])

    async def upsert_mmp_actors(self, actors: Sequence[Row], change: Row) -> None:
        """Actors an MMP import creates, or existing ones given MMP's names and id (import_mmp_actors.cypher);
        each existing actor it changes gets a new revision and the Change record `change`."""
        await self._write([(catalog.query("import_mmp_actors"), {"actors": list(actors), "change": change})])

    async def upsert_successions(self, successions: Sequence[Row]) -> None:
        """An actor's renames from the UCDP Actor Dataset, one (:Succession) per actor and release, linked to
        its actor and citing the dataset (import_ucdp_names.cypher)."""
        await self._write([(catalog.query("import_ucdp_names"), {"names": list(successions)})])

    # the record of an import, and an offline load's last values -----------------------------------------
    async def set_import_marker(self, marker: Row, recorded_at: datetime) -> None:
        """The finished import recorded as an (:Import) node (import_marker_set.cypher)."""
        await self._write([(catalog.query("import_marker_set"), {"import": marker, "recorded_at": recorded_at})])

    async def set_after_load(self, label: str, rows: Sequence[Row]) -> None:
        """Values the bulk loader's CSV could not hold, set on the nodes of `label` (import_fixups.cypher)."""
        await self._write([(catalog.query("import_fixups", label=label), {"rows": list(rows)})])

    # a restore ------------------------------------------------------------------------------------------
    async def restore_nodes(self, rows: Sequence[Row]) -> int:
        """A batch of a dump's nodes in one transaction (restore_nodes.cypher); how many were created."""
        (created,) = await self._write([(catalog.query("restore_nodes"), {"rows": list(rows)})])
        return int(created[0]["created"])

    async def restore_relationships(self, rows: Sequence[Row]) -> int:
        """A batch of a dump's relationships (restore_relationships.cypher); how many were created."""
        (created,) = await self._write([(catalog.query("restore_relationships"), {"rows": list(rows)})])
        return int(created[0]["created"])


def _bounds_as_text(row: Row) -> Row:
    props = dict(row["props"])
    for key in BOUNDS:
        props[key] = props[key].isoformat()
    return {**row, "props": props}


def _create_params(rows: Sequence[Row]) -> dict[str, Any]:
    """Parameters of import_claims_create.cypher: bounds as ISO text, recorded_at as an index into the batch's
    distinct times."""
    times: dict[Any, int] = {}
    claims = []
    for row in rows:
        props = {k: v for k, v in row["props"].items() if k != "recorded_at"}
        for key in BOUNDS:
            props[key] = props[key].isoformat()
        recorded = times.setdefault(row["props"]["recorded_at"], len(times))
        claims.append({**row, "props": props, "recorded": recorded})
    return {"claims": claims, "recorded_at": list(times)}
