"""Start-up work that may have to wait for the database."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from app.repository import repository

log = logging.getLogger("app")


async def ensure_schema(app: FastAPI) -> bool:
    """Apply cypher/schema.cypher once per process (idempotent); False when the database is unreachable."""
    if app.state.schema_applied:
        return True
    try:
        async with repository(app.state.driver, app.state.settings) as repo:
            await repo.apply_schema()
    except Exception as exc:  # the app still starts; /health/ready reports the database
        log.warning("schema not applied yet (database unreachable?): %s", exc)
        return False
    app.state.schema_applied = True
    return True
