"""`alliance export --format FORMAT [filters] [-o FILE]`: the claims a filter selects, in a format another
tool reads (the same formats and filters as `GET /graph?format=`)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from neo4j.exceptions import DriverError, Neo4jError

from app.assembly import assembled
from app.cli.common import EXIT_DATABASE, EXIT_USAGE, app, err
from app.config import Settings, get_settings
from app.domain.errors import DomainError
from app.domain.model import RELATIONSHIP_KINDS, ClaimKind, Status
from app.domain.queries import ClaimFilter
from app.domain.timebounds import TimeError, parse_window
from app.services.exporting import Counts, Exporter, ExportFormat

EXIT_BROKEN_PIPE = 141  # what a shell reports for a writer stopped by SIGPIPE


class ModeOption(StrEnum):
    POSSIBLY = "possibly"
    CERTAINLY = "certainly"


def _filter(
    kind: list[ClaimKind] | None,
    during: str | None,
    at: str | None,
    mode: ModeOption,
    actor: list[str] | None,
    status: list[Status] | None,
    min_confidence: float,
    source: str | None,
    stale_after: int | None = None,
) -> ClaimFilter:
    if during is not None and at is not None:
        raise typer.BadParameter("give either --during or --at, not both", param_hint="--at")
    text, option = (during, "--during") if during is not None else (at, "--at")
    try:
        window = parse_window(text) if text is not None else None
    except TimeError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None
    return ClaimFilter(
        kinds=tuple(dict.fromkeys(kind)) if kind else RELATIONSHIP_KINDS,
        window=window,
        mode=mode.value,
        actors=tuple(dict.fromkeys(actor or ())),
        statuses=tuple(dict.fromkeys(status or ())),
        min_confidence=min_confidence,
        source=source,
        stale_after=stale_after,
    )


async def _write(settings: Settings, flt: ClaimFilter, fmt: ExportFormat, limit: int | None, out: TextIO) -> Counts:
    async with assembled(settings) as parts, parts.read_service() as reads:
        export = await Exporter(reads).export(flt, fmt, limit)
        async for chunk in export.chunks:
            out.write(chunk)
        return export.counts


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="cytoscape (Cytoscape.js JSON), node-link (D3, vis-network), graphml (yEd, Gephi), "
            "gexf (GEXF 1.3 with time spells: Gephi's timeline), csv (an edge list)",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="the file to write; - for standard output")] = Path(
        "-"
    ),
    during: Annotated[
        str | None, typer.Option(help="window: 2014, 2014-08, 2014-08-15 or an interval 2014-07/2014-08-15")
    ] = None,
    at: Annotated[str | None, typer.Option(help="one day, month or year, instead of --during")] = None,
    mode: Annotated[
        ModeOption, typer.Option(help="possibly: the claim can overlap the window; certainly: it surely covers it")
    ] = ModeOption.POSSIBLY,
    kind: Annotated[list[ClaimKind] | None, typer.Option(help="relationship kind, repeatable; default all")] = None,
    actor: Annotated[list[str] | None, typer.Option(help="actor id, repeatable: every one must be a party")] = None,
    status: Annotated[list[Status] | None, typer.Option(help="status, repeatable")] = None,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="lowest confidence, 0..1")] = 0.0,
    source: Annotated[str | None, typer.Option(help="only claims citing this source id")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="at most this many claims (default all)")] = None,
    stale_after: Annotated[
        int | None,
        typer.Option(
            min=0, max=1200, help="months: leave out undated claims and those this long past their last evidence"
        ),
    ] = None,
) -> None:
    """Export the claims a filter selects (the same filters as GET /relationships) for Gephi, yEd,
    Cytoscape, D3 or a spreadsheet. A file is written whole or not at all."""
    flt = _filter(kind, during, at, mode, actor, status, min_confidence, source, stale_after)
    settings = get_settings()
    to_stdout = str(output) == "-"
    try:
        if to_stdout:
            counts = asyncio.run(_write(settings, flt, fmt, limit, sys.stdout))
        else:
            counts = _write_file(settings, flt, fmt, limit, output)
    except DomainError as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except (Neo4jError, DriverError) as exc:
        err.print(f"[red]error:[/] could not read from Neo4j at {settings.neo4j_uri}: {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_DATABASE) from None
    except BrokenPipeError:  # `alliance export ... | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        err.print(f"[red]error:[/] could not write {output}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    where = "standard output" if to_stdout else str(output)
    err.print(
        f"exported {counts.claims} claims between {counts.actors} actors as {fmt.value} to {where}", highlight=False
    )


def _write_file(settings: Settings, flt: ClaimFilter, fmt: ExportFormat, limit: int | None, output: Path) -> Counts:
    """Write beside the target and rename on success, so that a failure leaves no partial file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            counts = asyncio.run(_write(settings, flt, fmt, limit, out))
        Path(partial).replace(output)
        return counts
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
