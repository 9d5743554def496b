"""NDJSON and CSV claims files (docs/import-format.md): read, checked, then written by a sink."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from app.domain.errors import InvalidInput
from app.importing import records
from app.importing.files import check_readable, digest
from app.importing.ids import short_hash
from app.importing.problems import Reject
from app.repository.imports import ImportStore
from app.seeding.rows import Row
from app.services.imports.batching import DEFAULT_BATCH, _batches, _prefetched, check_batch_size, stamp
from app.services.imports.report import ImportReport, NoProgress, Progress, Skipped
from app.services.imports.sink import SINGULAR, Graph, KnownIds, Upsert, _marker, write_claims, write_events, write_rows

FORMATS = ("ndjson", "csv")


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
                        report.file,
                        e.origin.line,
                        "id",
                        f"the {kind} id '{e.id}' is used again (line {first[e.id]})",
                        e.id,
                    )
                )
                continue
            first[e.id] = e.origin.line
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
                            report.file,
                            e.origin.line,
                            f,
                            f"unknown {SINGULAR[s]} '{i}' (not in the file nor the graph)",
                            e.id,
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
    writer = graph.writer
    plans: tuple[tuple[str, Upsert, str, str], ...] = (
        ("actor", writer.upsert_actors, "actors", "part_of"),
        ("place", writer.upsert_places, "places", "within"),
        ("source", writer.upsert_sources, "sources", "reported_in"),
    )
    for kind, upsert, key, link in plans:
        items = entities[kind]
        if not items:
            continue
        rows = [e.row() for e in items]
        linked = [r for r in rows if r[link] is not None]
        progress.phase(key, len(rows) + len(linked))
        await write_rows(upsert, [{**r, link: None} for r in rows], batch_size, report, progress)
        await write_rows(upsert, linked, batch_size, report, progress)
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
