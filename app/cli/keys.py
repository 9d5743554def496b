"""`alliance keys create|list|revoke`: the API keys in the key file (API_KEYS_FILE, default
.local/api-keys.json). A new key is printed once; the file keeps only its sha256, readable by its owner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import EXIT_REFUSED, EXIT_USAGE, app, err, out
from app.config import get_settings
from app.domain.errors import Conflict, DomainError
from app.services import keys as keystore

keys = typer.Typer(help="API keys for writing over HTTP (printed once, stored hashed).", no_args_is_help=True)
app.add_typer(keys, name="keys")

FileOpt = Annotated[
    Path | None, typer.Option("--file", help="the key file (default: API_KEYS_FILE, .local/api-keys.json)")
]


def _path(file: Path | None) -> Path:
    return file or get_settings().api_keys_file


@keys.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="who the key is for: the author of every change it makes")],
    role: Annotated[keystore.Role, typer.Option("--role", help="reader, editor or admin")] = keystore.Role.EDITOR,
    file: FileOpt = None,
) -> None:
    """Make a key and print it (once: only its hash is stored)."""
    path = _path(file)
    try:
        key = keystore.create(path, name, role)
    except Conflict as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    except DomainError as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    err.print(f"created the {role.value} key '{name}' in {path} (shown once; only its hash is kept):", highlight=False)
    out.print(key, highlight=False)


@keys.command("list")
def list_keys(file: FileOpt = None) -> None:
    """The keys' names and roles (never the keys: they are not stored)."""
    try:
        stored = keystore.read_file(_path(file))
    except DomainError as exc:
        err.print(f"[red]error:[/] {exc.detail}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    for k in stored:
        typer.echo(f"{k.name}\t{k.role.value}\t{k.created or ''}")


@keys.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="the key's name")], file: FileOpt = None) -> None:
    """Remove a key: it stops working at the API's next request."""
    if not keystore.revoke(_path(file), name):
        err.print(f"[red]error:[/] no key named '{name}'", highlight=False)
        raise typer.Exit(EXIT_REFUSED)
    out.print(f"revoked '{name}'", highlight=False)
