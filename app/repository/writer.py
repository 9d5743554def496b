"""The write repository: the schema, and named writes run together in one transaction.

Writes use their own timeout (NEO4J_WRITE_TIMEOUT, generous: loads and imports write thousands of rows
per transaction), not the API's read timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from app.config import Settings
from app.repository import catalog
from app.repository.driver import to_native

Step = tuple[str, dict[str, Any]]  # (query text from the catalog, parameters)
_SCHEMA_ATTEMPTS = 8  # a deadlock victim's tries: Neo4j resolves each deadlock at once


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

    async def write(self, steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
        """Several named writes in one transaction: all of them happen, or none."""
        work = unit_of_work(timeout=self._timeout)(_run_all)
        return await self._session.execute_write(work, list(steps))
