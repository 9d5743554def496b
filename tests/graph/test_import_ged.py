"""`alliance import ucdp-ged` against the real Neo4j, on small GED files written here: good and bad rows,
repeats, a killed import run again, a file with only the required columns, one-sided violence, and where
UCDP's groups land among the seed's actors."""

from __future__ import annotations

import csv
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir, wipe
from tests.helpers import ok
from tests.import_support import (
    ALLIANCE,
    content_checksum,
    counts,
    ged_row,
    run_cli,
    subprocess_env,
    write_csv,
)


def query(db: Driver, settings: Settings, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher, params, database_=settings.neo4j_database)
    return [r.data() for r in records]


def small_file(path: Path) -> Path:
    """Five good rows (a coalition, a month-crossing event, one-sided violence) and the seed's groups."""
    return write_csv(
        path,
        [
            ged_row(101, 1, "Government of Syria", "IS", "2016-08-03", side_a_id=118, side_b_id=234, deaths=(2, 3, 4)),
            ged_row(102, 1, "Government of Syria", "IS", "2016-08-20", side_a_id=118, side_b_id=234, deaths=(1, 1, 1)),
            ged_row(
                103,
                2,
                "Ahrar al-Sham, Jabhat Fateh al-Sham",
                "IS",
                "2016-08-10",
                side_a_id=6389,
                side_b_id=234,
                deaths=(5, 6, 9),
            ),
            ged_row(104, 2, "IS", "SDF", "2016-07-30", "2016-08-02", side_a_id=234, side_b_id=5392),
            ged_row(105, 3, "IS", "Civilians", "2016-08-05", side_a_id=234, side_b_id=1),
        ],
    )


# ------------------------------------------------------------------------------------ good and bad rows


