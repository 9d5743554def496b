"""The UCDP Actor Dataset (docs/ucdp-actors.md): actors matched (or created), renames as successions, and
splits and memberships as claims citing the release, narrowed in time by the GED events in the graph."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.domain.errors import InvalidInput
from app.importing.files import check_readable, default_release, digest
from app.importing.ged.actor_list import ActorList, ListedActor
from app.importing.ged.actors import Group, Resolution, resolve_actors
from app.importing.ged.codebook import ORIGIN as GED_ORIGIN
from app.importing.ids import short_hash
from app.importing.problems import Reject
from app.importing.ucdp_actors import (
    ORIGIN,
    Activity,
    ActorDataset,
    dataset_source,
    read_actor_dataset,
    stated_ties,
    succession_rows,
    tie_claims,
)
from app.seeding.rows import Row, source_row
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

FORMAT = "ucdp-actors"


@dataclass
class Landing:
    """Where the list's actors land: UCDP id -> actor id for those the import writes, and the actor writes."""

    actor_of: dict[int, str]
    rows: list[Row]
    created: int
    matched: dict[int, str]  # UCDP id -> how ("ucdp id", "name", "alias") for those on actors already there
    resolution: Resolution


def _groups(data: ActorDataset) -> tuple[dict[str, Group], ActorList]:
    """Every actor the list names (its rows, and the groups its ties name that have no row of their own)."""
    groups: dict[str, Group] = {}
    listed = ActorList()
    for e in data.entries.values():
        groups[f"id:{e.ucdp_id}"] = Group(e.ucdp_id, Counter({e.name: 1}))
        listed.by_id[e.ucdp_id] = ListedActor(e.ucdp_id, e.name, e.aliases, e.org)
    for e in data.entries.values():
        for t in e.ties:
            groups.setdefault(f"id:{t.other_id}", Group(t.other_id, Counter({t.other_name: 1})))
    return groups, listed


def land(data: ActorDataset, existing: Iterable[Any], release: str, *, known_only: bool) -> Landing:
    """Match the list's actors as the GED import does (UCDP id, then name or alias; docs/import-format.md,
    "Actors"). New actors are made only for the ones a tie or a rename is recorded of, and none at all with
    `known_only` (then only ties between actors already in the graph are written)."""
    groups, listed = _groups(data)
    resolution = resolve_actors(groups, existing, listed, release)
    needed = {e.ucdp_id for e in data.entries.values() if len(e.succession) > 1}
    needed |= {i for e in data.entries.values() if e.ties for i in (e.ucdp_id, *(t.other_id for t in e.ties))}
    actor_of: dict[int, str] = {}
    matched: dict[int, str] = {}
    for key, actor in resolution.by_group.items():
        uid = int(key.removeprefix("id:"))
        how = resolution.how_group[key]
        if how != "new":
            actor_of[uid], matched[uid] = actor, how
        elif not known_only and uid in needed:
            actor_of[uid] = actor
    kept = set(actor_of.values())
    created = [_retag(r, data, release) for r in resolution.created if r["id"] in kept]
    return Landing(actor_of, created + resolution.updated, len(created), matched, resolution)


def _retag(row: Row, data: ActorDataset, release: str) -> Row:
    """A new actor said to come from the actor list, not from a GED file."""
    props = dict(row["props"])
    uid = props["ucdp_id"]
    entry = data.entries.get(uid)
    text = f"UCDP actor {uid} '{props['name']}'"
    if entry is not None and len(entry.aliases) > 1:
        text += f" (also: {', '.join(entry.aliases[1:6])})"
    elif entry is None:
        text += " (named by another actor's row of the list; it has no row of its own)"
    props["description"] = f"{text}. Created by the import of the UCDP Actor Dataset {release}."
    props["origin"] = ORIGIN
    return {**row, "props": props}


