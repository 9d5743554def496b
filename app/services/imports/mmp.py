"""`alliance import mmp`: Mapping Militant Organizations' relationship table as claims (docs/mmp.md).

The flow of the GED import, through the same shared writers: the file read and checked (app/importing/mmp.py),
its groups matched to actors and written, the dataset source, the claims in batches by their content hash
(created, rewritten or left alone: a repeat import changes nothing), then the record of the import.
A rejected row writes nothing: its groups become actors only through the rows that were kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from app.importing import mmp
from app.importing.files import check_readable, digest
from app.importing.ids import short_hash
from app.importing.problems import Reject
from app.seeding.rows import source_row
from app.services.imports.batching import DEFAULT_BATCH, check_batch_size
from app.services.imports.report import ImportReport, NoProgress, Progress
from app.services.imports.sink import (
    Graph,
    KnownIds,
    already_loaded,
    finish,
    import_change,
    write_actors,
    write_derived_claims,
    write_rows,
)

FORMAT = "mmp"
RELEASE = "MMP July 2019"


def _read(path: Path, file: str, key_csv: Path | None) -> tuple[mmp.Key | None, mmp.Relationships]:
    key = mmp.read_key(key_csv, str(key_csv)) if key_csv is not None else None
    return key, mmp.read_relationships(path, file, key)


def _landing(
    rows: Sequence[mmp.MmpRow], existing: list[mmp.ExistingActor], file: str
) -> tuple[list[mmp.MmpRow], mmp.Resolution, list[Reject]]:
    """The groups of the rows matched to actors; a row whose two groups land on one actor is rejected, and
    the groups are matched again without it (so a rejected row's groups make no actor)."""
    resolution = mmp.resolve_actors(mmp.groups_of(rows), existing)
    rejects = mmp.same_actor(rows, resolution.actor_of, file)
    if not rejects:
        return list(rows), resolution, []
    bad = {r.line for r in rejects}
    kept = [r for r in rows if r.line not in bad]
    return kept, mmp.resolve_actors(mmp.groups_of(kept), existing), rejects


async def import_mmp(
    graph: Graph,
    path: Path,
    *,
    key_csv: Path | None = None,
    until_replaced: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> ImportReport:
    """Import MMP's relationship table (Militant-Group-Relationships-clean.csv), with its key if given."""
    check_batch_size(batch_size)
    check_readable(path)
    if key_csv is not None:
        check_readable(key_csv)
    progress = progress or NoProgress()
    started = time.perf_counter()
    file = shown or str(path)
    report = ImportReport(file=file, format=FORMAT)
    sha = await asyncio.to_thread(digest, path)
    key_sha = await asyncio.to_thread(digest, key_csv) if key_csv else ""
    marker_id = f"import-mmp-{short_hash(f'{sha}|{key_sha}|until-replaced={until_replaced}', 32)}"
    progress.phase("reading", None)
    key, read = await asyncio.to_thread(_read, path, file, key_csv)
    if key is not None:
        report.rejects.extend(key.rejects)
        report.counts["key groups marked -99 (not on a map yet; not used)"] = len(key.unnumbered)
    report.rejects.extend(read.rejects)
    await graph.writer.apply_schema()
    recorded_at = datetime.now(UTC).replace(microsecond=0)
    release = RELEASE + (" (until replaced)" if until_replaced else "")

    # Actors, always (a seed reload resets the aliases and MMP ids this import gives the seed's actors).
    progress.phase("actors", None)
    existing = await graph.store.actors()
    rows, resolution, unlanded = _landing(read.rows, existing, file)
    report.rejects.extend(unlanded)
    report.rows = len(rows) + len({r.line for r in report.rejects if r.file == file})
    if resolution.rows():
        change = import_change(FORMAT, path.name, release, recorded_at)
        await write_actors(graph.writer.upsert_mmp_actors, resolution.rows(), change, batch_size, report, progress)
    report.counts["actors created"] = len(resolution.created)
    report.counts["actors matched"] = len({a for g, a in resolution.actor_of.items() if resolution.how[g] != "new"})
    report.notes.extend(mmp.landing_notes(resolution, mmp.groups_of(rows)))
    if await already_loaded(graph, report, marker_id, skip_if_loaded, started):
        return report

    source = mmp.dataset_source(path.name)
    progress.phase("sources", 1)
    await write_rows(graph.writer.upsert_sources, [source_row(source)], batch_size, report, progress)
    report.counts["sources written"] = 1

    replaced = mmp.replacements(rows) if until_replaced else None
    claims = list(mmp.claims(rows, resolution.actor_of, file, replaced))
    if replaced is not None:
        report.counts["claims ended by a later tie (--until-replaced)"] = len(replaced)
    known = KnownIds()
    known.add("actors", resolution.actor_of.values())
    known.add("sources", [source.id])
    await write_derived_claims(graph, claims, mmp.ORIGIN, recorded_at, known, batch_size, report, progress)
    marker = {
        "id": marker_id,
        "format": FORMAT,
        "file": path.name,
        "sha256": sha,
        "release": release,
        "key_file": key_csv.name if key_csv else None,
        "until_replaced": until_replaced,
    }
    return await finish(graph, report, marker, recorded_at, started)


__all__ = ["FORMAT", "import_mmp"]
