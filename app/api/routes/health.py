"""Liveness (no database) and readiness (the database answers)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.api.availability import outage_of
from app.api.deps import WARMING, ProbeDep, SettingsDep
from app.api.errors import ProblemError
from app.assembly import refused_credentials
from app.lifecycle import start_warming, warming

router = APIRouter(prefix="/health", tags=["health"])


class Health(BaseModel):
    status: str
    database: str | None = None


@router.get("/live", response_model=Health, summary="The process is up (does not touch the database)")
async def live() -> Health:
    return Health(status="live")


@router.get(
    "/ready",
    response_model=Health,
    summary="The database answers a query, and the API has planned its queries (warmed up)",
    responses={
        503: {
            "description": "Database unreachable, or the API still warming up (Retry-After says when to ask again)",
            "content": {"application/problem+json": {}},
        }
    },
)
async def ready(request: Request, probe: ProbeDep, settings: SettingsDep) -> Health:
    state = request.app.state
    outage = outage_of(request.app)
    if outage.refused and (wait := outage.wait()):  # no failed login per probe (app/api/availability.py)
        raise ProblemError(503, outage.detail, title=outage.title, retry_after=wait)
    try:
        await asyncio.wait_for(probe.ping(), timeout=settings.neo4j_connection_timeout + 2)
    except Exception as exc:
        if refused_credentials(exc):
            outage.refuse()
            raise ProblemError(503, outage.detail, title=outage.title, retry_after=outage.refused_retry_after) from exc
        outage.trip()
        raise ProblemError(
            503,
            f"Neo4j (database '{settings.neo4j_database}') does not answer: {type(exc).__name__}.",
            title="Database unavailable",
            retry_after=outage.retry_after,
        ) from exc
    if outage.tripped() and not warming(state):
        state.warm = False  # after an outage: Neo4j may have restarted with no query plans
    if not state.warm or outage.tripped():
        start_warming(state, outage.clear)  # the schema and query plans; once per process and after outages
        raise ProblemError(503, WARMING, title="Warming up", retry_after=outage.retry_after)
    return Health(status="ready", database=settings.neo4j_database)
