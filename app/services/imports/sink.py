"""The import's writes to the graph: known ids, claims by import_hash, upserts, events, the import marker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.inputs import DerivedClaim
from app.importing import records
from app.importing.problems import Reject
from app.repository.imports import ImportStore
from app.repository.writer import GraphWriter
from app.seeding.rows import Row
from app.services.imports.batching import _batches, _prefetched, stamp
from app.services.imports.report import ImportReport, Progress, Skipped


@dataclass(frozen=True)
class Lane:
    """One session's writer and reader: used by one batch at a time (a session is not shared)."""

    writer: GraphWriter
    store: ImportStore


@dataclass
class Graph:
    """The import's way to the database: one lane per concurrent session (`--workers`)."""

    lanes: Sequence[Lane]

    @property
    def writer(self) -> GraphWriter:
        return self.lanes[0].writer

    @property
    def store(self) -> ImportStore:
        return self.lanes[0].store


# ------------------------------------------------------------------------------- known ids, claims


class KnownIds:
    """Ids known to exist (written by this import or found in the graph), and ids known not to."""

    def __init__(self) -> None:
        self.present: dict[str, set[str]] = {s: set() for s in ("actors", "sources", "events", "places")}
        self.absent: dict[str, set[str]] = {s: set() for s in ("actors", "sources", "events", "places")}

    def add(self, section: str, ids: Iterable[str]) -> None:
        self.present[section].update(ids)
        self.absent[section].difference_update(self.present[section])

    async def check(self, store: ImportStore, refs: Iterable[tuple[str, str]]) -> None:
        """Look up, in one query, the (section, id) pairs not yet known either way."""
        wanted: dict[str, set[str]] = {s: set() for s in self.present}
        for section, ident in refs:
            if ident not in self.present[section] and ident not in self.absent[section]:
                wanted[section].add(ident)
        if not any(wanted.values()):
            return
        found = await store.known_ids({s: sorted(v) for s, v in wanted.items()})
        for section, ids in wanted.items():
            self.present[section].update(found[section])
            self.absent[section].update(ids - found[section])

    def missing(self, refs: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        return [(f, s, i) for f, s, i in refs if i not in self.present[s]]


SINGULAR = {"actors": "actor", "sources": "source", "events": "event", "places": "place"}


def _actor_order(row: Row) -> tuple[str, ...]:
    return tuple(sorted(p["actor"] for p in row["parties"]))


async def resolved(
    store: ImportStore, known: KnownIds, lock: asyncio.Lock, batch: Sequence[records.Candidate], report: ImportReport
) -> list[records.Candidate]:
    """The claims of `batch` whose actors, sources and events exist (in the file or the graph); the others
    rejected into the report."""
    async with lock:
        await known.check(store, [(s, i) for c in batch for _, s, i in c.refs])
    good = []
    for c in batch:
        missing = known.missing(c.refs)
        if missing:
            f, s, i = missing[0]
            report.rejects.append(
                Reject(
                    report.file, c.origin.line, f, f"unknown {SINGULAR[s]} '{i}' (not in the file nor the graph)", c.id
                )
            )
        else:
            good.append(c)
    return good


class ClaimSink:
    """Writes claim batches: create the new, rewrite the changed, leave the unchanged (by import_hash)."""

    def __init__(self, graph: Graph, known: KnownIds, report: ImportReport, progress: Progress) -> None:
        self.known = known
        self.report = report
        self.progress = progress
        self._lock = asyncio.Lock()
        self._lanes: asyncio.Queue[Lane] = asyncio.Queue()
        for lane in graph.lanes:
            self._lanes.put_nowait(lane)

    async def write(self, batch: Sequence[records.Candidate]) -> None:
        lane = await self._lanes.get()
        try:
            await self._write(lane, batch)
        finally:
            self._lanes.put_nowait(lane)

    async def _write(self, lane: Lane, batch: Sequence[records.Candidate]) -> None:
        good = await resolved(lane.store, self.known, self._lock, batch, self.report)
        hashes = await lane.store.hashes("claims", [c.id for c in good])
        # in the order of their actors: concurrent batches (--workers) then take the actors' locks in one order
        new = sorted((c.row for c in good if c.id not in hashes), key=_actor_order)
        changed = [c.row for c in good if c.id in hashes and hashes[c.id] != c.row["props"]["import_hash"]]
        await lane.writer.write_claims(created=new, rewritten=changed)
        self.report.counts["claims created"] += len(new)
        self.report.counts["claims rewritten"] += len(changed)
        self.report.counts["claims unchanged"] += len(good) - len(new) - len(changed)
        self.report.batches += 1
        self.progress.advance(len(batch))


async def write_claims(
    graph: Graph,
    batches: Any,
    known: KnownIds,
    report: ImportReport,
    progress: Progress,
    skipped: Skipped | None = None,
) -> None:
    """Every batch through the sink; with several writers, that many batches in flight at once."""
    sink = ClaimSink(graph, known, report, progress)
    limit = len(graph.lanes)
    if limit == 1:
        async for batch in batches:
            await sink.write(batch)
            if skipped:
                skipped.drain(progress)
        if skipped:
            skipped.drain(progress)
        return
    running: set[asyncio.Future[None]] = set()
    async for batch in batches:
        if len(running) >= limit:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        running.add(asyncio.ensure_future(sink.write(batch)))
        if skipped:
            skipped.drain(progress)
    if running:
        for task in asyncio.as_completed(running):
            await task
    if skipped:
        skipped.drain(progress)


Upsert = Callable[[Sequence[Row]], Awaitable[None]]  # one of GraphWriter's upserts (upsert_actors, ...)
ActorUpsert = Callable[[Sequence[Row], Row], Awaitable[None]]  # upsert_ged_actors, upsert_mmp_actors


def import_change(command: str, file_name: str, release: str, at: datetime) -> Row:
    """The Change record an import leaves on each existing actor it changes (app/cypher/change_create.cypher,
    as a curation write leaves one), which also gets a new revision: its author is the command, not a key."""
    return {"at": at, "author": f"alliance import {command}", "op": "import", "reason": f"{file_name} ({release})"}


async def write_actors(
    upsert: ActorUpsert, rows: Sequence[Row], change: Row, batch_size: int, report: ImportReport, progress: Progress
) -> None:
    """An import's actors (new ones, and existing ones it gives names or ids) in batches, one transaction each;
    an existing actor changed gets a new revision and the record `change` (import_change)."""

    async def upsert_batch(batch: Sequence[Row]) -> None:
        await upsert(batch, change)

    await write_rows(upsert_batch, rows, batch_size, report, progress)


async def write_rows(
    upsert: Upsert, rows: Sequence[Row], batch_size: int, report: ImportReport, progress: Progress
) -> None:
    """Upserts (GraphWriter.upsert_*) in batches, one transaction each."""
    for batch in _batches(rows, batch_size):
        await upsert(batch)
        report.batches += 1
        progress.advance(len(batch))


async def write_events(
    graph: Graph, events: Iterable[Row], batch_size: int, report: ImportReport, progress: Progress
) -> None:
    """Events by their import_hash, as claims: new ones created (import_events_create.cypher), changed ones
    redrawn (seed_events.cypher), unchanged ones left alone. Batches are read one ahead of the writes."""
    async for batch in _prefetched(_batches(events, batch_size)):
        hashes = await graph.store.hashes("events", [r["id"] for r in batch])
        new = [r for r in batch if r["id"] not in hashes]
        changed = [r for r in batch if r["id"] in hashes and hashes[r["id"]] != r["props"]["import_hash"]]
        await graph.writer.write_events(created=new, rewritten=changed)
        report.counts["events created"] += len(new)
        report.counts["events rewritten"] += len(changed)
        report.counts["events unchanged"] += len(batch) - len(new) - len(changed)
        report.batches += 1
        progress.advance(len(batch))


async def write_derived_claims(
    graph: Graph,
    claims: Sequence[DerivedClaim],
    origin: str,
    recorded_at: datetime,
    known: KnownIds,
    batch_size: int,
    report: ImportReport,
    progress: Progress,
) -> None:
    """A dataset adapter's claims (app/domain/inputs.py DerivedClaim) as rows, by the path every input takes
    (records.derived_candidate), then through the sink in batches."""

    def rows() -> list[records.Candidate]:
        candidates = [records.derived_candidate(c, origin, recorded_at) for c in claims]
        for c in candidates:
            stamp(c.row)
        return candidates

    candidates = await asyncio.to_thread(rows)
    progress.phase("claims", len(candidates))

    async def batches() -> AsyncIterator[list[records.Candidate]]:
        for batch in _batches(candidates, batch_size):
            yield batch

    await write_claims(graph, batches(), known, report, progress)


async def _marker(graph: Graph, marker: Row, recorded_at: datetime) -> None:
    await graph.writer.set_import_marker(marker, recorded_at)


async def already_loaded(
    graph: Graph, report: ImportReport, marker_id: str, skip_if_loaded: bool, started: float
) -> bool:
    """--skip-if-loaded: True (the report marked skipped, timed) when this very import was recorded before."""
    if not (skip_if_loaded and await graph.store.marker(marker_id)):
        return False
    report.skipped = True
    report.seconds = time.perf_counter() - started
    return True


async def finish(
    graph: Graph, report: ImportReport, marker: Row, recorded_at: datetime, started: float
) -> ImportReport:
    """Record the import (its marker, with the rows read, loaded and rejected) and time the report."""
    marker = {**marker, "rows": report.rows, "loaded": report.loaded, "rejected": report.rejected}
    await _marker(graph, marker, recorded_at)
    report.seconds = time.perf_counter() - started
    return report
