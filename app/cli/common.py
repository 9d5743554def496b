"""What every command shares: the Typer app, the consoles, exit codes, and running work over the app's parts
(app/assembly.py: the driver, sessions, repositories and services; commands never open sessions)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.console import Console

from app.assembly import Parts, assembled
from app.config import Settings

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


def run_with_parts(settings: Settings, work: Callable[[Parts], Awaitable[T]]) -> T:
    """Run `work` over the app's parts (one driver); a database failure exits with status 3."""

    async def main() -> T:
        async with assembled(settings) as parts:
            return await work(parts)

    try:
        return asyncio.run(main())
    except (Neo4jError, DriverError, OSError) as exc:
        err.print(f"[red]error:[/] could not write to Neo4j at {settings.neo4j_uri}: {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_DATABASE) from None
