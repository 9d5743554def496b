"""FastAPI dependencies: the settings, and the read service over one session per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.api.availability import outage_of
from app.api.errors import UNAVAILABLE, ProblemError
from app.config import Settings
from app.repository.driver import session
from app.repository.reader import GraphReader
from app.services.analysis import AnalysisService
from app.services.reading import ReadService


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_probe_reader(request: Request, settings: SettingsDep) -> AsyncIterator[GraphReader]:
    """A reader that always tries the database (health checks)."""
    async with session(request.app.state.driver, settings, fail_fast=True) as s:
        yield GraphReader(s, settings)


async def get_reader(request: Request, settings: SettingsDep) -> AsyncIterator[GraphReader]:
    """A reader for a data request: 503 at once while the outage breaker is open (app/api/availability.py)."""
    outage = outage_of(request.app)
    if wait := outage.wait():
        raise ProblemError(503, UNAVAILABLE, title="Database unavailable", retry_after=wait)
    async with session(request.app.state.driver, settings, fail_fast=True) as s:
        yield GraphReader(s, settings)
    outage.clear()


ProbeReaderDep = Annotated[GraphReader, Depends(get_probe_reader)]
ReaderDep = Annotated[GraphReader, Depends(get_reader)]


def get_read_service(reader: ReaderDep) -> ReadService:
    return ReadService(reader)


ReadServiceDep = Annotated[ReadService, Depends(get_read_service)]


def get_analysis_service(reader: ReaderDep) -> AnalysisService:
    return AnalysisService(reader)


AnalysisServiceDep = Annotated[AnalysisService, Depends(get_analysis_service)]
