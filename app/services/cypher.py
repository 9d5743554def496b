"""What runs: every named query of app/cypher/ rendered as the repository sends it, one text per choice of
its slots' variants (`alliance cypher`), so a reader sees each statement the app can run."""

from __future__ import annotations

from dataclasses import dataclass

from app.repository import catalog


@dataclass(frozen=True)
class Rendered:
    name: str
    choices: dict[str, str]
    text: str

    @property
    def header(self) -> str:
        chosen = " ".join(f"{k}={v}" for k, v in self.choices.items())
        return f"// {self.name}.cypher{' ' + chosen if chosen else ''}"


def queries() -> dict[str, dict[str, list[str]]]:
    """Each query's name, with the variants chosen for each of its slots."""
    out: dict[str, dict[str, list[str]]] = {}
    for name in catalog.queries():
        slots: dict[str, list[str]] = {}
        for chosen in catalog.choices(name):
            for slot, variant in chosen.items():
                slots.setdefault(slot, [])
                if variant not in slots[slot]:
                    slots[slot].append(variant)
        out[name] = slots
    return out


def rendered(name: str | None = None, fixed: dict[str, str] | None = None) -> list[Rendered]:
    """The texts of `name` (every query when None), one per choice of variants (`fixed` kept)."""
    names = [name] if name is not None else catalog.queries()
    return [
        Rendered(n, chosen, catalog.query(n, **chosen).strip()) for n in names for chosen in catalog.choices(n, fixed)
    ]


CatalogError = catalog.CatalogError
