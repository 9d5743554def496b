"""What every command shares: the Typer app, the consoles, exit codes, and running work over a session."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.console import Console

from app.config import Settings
from app.repository.driver import open_driver, session
from app.repository.writer import GraphWriter

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

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 3


@app.callback()
def _commands() -> None:
    """Actor alliance knowledge graph: load, import and export claims (settings from NEO4J_* variables)."""


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
