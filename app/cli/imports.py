"""`alliance import claims FILE` and `alliance import ucdp-ged FILE`: bulk imports in batches, one transaction
per batch, with a progress bar (rows done, rows per second, time left), a summary, and the rejected rows
(file, line, field, reason) on screen and, with --report, as CSV next to the input.

Exit status: 0 every row loaded; 1 some rows rejected (the good ones loaded) or the file unusable (nothing
written); 2 a usage error; 3 the database could not be used.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar
from urllib.parse import urlsplit

import typer
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from app.assembly import assembled
from app.cli.common import EXIT_DATABASE, EXIT_REFUSED, EXIT_USAGE, app, err, out
from app.config import Settings, get_settings
from app.domain.errors import InvalidInput
from app.importing.bulk import LOADER_ARRAY_DELIMITER
from app.importing.files import UnusableFile, default_release
from app.importing.problems import report_path, write_report
from app.local_neo4j import LauncherError, LauncherSettings, LocalNeo4j
from app.services.backup import NotEmpty
from app.services.imports.acled import import_acled
from app.services.imports.batching import DEFAULT_BATCH, MAX_BATCH
from app.services.imports.claims import import_claims
from app.services.imports.ged import import_ged
from app.services.imports.offline import OfflineLoadFailed, ensure_empty, finish_offline, prepare_offline
from app.services.imports.report import ImportReport, NoProgress
from app.services.imports.report import Progress as ImportProgress
from app.services.imports.sink import Graph
from app.services.imports.ucdp_actors import import_ucdp_actors

imports = typer.Typer(
    name="import",
    help="Bulk imports: claims (NDJSON, CSV) and UCDP's Georeferenced Event Dataset. See docs/import-format.md.",
    no_args_is_help=True,
)
app.add_typer(imports, name="import")

T = TypeVar("T")
SHOWN_REJECTS = 20
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# what an import matches to actors, by its format
NAMES = {"ucdp-ged": "UCDP names", "ucdp-actors": "UCDP names", "acled": "ACLED names", "mmp": "MMP groups"}
MIN_RETRY_TIME = 30.0  # seconds a bulk write retries a transient error (a deadlock between workers, a leader switch)


class ProgressMode(StrEnum):
    AUTO = "auto"
    BAR = "bar"
    LINES = "lines"
    NONE = "none"


class RateColumn(ProgressColumn):
    """Rows per second of the current phase."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


class BarProgress:
    """Rich progress bars on stderr: one per phase (actors, sources, events, claims...)."""

    def __init__(self, console: Console = err) -> None:
        self.bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("elapsed,"),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> BarProgress:
        self.bars.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._finish()
        self.bars.stop()

    def _finish(self) -> None:
        if self.task is not None:
            task = next(t for t in self.bars.tasks if t.id == self.task)
            if task.total is None:  # a phase of unknown length (reading): no bar left behind
                self.bars.remove_task(self.task)
            else:
                self.bars.stop_task(self.task)
            self.task = None

    def phase(self, name: str, total: int | None) -> None:
        self._finish()
        self.task = self.bars.add_task(name, total=total)

    def advance(self, rows: int) -> None:
        if self.task is not None:
            self.bars.advance(self.task, rows)


class LineProgress:
    """A line per committed batch, for logs: `claims 5000/100000 rows (12,345 rows/s)`."""

    def __init__(self, console: Console = err) -> None:
        self.console = console
        self.name = ""
        self.total: int | None = None
        self.done = 0
        self.started = time.perf_counter()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def phase(self, name: str, total: int | None) -> None:
        self.name, self.total, self.done, self.started = name, total, 0, time.perf_counter()
        self.console.print(f"{name} ...", highlight=False)

    def advance(self, rows: int) -> None:
        self.done += rows
        elapsed = time.perf_counter() - self.started
        of = f"/{self.total}" if self.total is not None else ""
        rate = f" ({self.done / elapsed:,.0f} rows/s)" if elapsed > 0 else ""
        self.console.print(f"{self.name} {self.done}{of} rows{rate}", highlight=False)


class QuietProgress(NoProgress):
    def __enter__(self) -> QuietProgress:
        return self

    def __exit__(self, *_: object) -> None:
        pass


