"""The `alliance` command line: load the seed, import data, export slices.

    alliance seed [PATH ...] [--check]

It reads the same settings as the API (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, and
NEO4J_WRITE_TIMEOUT for the write transactions). Exit status: 0 done; 1 the data was refused (nothing
or only the good rows written, as the command says); 2 a usage error; 3 the database could not be used.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.console import Console

from app.config import Settings, get_settings
from app.domain.errors import DomainError
from app.repository.driver import open_driver, session
from app.repository.writer import GraphWriter
from app.services import seeding

T = TypeVar("T")
app = typer.Typer(
    name="alliance",
    help="Actor alliance knowledge graph: load, import and export claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)



@app.callback()
def _commands() -> None:
    """Actor alliance knowledge graph: load, import and export claims (settings from NEO4J_* variables)."""


EXIT_REFUSED = 1
EXIT_DATABASE = 3


def run_with_writer(settings: Settings, work: Callable[[GraphWriter], Awaitable[T]]) -> T:
    """Run `work` with a write repository over one session; a database failure exits with status 3."""

    async def main() -> T:
        driver = open_driver(settings)
        try:
            async with session(driver, settings) as s:
                return await work(GraphWriter(s, settings))
        finally:
            await driver.close()

    try:
        return asyncio.run(main())
    except (Neo4jError, DriverError, OSError) as exc:
        err.print(f"[red]error:[/] could not write to Neo4j at {settings.neo4j_uri}: {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_DATABASE) from None


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
        raise typer.Exit(2) from None
    counts = ", ".join(f"{n} {k}" for k, n in loaded.counts().items())
    if check:
        out.print(f"seed is valid: {counts} in {len(loaded.files)} file(s)", highlight=False)
        return
    settings = get_settings()
    run_with_writer(settings, lambda writer: seeding.load(writer, loaded))
    out.print(
        f"loaded {counts} from {len(loaded.files)} file(s) into '{settings.neo4j_database}' at {settings.neo4j_uri}",
        highlight=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
