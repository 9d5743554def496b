"""`alliance seed [PATH ...] [--check]`: validate the seed files, then write them in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.assembly import Parts
from app.cli.common import EXIT_REFUSED, EXIT_USAGE, app, err, out, run_with_parts
from app.config import get_settings
from app.domain.errors import DomainError
from app.services import seeding


@app.command()
def seed(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="seed files or folders (default: ./seed)", show_default=False)
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="validate only; write nothing")] = False,
) -> None:
    """Validate the seed files and write them in one transaction (idempotent); a bad file writes nothing."""
    chosen = paths or [seeding.SEED_DIR]
    try:
        loaded = seeding.read(chosen)
    except seeding.SeedInvalidError as exc:
        err.print(f"[red]error:[/] the seed is invalid; nothing was written ({len(exc.problems)} problem(s)):")
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except DomainError as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    counts = ", ".join(f"{n} {k}" for k, n in loaded.counts().items())
    if check:
        out.print(f"seed is valid: {counts} in {len(loaded.files)} file(s)", highlight=False)
        return
    settings = get_settings()

    async def load(parts: Parts) -> dict[str, int]:
        async with parts.writer() as writer:
            return await seeding.load(writer, loaded)

    run_with_parts(settings, load)
    out.print(
        f"loaded {counts} from {len(loaded.files)} file(s) into '{settings.neo4j_database}' at {settings.neo4j_uri}",
        highlight=False,
    )
