"""The one layer that talks to Neo4j: it owns the driver's sessions and runs named Cypher files.

Routes and services never see a session or a Cypher string: they call `read`/`write` with the name of a
file in `cypher/` and a dict of parameters. Reads run in `execute_read` (routed to readers on a cluster),
writes in `execute_write`, each with the configured transaction timeout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncSession, unit_of_work
from neo4j.time import Date, DateTime, Duration, Time

from app.config import Settings
from app.cypher_library import CypherLibrary, get_library

Row = dict[str, Any]


def open_driver(settings: Settings) -> AsyncDriver:
    """One async driver for the application's life. neo4j:// and neo4j+s:// URIs route reads to readers."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_timeout=settings.neo4j_connection_timeout,
        connection_acquisition_timeout=settings.neo4j_connection_timeout + settings.neo4j_query_timeout,
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        liveness_check_timeout=0,  # a connection that sat idle is checked before use: restarts are noticed
        user_agent="alliance-graph",
        notifications_min_severity="OFF",  # absent optional properties are expected, not worth a warning
    )


def to_native(value: Any) -> Any:
    """Neo4j temporal values to Python's, recursively through lists and maps."""
    if isinstance(value, Date | DateTime | Time):
        return value.to_native()
    if isinstance(value, Duration):
        return value
    if isinstance(value, list):
        return [to_native(v) for v in value]
    if isinstance(value, dict):
        return {k: to_native(v) for k, v in value.items()}
    return value


async def _collect(tx: AsyncManagedTransaction, query: str, params: Mapping[str, Any]) -> list[Row]:
    result = await tx.run(query, dict(params))
    return [to_native(record.data()) async for record in result]


async def _collect_many(tx: AsyncManagedTransaction, steps: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
    return [await _collect(tx, query, params) for query, params in steps]


class GraphRepository:
    """Runs named queries in one session (one per HTTP request, or one per CLI command)."""

    def __init__(self, session: AsyncSession, settings: Settings, library: CypherLibrary | None = None) -> None:
        self._session = session
        self._timeout = settings.neo4j_query_timeout
        self._library = library or get_library()

    async def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        work = unit_of_work(timeout=self._timeout)(_collect)
        return await self._session.execute_read(work, self._library[name], params or {})

    async def write_all(self, steps: Sequence[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        """Several named writes in one transaction: all of them happen, or none."""
        resolved = [(self._library[name], params) for name, params in steps]
        work = unit_of_work(timeout=self._timeout)(_collect_many)
        return await self._session.execute_write(work, resolved)

    async def ping(self) -> None:
        """Raises when the database cannot answer a read (no retries: health checks must be quick)."""
        result = await self._session.run(neo4j.Query(self._library["health_ping"], timeout=self._timeout))
        await result.consume()

    async def apply_schema(self) -> None:
        """Constraints and indexes from cypher/schema.cypher; every statement is IF NOT EXISTS."""
        for statement in self._library.statements("schema"):
            try:
                result = await self._session.run(statement)
                await result.consume()
            except neo4j.exceptions.ClientError as exc:
                # Two processes applying the schema at once: the other one created it first.
                if "EquivalentSchemaRuleAlreadyExists" not in (exc.code or ""):
                    raise


@asynccontextmanager
async def repository(driver: AsyncDriver, settings: Settings) -> AsyncIterator[GraphRepository]:
    """A repository over a fresh session on the configured database."""
    async with driver.session(database=settings.neo4j_database) as session:
        yield GraphRepository(session, settings)