def _progress(mode: ProgressMode) -> BarProgress | LineProgress | QuietProgress:
    if mode is ProgressMode.AUTO:
        mode = ProgressMode.BAR if err.is_terminal else ProgressMode.NONE
    if mode is ProgressMode.BAR:
        return BarProgress()
    if mode is ProgressMode.LINES:
        return LineProgress()
    return QuietProgress()


def _run(settings: Settings, workers: int, work: Callable[[Graph], Awaitable[T]]) -> T:
    """Run `work` over `workers` sessions (one batch in flight on each); database failures exit with 3."""
    settings = settings.model_copy(update={"neo4j_max_retry_time": max(settings.neo4j_max_retry_time, MIN_RETRY_TIME)})

    async def main() -> T:
        async with assembled(settings) as parts, parts.import_graph(workers) as graph:
            return await work(graph)

    try:
        return asyncio.run(main())
    except UnusableFile as exc:
        err.print(f"[red]error:[/] {exc.detail}; nothing was written", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except InvalidInput as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except NotEmpty as exc:
        err.print(f"[red]error:[/] {exc.detail}; nothing was written", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except OfflineLoadFailed as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_DATABASE) from None
    except (Neo4jError, DriverError, OSError) as exc:
        err.print(
            f"[red]error:[/] could not write to Neo4j at {settings.neo4j_uri}: {type(exc).__name__}: {exc}. "
            "Batches already committed stay; run the same command again to finish the import.",
            highlight=False,
        )
        raise typer.Exit(EXIT_DATABASE) from None


def _local_server(settings: Settings) -> LocalNeo4j:
    """The project's local Neo4j (app/local_neo4j.py, LOCAL_NEO4J_*) that NEO4J_URI points at, or a refusal:
    the bulk loader writes the server's files, so it only runs on a home this checkout controls."""
    try:
        local = LocalNeo4j(LauncherSettings())
    except ValidationError as exc:
        _refuse(f"--offline: the local Neo4j's settings: {exc}")
    uri = urlsplit(settings.neo4j_uri)
    if (
        uri.scheme not in ("bolt", "neo4j")
        or uri.hostname not in LOOPBACK
        or (uri.port or 7687) != local.bolt_port
        or settings.neo4j_database != "neo4j"
    ):
        _refuse(
            f"--offline loads only the project's local Neo4j (home {local.home}, {local.bolt_uri}, database neo4j), "
            f"and NEO4J_URI is {settings.neo4j_uri} (database {settings.neo4j_database}): import without --offline, "
            "or point NEO4J_URI and LOCAL_NEO4J_HOME / LOCAL_NEO4J_BOLT_PORT at the same local server"
        )
    try:
        local.start(quiet=True)  # running already, or started now: the emptiness check needs it
    except LauncherError as exc:
        _refuse(f"--offline: the local Neo4j in {local.home} cannot be used: {exc}")
    return local


def _refuse(message: str) -> NoReturn:
    err.print(f"[red]error:[/] {message}; nothing was written", highlight=False)
    raise typer.Exit(EXIT_REFUSED)


def _offline(
    settings: Settings, file: Path, fmt: str | None, shown: ImportProgress, skip_if_loaded: bool
) -> ImportReport:
    """Read and check the file into CSV files (the server up: the database must be empty), stop the server,
    run the bulk loader, start the server, build the schema and write the import's record."""
    local = _local_server(settings)
    with tempfile.TemporaryDirectory(prefix="alliance-offline-") as folder:
        load = _run(
            settings,
            1,
            lambda graph: prepare_offline(
                graph, file, Path(folder), fmt=fmt, progress=shown, skip_if_loaded=skip_if_loaded
            ),
        )
        files = load.files
        if files is None:
            return load.report
        _run(settings, 1, ensure_empty)  # still empty: nothing written while the file was read
        shown.phase("bulk load", None)
        started = time.perf_counter()
        try:
            local.stop(quiet=True)
            local.import_full(
                settings.neo4j_database,
                files.nodes,
                files.relationships,
                array_delimiter=LOADER_ARRAY_DELIMITER,
                multiline=files.multiline,
            )
            load.report.timings["bulk loader"] = time.perf_counter() - started
        except LauncherError as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            _restart(local)
            raise typer.Exit(EXIT_DATABASE) from None
        except BaseException:  # interrupted (Ctrl-C) or failed otherwise: never leave the server stopped
            local.discard_failed_import(settings.neo4j_database)
            _restart(local)
            raise
    started = time.perf_counter()
    _restart(local)
    load.report.timings["server restart"] = time.perf_counter() - started
    return _run(settings, 1, lambda graph: finish_offline(graph, load, shown))


def _restart(local: LocalNeo4j) -> None:
    try:
        local.start(quiet=True)
    except LauncherError as exc:
        err.print(f"[red]error:[/] the local Neo4j did not start again after the bulk load: {exc}", highlight=False)
        raise typer.Exit(EXIT_DATABASE) from None


def _finish(report: ImportReport, path: Path, write_csv: bool, what: str) -> None:
    if report.skipped:
        out.print(
            f"{report.file}: already loaded ({what}); skipped (the same file was imported before"
            + (f"; the {NAMES[report.format]} of its actors checked again)" if report.format in NAMES else ")"),
            highlight=False,
        )
        return
    rate = f"{report.rate:,.0f} rows/s"
    how = "offline bulk load" if report.timings else f"{report.batches} batches"
    out.print(
        f"imported {report.file} ({what}): {report.rows:,} rows, {report.loaded:,} loaded, "
        f"{report.rejected:,} rejected, in {report.seconds:.1f} s ({rate}; {how})",
        highlight=False,
    )
    if report.timings:
        out.print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items()), highlight=False)
    counts = ", ".join(f"{k} {v:,}" for k, v in report.counts.items() if v)
    if counts:
        out.print(f"  {counts}", highlight=False)
    if report.missing_columns:
        out.print(f"  columns not in the file (not used): {', '.join(report.missing_columns)}", highlight=False)
    if report.absent_means:
        out.print("  what the file lacks means:", highlight=False)
        for meaning in report.absent_means:
            out.print(f"    {meaning}", highlight=False)
    if report.notes:
        out.print(f"  {NAMES.get(report.format, 'names')} on existing actors:", highlight=False)
        for note in report.notes:
            out.print(f"    {note}", highlight=False)
    if report.warnings:
        out.print(f"  {len(report.warnings)} part(s) of loaded rows not used:", highlight=False)
        for warning in report.warnings:
            out.print(f"    {warning}", markup=False, highlight=False)
    if report.rejects:
        rejects = sorted(report.rejects, key=lambda r: (r.file != report.file, r.file, r.line, r.field))
        err.print(
            f"[yellow]{len(rejects)} problem(s) in {report.rejected} rejected row(s); nothing of them written:[/]"
        )
        for r in rejects[:SHOWN_REJECTS]:
            err.print(f"  {r}", markup=False, highlight=False)
        if len(rejects) > SHOWN_REJECTS:
            hint = "" if write_csv else " (--report writes them all as CSV)"
            err.print(f"  ... and {len(rejects) - SHOWN_REJECTS} more{hint}", highlight=False)
        if write_csv:
            target = report_path(path)
            try:
                write_report(target, rejects)
            except OSError as exc:
                err.print(f"[red]error:[/] cannot write the report {target}: {exc}", highlight=False)
            else:
                err.print(f"  report: {target}", highlight=False)
        raise typer.Exit(EXIT_REFUSED)


