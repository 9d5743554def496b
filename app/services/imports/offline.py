"""The offline first load of a claims file: CSV tables for Neo4j's bulk loader, then schema and marker."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError
from app.importing import bulk, records
from app.repository.imports import ImportStore
from app.seeding.rows import Row
from app.services.backup import NotEmpty
from app.services.imports.batching import DEFAULT_BATCH, _batches, _inline, stamp
from app.services.imports.claims import ClaimsFile, _opened, _read_claims
from app.services.imports.report import ImportReport, NoProgress, Progress, Skipped
from app.services.imports.sink import Graph, KnownIds, _marker, resolved


class OfflineLoadFailed(DomainError):  # noqa: N818 - the domain's own words
    """The bulk loader or the index build after it failed (the message says how)."""

    title = "Offline load failed"


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the claims are read and written as CSV: its full passes cost
    about a sixth of that time (gc.callbacks, 100k claims), and a claim's objects hold no cycles (reference
    counting frees them; the peak memory was the same with the collector paused). Restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class Offline:
    """The offline first load: the same rows as `Online` writes, into CSV tables (app/importing/bulk.py) for
    Neo4j's bulk loader. The graph is only read (which ids exist: none, in the empty database)."""

    store: ImportStore
    tables: bulk.BulkGraph
    batch_size: int = DEFAULT_BATCH
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def batches(self, items: Iterator[list[records.Candidate]]) -> AsyncIterator[list[records.Candidate]]:
        return _inline(items)

    async def entities(
        self, entities: dict[str, list[records.Entity]], report: ImportReport, known: KnownIds, progress: Progress
    ) -> None:
        for kind in ("actor", "place", "source", "event"):
            items = entities[kind]
            if not items:
                continue
            key = records.SECTION_OF[kind]
            progress.phase(key, len(items))
            for e in items:
                bulk.WRITERS[kind](self.tables, stamp(e.row()) if kind == "event" else e.row())
            progress.advance(len(items))
            report.counts[f"{key} created" if kind == "event" else f"{key} written"] += len(items)
            known.add(key, (e.id for e in items))

    async def claims(
        self, batches: Any, known: KnownIds, report: ImportReport, progress: Progress, skipped: Skipped
    ) -> None:
        with _without_cycle_collection():
            async for batch in batches:
                good = await resolved(self.store, known, self.lock, batch, report)
                for c in good:
                    bulk.claim(self.tables, c.row)
                report.counts["claims created"] += len(good)
                progress.advance(len(batch))
                skipped.drain(progress)
        skipped.drain(progress)


@dataclass
class OfflineLoad:
    """A claims file read, checked and written as CSV tables, waiting for the bulk loader."""

    read: ClaimsFile
    files: bulk.LoadFiles | None  # None: skipped (--skip-if-loaded found the file loaded)
    started: float = field(default_factory=time.perf_counter)

    @property
    def report(self) -> ImportReport:
        return self.read.report


async def ensure_empty(graph: Graph) -> None:
    """Refuses (NotEmpty) a database that holds anything: the offline load replaces the whole store. Asked
    before the file is read, and again just before the server is stopped (the read may take minutes, and a
    write made meanwhile would be lost)."""
    held = await graph.store.counts()
    if held["nodes"]:
        raise NotEmpty(
            f"the database holds {held['nodes']:,} nodes and {held['relationships']:,} relationships; "
            "--offline loads only an empty database: import without --offline (online, into this graph), "
            "or empty the local database first (python -m tools.neo4j_local reset)"
        )


async def prepare_offline(
    graph: Graph,
    path: Path,
    folder: Path,
    *,
    fmt: str | None = None,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> OfflineLoad:
    """Read and check a claims file as `import_claims` does (same readers, same rejects) and write what it
    would write as CSV files in `folder`. Refuses (NotEmpty) a database that holds anything."""
    progress = progress or NoProgress()
    started = time.perf_counter()
    read = await _opened(path, fmt, shown)
    if skip_if_loaded and await graph.store.marker(read.marker["id"]):
        read.report.skipped = True
        return OfflineLoad(read, None, started)
    await ensure_empty(graph)
    tables = bulk.BulkGraph(folder)
    try:
        await _read_claims(graph, read, Offline(graph.store, tables), progress)
    finally:
        files = tables.close()
    read.report.timings["read, checked, CSV written"] = time.perf_counter() - started
    return OfflineLoad(read, files, started)


async def finish_offline(graph: Graph, load: OfflineLoad, progress: Progress | None = None) -> ImportReport:
    """After the bulk loader: the schema (waiting until every index is online), the values the CSV could
    not hold, and the record of the import, as the online import writes it."""
    progress = progress or NoProgress()
    report = load.report
    if load.files is None:
        report.seconds = time.perf_counter() - load.started
        return report
    started = time.perf_counter()
    progress.phase("indexes", None)
    await graph.writer.apply_schema()
    await _indexes_online(graph.store)
    report.timings["schema, indexes online"] = time.perf_counter() - started
    by_label: dict[str, list[Row]] = {}
    for fix in load.files.fixups:
        by_label.setdefault(fix.label, []).append({"id": fix.id, "props": fix.props})
    for label, rows in by_label.items():
        for batch in _batches(rows, DEFAULT_BATCH):
            await graph.writer.set_after_load(label.lower(), batch)
    report.counts["values set after the load"] = len(load.files.fixups)
    await _marker(graph, load.read.finished_marker(), load.read.recorded_at)
    report.seconds = time.perf_counter() - load.started
    return report


INDEX_WAIT = 3600.0  # seconds the indexes of a first load may take to build


async def _indexes_online(store: ImportStore) -> None:
    """Wait until every index and constraint is online (built on the loaded graph); a failed one is an error."""
    deadline = time.monotonic() + INDEX_WAIT
    while True:
        pending = await store.pending_indexes()
        failed = [p["name"] for p in pending if p["state"] == "FAILED"]
        if failed:
            raise OfflineLoadFailed(f"the index(es) {', '.join(failed)} failed to build: see the Neo4j log")
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(p["name"] for p in pending)
            raise OfflineLoadFailed(f"the index(es) {names} are not online after {INDEX_WAIT:.0f} s")
        await asyncio.sleep(0.5)