def test_good_rows_land_and_bad_rows_are_reported_by_line_and_field_with_nothing_half_written(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    good = [
        ged_row(201, 1, "Government of Syria", "IS", "2016-08-03", side_a_id=118, side_b_id=234),
        ged_row(202, 2, "IS", "SDF", "2016-08-04", side_a_id=234, side_b_id=5392),
        ged_row(203, 3, "IS", "Civilians", "2016-08-05", side_a_id=234, side_b_id=1),
    ]
    bad = [
        ged_row(301, 1, "Government of Syria", "Hezbollah", "2016-08-31", "2016-08-30"),  # ends before it starts
        ged_row(302, 9, "IS", "SDF", "2016-08-06"),  # no such type of violence
        ged_row(303, 2, "Jaysh al-Islam", "", "2016-08-07"),  # no side B
        ged_row(201, 2, "Rahman Corps", "IS", "2016-08-08"),  # the id again
        ged_row(304, 1, "Government of Iraq", "IS", "2016-08-09", latitude="north"),
    ]
    path = write_csv(tmp_path / "mixed.csv", [good[0], bad[0], good[1], bad[1], bad[2], bad[3], good[2], bad[4]])
    result = run_cli(settings, "import", "ucdp-ged", path, "--release", "test", "--report", "--batch-size", "2")
    assert result.exit_code == 1, result.output
    shown = result.output
    for line, field in ((3, "date_end"), (5, "type_of_violence"), (6, "side_b"), (7, "id"), (9, "latitude")):
        assert f"mixed.csv:{line}" in shown and f": {field}: " in shown, (line, field, shown)
    assert "8 rows, 3 loaded, 5 rejected" in shown
    report = list(csv.DictReader((tmp_path / "mixed.csv.rejected.csv").open()))
    assert [(r["line"], r["field"]) for r in report] == [
        ("3", "date_end"),
        ("5", "type_of_violence"),
        ("6", "side_b"),
        ("7", "id"),
        ("9", "latitude"),
    ]
    events = query(empty_graph, settings, "MATCH (e:Event) RETURN e.ged_id AS id, e.kind AS kind ORDER BY id")
    assert [e["id"] for e in events] == [201, 202, 203]
    assert query(empty_graph, settings, "MATCH (e:Event {id: 'ged-201'}) RETURN e.side_b AS b")[0]["b"] == "IS"
    # nothing of the bad rows: no actor of theirs, no claim they evidence; every claim whole
    names = {r["name"] for r in query(empty_graph, settings, "MATCH (a:Actor) RETURN a.name AS name")}
    assert names == {"Government of Syria", "IS", "SDF"}
    claims = query(
        empty_graph,
        settings,
        """
        MATCH (c:Claim)
        RETURN c.id AS id, COUNT { (c)-[:PARTY]->() } AS parties, COUNT { (c)-[:CITES]->() } AS cites,
               [(c)-[:EVIDENCED_BY]->(e) | e.ged_id] AS events,
               COUNT { (:Actor)-[r:HOSTILE_TO]->(:Actor) WHERE r.claim_id = c.id } AS edges
        ORDER BY id
        """,
    )
    assert [(c["parties"], c["cites"], c["events"], c["edges"]) for c in claims] == [(2, 1, [201], 1), (2, 1, [202], 1)]


def test_a_file_that_is_not_ged_is_refused_and_nothing_is_written(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,value\nx,1\n")
    result = run_cli(settings, "import", "ucdp-ged", path)
    assert result.exit_code == 1
    assert "not a UCDP GED file: no column id, type_of_violence, side_a, side_b" in result.output
    assert "Traceback" not in result.output
    assert counts(empty_graph, settings.neo4j_database) == {}
    usage = run_cli(settings, "import", "ucdp-ged", tmp_path / "missing.csv")
    assert usage.exit_code == 2 and "does not exist" in usage.output
    ged = small_file(tmp_path / "ged.csv")
    not_actors = run_cli(settings, "import", "ucdp-ged", ged, "--actors", path)
    assert not_actors.exit_code == 1 and "not a UCDP actor list" in not_actors.output
    assert counts(empty_graph, settings.neo4j_database) == {}


# ------------------------------------------------------------------------------------ repeat and resume


@pytest.mark.writes
def test_importing_the_same_file_twice_adds_nothing(seeded: Driver, settings: Settings, tmp_path: Path) -> None:
    path = small_file(tmp_path / "ged.csv.gz")
    first = run_cli(settings, "import", "ucdp-ged", path, "--release", "test")
    assert first.exit_code == 0, first.output
    before = graph_checksum(seeded, settings.neo4j_database)
    again = run_cli(settings, "import", "ucdp-ged", path, "--release", "test")
    assert again.exit_code == 0, again.output
    assert "claims unchanged 5" in again.output and "events unchanged 5" in again.output
    assert graph_checksum(seeded, settings.neo4j_database) == before
    skipped = run_cli(settings, "import", "ucdp-ged", path, "--release", "test", "--skip-if-loaded")
    assert skipped.exit_code == 0 and "already loaded" in skipped.output
    assert graph_checksum(seeded, settings.neo4j_database) == before


@pytest.mark.writes
def test_a_newer_release_of_the_same_events_updates_them_and_their_claims_rather_than_doubling_them(
    seeded: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    older = small_file(tmp_path / "ged-19.1.csv")
    first = run_cli(settings, "import", "ucdp-ged", older, "--release", "19.1")
    assert first.exit_code == 0, first.output
    before = counts(seeded, settings.neo4j_database)
    # the newer release: event 101 revised (deaths), 102 moved to another day of the month, one event added
    rows = list(csv.DictReader(older.open(encoding="utf-8")))
    rows[0]["best"] = "30"
    rows[1]["date_start"] = rows[1]["date_end"] = "2016-08-21"
    rows.append(ged_row(106, 1, "Government of Syria", "IS", "2016-08-25", side_a_id=118, side_b_id=234))
    newer = write_csv(tmp_path / "ged-20.1.csv", rows)
    second = run_cli(settings, "import", "ucdp-ged", newer, "--release", "20.1")
    assert second.exit_code == 0, second.output
    assert "events created 1" in second.output and "events rewritten 5" in second.output, second.output
    after = counts(seeded, settings.neo4j_database)
    assert after["Event"] == before["Event"] + 1 and after["Claim"] == before["Claim"], (before, after)
    events = query(
        seeded,
        settings,
        "MATCH (e:Event {origin: 'ucdp-ged'}) RETURN e.ged_id AS id, e.ged_release AS r, e.deaths_best AS best",
    )
    assert sorted((e["id"], e["r"]) for e in events) == [(i, "20.1") for i in (101, 102, 103, 104, 105, 106)]
    assert {e["id"]: e["best"] for e in events}[101] == 30
    # one claim for the pair and month, as the newer release has it, citing it
    items = ok(api.get("/relationships", params={"during": "2016-08", "actor": ["syrian-government", "islamic-state"]}))
    [claim] = items["items"]
    assert [c["source"]["id"] for c in claim["citations"]] == ["ucdp-ged-20-1"]
    assert claim["intensity"]["events"] == 3 and claim["intensity"]["deaths_best"] == 30 + 1 + 2
    assert claim["valid"]["text"] == "3 UCDP GED events between 2016-08-03 and 2016-08-25"


def many_rows(n: int) -> list[dict[str, Any]]:
    """n rows, each of another pair of groups or another month: n events and n claims."""
    groups = [f"Group {i}" for i in range(12)]
    pairs = [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    rows = []
    for i in range(n):
        a, b = pairs[i % len(pairs)]
        months = i // len(pairs)
        rows.append(ged_row(1000 + i, 2, a, b, f"{2010 + months // 12}-{1 + months % 12:02d}-{1 + i % 28:02d}"))
    return rows


def test_an_import_killed_after_its_first_batch_and_run_again_ends_with_the_counts_of_one_clean_run(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    """Killed once the first batch of events is committed (actors, sources and places are in; test_import_claims
    kills one in its claims)."""
    phase = "events"
    path = write_csv(tmp_path / "many.csv", many_rows(150))
    args = ["import", "ucdp-ged", str(path), "--release", "test", "--batch-size", "10"]
    clean = run_cli(settings, *args)
    assert clean.exit_code == 0, clean.output
    expected = counts(empty_graph, settings.neo4j_database)
    assert expected["Event"] == 150 and expected["Claim"] == 150
    expected_content = content_checksum(empty_graph, settings.neo4j_database)
    wipe(empty_graph, settings.neo4j_database)

    proc = subprocess.Popen(
        [str(ALLIANCE), *args, "--progress", "lines"],
        env=subprocess_env(settings),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(f"{phase} ") and " rows" in line:  # a batch of this phase was committed
            proc.send_signal(signal.SIGKILL)
            break
    assert proc.wait(timeout=60) == -signal.SIGKILL, "".join(seen)
    partial = counts(empty_graph, settings.neo4j_database)
    assert partial.get("Claim", 0) < 150, "killed too late to test anything"
    assert partial.get("Event", 0) >= 10, partial

    again = run_cli(settings, *args)
    assert again.exit_code == 0, again.output
    assert counts(empty_graph, settings.neo4j_database) == expected
    assert content_checksum(empty_graph, settings.neo4j_database) == expected_content


# ------------------------------------------------------------------------------------ columns, violence


def test_a_file_with_only_the_required_columns_imports_and_names_the_columns_it_lacked(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    columns = ["id", "type_of_violence", "side_a", "side_b", "year", "month", "day"]
    values = [
        (1, 1, "Government of Syria", "IS", 2016, 8, 3),
        (2, 1, "Government of Syria", "IS", 2016, 8, ""),
        (3, 2, "IS", "SDF", 2016, "", ""),
    ]
    rows = [dict(zip(columns, v, strict=True)) for v in values]
    path = write_csv(tmp_path / "old.csv", rows, columns)
    result = run_cli(settings, "import", "ucdp-ged", path, "--release", "old")
    assert result.exit_code == 0, result.output
    lacked = result.output.split("columns not in the file (not used): ")[1].split("\n")[0].split(", ")
    assert {"date_start", "date_end", "date_prec", "side_a_new_id", "source_article", "latitude", "best"} <= set(lacked)
    assert "year" not in lacked and "month" not in lacked
    events = query(
        empty_graph,
        settings,
        "MATCH (e:Event) RETURN e.ged_id AS id, e.precision AS p, toString(e.from_lo) AS lo, toString(e.to_hi) AS hi, "
        "COUNT { (e)-[:AT]->() } AS places, [(e)-[c:CITES]->(s) | s.id + ': ' + c.quote] AS cites, "
        "e.approximate AS approximate ORDER BY id",
    )
    # no date_end: the day, month or year given, marked approximate; no source_article: the release is cited
    assert [(e["p"], e["lo"], e["hi"], e["places"], e["cites"], e["approximate"]) for e in events] == [
        ("day", "2016-08-03", "2016-08-03", 0, ["ucdp-ged-old: event 1"], True),
        ("month", "2016-08-01", "2016-08-31", 0, ["ucdp-ged-old: event 2"], True),
        ("year", "2016-01-01", "2016-12-31", 0, ["ucdp-ged-old: event 3"], True),
    ]
    assert "source_article: no article sources: each event cites the release itself" in result.output
    items = ok(api.get("/relationships", params={"source": "ucdp-ged-old", "during": "2016-08"}))["items"]
    assert {frozenset(p["actor"]["name"] for p in i["parties"]) for i in items} == {
        frozenset({"Government of Syria", "IS"}),
        frozenset({"IS", "SDF"}),
    }
    for item in items:
        assert item["intensity"]["events"] >= 1 and item["intensity"]["deaths_best"] is None


def test_one_sided_violence_is_an_event_of_its_perpetrator_and_never_a_hostility(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "onesided.csv",
        [
            ged_row(1, 3, "IS", "Civilians", "2016-08-05", side_a_id=234, side_b_id=1),
            ged_row(2, 3, "Government of Syria", "Civilians", "2016-08-06", side_a_id=118, side_b_id=1),
        ],
    )
    result = run_cli(settings, "import", "ucdp-ged", path, "--release", "test")
    assert result.exit_code == 0, result.output
    involved = query(
        empty_graph,
        settings,
        "MATCH (e:Event)-[i:INVOLVED]->(a:Actor) RETURN e.ged_id AS id, i.role AS role, a.name AS actor ORDER BY id",
    )
    assert involved == [
        {"id": 1, "role": "attacker", "actor": "IS"},
        {"id": 2, "role": "attacker", "actor": "Government of Syria"},
    ]
    assert query(empty_graph, settings, "MATCH (c:Claim) RETURN count(c) AS n")[0]["n"] == 0
    assert ok(api.get("/actors", params={"q": "Civilians"}))["items"] == []
    assert ok(api.get("/relationships", params={"kind": "hostility", "during": "2016-08"}))["items"] == []


# -------------------------------------------------------------------------------- where UCDP's groups land


@pytest.mark.parametrize("with_ids", [True, False], ids=["by-ucdp-id", "by-name"])
def test_ucdp_rows_land_on_the_seeds_islamic_state_and_al_nusra_front(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path, with_ids: bool
) -> None:
    load_seed_dir(settings)
    actors_before = query(empty_graph, settings, "MATCH (a:Actor) RETURN count(a) AS n")[0]["n"]
    nusra: dict[str, Any] = {"side_a_id": 1170, "side_b_id": 234} if with_ids else {}
    syria: dict[str, Any] = {"side_a_id": 118, "side_b_id": 234} if with_ids else {}
    path = write_csv(
        tmp_path / "seedlike.csv",
        [
            ged_row(1, 2, "Jabhat Fateh al-Sham", "IS", "2016-08-03", **nusra),
            ged_row(2, 1, "Government of Syria", "IS", "2016-08-04", **syria),
            ged_row(3, 2, "Jabhat Fateh al-Sham, Faylaq al-Rahman", "IS", "2016-08-05"),
        ],
    )
    result = run_cli(settings, "import", "ucdp-ged", path, "--release", "test")
    assert result.exit_code == 0, result.output
    landed = query(
        empty_graph,
        settings,
        "MATCH (e:Event {origin: 'ucdp-ged'})-[:INVOLVED]->(a:Actor) WITH a, collect(DISTINCT e.ged_id) AS events "
        "RETURN a.id AS id, events ORDER BY id",
    )
    assert {r["id"]: sorted(r["events"]) for r in landed} == {
        "al-nusra-front": [1, 3],
        "islamic-state": [1, 2, 3],
        "syrian-government": [2],
        "faylaq-al-rahman": [3],
    }
    assert query(empty_graph, settings, "MATCH (a:Actor) RETURN count(a) AS n")[0]["n"] == actors_before + 1
    pairs = {
        frozenset(p["actor"]["id"] for p in i["parties"])
        for i in ok(api.get("/relationships", params={"source": "ucdp-ged-test", "kind": "hostility"}))["items"]
    }
    assert pairs == {
        frozenset({"al-nusra-front", "islamic-state"}),
        frozenset({"syrian-government", "islamic-state"}),
        frozenset({"faylaq-al-rahman", "islamic-state"}),
    }
    [together] = ok(api.get("/relationships", params={"source": "ucdp-ged-test", "kind": "cooperation"}))["items"]
    assert [p["actor"]["id"] for p in together["parties"]] == ["al-nusra-front", "faylaq-al-rahman"]
    found = ok(api.get("/actors", params={"q": "Faylaq al-Rahman"}))["items"]
    assert [a["id"] for a in found] == ["faylaq-al-rahman"]
    seed_is = ok(api.get("/actors/islamic-state"))
    assert seed_is["name"] == "Islamic State" and seed_is["kind"] == "armed_group", "the seed's actor is kept as it was"
