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


def _variants(slot: str) -> list[str]:
    """The variants a caller may choose for `slot`: the fragment files `slot_<variant>.cypher` (a query
    of its own, one that returns rows, is never a variant)."""
    prefix = f"{slot}_"
    return sorted(
        n.removeprefix(prefix)
        for n, text in texts().items()
        if n.startswith(prefix) and "_" not in n.removeprefix(prefix) and "RETURN" not in _top_level(text)
    )


def _top_level(text: str) -> str:
    """The text outside braces (subqueries, maps) and comments: where a query's own RETURN would be."""
    out, depth = [], 0
    for ch in _strip_comments(text):
        depth += ch == "{"
        if depth == 0:
            out.append(ch)
        depth -= ch == "}" and depth > 0
    return "".join(out)


def _fragments() -> set[str]:
    found: set[str] = set()
    for text in texts().values():
        for slot in SLOT.findall(text):
            variants = _variants(slot)
            found.update(f"{slot}_{v}" for v in variants) if variants else found.add(slot)
    return found


def queries() -> list[str]:
    """The names of the queries the app runs (the files that are not fragments of another)."""
    fragments = _fragments()
    return [n for n in names() if n not in fragments]


def choices(name: str, fixed: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Every choice of variants `name` can be rendered with (its slots' variants, combined), `fixed` kept."""
    fixed = dict(fixed or {})
    found: list[dict[str, str]] = []

    def open_slots(part: str, chosen: dict[str, str], depth: int = 0) -> list[str]:
        if depth > 5:
            raise CatalogError(f"{name}: slots nested too deep (a cycle?)")
        if part not in texts():
            raise CatalogError(f"no app/cypher/{part}.cypher")
        out: list[str] = []
        for slot in SLOT.findall(texts()[part]):
            if slot in chosen:
                out += open_slots(f"{slot}_{chosen[slot]}", chosen, depth + 1)
            elif _variants(slot):
                out.append(slot)
            else:
                out += open_slots(slot, chosen, depth + 1)
        return out

    def walk(chosen: dict[str, str]) -> None:
        pending = [s for s in dict.fromkeys(open_slots(name, chosen)) if s not in chosen]
        if not pending:
            found.append(dict(sorted(chosen.items())))
            return
        for variant in _variants(pending[0]):
            walk({**chosen, pending[0]: variant})

    walk(fixed)
    return found


def statements(name: str) -> list[str]:
    """A file of several statements (schema.cypher), split on the `;` that ends a line."""
    text = _strip_comments(query(name))
    return [s.strip() for s in text.split(";\n") if s.strip().rstrip(";").strip()]
