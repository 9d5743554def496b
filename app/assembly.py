"""The one place that assembles the app's parts: the driver, sessions on the configured database, and the
repositories and services over them, for the API (app/main.py, app/api/deps.py), its start-up work
(app/lifecycle.py) and the CLI (app/cli/). Routes and commands ask for a part here; none opens a session.

`Parts` holds one driver for the process's life; each method opens one session (a request's, a command's)
and yields what works over it, closing the session after.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from neo4j import AsyncDriver

from app.config import Settings
from app.repository.backup import FETCH_SIZE, BackupStore
from app.repository.curator import CurationWriter
from app.repository.driver import open_driver, refused_credentials, session
from app.repository.imports import ImportStore
from app.repository.reader import GraphReader
from app.repository.writer import GraphWriter
from app.services.analysis import AnalysisService
from app.services.curation import CurationService
from app.services.extraction import ExtractionService
from app.services.imports.sink import Graph, Lane
from app.services.reading import ReadService


@dataclass(frozen=True)
class Services:
    """The services a read request may use, over the request's one session."""

    reads: ReadService
    analysis: AnalysisService
    extraction: ExtractionService


class Parts:
    """The driver, and the repositories and services over one session each."""

    def __init__(self, settings: Settings, driver: AsyncDriver | None = None) -> None:
        self.settings = settings
        self.driver = driver if driver is not None else open_driver(settings)

    async def close(self) -> None:
        await self.driver.close()

    async def server_agent(self) -> str:
        """The server's product and version (`Neo4j/5.26.30`), as a backup records it."""
        agent: str = (await self.driver.get_server_info()).agent
        return agent

    # reads ----------------------------------------------------------------------------------------------
    @asynccontextmanager
    async def reader(self, *, fail_fast: bool = False, settings: Settings | None = None) -> AsyncIterator[GraphReader]:
        """The read repository over one session; `fail_fast` for the API's requests (app/repository/driver.py);
        `settings` to read with other timeouts (the warm-up)."""
        settings = settings or self.settings
        async with session(self.driver, settings, fail_fast=fail_fast) as s:
            yield GraphReader(s, settings)

    @asynccontextmanager
    async def read_service(self, *, fail_fast: bool = False) -> AsyncIterator[ReadService]:
        async with self.reader(fail_fast=fail_fast) as reader:
            yield ReadService(reader)

    @asynccontextmanager
    async def services(self, *, fail_fast: bool = False) -> AsyncIterator[Services]:
        """The read, analysis and extraction services over one session (a request's: they share it)."""
        async with self.reader(fail_fast=fail_fast) as reader:
            yield Services(ReadService(reader), AnalysisService(reader), self._extraction(reader))

    @asynccontextmanager
    async def extraction_service(self) -> AsyncIterator[ExtractionService]:
        """The extraction service (the graph's actors as its gazetteer, with UCDP's list) over one session."""
        async with self.reader() as reader:
            yield self._extraction(reader)

    def _extraction(self, reader: GraphReader) -> ExtractionService:
        return ExtractionService(reader, self.settings.extract_ucdp_actors)

    # writes ---------------------------------------------------------------------------------------------
    @asynccontextmanager
    async def writer(self) -> AsyncIterator[GraphWriter]:
        """The write repository over one session (the schema, the seed, an import's batches)."""
        async with session(self.driver, self.settings) as s:
            yield GraphWriter(s, self.settings)

    @asynccontextmanager
    async def curation(self, reads: ReadService, author: str) -> AsyncIterator[CurationService]:
        """The curation service (an analyst's writes over HTTP) over one session, reading through `reads`."""
        async with session(self.driver, self.settings) as s:
            yield CurationService(CurationWriter(s, self.settings), reads, author)

    @asynccontextmanager
    async def import_graph(self, workers: int = 1) -> AsyncIterator[Graph]:
        """An import's way to the database: one lane (writer and store over its own session) per worker."""
        async with AsyncExitStack() as stack:
            lanes = []
            for _ in range(workers):
                s = await stack.enter_async_context(session(self.driver, self.settings))
                lanes.append(Lane(GraphWriter(s, self.settings), ImportStore(s, self.settings)))
            yield Graph(lanes)

    @asynccontextmanager
    async def backup_store(self) -> AsyncIterator[BackupStore]:
        """The backup repository over one session that streams FETCH_SIZE records per round trip."""
        async with self.driver.session(database=self.settings.neo4j_database, fetch_size=FETCH_SIZE) as s:
            yield BackupStore(s, self.settings)


@asynccontextmanager
async def assembled(settings: Settings) -> AsyncIterator[Parts]:
    """The parts for one command's run: the driver opened, and closed after."""
    parts = Parts(settings)
    try:
        yield parts
    finally:
        await parts.close()


__all__ = ["Parts", "Services", "assembled", "refused_credentials"]
