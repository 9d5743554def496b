"""`alliance import acled` against the real Neo4j, on a small file written for the tests in ACLED's documented
layout (ACLED's data may not be redistributed, so the project ships none): battles as hostility between the
two sides, associated actors as cooperation with their side's actor, violence against civilians never
hostility, newer exports (inter as text, ISO dates) read alike, a repeat that changes nothing, bad rows
reported with nothing of them written."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir
from tests.helpers import ok
from tests.import_support import run_cli
from tools.neo4j_local import ROOT

pytestmark = pytest.mark.writes
SAMPLE = ROOT / "tests" / "data" / "acled-sample.csv"
INTER_TEXT = {"1": "State forces", "2": "Rebel group", "6": "Protesters", "7": "Civilians", "0": ""}


def ties(api: TestClient, kind: str, source: str) -> set[tuple[str, str, str]]:
    """(month, actor, actor) of every claim of the kind citing the source, actors in id order."""
    items = ok(api.get("/relationships", params={"kind": kind, "source": source, "limit": 500}))["items"]
    out = set()
    for i in items:
        a, b = sorted(p["actor"]["id"] for p in i["parties"])
        out.add((i["valid"]["start"]["earliest"][:7], a, b))
    return out


def write_variant(path: Path, change: Any) -> Path:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        for row in rows:
            out.writerow(change(row))
    return path


EXPECTED_HOSTILITY = {
    ("2014-08", "islamic-state", "military-forces-of-syria-2000"),
    ("2014-08", "hezbollah", "islamic-state"),
    ("2014-08", "islamic-state", "ndf-national-defence-forces"),
    ("2014-08", "islamic-front", "islamic-state"),
    ("2014-08", "al-nusra-front", "islamic-state"),
    ("2014-08", "free-syrian-army", "islamic-state"),
    ("2014-09", "islamic-front", "islamic-state"),
}
EXPECTED_COOPERATION = {
    ("2014-08", "hezbollah", "military-forces-of-syria-2000"),
    ("2014-08", "military-forces-of-syria-2000", "ndf-national-defence-forces"),
    ("2014-08", "al-nusra-front", "islamic-front"),
    ("2014-08", "free-syrian-army", "islamic-front"),
}


def test_an_acled_sample_gives_hostility_between_sides_and_cooperation_with_each_sides_actor(
    empty_graph: Driver, settings: Settings, api: TestClient
) -> None:
    load_seed_dir(settings)
    result = run_cli(settings, "import", "acled", SAMPLE, "--release", "sample", "--progress", "none")
    assert result.exit_code == 0, result.output
    assert "6 rows, 6 loaded, 0 rejected" in result.output
    assert "Islamic State (Syria) (by name) -> islamic-state" in result.output
    assert "Jabhat al-Nusra (by name) -> al-nusra-front" in result.output
    assert ties(api, "hostility", "acled-sample") == EXPECTED_HOSTILITY
    assert ties(api, "cooperation", "acled-sample") == EXPECTED_COOPERATION
    # the rebels fought IS together in two events of August: one claim, both events its evidence
    [together] = [
        i
        for i in ok(
            api.get("/relationships", params={"kind": "cooperation", "actor": ["islamic-front", "al-nusra-front"]})
        )["items"]
    ]
    assert together["citations"][0]["quote"] == "events SYR9004, SYR9002"  # by earliest day: 9004 is "August"
    assert together["citations"][0]["source"]["id"] == "acled-sample"
    detail = ok(api.get(f"/relationships/{together['id']}"))
    assert sorted(e["id"] for e in detail["evidence"]) == ["acled-syr9002", "acled-syr9004"]
    # violence against civilians is an event of its attacker, never hostility; civilians are no actor
    assert ok(api.get("/actors", params={"q": "Civilians (Syria)"}))["items"] == []
    assert ok(api.get("/actors", params={"q": "Protesters (Syria)"}))["items"] == []
    assert ok(api.get("/actors", params={"q": "Women (Syria)"}))["items"] == [], "who the protesters were: no actor"
    assert "actors created 3," in result.output  # Military Forces of Syria, NDF, Hezbollah

    checksum = graph_checksum(empty_graph, settings.neo4j_database, ignore={"Import": ["first_finished_at"]})
    again = run_cli(settings, "import", "acled", SAMPLE, "--release", "sample", "--progress", "none")
    assert again.exit_code == 0, again.output
    assert "claims unchanged 11" in again.output and "events unchanged 6" in again.output
    assert graph_checksum(empty_graph, settings.neo4j_database, ignore={"Import": ["first_finished_at"]}) == checksum


def test_a_newer_export_with_inter_as_text_and_iso_dates_gives_the_same_ties(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    load_seed_dir(settings)
    from app.importing.acled import parse_date

    newer = write_variant(
        tmp_path / "newer.csv",
        lambda r: (
            r
            | {
                "event_date": parse_date(r["event_date"]).isoformat(),
                "inter1": INTER_TEXT[r["inter1"]],
                "inter2": INTER_TEXT[r["inter2"]],
            }
        ),
    )
    result = run_cli(settings, "import", "acled", newer, "--progress", "none")
    assert result.exit_code == 0, result.output
    assert ties(api, "hostility", "acled-newer") == EXPECTED_HOSTILITY
    assert ties(api, "cooperation", "acled-newer") == EXPECTED_COOPERATION


def test_bad_rows_are_reported_by_line_and_field_and_nothing_of_them_is_written(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    bad = {
        "SYR9002": {"event_date": "31 September 2014"},
        "SYR9003": {"time_precision": "4"},
        "SYR9004": {"actor2": ""},
        "SYR9005": {"inter1": "Aliens"},
        "SYR9006": {"event_id_cnty": "SYR9001"},
    }
    path = write_variant(tmp_path / "bad.csv", lambda r: r | bad.get(r["event_id_cnty"], {}))
    result = run_cli(settings, "import", "acled", path, "--progress", "none")
    assert result.exit_code == 1, result.output
    assert "6 rows, 1 loaded, 5 rejected" in result.output
    for expected in (
        "bad.csv:3 (id 'SYR9002'): event_date: '31 September 2014': September 2014 has 30 days, not 31",
        "bad.csv:4 (id 'SYR9003'): time_precision: '4' is not 1 (the day), 2 (the week) or 3 (the month)",
        "bad.csv:5 (id 'SYR9004'): actor2: empty: a battle has two sides",
        "bad.csv:6 (id 'SYR9005'): inter1: 'Aliens' is not an ACLED actor type",
        "bad.csv:7 (id 'SYR9001'): event_id_cnty: 'SYR9001' is used again (first on line 2)",
    ):
        assert expected in result.output, expected
    events, _, _ = empty_graph.execute_query(
        "MATCH (e:Event {origin: 'acled'}) RETURN e.acled_id AS id", database_=settings.neo4j_database
    )
    assert [r["id"] for r in events] == ["SYR9001"]
    assert ok(api.get("/actors", params={"q": "Jabhat al-Nusra"}))["items"] == [], "named only by rejected rows"
