"""Start-up work that may have to wait for the database."""

from __future__ import annotations

import logging
from typing import Any

from app.repository.driver import session
from app.repository.writer import GraphWriter

log = logging.getLogger("app")


async def ensure_schema(state: Any) -> bool:
    """Apply app/cypher/schema.cypher once per process (idempotent); False when the database is unreachable.

    `state` holds `driver`, `settings` and `schema_applied` (the FastAPI app's state)."""
    if state.schema_applied:
        return True
    try:
        async with session(state.driver, state.settings) as s:
            await GraphWriter(s, state.settings).apply_schema()
    except Exception as exc:  # the app still starts; /health/ready reports the database
        log.warning("schema not applied yet (database unreachable?): %s", exc)
        return False
    state.schema_applied = True
    return True
