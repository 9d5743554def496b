"""Backup and restore of the whole graph in a portable file (backup_format.py): `alliance backup FILE`,
`alliance restore FILE`, `alliance checksum`.

- Over Bolt only (no APOC, no neo4j-admin): the same file moves a graph between the local Neo4j, a Docker
  one and a hosted one (Aura), any Neo4j 5.26 or later (dynamic labels).
- Backup streams the graph out in one read transaction, a record per node with its outgoing relationships,
  and writes the file as it goes (constant memory: the relationships wait in a temporary file until every
  node is written), to a temporary file renamed into place when complete.
- Restore reads the whole file once first (structure, labels and types, values, counts, SHA-256): a file
  cut short or altered is refused before anything is written. Then the schema (schema.cypher), the nodes
  and the relationships in batches, each one transaction; if anything fails, what was written is deleted.
  It writes only into an empty database (or one it wipes first, when told to), and ends by computing the
  graph's checksum again and comparing it with the file's.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError
from app.repository.backup import BackupStore, Dump
from app.services import backup_format as fmt
from app.services.backup_format import BackupFileError

DEFAULT_BATCH = 5000

__all__ = [
    "BackupFileError",
    "BackupReport",
    "NotEmpty",
    "RestoreFailed",
    "RestoreMismatch",
    "backup",
    "checksum",
    "restore",
]


class NotEmpty(DomainError):  # noqa: N818 - the domain's own words
    """A restore (without --wipe), or an offline first load (alliance import claims --offline), into a database
    that holds data."""


class RestoreFailed(DomainError):  # noqa: N818 - the domain's own words
    """A restore failed and could not undo what it wrote."""


class RestoreMismatch(DomainError):  # noqa: N818 - the domain's own words
    """The restored graph's checksum differs from the file's."""


@dataclass
class BackupReport:
    path: Path
    summary: dict[str, Any]  # nodes, relationships, labels, types, checksum
    seconds: float
    bytes: int = 0
    checksum_after: str | None = None  # restore: the graph's checksum computed again

    @property
    def checksum(self) -> str:
        return str(self.summary["checksum"])


def app_version() -> str:
    try:
        return f"alliance-graph {metadata.version('alliance-graph')}"
    except metadata.PackageNotFoundError:
        return "alliance-graph (not installed)"


async def _walk(
    dump: Dump, node: Callable[[dict[str, Any]], None], rel: Callable[[dict[str, Any]], None]
) -> fmt.Checksum:
    """Every node and its outgoing relationships, encoded, through the callbacks; their checksum."""
    total = fmt.Checksum()
    async for n in dump.nodes():
        props = fmt.encode_props(n["props"], n["zoned"], n["zoned_lists"])
        total.node(n["labels"], props)
        node({"node": n["key"], "labels": n["labels"], "props": props})
        if n["out"]:
            start = fmt.endpoint(n["labels"], n["id"], props, encoded=True)
            for r in n["out"]:
                rel_props = fmt.encode_props(r["props"], r["zoned"], r["zoned_lists"])
                end = fmt.endpoint(r["end_labels"], r["end_id"], r["end_props"])
                total.relationship(r["type"], start, end, rel_props)
                rel({"rel": r["type"], "start": n["key"], "end": r["end"], "props": rel_props})
    return total


def _ignore(_: dict[str, Any]) -> None:
    pass


async def checksum(store: BackupStore) -> dict[str, Any]:
    """The live graph's counts and checksum (the same as a backup of it prints)."""
    async with store.dump() as dump:
        total = await _walk(dump, _ignore, _ignore)
    return total.summary()


