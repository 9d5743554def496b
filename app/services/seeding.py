"""Loading the seed: everything validated first (app/seeding/reader.py), then written in one transaction
of batched UNWIND statements, so a bad file changes nothing and loading twice leaves the same graph."""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import InvalidInput
from app.repository.writer import GraphWriter
from app.seeding.reader import Seed, SeedInvalidError, read_seed, seed_files
from app.seeding.rows import seed_rows

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_DIR = ROOT / "seed"


def read(paths: list[Path]) -> Seed:
    """Every seed file under `paths`, validated; SeedInvalidError lists every problem."""
    files = [f for p in paths for f in seed_files(p)]
    if not files:
        raise InvalidInput(f"no seed files (*.yaml, *.yml, *.json) in {', '.join(map(str, paths))}")
    return read_seed(files, base=Path.cwd())


async def load(writer: GraphWriter, seed: Seed) -> dict[str, int]:
    """Write the whole seed in one transaction (idempotent)."""
    await writer.apply_schema()
    rows = seed_rows(seed)
    await writer.load_seed(
        files=rows.files,
        actors=rows.actors,
        places=rows.places,
        sources=rows.sources,
        events=rows.events,
        claims=rows.claims,
    )
    return seed.counts()


__all__ = ["SEED_DIR", "Seed", "SeedInvalidError", "load", "read"]
