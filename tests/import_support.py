"""Helpers for the import tests: small GED and claims files written from literal rows, the CLI run in-process
(CliRunner) or as a subprocess (`.venv/bin/alliance`) against the tests' Neo4j, and graph counts."""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j import Driver
from typer.testing import CliRunner, Result

from app.cli import app as cli
from app.config import Settings, get_settings
from tools.neo4j_local import ROOT

ALLIANCE = Path(sys.executable).parent / "alliance"
SHIPPED_GED = ROOT / "data" / "ucdp" / "ged-syria-2016-2019.csv.gz"
SHIPPED_ACTORS = ROOT / "data" / "ucdp" / "ucdp-actor-22.1.csv.gz"
SHIPPED_RELEASE = "Syria 652.1601.1911"
SUBSET_GED = ROOT / "data" / "ucdp" / "ged-21.1-subset-syria-2004-2015.csv.gz"
RUN_SH = ROOT / "scripts" / "run.sh"


def make_run_ged_imports() -> list[list[str]]:
    """The `alliance import ucdp-ged ...` commands of scripts/run.sh (the main job), in its order, as CLI
    arguments with the files' paths made absolute: a test that runs them loads the GED files as `make run`
    does (MMP, which make run loads after them where its files are at hand, is tested in test_import_mmp)."""
    import shlex

    text = RUN_SH.read_text(encoding="utf-8").replace("\\\n", " ")
    commands = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        if words[:3] == [".venv/bin/alliance", "import", "ucdp-ged"]:
            commands.append([str(ROOT / w) if (ROOT / w).is_file() else w for w in words[1:]])
    return commands


# The GED 19.1 columns, as the shipped file has them.
GED_COLUMNS = [
    "id",
    "year",
    "active_year",
    "type_of_violence",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "gwnob",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
]


def ged_row(
    ged_id: int,
    violence: int,
    side_a: str,
    side_b: str,
    start: str,
    end: str | None = None,
    *,
    side_a_id: int | str = "",
    side_b_id: int | str = "",
    deaths: tuple[int, int, int] = (1, 2, 3),
    where: str = "Marea town",
    lat: float = 36.4,
    lon: float = 37.2,
    article: str | None = None,
    **more: Any,
) -> dict[str, Any]:
    """One GED row with the codebook's columns (unset ones empty)."""
    row: dict[str, Any] = dict.fromkeys(GED_COLUMNS, "")
    low, best, high = deaths
    row.update(
        id=f"{ged_id}.0",
        year=start[:4],
        type_of_violence=f"{violence}.0",
        side_a=side_a,
        side_b=side_b,
        side_a_new_id=side_a_id,
        side_b_new_id=side_b_id,
        dyad_name=f"{side_a} - {side_b}",
        date_start=start,
        date_end=end or start,
        date_prec="1.0" if (end or start) == start else "2.0",
        where_coordinates=where,
        latitude=lat,
        longitude=lon,
        country="Syria",
        adm_1="Aleppo Governorate",
        low=low,
        best=best,
        high=high,
        source_article=article if article is not None else f'"SOHR,{start},Clashes {ged_id}"',
        source_office="SOHR",
        source_date=start,
        source_headline=f"Clashes {ged_id}",
        number_of_sources="1.0",
        event_clarity="1.0",
        where_prec="1.0",
    )
    row.update(more)
    return row


def write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: Sequence[str] = GED_COLUMNS) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
        out.writeheader()
        for row in rows:
            out.writerow(row)
    return path


def write_ndjson(path: Path, records: Iterable[dict[str, Any] | str]) -> Path:
    """One record a line; a str is written as the line itself (to write broken lines)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
    }


@contextmanager
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    try:
        yield
    finally:
        get_settings.cache_clear()


def run_cli(settings: Settings, *args: str | Path) -> Result:
    """`alliance ARGS` in this process, against the tests' Neo4j."""
    with _fresh_settings():
        return CliRunner().invoke(cli, [str(a) for a in args], env=cli_env(settings), catch_exceptions=False)


def subprocess_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return env | cli_env(settings) | {"COLUMNS": "200", "PYTHONUNBUFFERED": "1"}


def counts(db: Driver, database: str) -> dict[str, int]:
    """Nodes per label and relationships per type."""
    nodes, _, _ = db.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", database_=database
    )
    rels, _, _ = db.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=database)
    return {r["label"]: r["n"] for r in nodes} | {r["type"]: r["n"] for r in rels}


def content_checksum(db: Driver, database: str, ignore: Sequence[str] = ("recorded_at", "first_finished_at")) -> str:
    """A hash of every node and relationship with its properties, but the times an import was run."""
    import hashlib

    nodes, _, _ = db.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database)
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props", database_=database
    )
    lines = []
    for n in nodes:
        props = {k: v for k, v in n["props"].items() if k not in ignore}
        lines.append(f"N {sorted(n['labels'])} {json.dumps(props, sort_keys=True, default=str)}")
    for r in rels:
        props = {k: v for k, v in r["props"].items() if k not in ignore}
        lines.append(f"R {r['type']} {r['a']} {r['b']} {json.dumps(props, sort_keys=True, default=str)}")
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


# Mapping Militant Organizations' files: never in the repository (MMP's data carry no licence, only a request
# to cite), read from the shared data folder beside the checkout.
MMP_DIR = ROOT.parent / "shared" / "data" / "mmp"
MMP_RELATIONSHIPS = MMP_DIR / "Militant-Group-Relationships-clean.csv"
MMP_KEY = MMP_DIR / "Militant-Group-Key.csv"
