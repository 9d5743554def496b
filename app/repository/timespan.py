"""The time the claims cover (the viewer's month slider), read in one query over one session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work

from app.config import Settings
from app.repository import catalog
from app.repository.driver import to_native


@dataclass(frozen=True)
class Timespan:
    first: date | None  # None: no claims
    last: date | None
    claims: int


class TimespanReader:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        self._timeout = settings.neo4j_query_timeout

    async def timespan(self) -> Timespan:
        async def work(tx: AsyncManagedTransaction) -> Timespan:
            result = await tx.run(catalog.query("claims_timespan"))
            record = await result.single(strict=True)
            row = to_native(record.data())
            return Timespan(first=row["first"], last=row["last"], claims=row["claims"])

        return await self._session.execute_read(unit_of_work(timeout=self._timeout)(work))
