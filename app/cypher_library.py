"""The Cypher the application runs: named files in `cypher/`, read once, never assembled from input."""

from __future__ import annotations

from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


class CypherLibrary:
    """`library["name"]` is the text of `cypher/name.cypher`."""

    def __init__(self, directory: Path = CYPHER_DIR) -> None:
        self._queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.cypher"))}
        if not self._queries:
            raise RuntimeError(f"no Cypher files found in {directory}")

    def __getitem__(self, name: str) -> str:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no cypher/{name}.cypher") from None

    def names(self) -> list[str]:
        return list(self._queries)

    def statements(self, name: str) -> list[str]:
        """A file of several statements (schema.cypher), split on the `;` that ends a line."""
        text = "\n".join(line for line in self[name].splitlines() if not line.strip().startswith("//"))
        return [s.strip() for s in text.split(";\n") if s.strip().rstrip(";").strip()]


_LIBRARY: CypherLibrary | None = None


def get_library() -> CypherLibrary:
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = CypherLibrary()
    return _LIBRARY