def _import(
    file: Path,
    write_csv: bool,
    progress: ProgressMode,
    what: str | None,
    work: Callable[[Graph, ImportProgress], Awaitable[ImportReport]],
    workers: int = 1,
) -> None:
    """An import command's body: `work` over `workers` sessions with the progress asked for, then its summary
    (`what` was imported; None: the file's format)."""
    settings = get_settings()
    with _progress(progress) as shown:
        result = _run(settings, workers, lambda graph: work(graph, shown))
    _finish(result, file, write_csv, what or result.format)


FileArg = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, help="the file (.gz accepted)", show_default=False)
]
BatchOpt = Annotated[int, typer.Option("--batch-size", min=1, max=MAX_BATCH, help="rows per transaction")]
ReportOpt = Annotated[
    bool, typer.Option("--report", help="also write the rejected rows as CSV next to the input (FILE.rejected.csv)")
]
ProgressOpt = Annotated[
    ProgressMode, typer.Option("--progress", help="bar (a terminal), lines (one per batch, for logs), none; auto")
]
SkipOpt = Annotated[
    bool, typer.Option("--skip-if-loaded", help="do nothing if this very file was imported before (same bytes)")
]


@imports.command("claims")
def claims(
    file: FileArg,
    fmt: Annotated[
        str | None, typer.Option("--format", help="ndjson or csv (default: from the name)", show_default=False)
    ] = None,
    batch_size: BatchOpt = DEFAULT_BATCH,
    workers: Annotated[int, typer.Option("--workers", min=1, max=8, help="batches written at once")] = 1,
    report: ReportOpt = False,
    progress: ProgressOpt = ProgressMode.AUTO,
    skip_if_loaded: SkipOpt = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="first load of an EMPTY project-local Neo4j (tools/neo4j_local) with Neo4j's bulk loader: "
            "the server is stopped during the load and started again",
        ),
    ] = False,
) -> None:
    """Import claims (with their actors, sources, places, events) from NDJSON or flat CSV claims."""
    if offline:
        with _progress(progress) as shown:
            result = _offline(get_settings(), file, fmt, shown, skip_if_loaded)
        _finish(result, file, report, result.format)
        return
    _import(
        file,
        report,
        progress,
        None,
        lambda graph, shown: import_claims(
            graph, file, fmt=fmt, batch_size=batch_size, progress=shown, skip_if_loaded=skip_if_loaded
        ),
        workers,
    )


