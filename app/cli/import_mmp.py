"""`alliance import mmp RELATIONSHIPS.csv [--key KEY.csv]`: Mapping Militant Organizations' relationships as
claims (docs/mmp.md). Exit status as for every import (app/cli/imports.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import EXIT_USAGE, err
from app.cli.imports import BatchOpt, ProgressMode, ProgressOpt, ReportOpt, SkipOpt, _import, imports
from app.importing import mmp as mmp_format
from app.services.imports.batching import DEFAULT_BATCH
from app.services.imports.mmp import import_mmp

WHERE = (
    "Mapping Militant Organizations (Stanford) publishes its data, with the codebook, at "
    f"{mmp_format.URL} (the MMP Dataset: Militant-Group-Relationships-clean.csv and Militant-Group-Key.csv)"
)


def _given(path: Path | None, what: str) -> None:
    if path is not None and not path.is_file():
        err.print(f"[red]error:[/] {what} {path}: no such file. {WHERE}", highlight=False)
        raise typer.Exit(EXIT_USAGE)


@imports.command("mmp")
def mmp(
    file: Annotated[Path, typer.Argument(help="MMP's Militant-Group-Relationships-clean.csv", show_default=False)],
    key: Annotated[
        Path | None,
        typer.Option("--key", help="MMP's Militant-Group-Key.csv: every group id and name of the table checked"),
    ] = None,
    until_replaced: Annotated[
        bool,
        typer.Option(
            "--until-replaced",
            help="MMP's rule: a tie holds until another tie between the same two groups replaces it; "
            "end each tie when the next one of its pair begins (default: the end is unknown)",
        ),
    ] = False,
    batch_size: BatchOpt = DEFAULT_BATCH,
    report: ReportOpt = False,
    progress: ProgressOpt = ProgressMode.AUTO,
    skip_if_loaded: SkipOpt = False,
) -> None:
    """Import MMP's relationships: each row a claim (alliance, hostility, affiliation, split, merger as membership)."""
    _given(file, "the relationship table")
    _given(key, "--key")
    _import(
        file,
        report,
        progress,
        "Mapping Militant Organizations, July 2019" + (", until replaced" if until_replaced else ""),
        lambda graph, shown: import_mmp(
            graph,
            file,
            key_csv=key,
            until_replaced=until_replaced,
            batch_size=batch_size,
            progress=shown,
            skip_if_loaded=skip_if_loaded,
        ),
    )


__all__ = ["WHERE", "mmp"]
