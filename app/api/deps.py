"""FastAPI dependencies: the settings, and the services over one session per request (made by the app's
parts, app/assembly.py: routes never open sessions)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.api.availability import Outage, outage_of
from app.api.cache import SEEN, VersionSeen
from app.api.errors import ProblemError
from app.assembly import Parts, Services
from app.config import Settings
from app.lifecycle import start_warming, warming
from app.services.analysis import AnalysisService
from app.services.extraction import ExtractionService
from app.services.reading import ReadService


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_parts(request: Request) -> Parts:
    parts: Parts = request.app.state.parts
    return parts


PartsDep = Annotated[Parts, Depends(get_parts)]


async def get_probe(parts: PartsDep) -> AsyncIterator[ReadService]:
    """A read service that always tries the database (health checks)."""
    async with parts.read_service(fail_fast=True) as reads:
        yield reads


async def get_services(request: Request, parts: PartsDep) -> AsyncIterator[Services]:
    """The services of a data request, over one session: 503 at once while the outage breaker is open
    (app/api/availability.py)."""
    outage = outage_of(request.app)
    if outage.tripped():
        if wait := outage.wait():
            raise ProblemError(503, outage.detail, title=outage.title, retry_after=wait)
        await _trial(request, outage)
    async with parts.services(fail_fast=True) as services:
        seen = request.scope.get(SEEN)
        if isinstance(seen, VersionSeen):  # the response cache tags the answer with what these reads saw
            seen.watch(services.reads.seen_version)
        yield services


WARMING = "The API is warming up: planning its queries against the database. Ready in a few seconds."


async def _trial(request: Request, outage: Outage) -> None:
    """The request let through an open breaker: if the database answers, plan the hot queries again (a
    restarted Neo4j has none) and go on; otherwise 503. Others meanwhile get a quick 503 "warming up"."""
    state = request.app.state
    if warming(state):
        raise ProblemError(503, WARMING, title="Warming up", retry_after=outage.retry_after)
    state.warm = False
    if not await asyncio.shield(start_warming(state, outage.clear)):
        outage.trip()  # a refusal of the credentials stays one (the warm-up reported it)
        wait = outage.refused_retry_after if outage.refused else outage.retry_after
        raise ProblemError(503, outage.detail, title=outage.title, retry_after=wait)


ProbeDep = Annotated[ReadService, Depends(get_probe)]
ServicesDep = Annotated[Services, Depends(get_services)]


async def get_read_service(services: ServicesDep) -> ReadService:
    return services.reads


ReadServiceDep = Annotated[ReadService, Depends(get_read_service)]


async def get_analysis_service(services: ServicesDep) -> AnalysisService:
    return services.analysis


AnalysisServiceDep = Annotated[AnalysisService, Depends(get_analysis_service)]


async def get_extraction_service(services: ServicesDep) -> ExtractionService:
    return services.extraction


ExtractionServiceDep = Annotated[ExtractionService, Depends(get_extraction_service)]
