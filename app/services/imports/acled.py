"""ACLED's CSV export (docs/acled.md): actors matched (or created), places, events, then hostility and
cooperation claims."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from app.domain.errors import InvalidInput
from app.domain.model import ClaimKind
from app.domain.text import search_key
from app.importing.acled import (
    ORIGIN,
    AcledFile,
    actor_names,
    dataset_source,
    derived_claims,
    event_row,
    name_variants,
    new_actor_kind,
    read_acled,
)
from app.importing.files import check_readable, default_release, digest
from app.importing.ged.actors import Group, resolve_actors
from app.importing.ids import short_hash
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

FORMAT = "acled"


def _groups(parsed: AcledFile) -> tuple[dict[str, Group], dict[str, int | None]]:
    """One group per ACLED actor name, its name first, then the forms it may be known by."""
    names = actor_names(parsed.rows)
    groups = {}
    for name in names:
        variants = name_variants(name)
        groups[f"name:{search_key(name)}"] = Group(
            None, Counter({v: len(variants) - i for i, v in enumerate(variants)})
        )
    return groups, names


async def import_acled(
    graph: Graph,
    path: Path,
    *,
    release: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> ImportReport:
    """Import an ACLED CSV export (docs/acled.md)."""
    check_batch_size(batch_size)
    check_readable(path)
    progress = progress or NoProgress()
    started = time.perf_counter()
    file = shown or str(path)
    release = " ".join((release or default_release(path)).split())
    if not release:
        raise InvalidInput("--release: empty: name the export (such as 2024-06-30)", field="release")
    report = ImportReport(file=file, format=FORMAT)
    sha = await asyncio.to_thread(digest, path)
    marker_id = f"import-{FORMAT}-{short_hash(f'{sha}|{release}', 32)}"
    progress.phase("reading", None)
    parsed = await asyncio.to_thread(read_acled, path, file)
    report.rows = parsed.total
    report.rejects.extend(parsed.rejects)
    report.missing_columns = parsed.missing
    unknown = sum(1 for r in parsed.rows if r.precision_unknown)
    if unknown:
        report.counts["events without time_precision (read as the month)"] = unknown
    await graph.writer.apply_schema()
    recorded_at = datetime.now(UTC).replace(microsecond=0)

    progress.phase("actors", None)
    existing = await graph.store.actors()
    groups, inter = _groups(parsed)
    resolution = resolve_actors(groups, existing, None, release)
    created = [_retag(r, inter, release) for r in resolution.created]
    rows = created + resolution.updated
    if rows:
        change = import_change(FORMAT, path.name, release, recorded_at)
        await write_actors(graph.writer.upsert_ged_actors, rows, change, batch_size, report, progress)
    actor_of = {name: resolution.by_group[f"name:{search_key(name)}"] for name in inter}
    report.counts["actors created"] = len(created)
    report.counts["actors matched"] = len(
        {resolution.by_group[k] for k, how in resolution.how_group.items() if how != "new"}
    )
    by_actor: dict[str, list[str]] = {}
    for name, actor in sorted(actor_of.items()):
        how = resolution.how_group[f"name:{search_key(name)}"]
        if how != "new":
            by_actor.setdefault(actor, []).append(f"{name} (by {how})")
    report.notes.extend(f"{', '.join(names)} -> {actor}" for actor, names in sorted(by_actor.items()))
    if await already_loaded(graph, report, marker_id, skip_if_loaded, started):
        return report

    dataset = dataset_source(release, path.name)
    await write_rows(graph.writer.upsert_sources, [source_row(dataset)], batch_size, report, progress)
    events: list[Row] = []
    places: dict[str, Row] = {}
    for r in parsed.rows:
        event, place = event_row(r, actor_of, release)
        events.append(stamp(event))
        if place is not None:
            places.setdefault(place["id"], place)
    progress.phase("places", len(places))
    await write_rows(graph.writer.upsert_places, list(places.values()), batch_size, report, progress)
    report.counts["places written"] = len(places)
    progress.phase("events", len(events))
    await write_events(graph, events, batch_size, report, progress)

    claims = await asyncio.to_thread(derived_claims, parsed.rows, actor_of, release, file)
    known = KnownIds()
    known.add("actors", actor_of.values())
    known.add("sources", [dataset.id])
    known.add("events", (e["id"] for e in events))
    await write_derived_claims(graph, claims, ORIGIN, recorded_at, known, batch_size, report, progress)
    kinds = Counter(c.claim.kind for c in claims)
    report.counts["hostility claims"] = kinds[ClaimKind.HOSTILITY]
    report.counts["cooperation claims"] = kinds[ClaimKind.COOPERATION]
    marker = {"id": marker_id, "format": FORMAT, "file": path.name, "sha256": sha, "release": release}
    return await finish(graph, report, marker, recorded_at, started)


def _retag(row: Row, inter: dict[str, int | None], release: str) -> Row:
    props = dict(row["props"])
    name = props["name"]
    props["kind"] = new_actor_kind(inter.get(name))
    props["description"] = f"'{name}' as ACLED names it. Created by the import of ACLED {release}."
    props["origin"] = ORIGIN
    return {**row, "props": props}
