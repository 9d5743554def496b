"""Liveness (no database) and readiness (the database answers)."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.api.deps import ReaderDep, SettingsDep
from app.api.errors import ProblemError
from app.lifecycle import ensure_schema

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
    summary="The database answers a query",
    responses={503: {"description": "Database unreachable", "content": {"application/problem+json": {}}}},
)
async def ready(request: Request, reader: ReaderDep, settings: SettingsDep) -> Health:
    try:
        await asyncio.wait_for(reader.ping(), timeout=settings.neo4j_connection_timeout + 2)
    except Exception as exc:
        raise ProblemError(
            503,
            f"Neo4j (database '{settings.neo4j_database}') does not answer: {type(exc).__name__}.",
            title="Database unavailable",
        ) from exc
    # The schema is applied once per process; if the database was down at start-up, it is done here.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(ensure_schema(request.app.state), timeout=settings.neo4j_query_timeout)
    return Health(status="ready", database=settings.neo4j_database)
