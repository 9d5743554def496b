"""What the viewer page asks beyond the read API: the months its slider spans."""

from __future__ import annotations

from app.repository.timespan import Timespan, TimespanReader


class ViewService:
    def __init__(self, reader: TimespanReader) -> None:
        self.reader = reader

    async def timespan(self) -> Timespan:
        """The earliest and latest dates the claims are known to cover (both None when there are none)."""
        return await self.reader.timespan()