async def backup(store: BackupStore, path: Path, *, server: str, database: str) -> BackupReport:
    """The whole graph into `path` (gzip'd NDJSON); the file appears only once complete."""
    started = time.perf_counter()
    path, fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as stream:
            writer = fmt.Writer(stream)
            writer.line(
                {
                    "format": fmt.FORMAT,
                    "version": fmt.VERSION,
                    "app": app_version(),
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "neo4j": server,
                    "database": database,
                }
            )
            with fmt.Spool() as relationships:  # after every node in the file: spooled to disk meanwhile
                async with store.dump() as dump:
                    total = await _walk(dump, writer.line, relationships.line)
                writer.copy(relationships)
            summary = total.summary()
            writer.finish(summary)
        size = _publish(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    return BackupReport(path, summary, time.perf_counter() - started, bytes=size)


def _temporary(path: Path) -> tuple[Path, int, Path]:
    """The absolute target, and an open temporary file beside it (the same file system, for the rename)."""
    path = path.resolve()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    return path, fd, Path(name)


def _publish(tmp: Path, path: Path) -> int:
    tmp.chmod(0o600)  # a dump of the whole graph: the owner's to read
    tmp.replace(path)
    return path.stat().st_size


def _discard(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)


def _size(path: Path) -> int:
    return path.stat().st_size


def _props_row(raw: Any) -> dict[str, Any]:
    """A line's properties as the restore statements take them: plain values, and the zoned datetimes apart."""
    props = fmt.decode_props(raw)
    return {"props": props.plain, "zoned": props.zoned, "zoned_lists": props.zoned_lists}


def _node_row(line: fmt.NodeLine) -> dict[str, Any]:
    return {"key": line.key, "labels": line.labels, **_props_row(line.props)}


def _rel_row(line: fmt.RelLine) -> dict[str, Any]:
    return {"type": line.type, "start": line.start, "end": line.end, **_props_row(line.props)}


def _batches(path: Path, size: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """("nodes" | "relationships", rows) batches of the file, in its order."""
    kind = "nodes"
    rows: list[dict[str, Any]] = []
    for item in fmt.read(path):
        if isinstance(item, fmt.NodeLine | fmt.RelLine):
            item_kind = "nodes" if isinstance(item, fmt.NodeLine) else "relationships"
            if rows and (item_kind != kind or len(rows) >= size):
                yield kind, rows
                rows = []
            kind = item_kind
            rows.append(_node_row(item) if isinstance(item, fmt.NodeLine) else _rel_row(item))
    if rows:
        yield kind, rows


async def restore(
    store: BackupStore,
    path: Path,
    *,
    wipe: bool = False,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> BackupReport:
    """The file's graph into the database (empty, or wiped first when `wipe`); see the module docstring."""
    started = time.perf_counter()
    _, summary = fmt.verify(path)  # BackupFileError: nothing written
    held = await store.counts()
    if held["nodes"] and not wipe:
        raise NotEmpty(
            f"the database holds {held['nodes']:,} nodes and {held['relationships']:,} relationships; "
            "restore writes only into an empty database (--wipe deletes them first)"
        )
    if held["nodes"]:
        await store.wipe()
    await store.apply_schema()
    await store.prepare_restore()
    try:
        for kind, rows in _batches(path, batch):
            if kind == "nodes":
                created = await store.create_nodes(rows)
            else:
                created = await store.create_relationships(rows)
            if created != len(rows):
                raise BackupFileError(
                    f"{path}: {len(rows) - created} relationship(s) name a node the file does not hold"
                )
            if progress is not None:
                progress(kind, created)
    except Exception:
        try:
            await store.discard_restore()
        except Exception as exc:  # the database went away: say so, but report what failed first
            raise RestoreFailed(
                "the restore failed and what it wrote could not be deleted: delete the nodes labelled "
                f"_BackupRestore (restore_discard.cypher) ({type(exc).__name__}: {exc})"
            ) from exc
        raise
    await store.finish_restore()
    after = await checksum(store)
    report = BackupReport(path, summary, time.perf_counter() - started, _size(path), after["checksum"])
    if after["checksum"] != summary["checksum"]:
        raise RestoreMismatch(
            f"restored {after['nodes']:,} nodes and {after['relationships']:,} relationships, but the graph's "
            f"checksum {after['checksum']} differs from the file's {summary['checksum']}"
        )
    return report
