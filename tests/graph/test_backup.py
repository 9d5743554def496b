"""`alliance backup`, `alliance restore` and `alliance checksum` through the CLI against the real Neo4j: the seed,
a sample of the shipped GED file and a node holding every type Neo4j stores go out to a file and come back,
after a wipe, as the same graph; a database that holds data is refused; a file cut short, altered, naming
labels that are not identifiers, or relationships to nodes it lacks writes nothing."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir, wipe
from tests.import_support import SHIPPED_GED, run_cli

# A node and a relationship with every property type, written by Neo4j's own functions. toString() of
# each value is what must come back: an offset ("Z") and a named zone ("[UTC]") are different values.
TYPED = """
CREATE (t:Typed:Sample {
  id: 'typed',
  date: date('2014-08-18'), dates: [date('0001-01-01'), date('9999-12-31')],
  z_offset: datetime('2014-08-18T10:00:00.5Z'), z_utc: datetime('2014-08-18T10:00:00Z[UTC]'),
  z_named: datetime('2014-08-18T10:00:00.123456789+02:00[Europe/Berlin]'),
  z_list: [datetime('2014-08-18T10:00Z'), datetime('2015-01-01T00:00+03:00')],
  local: localdatetime('2014-08-18T10:00:00.000000001'), time: time('10:00:00.1+01:00'),
  ltime: localtime('23:59:59.999999999'), span: duration('P1Y2M3DT4H5M6.000000007S'),
  cartesian: point({x: 1.5, y: -2}), cartesian3: point({x: 1, y: 2, z: 3}),
  place: point({latitude: 36.2, longitude: 37.1}), place3: point({latitude: 1, longitude: 2, height: 3}),
  big: 9007199254740993, ratio: 1.0, tiny: 5e-324, nan: 0.0 / 0.0, inf: 1e308 * 10, flag: false,
  words: ['a', 'b'], numbers: [1, 2, 3], floats: [0.1, 2.0], text: 'قال "x"\\n{$date: 1}'
})
CREATE (anon:Sample {note: 'no id'})
CREATE (anon)-[:NOTED_ON {at: datetime('2020-02-29T12:00Z'), where: point({x: 0, y: 0})}]->(t)
CREATE (anon)-[:NOTED_ON]->(anon)
"""
TYPED_TEXT = """
MATCH (t:Typed)
RETURN [k IN keys(t) WHERE k <> 'nan' | [k, valueType(t[k]),
        CASE WHEN valueType(t[k]) STARTS WITH 'LIST' THEN [x IN t[k] | toString(x)] ELSE [toString(t[k])] END]]
       AS props, isNaN(t.nan) AS nan
"""


def _typed_text(db: Driver, database: str) -> dict[str, Any]:
    records, _, _ = db.execute_query(TYPED_TEXT, database_=database)
    row = records[0]
    return {"props": sorted(map(tuple, row["props"])), "nan": row["nan"]}


def _ged_sample(path: Path, rows: int = 400) -> Path:
    """The first rows of the shipped UCDP GED file."""
    with gzip.open(SHIPPED_GED, "rt", encoding="utf-8") as src, gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, rows + 1))
    return path


def _printed_checksum(output: str) -> str:
    found: list[str] = re.findall(r"checksum ([0-9a-f]{64})", output)
    assert len(found) == 1, output
    return found[0]


def _count(db: Driver, database: str, cypher: str) -> int:
    records, _, _ = db.execute_query(cypher, database_=database)
    return int(records[0]["n"])


def _indexes(db: Driver, database: str, *names: str) -> int:
    records, _, _ = db.execute_query(
        "SHOW INDEXES YIELD name WHERE name IN $names RETURN count(*) AS n", names=list(names), database_=database
    )
    return int(records[0]["n"])


def _nothing(db: Driver, database: str) -> None:
    """The database is empty, with no index of a restore left behind."""
    assert _count(db, database, "MATCH (n) RETURN count(n) AS n") == 0
    assert _indexes(db, database, "backup_restore_key") == 0


@pytest.fixture
def backed_up(empty_graph: Driver, settings: Settings, tmp_path: Path) -> tuple[Path, str, Any, dict[str, Any]]:
    """The seed + a GED sample + the typed node, backed up: (file, printed checksum, graph_checksum, typed)."""
    load_seed_dir(settings)
    imported = run_cli(settings, "import", "ucdp-ged", _ged_sample(tmp_path / "ged.csv.gz"), "--release", "19.1")
    assert imported.exit_code == 0, imported.output
    empty_graph.execute_query(TYPED, database_=settings.neo4j_database)
    before = graph_checksum(empty_graph, settings.neo4j_database)
    typed = _typed_text(empty_graph, settings.neo4j_database)
    path = tmp_path / "graph.backup.gz"
    result = run_cli(settings, "backup", path)
    assert result.exit_code == 0, result.output
    assert "backed up" in result.output and path.stat().st_mode & 0o077 == 0
    return path, _printed_checksum(result.output), before, typed


def test_backup_wipe_restore_gives_the_same_graph_with_every_type_exact(
    backed_up: tuple[Path, str, Any, dict[str, Any]], db: Driver, settings: Settings
) -> None:
    path, printed, before, typed = backed_up
    assert before[0]["Event"] >= 300 and before[0]["Claim"] > 21 and before[0]["Import"] == 1
    checked = run_cli(settings, "checksum")
    assert checked.exit_code == 0 and _printed_checksum(checked.output) == printed

    wipe(db, settings.neo4j_database)
    result = run_cli(settings, "restore", path)
    assert result.exit_code == 0, result.output
    assert _printed_checksum(result.output) == printed and "the same as the file's" in result.output
    assert graph_checksum(db, settings.neo4j_database) == before  # an independent hash of every node and edge
    assert _typed_text(db, settings.neo4j_database) == typed
    assert typed["nan"] is True
    assert ("z_offset", "ZONED DATETIME NOT NULL", ["2014-08-18T10:00:00.5Z"]) in typed["props"]
    assert ("z_utc", "ZONED DATETIME NOT NULL", ["2014-08-18T10:00:00Z[UTC]"]) in typed["props"]
    # no temporary label, key or index left; the schema is there (the claim window index, used by the API)
    database = settings.neo4j_database
    leftover = "MATCH (n) WHERE n:_BackupRestore OR n._backup_key IS NOT NULL RETURN count(n) AS n"
    assert _count(db, database, leftover) == 0
    assert _indexes(db, database, "backup_restore_key") == 0 and _indexes(db, database, "claim_window_entry") == 1


def test_a_database_that_holds_data_is_refused_unless_wiped(
    backed_up: tuple[Path, str, Any, dict[str, Any]], db: Driver, settings: Settings
) -> None:
    path, printed, before, _ = backed_up
    db.execute_query("CREATE (:Stray {id: 'stray'})", database_=settings.neo4j_database)
    result = run_cli(settings, "restore", path)
    assert result.exit_code == 1
    assert "restore writes only into an empty database (--wipe deletes them first); nothing was written" in (
        " ".join(result.output.split())
    )
    records, _, _ = db.execute_query("MATCH (s:Stray) RETURN count(s) AS n", database_=settings.neo4j_database)
    assert records[0]["n"] == 1

    wiped = run_cli(settings, "restore", path, "--wipe", "--batch", "97")
    assert wiped.exit_code == 0, wiped.output
    assert _printed_checksum(wiped.output) == printed
    assert graph_checksum(db, settings.neo4j_database) == before


def _lines(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rb") as f:
        return [orjson.loads(line) for line in f]


def _rewrite(path: Path, lines: list[dict[str, Any]], *, reseal: bool = True) -> Path:
    """The lines written as a backup file; with `reseal`, the last line's SHA-256 made to match again."""
    body = b"".join(orjson.dumps(line) + b"\n" for line in lines[:-1])
    end = dict(lines[-1]["end"])
    if reseal:
        end["sha256"] = hashlib.sha256(body).hexdigest()
    with gzip.open(path, "wb") as f:
        f.write(body + orjson.dumps({"end": end}) + b"\n")
    return path