async def import_ucdp_actors(
    graph: Graph,
    path: Path,
    *,
    release: str | None = None,
    known_only: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    shown: str | None = None,
    skip_if_loaded: bool = False,
) -> ImportReport:
    """Import the UCDP Actor Dataset CSV (docs/ucdp-actors.md)."""
    check_batch_size(batch_size)
    check_readable(path)
    progress = progress or NoProgress()
    started = time.perf_counter()
    file = shown or str(path)
    report = ImportReport(file=file, format=FORMAT)
    progress.phase("reading", None)
    data = await asyncio.to_thread(read_actor_dataset, path, file)
    release = " ".join((release or data.release or default_release(path)).split())
    if not release:
        raise InvalidInput("--release: empty: name the actor dataset's release (such as 22.1)", field="release")
    report.rows = data.rows
    report.rejects.extend(data.rejects)
    report.warnings.extend(str(w) for w in data.warnings)
    sha = await asyncio.to_thread(digest, path)
    await graph.writer.apply_schema()
    recorded_at = datetime.now(UTC).replace(microsecond=0)

    # Actors, always (a seed reload resets the aliases the import gives the seed's actors).
    progress.phase("actors", None)
    existing = await graph.store.actors()
    landing = land(data, existing, release, known_only=known_only)
    if landing.rows:
        change = import_change(FORMAT, path.name, release, recorded_at)
        await write_actors(graph.writer.upsert_ged_actors, landing.rows, change, batch_size, report, progress)
    report.counts["actors created"] = landing.created
    report.counts["actors matched"] = len({landing.actor_of[uid] for uid in landing.matched})
    report.notes.extend(_landing_notes(data, landing, existing))

    # The ties, in time where GED events show both actors; the marker depends on that evidence too.
    ties = stated_ties(data.entries)
    parties = {landing.actor_of[i] for t in ties for i in (t.member, t.group) if i in landing.actor_of}
    found = await graph.store.activity(sorted(parties))
    activity = {a: Activity(r["first"], r["last"], r["events"]) for a, r in found.items()}
    evidence = short_hash("|".join(f"{a}:{v.first}:{v.last}:{v.events}" for a, v in sorted(activity.items())), 32)
    marker_id = f"import-{FORMAT}-{short_hash(f'{sha}|{release}|{known_only}|{evidence}', 32)}"
    if await already_loaded(graph, report, marker_id, skip_if_loaded, started):
        return report

    dataset = dataset_source(release, path.name)
    await write_rows(graph.writer.upsert_sources, [source_row(dataset)], batch_size, report, progress)
    derived = tie_claims(ties, landing.actor_of, activity, release, file)
    report.warnings.extend(
        str(Reject(file, line, column, f"{why}; this tie is not written", id=str(uid)))
        for line, column, uid, why in derived.left_out
    )
    known = KnownIds()
    known.add("actors", landing.actor_of.values())
    known.add("sources", [dataset.id])
    await write_derived_claims(graph, derived.claims, ORIGIN, recorded_at, known, batch_size, report, progress)
    report.counts["claims narrowed by GED events"] = derived.narrowed
    names = succession_rows(data.entries.values(), landing.actor_of, release)
    progress.phase("renames", len(names))
    await write_rows(graph.writer.upsert_successions, names, batch_size, report, progress)
    report.counts["successions written"] = len(names)
    marker = {"id": marker_id, "format": FORMAT, "file": path.name, "sha256": sha, "release": release}
    return await finish(graph, report, marker, recorded_at, started)


def _landing_notes(data: ActorDataset, landing: Landing, existing: Iterable[Any]) -> list[str]:
    """Where the list's actors landed on actors no UCDP import created (the seed's, an analyst's), one line each,
    then how many landed on actors of earlier UCDP imports."""
    origin = {a.id: a.origin for a in existing}
    lines, ucdp = [], 0
    for uid, how in sorted(landing.matched.items(), key=lambda kv: landing.actor_of[kv[0]]):
        actor = landing.actor_of[uid]
        if origin.get(actor) in (GED_ORIGIN, ORIGIN):
            ucdp += 1
            continue
        entry = data.entries.get(uid)
        lines.append(f"{entry.name if entry else uid} ({uid}, by {how}) -> {actor}")
    if ucdp:
        lines.append(f"and {ucdp} on actors of earlier UCDP imports (by UCDP id, name or alias)")
    return lines
