"""The write repository: the schema, and named writes run together in one transaction.

Writes use their own timeout (NEO4J_WRITE_TIMEOUT, generous: loads and imports write thousands of rows
per transaction), not the API's read timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work

from app.config import Settings
from app.repository import catalog
from app.repository.driver import to_native

Step = tuple[str, dict[str, Any]]  # (query text from the catalog, parameters)


async def _run_all(tx: AsyncManagedTransaction, steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
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
        """Constraints and indexes from app/cypher/schema.cypher; every statement is IF NOT EXISTS."""
        for statement in catalog.statements("schema"):
            try:
                result = await self._session.run(statement)
                await result.consume()
            except neo4j.exceptions.ClientError as exc:
                # Two processes applying the schema at once: the other one created it first.
                if "EquivalentSchemaRuleAlreadyExists" not in (exc.code or ""):
                    raise

    async def write(self, steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
        """Several named writes in one transaction: all of them happen, or none."""
        work = unit_of_work(timeout=self._timeout)(_run_all)
        return await self._session.execute_write(work, list(steps))
