"""The seed files' format: a file's top-level keys. Its entries are the app's input model
(app/domain/inputs.py), validated with pydantic before anything is written.

Every `*.yaml` file under `seed/` may hold any of the lists `actors`, `places`, `sources`, `events`,
`claims`, plus `as_of` (the date that relative dates and "open" ends in the file are resolved against:
the source's publication date) and `recorded_at` (when the entries were recorded). References between
entries (an actor id in a claim, a source id in a citation) may cross files. See docs/seed-format.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from app.domain.inputs import Strict, Text


class SeedFile(Strict):
    as_of: date | None = None
    recorded_at: datetime | None = None
    time_notes: Text | None = None
    actors: list[dict[str, Any]] = Field(default_factory=list)
    places: list[dict[str, Any]] = Field(default_factory=list)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    claims: list[dict[str, Any]] = Field(default_factory=list)


__all__ = ["SeedFile"]
