"""UCDP GED files (docs/import-format.md, "UCDP GED"): actors, sources, places, events, then claims."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.errors import InvalidInput
from app.domain.model import ClaimKind
from app.importing.files import check_readable, default_release, digest
from app.importing.ged.actor_list import ActorList, read_actor_list
from app.importing.ged.actors import Resolution, groups_of, resolve_actors
from app.importing.ged.claims import cooperation_claims, hostility_claims
from app.importing.ged.codebook import ORIGIN
from app.importing.ged.events import dataset_source, event_row
from app.importing.ged.reader import Columns, GedRow, read_ged
from app.importing.ids import short_hash
from app.importing.problems import Reject
from app.seeding.rows import Row, source_row
from app.services.imports.batching import DEFAULT_BATCH, check_batch_size, stamp
from app.services.imports.report import ImportReport, NoProgress, Progress
from app.services.imports.sink import (
    Graph,
    KnownIds,
    already_loaded,
    finish,
    import_change,
    write_actors,
    write_derived_claims,
    write_events,
    write_rows,
)


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
    listed = await asyncio.to_thread(read_actor_list, actors_csv, str(actors_csv)) if actors_csv else None
    if listed is not None:
        report.rejects.extend(listed.rejects)
    parsed = await asyncio.to_thread(_read_ged, path, file, listed)
    report.missing_columns = parsed.columns.missing
    report.absent_means = parsed.columns.absent_means
    report.rejects.extend(parsed.rejects)
    report.rows = parsed.total
    await graph.writer.apply_schema()
    recorded_at = datetime.now(UTC).replace(microsecond=0)

    # Actors, always (a seed reload may have reset the aliases this import gives seed actors).
    progress.phase("actors", None)
    existing = await graph.store.actors()
    resolution = resolve_actors(groups_of(parsed.rows, listed), existing, listed, release)
    if resolution.rows():
        change = import_change("ucdp-ged", path.name, release, recorded_at)
        await write_actors(graph.writer.upsert_ged_actors, resolution.rows(), change, batch_size, report, progress)
    report.counts["actors created"] = len(resolution.created)
    report.counts["actors matched"] = len({a for n, a in resolution.actor_of.items() if resolution.matched[n] != "new"})
    report.notes.extend(_landing_notes(resolution))
    if await already_loaded(graph, report, marker_id, skip_if_loaded, started):
        return report

    # Sources and places, then events, then the claims they evidence.
    events, places, sources = await asyncio.to_thread(_event_rows, parsed.rows, resolution.actor_of, release)
    dataset = dataset_source(release, path.name)
    progress.phase("sources", len(sources) + 1)
    await write_rows(graph.writer.upsert_sources, [source_row(dataset), *sources], batch_size, report, progress)
    report.counts["sources written"] = len(sources) + 1
    progress.phase("places", len(places))
    await write_rows(graph.writer.upsert_places, places, batch_size, report, progress)
    report.counts["places written"] = len(places)
    progress.phase("events", len(events))
    await write_events(graph, events, batch_size, report, progress)
    report.counts["one-sided events"] = sum(1 for r in parsed.rows if r.violence == 3)

    deaths_known = parsed.columns.has("best")
    claims = await asyncio.to_thread(
        lambda: [
            c
            for derive in (hostility_claims, cooperation_claims)
            for c in derive(parsed.rows, resolution.actor_of, release, deaths_known, file)
        ]
    )
    report.counts["hostility claims"] = sum(1 for c in claims if c.claim.kind is ClaimKind.HOSTILITY)
    report.counts["cooperation claims"] = len(claims) - report.counts["hostility claims"]
    known = KnownIds()
    known.add("actors", resolution.actor_of.values())
    known.add("sources", [dataset.id])
    known.add("events", (e["id"] for e in events))
    await write_derived_claims(graph, claims, ORIGIN, recorded_at, known, batch_size, report, progress)
    marker = {
        "id": marker_id,
        "format": "ucdp-ged",
        "file": path.name,
        "sha256": sha,
        "release": release,
        "actors_file": actors_csv.name if actors_csv else None,
    }
    return await finish(graph, report, marker, recorded_at, started)


@dataclass
class _Parsed:
    columns: Columns
    rows: list[GedRow]
    rejects: list[Reject]

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.rejects)


def _read_ged(path: Path, file: str, listed: ActorList | None) -> _Parsed:
    items = read_ged(path, file, listed)
    columns = next(items)
    assert isinstance(columns, Columns)
    rows: list[GedRow] = []
    rejects: list[Reject] = []
    for item in items:
        if isinstance(item, GedRow):
            rows.append(item)
        elif isinstance(item, Reject):
            rejects.append(item)
    return _Parsed(columns, rows, rejects)


def _landing_notes(resolution: Resolution) -> list[str]:
    """Where UCDP's names landed on actors this importer did not create (the seed's, an analyst's)."""
    by_actor: dict[str, list[str]] = {}
    for name, actor in sorted(resolution.actor_of.items()):
        if actor in resolution.foreign:
            by_actor.setdefault(actor, []).append(f"{name} (by {resolution.matched[name]})")
    return [f"{', '.join(names)} -> {actor}" for actor, names in sorted(by_actor.items())]


def _event_rows(
    rows: Sequence[GedRow], actor_of: dict[str, str], release: str
) -> tuple[list[Row], list[Row], list[Row]]:
    events: list[Row] = []
    places: dict[str, Row] = {}
    sources: dict[str, Row] = {}
    for r in rows:
        event, place, articles = event_row(r, actor_of, release)
        events.append(stamp(event))
        if place is not None:
            places.setdefault(place["id"], place)
        for s in articles:
            if s.id not in sources:
                sources[s.id] = source_row(s, {"origin": ORIGIN})
    return events, list(places.values()), list(sources.values())
