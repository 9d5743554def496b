"""`alliance extract FILE --published YYYY-MM-DD [--source-id ID --publisher ... --title ...]`: candidate
claims of an article, as JSON (the answer of POST /extract) or a table. Reads the graph's actors; writes
nothing."""

from __future__ import annotations

import asyncio
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import DriverError, Neo4jError
from pydantic import ValidationError
from rich.table import Table

from app.assembly import assembled
from app.cli.common import EXIT_DATABASE, EXIT_USAGE, app, err, out
from app.config import get_settings
from app.domain.errors import DomainError
from app.domain.model import SourceKind
from app.services.extraction import Extraction, ExtractRequest


class Format(StrEnum):
    JSON = "json"
    TABLE = "table"


def _published(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date that exists: use YYYY-MM-DD") from None


def _read_text(file: Path) -> str:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        err.print(f"[red]error:[/] cannot read {file}: {exc.strerror}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        err.print(f"[red]error:[/] {file} is not UTF-8 text (a binary file?)", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="the article, as UTF-8 text")],
    published: Annotated[str, typer.Option("--published", help="its publication date, YYYY-MM-DD")],
    source_id: Annotated[str | None, typer.Option("--source-id", help="the source's id (made when absent)")] = None,
    kind: Annotated[SourceKind, typer.Option("--kind", help="the source's kind")] = SourceKind.NEWS_ARTICLE,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    author: Annotated[str | None, typer.Option("--author")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    output: Annotated[Format, typer.Option("--format", help="json: the answer of POST /extract")] = Format.TABLE,
) -> None:
    """Propose claims from an article (parties, kind, status, time range, verbatim quote); write nothing."""
    day = _published(published)
    text = _read_text(file)
    fields = {"id": source_id, "kind": kind, "publisher": publisher, "title": title, "author": author, "url": url}
    try:
        body = ExtractRequest.model_validate(
            {"text": text, "published": day, "source": {k: v for k, v in fields.items() if v is not None}}
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))
        err.print(f"[red]error:[/] {problems}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    settings = get_settings()

    async def main() -> Extraction:
        async with assembled(settings) as parts, parts.extraction_service() as extraction:
            return await extraction.extract(body)

    try:
        found = asyncio.run(main())
    except DomainError as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    except (Neo4jError, DriverError, OSError) as exc:
        err.print(f"[red]error:[/] could not read the actors from Neo4j at {settings.neo4j_uri}: {exc}")
        raise typer.Exit(EXIT_DATABASE) from None
    if output is Format.JSON:
        out.print_json(found.model_dump_json(), highlight=False)
        return
    table = Table(title=f"{len(found.candidates)} candidate claim(s) from {file.name}", show_lines=True)
    for column in ("kind", "parties", "status", "time", "quote"):
        table.add_column(column, overflow="fold")
    for c in found.candidates:
        parties = "\n".join(f"{p.role}: {p.actor}{' (new)' if p.new else ''}" for p in c.parties)
        parties += "".join(f"\n{r}: ?" for r in c.needs)
        valid = c.claim["valid"]
        when = f"from {valid['from']}" + (f", to {valid['to']}" if valid.get("to") else "")
        said = f" ({c.time.text})" if c.time.text else ""
        table.add_row(c.kind.value, parties, f"{c.hedge.status} {c.hedge.confidence}", when + said, c.quote.text)
    out.print(table)
    if found.new_actors:
        out.print("new actors: " + ", ".join(a.actor["id"] for a in found.new_actors), highlight=False)
