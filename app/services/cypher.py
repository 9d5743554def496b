"""What runs: every named query of app/cypher/ rendered as the repository sends it, one text per choice of
its slots' variants that the code makes (`alliance cypher`), so a reader sees each statement the app runs.

Where the code combines every variant of a query's slots (actors_list's actor_kind, import_fixups' label),
that is every choice the catalog offers; where it makes fewer (the claim selections: `stale=cut` only with a
window; curation's labels), the repository says which (`used_choices`, derived from the code that chooses)."""

from __future__ import annotations

from dataclasses import dataclass

from app.repository import catalog, curator, reader


@dataclass(frozen=True)
class Rendered:
    name: str
    choices: dict[str, str]
    text: str

    @property
    def header(self) -> str:
        chosen = " ".join(f"{k}={v}" for k, v in self.choices.items())
        return f"// {self.name}.cypher{' ' + chosen if chosen else ''}"


def used() -> dict[str, list[dict[str, str]]]:
    """The queries whose slots the code does not combine in full, with the choices it makes."""
    return reader.used_choices() | curator.used_choices()


def _choices(name: str, fixed: dict[str, str] | None = None) -> list[dict[str, str]]:
    offered = catalog.choices(name, fixed)  # raises CatalogError on a slot or variant that has no file
    made = used().get(name)
    return offered if made is None else [c for c in offered if c in made]


def queries() -> dict[str, dict[str, list[str]]]:
    """Each query's name, with the variants the code chooses for each of its slots."""
    out: dict[str, dict[str, list[str]]] = {}
    for name in catalog.queries():
        made = {(slot, variant) for chosen in _choices(name) for slot, variant in chosen.items()}
        slots: dict[str, list[str]] = {}
        for chosen in catalog.choices(name):  # in the catalog's order
            for slot, variant in chosen.items():
                slots.setdefault(slot, [])
                if (slot, variant) in made and variant not in slots[slot]:
                    slots[slot].append(variant)
        out[name] = slots
    return out


def rendered(name: str | None = None, fixed: dict[str, str] | None = None) -> list[Rendered]:
    """The texts of `name` (every query when None), one per choice of variants the code makes (`fixed` kept)."""
    names = [name] if name is not None else catalog.queries()
    return [Rendered(n, chosen, catalog.query(n, **chosen).strip()) for n in names for chosen in _choices(n, fixed)]


CatalogError = catalog.CatalogError
