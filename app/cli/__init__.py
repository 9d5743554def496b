"""The `alliance` command line (Typer). Each group of commands lives in its own module and registers on
`app` below; `main` is the console script declared in pyproject.toml.

It reads the same settings as the API (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, and
NEO4J_WRITE_TIMEOUT for write transactions). Exit status: 0 done; 1 the data was refused (nothing, or only
the good rows, written: the command says which); 2 a usage error; 3 the database could not be used.
"""

from __future__ import annotations

from app.cli.backup import backup, checksum, restore
from app.cli.common import app
from app.cli.cypher import cypher_command
from app.cli.export import export
from app.cli.extract import extract
from app.cli.import_mmp import mmp
from app.cli.imports import imports
from app.cli.keys import keys
from app.cli.seed import seed

__all__ = [
    "app",
    "backup",
    "checksum",
    "cypher_command",
    "export",
    "extract",
    "imports",
    "keys",
    "main",
    "mmp",
    "restore",
    "seed",
]


def main() -> None:
    app()
