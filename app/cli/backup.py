"""`alliance backup FILE`, `alliance restore FILE [--wipe]` and `alliance checksum`: the whole graph in a
portable file and back (app/services/backup.py; the format in app/services/backup_format.py).

Exit status: 0 done; 1 refused (an unusable file, a database that is not empty, a checksum that differs
after a restore): nothing written, or (a checksum that differs) said so; 3 the database could not be used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from neo4j.exceptions import DriverError, Neo4jError

from app.assembly import Parts, assembled
from app.cli.common import EXIT_DATABASE, EXIT_REFUSED, app, err, out
from app.config import Settings, get_settings
from app.services import backup as service

T = TypeVar("T")

TimeoutOption = Annotated[
    float | None,
    typer.Option(help="Seconds the read transaction of a dump may run (default NEO4J_WRITE_TIMEOUT, 300)", min=1),
]


def _run(settings: Settings, work: Callable[[Parts], Awaitable[T]]) -> T:
    """Run `work` over the app's parts; refusals exit with 1, database failures with 3."""

    async def main() -> T:
        async with assembled(settings) as parts:
            return await work(parts)

    try:
        return asyncio.run(main())
    except service.BackupFileError as exc:
        err.print(f"[red]error:[/] {exc}; nothing was written", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except service.NotEmpty as exc:
        err.print(f"[red]error:[/] {exc.detail}; nothing was written", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except service.RestoreMismatch as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except (Neo4jError, DriverError, OSError, service.RestoreFailed) as exc:
        err.print(
            f"[red]error:[/] Neo4j at {settings.neo4j_uri} (database {settings.neo4j_database}): "
            f"{type(exc).__name__}: {exc}",
            highlight=False,
        )
        raise typer.Exit(EXIT_DATABASE) from None


def _settings(timeout: float | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"neo4j_write_timeout": timeout}) if timeout else settings


def _counts(summary: dict[str, Any]) -> str:
    return f"{summary['nodes']:,} nodes, {summary['relationships']:,} relationships"


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="The file to write (gzip'd NDJSON; replaced only once complete)")],
    timeout: TimeoutOption = None,
) -> None:
    """Write the whole graph to FILE, a portable file any Neo4j 5.26+ can be restored from (docs/reliability.md)."""
    settings = _settings(timeout)

    async def work(parts: Parts) -> service.BackupReport:
        server = await parts.server_agent()
        async with parts.backup_store() as store:
            return await service.backup(store, file, server=server, database=settings.neo4j_database)

    report = _run(settings, work)
    out.print(
        f"backed up {_counts(report.summary)} to {report.path} ({report.bytes / 1e6:,.1f} MB) "
        f"in {report.seconds:.1f} s",
        highlight=False,
    )
    out.print(f"checksum {report.checksum}", highlight=False)


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `alliance backup`", exists=True, dir_okay=False)],
    wipe: Annotated[
        bool, typer.Option("--wipe", help="Delete everything in the database first (else it must be empty)")
    ] = False,
    batch: Annotated[
        int, typer.Option(help="Nodes or relationships per transaction", min=1, max=100_000)
    ] = service.DEFAULT_BATCH,
    timeout: TimeoutOption = None,
) -> None:
    """Load a backup FILE into an empty database (or, with --wipe, one emptied first); check its checksum."""
    settings = _settings(timeout)

    async def work(parts: Parts) -> service.BackupReport:
        await parts.server_agent()  # as before: the server answers before the session opens
        async with parts.backup_store() as store:
            return await service.restore(store, file, wipe=wipe, batch=batch)

    report = _run(settings, work)
    out.print(f"restored {_counts(report.summary)} from {report.path} in {report.seconds:.1f} s", highlight=False)
    out.print(f"checksum {report.checksum_after} (the same as the file's)", highlight=False)


@app.command()
def checksum(timeout: TimeoutOption = None) -> None:
    """Counts and the checksum of the graph in the database (the same that backup and restore print)."""
    settings = _settings(timeout)

    async def work(parts: Parts) -> dict[str, Any]:
        await parts.server_agent()
        async with parts.backup_store() as store:
            return await service.checksum(store)

    summary = _run(settings, work)
    out.print(_counts(summary), highlight=False)
    out.print(f"checksum {summary['checksum']}", highlight=False)