@imports.command("ucdp-ged")
def ucdp_ged(
    file: FileArg,
    actors: Annotated[
        Path | None,
        typer.Option(
            "--actors", exists=True, dir_okay=False, help="the UCDP actor list CSV: adds original names and renames"
        ),
    ] = None,
    release: Annotated[
        str | None,
        typer.Option("--release", help="the GED release, as UCDP names it (such as 19.1); default: the file's name"),
    ] = None,
    batch_size: BatchOpt = DEFAULT_BATCH,
    report: ReportOpt = False,
    progress: ProgressOpt = ProgressMode.AUTO,
    skip_if_loaded: SkipOpt = False,
) -> None:
    """Import UCDP GED events: each row an event; state-based and non-state rows hostility claims by pair and month."""
    _import(
        file,
        report,
        progress,
        f"UCDP GED {release or default_release(file)}",
        lambda graph, shown: import_ged(
            graph,
            file,
            actors_csv=actors,
            release=release,
            batch_size=batch_size,
            progress=shown,
            skip_if_loaded=skip_if_loaded,
        ),
    )


@imports.command("ucdp-actors")
def ucdp_actors(
    file: FileArg,
    release: Annotated[
        str | None,
        typer.Option("--release", help="the actor dataset's release (such as 22.1); default: its Version column"),
    ] = None,
    known_only: Annotated[
        bool,
        typer.Option(
            "--known-only",
            help="only actors already in the graph: their renames and the ties between them (no new actors)",
        ),
    ] = False,
    batch_size: BatchOpt = DEFAULT_BATCH,
    report: ReportOpt = False,
    progress: ProgressOpt = ProgressMode.AUTO,
    skip_if_loaded: SkipOpt = False,
) -> None:
    """Import the UCDP Actor Dataset: renames as aliases and successions, splinters, alliances and groups joined
    as split and membership claims (docs/ucdp-actors.md)."""
    _import(
        file,
        report,
        progress,
        "UCDP Actor Dataset",
        lambda graph, shown: import_ucdp_actors(
            graph,
            file,
            release=release,
            known_only=known_only,
            batch_size=batch_size,
            progress=shown,
            skip_if_loaded=skip_if_loaded,
        ),
    )


@imports.command("acled")
def acled(
    file: FileArg,
    release: Annotated[
        str | None,
        typer.Option("--release", help="names the export (such as 'Syria 2014-06-30'); default: the file's name"),
    ] = None,
    batch_size: BatchOpt = DEFAULT_BATCH,
    report: ReportOpt = False,
    progress: ProgressOpt = ProgressMode.AUTO,
    skip_if_loaded: SkipOpt = False,
) -> None:
    """Import an ACLED CSV export: each row an event; battles hostility between the two sides, associated actors
    cooperation with their side's actor, by pair and month (docs/acled.md)."""
    _import(
        file,
        report,
        progress,
        f"ACLED {release or file.name}",
        lambda graph, shown: import_acled(
            graph, file, release=release, batch_size=batch_size, progress=shown, skip_if_loaded=skip_if_loaded
        ),
    )


__all__ = ["acled", "claims", "imports", "ucdp_actors", "ucdp_ged"]
