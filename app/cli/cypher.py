"""`alliance cypher [NAME] [--slot SLOT=VARIANT ...]`: the Cypher the app runs, as it sends it.

`--list`: every query (the files of app/cypher/ that are not fragments of another) with its slots and their
variants. NAME: its text, once per choice of its slots' variants (those `--slot` does not fix), each after
a header line `// NAME.cypher slot=variant ...`. Neither: every query's every text. Nothing touches the
database. Only the choices the code makes are printed (app/services/cypher.py): no claim selection with
`stale=cut` and no window, no curation write with a label it never writes.
"""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import EXIT_USAGE, app, err, out
from app.services import cypher


@app.command("cypher")
def cypher_command(
    name: Annotated[str | None, typer.Argument(help="a query's name (alliance cypher --list lists them)")] = None,
    slot: Annotated[
        list[str] | None, typer.Option("--slot", help="fix a slot's variant, e.g. --slot window=possibly")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="only the queries' names, slots and variants")] = False,
) -> None:
    """Print the Cypher the app runs: each named query rendered for every choice of its slots' variants."""
    if list_:
        for query, slots in cypher.queries().items():
            chosen = "  ".join(f"{s}={'|'.join(v)}" for s, v in slots.items())
            out.print(f"{query}  {chosen}".rstrip(), highlight=False, markup=False)
        return
    fixed: dict[str, str] = {}
    for given in slot or []:
        key, sep, value = given.partition("=")
        if not sep or not key or not value:
            err.print(f"[red]error:[/] --slot {given}: write SLOT=VARIANT, e.g. window=possibly", highlight=False)
            raise typer.Exit(EXIT_USAGE)
        fixed[key] = value
    if name is not None and name not in cypher.queries():
        err.print(f"[red]error:[/] no query '{name}': alliance cypher --list lists them", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        texts = cypher.rendered(name, fixed)
    except cypher.CatalogError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    if not texts:
        err.print(f"[red]error:[/] {name}: the code makes no choice that matches {fixed}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    for r in texts:
        out.print(f"{r.header}\n{r.text}\n", highlight=False, markup=False)
