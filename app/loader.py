"""The seed loader: `python -m app.loader [PATH ...] [--check]`.

Validates every seed file (default: the `seed/` folder) with pydantic; on any problem prints each one
(file, entry, field) and writes nothing. Otherwise writes the whole seed in one transaction to the
database of NEO4J_URI / NEO4J_DATABASE. Loading twice leaves the same graph.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.config import Settings, get_settings
from app.repository import open_driver, repository
from app.services.seeding import Seed, SeedInvalidError, load_seed, read_seed, seed_files

__all__ = ["Seed", "SeedInvalidError", "load", "main", "read"]

ROOT = Path(__file__).resolve().parent.parent


def read(paths: list[Path]) -> Seed:
    files = [f for p in paths for f in seed_files(p)]
    if not files:
        raise SeedInvalidError([])
    return read_seed(files, base=ROOT)


async def load(seed: Seed, settings: Settings) -> dict[str, int]:
    driver = open_driver(settings)
    try:
        async with repository(driver, settings) as repo:
            return await load_seed(repo, seed)
    finally:
        await driver.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.loader", description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "seed"], help="seed files or folders")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    try:
        seed = read(args.paths)
    except SeedInvalidError as exc:
        if not exc.problems:
            print(f"error: no seed files (*.yaml, *.yml, *.json) in {', '.join(map(str, args.paths))}", file=sys.stderr)
            return 2
        print(f"error: the seed is invalid; nothing was written ({len(exc.problems)} problem(s)):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {k}" for k, n in seed.counts().items())
    if args.check:
        print(f"seed is valid: {counts} in {len(seed.files)} file(s)")
        return 0
    settings = get_settings()
    try:
        asyncio.run(load(seed, settings))
    except Exception as exc:
        print(f"error: could not write to Neo4j at {settings.neo4j_uri}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3
    print(f"loaded {counts} from {len(seed.files)} file(s) into '{settings.neo4j_database}' at {settings.neo4j_uri}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
