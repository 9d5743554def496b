"""FastAPI dependencies: the settings, and the read service over one session per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.repository.driver import session
from app.repository.reader import GraphReader
from app.services.reading import ReadService


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_reader(request: Request, settings: SettingsDep) -> AsyncIterator[GraphReader]:
    async with session(request.app.state.driver, settings) as s:
        yield GraphReader(s, settings)


ReaderDep = Annotated[GraphReader, Depends(get_reader)]


def get_read_service(reader: ReaderDep) -> ReadService:
    return ReadService(reader)


ReadServiceDep = Annotated[ReadService, Depends(get_read_service)]