def test_a_file_cut_short_altered_or_hostile_writes_nothing(
    backed_up: tuple[Path, str, Any, dict[str, Any]], db: Driver, settings: Settings, tmp_path: Path
) -> None:
    path, _, _, _ = backed_up
    lines = _lines(path)
    data = path.read_bytes()
    first_rel = next(i for i, line in enumerate(lines) if "rel" in line)
    hostile = [dict(line) for line in lines]
    hostile[1] = {**hostile[1], "labels": ["Actor`) DETACH DELETE (x"]}
    bad_type = [dict(line) for line in lines]
    bad_type[first_rel] = {**bad_type[first_rel], "rel": "HOSTILE_TO]->() MATCH (n) DETACH DELETE n//"}
    altered = [dict(line) for line in lines]
    altered[2] = {**altered[2], "props": {**altered[2]["props"], "name": "someone else"}}
    dangling = [dict(line) for line in lines]
    dangling[-2] = {**dangling[-2], "end": "4:no-such-node:0"}  # passes every check of the file; fails in Neo4j
    bad_value = [dict(line) for line in lines]
    bad_value[3] = {**bad_value[3], "props": {"when": {"$date": "2014-13-45"}}}
    cases = {
        "gzip cut short": (tmp_path / "cut.gz", data[: len(data) // 2], "not a readable gzip file"),
        "no last line": (tmp_path / "nolast.gz", None, "no last line"),
        "altered": (_rewrite(tmp_path / "altered.gz", altered, reseal=False), None, "SHA-256 does not match"),
        "label": (_rewrite(tmp_path / "label.gz", hostile), None, "is not a plain identifier"),
        "type": (_rewrite(tmp_path / "type.gz", bad_type), None, "is not a plain identifier"),
        "value": (_rewrite(tmp_path / "value.gz", bad_value), None, "line 4"),
        "not ours": (tmp_path / "other.gz", gzip.compress(b'{"a": 1}\n'), "not an alliance-graph-backup file"),
        "dangling": (_rewrite(tmp_path / "dangling.gz", dangling), None, "name a node the file does not hold"),
    }
    cases["gzip cut short"][0].write_bytes(cases["gzip cut short"][1] or b"")
    cases["not ours"][0].write_bytes(cases["not ours"][1] or b"")
    with gzip.open(tmp_path / "nolast.gz", "wb") as f:
        f.writelines(orjson.dumps(line) + b"\n" for line in lines[:-1])
    for name, (file, _, message) in cases.items():
        wipe(db, settings.neo4j_database)
        result = run_cli(settings, "restore", file, "--batch", "50")
        assert result.exit_code == 1, (name, result.output)
        assert message in " ".join(result.output.split()), (name, result.output)
        _nothing(db, settings.neo4j_database)
