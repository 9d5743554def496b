"""FastAPI dependencies: the settings, and a repository over one session per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.repository import GraphRepository, repository


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_repository(request: Request) -> AsyncIterator[GraphRepository]:
    async with repository(request.app.state.driver, request.app.state.settings) as repo:
        yield repo


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
RepositoryDep = Annotated[GraphRepository, Depends(get_repository)]
