"""Start-up work that may have to wait for the database: the schema, then the query plans.

Neo4j plans a query the first time it sees its text; for the month query that took 5 s on a quiet machine
and over the 10 s timeout on a busy one, so the first analyst after a restart got a 503. `warm_up` runs
the hot queries once (their answers are thrown away) before `/health/ready` says ready."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from app.assembly import refused_credentials
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import parse_window

log = logging.getLogger("app")

_MONTH = parse_window("2014-08")
# The questions asked most (the viewer's month slider, an actor's page, the relationships list), each in
# the variant the API picks for it: planned once here rather than on an analyst's request.
WARM_PAGES = (
    ClaimPage(ClaimFilter(window=_MONTH), 101),
    ClaimPage(ClaimFilter(), 101),
    ClaimPage(ClaimFilter(window=_MONTH, actors=("warm-up",)), 101),
    ClaimPage(ClaimFilter(actors=("warm-up",)), 101),
)


async def ensure_schema(state: Any) -> bool:
    """Apply app/cypher/schema.cypher once per process (idempotent); False when the database is unreachable.

    `state` holds `parts` (app/assembly.py), `settings` and `schema_applied` (the FastAPI app's state)."""
    if state.schema_applied:
        return True
    try:
        async with state.parts.writer() as writer:
            await writer.apply_schema()
    except Exception as exc:  # the app still starts; /health/ready reports the database
        if not _refused(state, exc):
            log.warning("schema not applied yet (database unreachable?): %s", exc)
        return False
    state.schema_applied = True
    return True


async def warm_up(state: Any) -> bool:
    """The schema, then each hot query run once; `state.warm` once done. False (logged) when the database
    does not answer: `/health/ready` starts it again."""
    if not await ensure_schema(state):
        return False
    started = asyncio.get_running_loop().time()
    try:
        # fail fast when the database is down; once it answers, planning may take long (a cold JVM on a
        # busy machine took over 10 s): the write timeout, not the read timeout, bounds each query
        settings = state.settings.model_copy(update={"neo4j_query_timeout": state.settings.neo4j_write_timeout})
        async with state.parts.reader(fail_fast=True, settings=settings) as reader:
            for page in WARM_PAGES:
                await reader.claims(page)
            await reader.claims_by_ids(["warm-up"])  # the hydration every list of claims ends with
            await reader.actors(None, None, 0, 1)
    except Exception as exc:
        if not _refused(state, exc):
            log.warning("query plans not warmed yet (database unreachable or busy?): %s", exc)
        return False
    state.warm = True
    log.info("query plans warmed in %.1f s", asyncio.get_running_loop().time() - started)
    return True


# Python's cycle collector after start-up: the objects the process has then (FastAPI, pydantic's schemas,
# the driver: about 140,000) are frozen, out of every later collection, and the youngest generation is
# collected after 20,000 allocations rather than 700. A page of 500 claims allocates about 50,000
# containers; with the defaults each request set off collections that walked the whole heap, a quarter of
# the API's CPU (docs/performance.md, "Python's garbage collector"). Memory is still freed by reference
# counting; only cycles wait longer.
GC_THRESHOLDS = (20_000, 50, 100)


@cache
def settle_heap() -> None:
    """Freeze what start-up allocated and raise the collector's thresholds: once per process (the tests
    start many apps in one)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _refused(state: Any, exc: BaseException) -> bool:
    """Neo4j refused the credentials: the outage breaker (if the state has one) stops logins for a while and
    logs which settings to fix (app/api/availability.py)."""
    if not refused_credentials(exc):
        return False
    outage = getattr(state, "outage", None)
    if outage is not None:
        outage.refuse()
    else:
        log.error("Neo4j refused the credentials (NEO4J_USER / NEO4J_PASSWORD): %s", exc.__class__.__name__)
    return True


def warming(state: Any) -> bool:
    """A warm-up is under way."""
    task: asyncio.Task[bool] | None = state.warming
    return task is not None and not task.done()


def start_warming(state: Any, on_warm: Callable[[], object] | None = None) -> asyncio.Task[bool]:
    """Warm up in the background unless under way (the lifespan; `/health/ready` and the first request after
    an outage, with `state.warm` set False first). `on_warm` runs once it succeeded."""
    if not warming(state):
        state.warming = asyncio.create_task(_warm_then(state, on_warm))
    task: asyncio.Task[bool] = state.warming
    return task


async def _warm_then(state: Any, on_warm: Callable[[], object] | None) -> bool:
    if state.warm or await warm_up(state):
        if on_warm is not None:
            on_warm()
        return True
    return False
