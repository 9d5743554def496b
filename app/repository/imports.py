"""What the bulk importer asks the graph before it writes: which ids exist, the content hashes of claims
and events it wrote before, the actors it matches UCDP's names against, and the record of past imports.

Every query is a named file (app/cypher/import_*.cypher) run with parameters only. Writes go through
GraphWriter (one transaction per batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work

from app.config import Settings
from app.domain.views import GraphActor
from app.repository import catalog
from app.repository.driver import to_native

LABELS = ("actors", "sources", "events", "places")


async def _read(tx: AsyncManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = await tx.run(query, params)
    return [to_native(r.data()) async for r in result]


class ImportStore:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        self._timeout = settings.neo4j_write_timeout

    async def _run(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        work = unit_of_work(timeout=self._timeout)(_read)
        return await self._session.execute_read(work, catalog.query(name), params)

    async def known_ids(self, wanted: dict[str, Sequence[str]]) -> dict[str, set[str]]:
        """Of the ids asked per kind (actors, sources, events, places), those that exist."""
        params = {label: sorted(set(wanted.get(label, ()))) for label in LABELS}
        if not any(params.values()):
            return {label: set() for label in LABELS}
        rows = await self._run("import_known_ids", params)
        return {label: set(rows[0][label]) for label in LABELS}

    async def hashes(self, label: str, ids: Sequence[str]) -> dict[str, str | None]:
        """id -> stored import hash (None when the node was not written by an import) for the ids that exist."""
        name = {"claims": "import_claim_hashes", "events": "import_event_hashes"}[label]
        if not ids:
            return {}
        rows = await self._run(name, {"ids": list(ids)})
        return {r["id"]: r["hash"] for r in rows}

    async def actors(self) -> list[GraphActor]:
        """Every actor, with what the dataset imports match it on."""
        return [
            GraphActor(
                id=a["id"],
                name=a["name"] or a["id"],
                kind=a["kind"] or "",
                aliases=tuple(a["aliases"]),
                search_keys=tuple(a["search_keys"]),
                ucdp_id=a["ucdp_id"],
                mmp_ids=tuple(int(i) for i in a["mmp_ids"]),
                origin=a["origin"],
            )
            for a in await self._run("import_actors_all", {})
        ]

    async def activity(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """actor id -> {first, last, events}: the span of the UCDP GED events in the graph that involve it (only
        the actors that have any)."""
        if not ids:
            return {}
        rows = await self._run("import_actor_activity", {"ids": sorted(set(ids))})
        return {r["id"]: r for r in rows if r["events"]}

    async def counts(self) -> dict[str, int]:
        """How many nodes and relationships the database holds (an offline load wants none)."""
        rows = await self._run("backup_counts", {})
        return {"nodes": rows[0]["nodes"], "relationships": rows[0]["relationships"]}

    async def pending_indexes(self) -> list[dict[str, Any]]:
        """The indexes not yet online: name and state (POPULATING, FAILED)."""
        return await self._run("import_indexes_pending", {})

    async def marker(self, import_id: str) -> dict[str, Any] | None:
        rows = await self._run("import_marker_get", {"id": import_id})
        return rows[0]["import"] if rows else None
