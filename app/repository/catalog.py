"""The Cypher the application runs: named files shipped inside the package (`app/cypher/*.cypher`), read
once and cached; never assembled from input.

A file may include another with a slot `{{name}}`. When the caller chooses a variant for that slot,
`query("relationships_select", window="possibly")`, the slot takes the file `window_possibly.cypher`;
otherwise the file `name.cypher`. Choices come from the code's own vocabularies (modes, filters in use),
never from request text, so each request picks one of a few fixed query texts (Neo4j caches their plans).
This is how Cypher that must repeat (the time-window predicate, the claim projection) is said once.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

PACKAGE = "app.cypher"
SLOT = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class CatalogError(LookupError):
    """A query name, slot or variant that has no file: a bug in the caller, not bad input."""


@cache
def texts() -> dict[str, str]:
    """Every .cypher file of the package by name (without the suffix)."""
    found = {
        entry.name.removesuffix(".cypher"): entry.read_text(encoding="utf-8")
        for entry in resources.files(PACKAGE).iterdir()
        if entry.name.endswith(".cypher")
    }
    if not found:
        raise CatalogError(f"no Cypher files in the package {PACKAGE}")
    return found


def names() -> list[str]:
    return sorted(texts())


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))


def _render(name: str, choices: tuple[tuple[str, str], ...], depth: int = 0) -> str:
    if depth > 5:
        raise CatalogError(f"{name}: slots nested too deep (a cycle?)")
    try:
        text = texts()[name]
    except KeyError:
        raise CatalogError(f"no app/cypher/{name}.cypher") from None
    chosen = dict(choices)

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        part = f"{slot}_{chosen[slot]}" if slot in chosen else slot
        return _strip_comments(_render(part, choices, depth + 1)).strip()

    return SLOT.sub(fill, text)


@cache
def _query(name: str, choices: tuple[tuple[str, str], ...]) -> str:
    return _render(name, choices)


def query(name: str, **choices: str) -> str:
    """The text of `name`, its slots filled (see the module's docstring)."""
    return _query(name, tuple(sorted(choices.items())))


def statements(name: str) -> list[str]:
    """A file of several statements (schema.cypher), split on the `;` that ends a line."""
    text = _strip_comments(query(name))
    return [s.strip() for s in text.split(";\n") if s.strip().rstrip(";").strip()]
