"""Bulk import: files read and checked (app/importing), then written in batches, one transaction per batch.

- Idempotent: ids come from the data; claims and events carry a hash of their content (`import_hash`),
  so a row already in the graph unchanged is left alone, a changed one is rewritten (write_claims.cypher,
  seed_events.cypher) and a new one is created (import_claims_create.cypher: CREATE, no MERGE).
- Resumable: every batch is one transaction, so an import killed mid-way leaves whole batches; run again
  it skips what is there and writes the rest, ending with exactly the graph of one clean run.
- A bad row is rejected (file, line, field, reason) before anything of it is written: claims naming an
  actor, source or event that is neither in the file nor in the graph are rejected too, never written
  without their party.
- Reading and checking the next batch (in a worker thread) overlaps writing the current one.

The finished import is recorded as an (:Import) node (format, file, SHA-256, counts), which
`--skip-if-loaded` looks for.

A claims file read for the offline first load (`--offline`: `prepare_offline`, then Neo4j's bulk loader,
then `finish_offline`) goes through the same readers and checks; only the sink differs (`Online` writes
batches, `Offline` writes CSV files: app/importing/bulk.py).
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import orjson

from app.domain.errors import DomainError, InvalidInput
from app.importing import bulk, ged, records
from app.importing.files import UnusableFile, check_readable, digest
from app.importing.ids import short_hash
from app.importing.problems import Reject
from app.repository import catalog
from app.repository.imports import ImportStore
from app.repository.writer import GraphWriter, Step
from app.seeding.rows import Row
from app.services.backup import NotEmpty

T = TypeVar("T")
DEFAULT_BATCH = 5000
MAX_BATCH = 100_000
FORMATS = ("ndjson", "csv")


class Progress(Protocol):
    """What the importer reports while it works (the CLI draws bars or prints lines)."""

    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


class NoProgress:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


@dataclass
class ImportReport:
    """What an import did. `rows` counts the data rows read (records, CSV rows, GED events)."""

    file: str
    format: str
    rows: int = 0
    rejects: list[Reject] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    missing_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: bool = False  # --skip-if-loaded found this very file loaded before
    batches: int = 0
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of an offline load

    @property
    def rejected(self) -> int:
        """Rows of the file rejected (a row may have several problems; other files' rows not counted)."""
        return len({r.line for r in self.rejects if r.file == self.file})

    @property
    def loaded(self) -> int:
        return self.rows - self.rejected

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


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


def stamp(row: Row) -> Row:
    """The row with `import_hash` in its properties: a hash of everything written but `recorded_at`."""
    props = row["props"]
    content = {**row, "props": {k: v for k, v in props.items() if k not in ("recorded_at", "import_hash")}}
    data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    props["import_hash"] = hashlib.blake2b(data, digest_size=16).hexdigest()
    return row


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def _prefetched(batches: Iterator[T]) -> AsyncIterator[T]:
    """Iterate `batches` in a worker thread, one ahead: the next batch is read while this one is written."""
    done = object()

    def step() -> T | object:
        return next(batches, done)

    pending = asyncio.ensure_future(asyncio.to_thread(step))
    while True:
        batch = await pending
        if batch is done:
            return
        pending = asyncio.ensure_future(asyncio.to_thread(step))
        yield batch  # type: ignore[misc]


async def _inline(batches: Iterator[T]) -> AsyncIterator[T]:
    """Iterate `batches` in the event loop's own thread: for the offline load, whose writing is CPU work in
    this process too (a reading thread would only take turns with it for the GIL, and cost the switching)."""
    for batch in batches:
        yield batch


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


BOUNDS = ("from_lo", "from_hi", "to_lo", "to_hi")


def _bounds_as_text(row: Row) -> Row:
    props = dict(row["props"])
    for key in BOUNDS:
        props[key] = props[key].isoformat()
    return {**row, "props": props}


def _create_params(rows: Sequence[Row]) -> dict[str, Any]:
    """Parameters of import_claims_create.cypher: bounds as ISO text, recorded_at as an index into the batch's
    distinct times."""
    times: dict[Any, int] = {}
    claims = []
    for row in rows:
        props = {k: v for k, v in row["props"].items() if k != "recorded_at"}
        for key in BOUNDS:
            props[key] = props[key].isoformat()
        recorded = times.setdefault(row["props"]["recorded_at"], len(times))
        claims.append({**row, "props": props, "recorded": recorded})
    return {"claims": claims, "recorded_at": list(times)}


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
                Reject(report.file, c.line, f, f"unknown {SINGULAR[s]} '{i}' (not in the file nor the graph)", c.id)
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
        steps: list[Step] = []
        if new:
            steps.append((catalog.query("import_claims_create"), _create_params(new)))
        if changed:
            steps.append((catalog.query("write_claims"), {"claims": changed}))
        if steps:
            await lane.writer.write(steps)
        self.report.counts["claims created"] += len(new)
        self.report.counts["claims rewritten"] += len(changed)
        self.report.counts["claims unchanged"] += len(good) - len(new) - len(changed)
        self.report.batches += 1
        self.progress.advance(len(batch))


class Skipped:
    """Rows rejected while reading (in the worker thread), shown as progress with the next committed batch."""

    def __init__(self) -> None:
        self.count = 0

    def drain(self, progress: Progress) -> None:
        count, self.count = self.count, 0
        if count:
            progress.advance(count)


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


async def write_rows(
    graph: Graph, query: str, key: str, rows: Sequence[Row], batch_size: int, report: ImportReport, progress: Progress
) -> None:
    """Upserts (seed_*.cypher) in batches, one transaction each."""
    for batch in _batches(rows, batch_size):
        await graph.writer.write([(catalog.query(query), {key: batch})])
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
        steps: list[Step] = []
        if new:
            steps.append((catalog.query("import_events_create"), {"events": [_bounds_as_text(r) for r in new]}))
        if changed:
            steps.append((catalog.query("seed_events"), {"events": changed}))
        if steps:
            await graph.writer.write(steps)
        report.counts["events created"] += len(new)
        report.counts["events rewritten"] += len(changed)
        report.counts["events unchanged"] += len(batch) - len(new) - len(changed)
        report.batches += 1
        progress.advance(len(batch))


async def _marker(graph: Graph, marker: Row, recorded_at: datetime) -> None:
    params = {"import": marker, "recorded_at": recorded_at}
    await graph.writer.write([(catalog.query("import_marker_set"), params)])


def check_batch_size(batch_size: int) -> None:
    if not 1 <= batch_size <= MAX_BATCH:
        raise InvalidInput(f"--batch-size: {batch_size}: give 1..{MAX_BATCH}", field="batch-size")


# -------------------------------------------------------------------------------------- claims files


def claims_format(path: Path) -> str:
    """ndjson or csv, from the name (`.ndjson`, `.jsonl`, `.csv`, each optionally `.gz`)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if name.endswith(".csv"):
        return "csv"
    raise InvalidInput(
        f"{path.name}: cannot tell the format from the name: use .ndjson, .jsonl or .csv (optionally .gz), or --format",
        field="format",
    )


class Sink(Protocol):
    """Where the read and checked rows of a claims file go: the graph in batches (`Online`), or CSV files
    for Neo4j's bulk loader (`Offline`)."""

    batch_size: int  # claims read, checked and written together

    def batches(self, items: Iterator[list[records.Candidate]]) -> AsyncIterator[list[records.Candidate]]:
        """How the batches are read: in a thread, one ahead of the writes (`Online`), or in turn with them."""
        ...

    async def entities(
        self, entities: dict[str, list[records.Entity]], report: ImportReport, known: KnownIds, progress: Progress
    ) -> None: ...

    async def claims(
        self, batches: Any, known: KnownIds, report: ImportReport, progress: Progress, skipped: Skipped
    ) -> None: ...


@dataclass
class Online:
    """The online import: batched UNWIND writes, one transaction per batch."""

    graph: Graph
    batch_size: int

    def batches(self, items: Iterator[list[records.Candidate]]) -> AsyncIterator[list[records.Candidate]]:
        return _prefetched(items)

    async def entities(
        self, entities: dict[str, list[records.Entity]], report: ImportReport, known: KnownIds, progress: Progress
    ) -> None:
        await _write_entities(self.graph, entities, self.batch_size, report, known, progress)

    async def claims(
        self, batches: Any, known: KnownIds, report: ImportReport, progress: Progress, skipped: Skipped
    ) -> None:
        await write_claims(self.graph, batches, known, report, progress, skipped)


async def import_claims(
    graph: Graph,
    path: Path,
    *,
    fmt: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> ImportReport:
    """Import an NDJSON or CSV claims file (docs/import-format.md)."""
    check_batch_size(batch_size)
    progress = progress or NoProgress()
    started = time.perf_counter()
    read = await _opened(path, fmt, shown)
    await graph.writer.apply_schema()
    if skip_if_loaded and await graph.store.marker(read.marker["id"]):
        read.report.skipped = True
        read.report.seconds = time.perf_counter() - started
        return read.report
    await _read_claims(graph, read, Online(graph, batch_size), progress)
    await _marker(graph, read.finished_marker(), read.recorded_at)
    read.report.seconds = time.perf_counter() - started
    return read.report


@dataclass
class ClaimsFile:
    """A claims file about to be read: its format, its report, and the record of its import (marker)."""

    path: Path
    file: str
    fmt: str
    report: ImportReport
    marker: Row
    recorded_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    def finished_marker(self) -> Row:
        r = self.report
        return {**self.marker, "rows": r.rows, "loaded": r.loaded, "rejected": r.rejected}


async def _opened(path: Path, fmt: str | None, shown: str | None) -> ClaimsFile:
    check_readable(path)
    fmt = fmt or claims_format(path)
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: '{fmt}': one of {', '.join(FORMATS)}", field="format")
    file = shown or str(path)
    sha = await asyncio.to_thread(digest, path)
    marker = {"id": f"import-{fmt}-{short_hash(sha, 32)}", "format": fmt, "file": path.name, "sha256": sha}
    return ClaimsFile(path, file, fmt, ImportReport(file=file, format=fmt), marker)


async def _read_claims(graph: Graph, read: ClaimsFile, sink: Sink, progress: Progress) -> None:
    known = KnownIds()
    if read.fmt == "ndjson":
        await _ndjson(graph, read, sink, known, progress)
    else:
        await _csv(read, sink, known, progress)


async def _ndjson(graph: Graph, read: ClaimsFile, sink: Sink, known: KnownIds, progress: Progress) -> None:
    report = read.report
    progress.phase("reading", None)
    scan = await asyncio.to_thread(records.scan, read.path, read.file)
    report.rejects.extend(scan.rejects)
    entities = await _checked_entities(graph.store, scan, known, report)
    report.rows = scan.records
    await sink.entities(entities, report, known, progress)
    progress.phase("claims", scan.claims)
    reader = records.ClaimReader(read.file, scan.header, read.recorded_at)
    skipped = Skipped()
    lines = (reader.read(line, raw) for line, raw in records.ndjson_claims(read.path, read.file))
    batches = sink.batches(_batches(_candidates(lines, report, skipped), sink.batch_size))
    await sink.claims(batches, known, report, progress, skipped)


def _candidates(
    read: Iterable[records.Candidate | list[Reject] | Reject], report: ImportReport, skipped: Skipped
) -> Iterator[records.Candidate]:
    """The claims that were read well, stamped with their content hash; the rejects go to the report."""
    for got in read:
        if isinstance(got, Reject | list):
            report.rejects.extend(got if isinstance(got, list) else [got])
            skipped.count += 1
        else:
            stamp(got.row)
            yield got


async def _checked_entities(
    store: ImportStore, scan: records.Scan, known: KnownIds, report: ImportReport
) -> dict[str, list[records.Entity]]:
    """The file's actors, places, sources and events whose references resolve (in the file or the graph);
    repeated ids are rejected after their first use, and what names a rejected entry is rejected in turn."""
    kept: dict[str, list[records.Entity]] = {}
    for kind, items in scan.entities.items():
        first: dict[str, int] = {}
        kept[kind] = []
        for e in items:
            if e.id in first:
                report.rejects.append(
                    Reject(
                        report.file, e.line, "id", f"the {kind} id '{e.id}' is used again (line {first[e.id]})", e.id
                    )
                )
                continue
            first[e.id] = e.line
            kept[kind].append(e)
    defined = {records.SECTION_OF[k]: {e.id for e in v} for k, v in kept.items()}
    outside = [(s, i) for v in kept.values() for e in v for _, s, i in e.refs() if i not in defined[s]]
    await known.check(store, outside)
    changed = True
    while changed:  # an entry naming a rejected one is rejected too
        changed = False
        for kind, items in kept.items():
            for e in list(items):
                bad = [(f, s, i) for f, s, i in e.refs() if i not in defined[s] and i not in known.present[s]]
                if bad:
                    f, s, i = bad[0]
                    report.rejects.append(
                        Reject(
                            report.file, e.line, f, f"unknown {SINGULAR[s]} '{i}' (not in the file nor the graph)", e.id
                        )
                    )
                    items.remove(e)
                    defined[records.SECTION_OF[kind]].discard(e.id)
                    changed = True
    return kept


async def _write_entities(
    graph: Graph,
    entities: dict[str, list[records.Entity]],
    batch_size: int,
    report: ImportReport,
    known: KnownIds,
    progress: Progress,
) -> None:
    """Actors, places, sources (twice for those that link to one another, so every link finds its end),
    then events."""
    plans = (
        ("actor", "seed_actors", "actors", "part_of"),
        ("place", "seed_places", "places", "within"),
        ("source", "seed_sources", "sources", "reported_in"),
    )
    for kind, query, key, link in plans:
        items = entities[kind]
        if not items:
            continue
        rows = [e.row() for e in items]
        linked = [r for r in rows if r[link] is not None]
        progress.phase(key, len(rows) + len(linked))
        await write_rows(graph, query, key, [{**r, link: None} for r in rows], batch_size, report, progress)
        await write_rows(graph, query, key, linked, batch_size, report, progress)
        report.counts[f"{key} written"] += len(rows)
        known.add(key, (e.id for e in items))
    events = entities["event"]
    if events:
        progress.phase("events", len(events))
        await write_events(graph, (stamp(e.row()) for e in events), batch_size, report, progress)
        known.add("events", (e.id for e in events))


async def _csv(read: ClaimsFile, sink: Sink, known: KnownIds, progress: Progress) -> None:
    report = read.report
    progress.phase("reading", None)
    total = await asyncio.to_thread(records.count_csv_rows, read.path)
    report.rows = total
    progress.phase("claims", total)
    _, rows = records.csv_claims(read.path, read.file)
    reader = records.ClaimReader(read.file, None, read.recorded_at)
    skipped = Skipped()
    lines = (raw if isinstance(raw, Reject) else reader.read(line, raw, records.CSV_FIELDS) for line, raw in rows)
    batches = sink.batches(_batches(_candidates(lines, report, skipped), sink.batch_size))
    await sink.claims(batches, known, report, progress, skipped)


# ------------------------------------------------------------------------------------ offline first load


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
        query = catalog.query("import_fixups", label=label.lower())
        for batch in _batches(rows, DEFAULT_BATCH):
            await graph.writer.write([(query, {"rows": batch})])
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


# ---------------------------------------------------------------------------------------------- GED


async def import_ged(
    graph: Graph,
    path: Path,
    *,
    actors_csv: Path | None = None,
    release: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> ImportReport:
    """Import a UCDP GED CSV (docs/import-format.md, "UCDP GED")."""
    check_batch_size(batch_size)
    check_readable(path)
    if actors_csv is not None:
        check_readable(actors_csv)
    progress = progress or NoProgress()
    started = time.perf_counter()
    file = shown or str(path)
    release = " ".join((release or default_release(path)).split())
    if not release:
        raise InvalidInput("--release: empty: name the GED release (such as 19.1)", field="release")
    report = ImportReport(file=file, format="ucdp-ged")
    sha = await asyncio.to_thread(digest, path)
    actors_sha = await asyncio.to_thread(digest, actors_csv) if actors_csv else ""
    marker_id = f"import-ucdp-ged-{short_hash(f'{sha}|{actors_sha}|{release}', 32)}"
    progress.phase("reading", None)
    listed = await asyncio.to_thread(ged.read_actor_list, actors_csv, str(actors_csv)) if actors_csv else None
    if listed is not None:
        report.rejects.extend(listed.rejects)
    parsed = await asyncio.to_thread(_read_ged, path, file, listed)
    report.missing_columns = parsed.columns.missing
    report.rejects.extend(parsed.rejects)
    report.rows = parsed.total
    await graph.writer.apply_schema()
    recorded_at = datetime.now(UTC).replace(microsecond=0)

    # Actors, always (a seed reload may have reset the aliases this import gives seed actors).
    progress.phase("actors", None)
    existing = [_existing(a) for a in await graph.store.actors()]
    resolution = ged.resolve_actors(ged.groups_of(parsed.rows, listed), existing, listed, release)
    if resolution.rows():
        await write_rows(graph, "import_ged_actors", "actors", resolution.rows(), batch_size, report, progress)
    report.counts["actors created"] = len(resolution.created)
    report.counts["actors matched"] = len({a for n, a in resolution.actor_of.items() if resolution.matched[n] != "new"})
    report.notes.extend(_landing_notes(resolution))
    if skip_if_loaded and await graph.store.marker(marker_id):
        report.skipped = True
        report.seconds = time.perf_counter() - started
        return report

    # Sources and places, then events, then the claims they evidence.
    events, places, sources = await asyncio.to_thread(_event_rows, parsed.rows, resolution.actor_of, release)
    dataset = ged.dataset_source(release, path.name)
    progress.phase("sources", len(sources) + 1)
    await write_rows(graph, "seed_sources", "sources", [dataset, *sources], batch_size, report, progress)
    report.counts["sources written"] = len(sources) + 1
    progress.phase("places", len(places))
    await write_rows(graph, "seed_places", "places", places, batch_size, report, progress)
    report.counts["places written"] = len(places)
    progress.phase("events", len(events))
    await write_events(graph, events, batch_size, report, progress)
    report.counts["one-sided events"] = sum(1 for r in parsed.rows if r.violence == 3)

    claims = await asyncio.to_thread(
        lambda: [
            stamp(c)
            for c in ged.hostility_claims(
                parsed.rows, resolution.actor_of, release, recorded_at, deaths_known=parsed.columns.has("best")
            )
        ]
    )
    progress.phase("claims", len(claims))
    known = KnownIds()
    known.add("actors", resolution.actor_of.values())
    known.add("sources", [dataset["id"]])
    known.add("events", (e["id"] for e in events))
    candidates = [records.Candidate(0, c["id"], c, _claim_refs(c)) for c in claims]

    async def batches() -> Any:
        for batch in _batches(candidates, batch_size):
            yield batch

    await write_claims(graph, batches(), known, report, progress)
    await _marker(
        graph,
        {
            "id": marker_id,
            "format": "ucdp-ged",
            "file": path.name,
            "sha256": sha,
            "release": release,
            "actors_file": actors_csv.name if actors_csv else None,
            "rows": report.rows,
            "loaded": report.loaded,
            "rejected": report.rejected,
        },
        recorded_at,
    )
    report.seconds = time.perf_counter() - started
    return report


def default_release(path: Path) -> str:
    """The file's name without its suffixes: name the release with --release instead."""
    name = path.name
    for suffix in (".gz", ".csv"):
        name = name.removesuffix(suffix)
    return name


@dataclass
class _Parsed:
    columns: ged.Columns
    rows: list[ged.GedRow]
    rejects: list[Reject]

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.rejects)


def _read_ged(path: Path, file: str, listed: ged.ActorList | None) -> _Parsed:
    items = ged.read_ged(path, file, listed)
    columns = next(items)
    assert isinstance(columns, ged.Columns)
    rows: list[ged.GedRow] = []
    rejects: list[Reject] = []
    for item in items:
        if isinstance(item, ged.GedRow):
            rows.append(item)
        elif isinstance(item, Reject):
            rejects.append(item)
    return _Parsed(columns, rows, rejects)


def _existing(a: dict[str, Any]) -> ged.ExistingActor:
    return ged.ExistingActor(
        id=a["id"],
        name=a["name"] or a["id"],
        kind=a["kind"] or "",
        aliases=tuple(a["aliases"]),
        search_keys=tuple(a["search_keys"]),
        ucdp_id=a["ucdp_id"],
        origin=a["origin"],
    )


def _landing_notes(resolution: ged.Resolution) -> list[str]:
    """Where UCDP's names landed on actors this importer did not create (the seed's, an analyst's)."""
    by_actor: dict[str, list[str]] = {}
    for name, actor in sorted(resolution.actor_of.items()):
        if actor in resolution.foreign:
            by_actor.setdefault(actor, []).append(f"{name} (by {resolution.matched[name]})")
    return [f"{', '.join(names)} -> {actor}" for actor, names in sorted(by_actor.items())]


def _event_rows(
    rows: Sequence[ged.GedRow], actor_of: dict[str, str], release: str
) -> tuple[list[Row], list[Row], list[Row]]:
    events: list[Row] = []
    places: dict[str, Row] = {}
    sources: dict[str, Row] = {}
    for r in rows:
        event, place, articles = ged.event_row(r, actor_of, release)
        events.append(stamp(event))
        if place is not None:
            places.setdefault(place["id"], place)
        for s in articles:
            sources.setdefault(s["id"], s)
    return events, list(places.values()), list(sources.values())


def _claim_refs(claim: Row) -> list[tuple[str, str, str]]:
    refs = [(f"parties[{p['position']}]", "actors", p["actor"]) for p in claim["parties"]]
    refs += [("citations", "sources", c["source"]) for c in claim["citations"]]
    refs += [("evidence", "events", e) for e in claim["evidence"]]
    return refs


__all__ = [
    "DEFAULT_BATCH",
    "Graph",
    "ImportReport",
    "Lane",
    "NoProgress",
    "Progress",
    "UnusableFile",
    "claims_format",
    "import_claims",
    "import_ged",
]
