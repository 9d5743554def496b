"""The driver: one async Neo4j driver for a process's life, and sessions on the configured database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncSession
from neo4j.exceptions import AuthError, ClientError
from neo4j.time import Date, DateTime, Time

from app.config import Settings


def open_driver(settings: Settings) -> AsyncDriver:
    """One async driver for the application's life. neo4j:// and neo4j+s:// URIs route reads to readers."""
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_timeout=settings.neo4j_connection_timeout,
        connection_acquisition_timeout=settings.neo4j_connection_timeout + settings.neo4j_query_timeout,
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        liveness_check_timeout=settings.neo4j_liveness_check,
        user_agent="alliance-graph",
        notifications_min_severity="OFF",  # absent optional properties are expected, not worth a warning
    )


RATE_LIMITED = "Neo.ClientError.Security.AuthenticationRateLimit"


def refused_credentials(exc: BaseException) -> bool:
    """Neo4j refused the login: wrong user or password (AuthError), or locked after too many failed ones."""
    return isinstance(exc, AuthError) or (isinstance(exc, ClientError) and exc.code == RATE_LIMITED)


# The first retry of a failed read comes after 0.2 s (then 0.4, 0.8 ...; the driver's default starts at 1 s).
FAIL_FAST_FIRST_RETRY = 0.2


@asynccontextmanager
async def session(driver: AsyncDriver, settings: Settings, *, fail_fast: bool = False) -> AsyncIterator[AsyncSession]:
    """A session on the configured database (never the server's default).

    `fail_fast` (the API's reads): the driver retries a failed transaction for `neo4j_read_retry_time`
    only, from 0.2 s on, so that with the database down a request fails within about a second rather than
    after the write path's `neo4j_max_retry_time` of back-off. One retry still hides a connection that
    died in the pool when Neo4j restarted."""
    config: dict[str, Any] = {}
    if fail_fast:
        config = {
            "max_transaction_retry_time": settings.neo4j_read_retry_time,
            "initial_retry_delay": FAIL_FAST_FIRST_RETRY,
        }
    async with driver.session(database=settings.neo4j_database, **config) as s:
        yield s


_TEMPORAL = (Date, DateTime, Time)


def to_native(value: Any) -> Any:
    """Neo4j temporal values to Python's, recursively through lists and maps.

    Dispatches on the exact type (records are plain maps, lists and scalars): on a page of claims this walk
    visits thousands of values, and isinstance checks against unions showed in the profile."""
    kind = type(value)
    if kind is dict:
        return {k: to_native(v) for k, v in value.items()}
    if kind is list:
        return [to_native(v) for v in value]
    if kind in _TEMPORAL:
        return value.to_native()
    return value
