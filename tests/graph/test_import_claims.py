"""`alliance import claims` against the real Neo4j: NDJSON (actors, sources, places, events, claims) and
flat CSV claims; bad rows reported and never half-written; repeats, rewrites and a killed import."""

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
from tests.helpers import dyad, ok
from tests.import_support import ALLIANCE, content_checksum, counts, run_cli, subprocess_env, write_ndjson

HEADER = {"type": "file", "as_of": "2014-08-18", "recorded_at": "2026-11-25T00:00:00Z"}


def query(db: Driver, settings: Settings, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher, params, database_=settings.neo4j_database)
    return [r.data() for r in records]


def actor(actor_id: str, name: str, **more: Any) -> dict[str, Any]:
    return {"type": "actor", "id": actor_id, "name": name, "kind": "armed_group", "description": f"{name}."} | more


def claim(claim_id: str, kind: str, parties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "type": "claim",
        "id": claim_id,
        "kind": kind,
        "parties": parties,
        "valid": {"from": "2014-08"},
        "status": "reported",
        "confidence": 0.7,
        "citations": [{"source": "wire-2014-08-20", "quote": f"quote for {claim_id}"}],
    } | more


def records() -> list[dict[str, Any]]:
    return [
        HEADER,
        actor("liwa-one", "Liwa One", aliases=["L1", "First Brigade"]),
        actor("liwa-two", "Liwa Two"),
        actor("liwa-three", "Liwa Three", part_of="liwa-two"),
        {"type": "source", "id": "wire-2014-08-20", "kind": "news_agency_report", "title": "Fighting north of Aleppo",
         "publisher": "A Wire", "published": "2014-08-20"},
        {"type": "place", "id": "tal-rifaat", "name": "Tal Rifaat", "lat": 36.47, "lon": 37.1},
        {"type": "event", "id": "ev-tal-rifaat-clash", "kind": "clash", "title": "Clash at Tal Rifaat",
         "valid": {"from": "2014-08-15"}, "place": "tal-rifaat",
         "participants": [{"actor": "liwa-one", "role": "attacker"}, {"actor": "liwa-two", "role": "target"}],
         "confidence": 0.6, "citations": [{"source": "wire-2014-08-20", "quote": "clashes at Tal Rifaat"}]},
        claim("one-two-hostility", "hostility", {"side": ["liwa-one", "liwa-two"]}, evidence=["ev-tal-rifaat-clash"]),
        claim("one-is-alliance", "alliance", {"side": ["liwa-one", "islamic-state"]},
              valid={"from": "2014-08-11..2014-08-17", "to": "open"}),
        claim("three-defects", "defection", {"defector": "liwa-three", "from": "liwa-two", "to": "liwa-one"},
              valid={"from": "2014-08-16"}, status="alleged", confidence=0.3),
    ]  # fmt: skip


def test_an_ndjson_file_imports_and_answers_through_the_api(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    load_seed_dir(settings)  # the alliance names the seed's Islamic State
    path = write_ndjson(tmp_path / "claims.ndjson.gz", records())
    result = run_cli(settings, "import", "claims", path)
    assert result.exit_code == 0, result.output
    assert "9 rows, 9 loaded, 0 rejected" in result.output and "claims created 3" in result.output
    items = ok(api.get("/relationships", params={"during": "2014-08-16", "source": "wire-2014-08-20"}))["items"]
    assert {i["id"]: dyad(i) for i in items} == {
        "one-two-hostility": {"liwa-one", "liwa-two"},
        "one-is-alliance": {"liwa-one", "islamic-state"},
        "three-defects": {"liwa-three", "liwa-two", "liwa-one"},
    }
    detail = ok(api.get("/relationships/one-two-hostility"))
    assert [e["id"] for e in detail["evidence"]] == ["ev-tal-rifaat-clash"]
    assert detail["evidence"][0]["place"]["name"] == "Tal Rifaat" and detail["intensity"] is None
    alliance = ok(api.get("/relationships/one-is-alliance"))
    assert alliance["valid"]["end"] == {"earliest": "2014-08-18", "latest": "9999-12-31", "precision": "open"}
    assert alliance["recorded_at"] == "2026-11-25T00:00:00Z"
    assert [a["id"] for a in ok(api.get("/actors", params={"q": "First Brigade"}))["items"]] == ["liwa-one"]
    assert ok(api.get("/actors/liwa-three"))["part_of"]["id"] == "liwa-two"


def test_bad_records_are_reported_by_line_and_field_and_nothing_of_them_is_written(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    lines: list[dict[str, Any] | str] = [
        *records(),
        claim("ghost-claim", "hostility", {"side": ["liwa-one", "no-such-group"]}),  # line 11
        claim("bad-date", "hostility", {"side": ["liwa-one", "liwa-two"]}, valid={"from": "2014-02-30"}),
        claim("one-two-hostility", "alliance", {"side": ["liwa-one", "liwa-two"]}),  # the id again
        actor("liwa-four", "Liwa Four", part_of="no-such-parent"),  # line 14: names an actor nobody has
        claim("four-two", "hostility", {"side": ["liwa-four", "liwa-two"]}),  # names the rejected actor
        "{broken",
        claim("unknown-source", "hostility", {"side": ["liwa-one", "liwa-two"]},
              citations=[{"source": "nowhere", "quote": "q"}]),
    ]  # fmt: skip
    path = write_ndjson(tmp_path / "bad.ndjson", lines)
    result = run_cli(settings, "import", "claims", path, "--report", "--batch-size", "2")
    assert result.exit_code == 1, result.output
    report = [(r["line"], r["id"], r["field"]) for r in csv.DictReader((tmp_path / "bad.ndjson.rejected.csv").open())]
    assert report == [
        ("9", "one-is-alliance", "parties.side"),  # no seed here: islamic-state is unknown
        ("11", "ghost-claim", "parties.side"),
        ("12", "bad-date", "valid.from"),
        ("13", "", "id"),
        ("14", "liwa-four", "part_of"),
        ("15", "four-two", "parties.side"),
        ("16", "", ""),
        ("17", "unknown-source", "citations[0].source"),
    ]
    assert "bad.ndjson:11 (id 'ghost-claim'): parties.side: unknown actor 'no-such-group'" in result.output
    stored = query(empty_graph, settings, "MATCH (c:Claim) RETURN c.id AS id ORDER BY id")
    assert [c["id"] for c in stored] == ["one-two-hostility", "three-defects"]
    assert query(empty_graph, settings, "MATCH (a:Actor {id: 'liwa-four'}) RETURN a")[0:] == []
    edges = query(
        empty_graph, settings, "MATCH (:Actor)-[r]->(:Actor) WHERE r.claim_id IS NOT NULL RETURN r.claim_id AS id"
    )
    assert sorted(e["id"] for e in edges) == ["one-two-hostility", "three-defects"]
    kept = query(empty_graph, settings, "MATCH (c:Claim {id: 'one-two-hostility'}) RETURN c.kind AS kind")
    assert kept == [{"kind": "hostility"}], "the first of two records with one id is the one kept"


def test_importing_twice_adds_nothing_and_a_rewrite_draws_what_create_drew(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    load_seed_dir(settings)
    path = write_ndjson(tmp_path / "claims.ndjson", records())
    assert run_cli(settings, "import", "claims", path).exit_code == 0
    created = graph_checksum(empty_graph, settings.neo4j_database)
    again = run_cli(settings, "import", "claims", path)
    assert again.exit_code == 0 and "claims unchanged 3" in again.output
    assert graph_checksum(empty_graph, settings.neo4j_database) == created
    # the same claims written the other way (write_claims.cypher: MERGE, redraw) give the same graph
    empty_graph.execute_query("MATCH (c:Claim {origin: 'import'}) SET c.import_hash = 'stale'")
    rewritten = run_cli(settings, "import", "claims", path)
    assert rewritten.exit_code == 0 and "claims rewritten 3" in rewritten.output
    assert graph_checksum(empty_graph, settings.neo4j_database) == created


def test_a_changed_claim_is_rewritten_with_its_typed_edge(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    load_seed_dir(settings)
    path = write_ndjson(tmp_path / "claims.ndjson", records())
    assert run_cli(settings, "import", "claims", path).exit_code == 0
    change = {"parties": {"side": ["liwa-one", "liwa-three"]}, "status": "disputed"}
    changed = [r | change if r.get("id") == "one-two-hostility" else r for r in records()]
    write_ndjson(path, changed)
    result = run_cli(settings, "import", "claims", path)
    assert result.exit_code == 0 and "claims rewritten 1" in result.output and "claims unchanged 2" in result.output
    edges = query(
        empty_graph,
        settings,
        "MATCH (a:Actor)-[r:HOSTILE_TO {claim_id: 'one-two-hostility'}]->(b:Actor) "
        "RETURN a.id AS a, b.id AS b, r.status AS s",
    )
    assert edges == [{"a": "liwa-one", "b": "liwa-three", "s": "disputed"}]


CSV_COLUMNS = ["id", "kind", "party_1", "party_2", "party_3", "from", "to", "as_of", "valid_text", "status",
               "confidence", "source", "quote", "stance", "evidence"]  # fmt: skip


def test_flat_csv_claims_import_against_the_seeds_actors_and_sources(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    load_seed_dir(settings)
    path = tmp_path / "flat.csv"
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(CSV_COLUMNS)
        out.writerow(
            [
                "csv-is-fsa",
                "hostility",
                "islamic-state",
                "free-syrian-army",
                "",
                "2014-08-11..2014-08-17",
                "open",
                "2014-08-18",
                "last week",
                "reported",
                "0.5",
                "mee-2014-08-18-aleppo",
                "the secular Free Syrian Army",
                "supports",
                "ev-dabiq-air-strikes",
            ]
        )
        out.writerow(
            [
                "csv-bad-party",
                "defection",
                "islamic-state",
                "al-nusra-front",
                "",
                "2014-08",
                "",
                "",
                "",
                "alleged",
                "0.3",
                "mee-2014-08-18-aleppo",
                "q",
                "",
                "",
            ]
        )
        out.writerow(
            [
                "csv-nusra-qaeda",
                "affiliation",
                "al-nusra-front",
                "al-qaeda",
                "",
                "..2014-08-18",
                "open",
                "2014-08-18",
                "",
                "reported",
                "0.9",
                "mee-2014-08-18-aleppo",
                "the official al-Qaeda affiliate",
                "",
                "",
            ]
        )
    result = run_cli(settings, "import", "claims", path)
    assert result.exit_code == 1
    assert "flat.csv:3 (id 'csv-bad-party'): party_3: empty; a defection claim has defector, from, to" in result.output
    fsa = ok(api.get("/relationships/csv-is-fsa"))
    assert fsa["valid"]["text"] == "last week" and [e["id"] for e in fsa["evidence"]] == ["ev-dabiq-air-strikes"]
    assert fsa["citations"][0]["quote"] == "the secular Free Syrian Army"
    assert ok(api.get("/relationships/csv-nusra-qaeda"))["parties"][1]["actor"]["id"] == "al-qaeda"
    assert query(empty_graph, settings, "MATCH (c:Claim {id: 'csv-bad-party'}) RETURN c") == []


def bulk(path: Path, n: int, actors: int = 30) -> Path:
    rows: list[dict[str, Any]] = [HEADER]
    rows += [actor(f"bulk-actor-{i:03d}", f"Bulk actor {i}") for i in range(actors)]
    rows.append({"type": "source", "id": "wire-2014-08-20", "kind": "news_agency_report", "title": "Wire"})
    for i in range(n):
        a, b = i % actors, (i * 7 + 1) % actors
        b = (b + 1) % actors if a == b else b
        rows.append(claim(f"bulk-{i:05d}", "hostility", {"side": [f"bulk-actor-{a:03d}", f"bulk-actor-{b:03d}"]},
                          valid={"from": f"{2000 + i % 20}-{1 + i % 12:02d}"}))  # fmt: skip
    return write_ndjson(path, rows)


def test_a_killed_import_run_again_ends_with_the_counts_of_one_clean_run(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    path = bulk(tmp_path / "bulk.ndjson", 300)
    args = ["import", "claims", str(path), "--batch-size", "10"]
    assert run_cli(settings, *args).exit_code == 0
    expected = counts(empty_graph, settings.neo4j_database)
    expected_content = content_checksum(empty_graph, settings.neo4j_database)
    assert expected["Claim"] == 300
    wipe(empty_graph, settings.neo4j_database)
    proc = subprocess.Popen(
        [str(ALLIANCE), *args, "--progress", "lines"],
        env=subprocess_env(settings),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("claims ") and " rows" in line:
            proc.send_signal(signal.SIGKILL)
            break
    assert proc.wait(timeout=60) == -signal.SIGKILL
    assert 10 <= counts(empty_graph, settings.neo4j_database).get("Claim", 0) < 300
    again = run_cli(settings, *args)
    assert again.exit_code == 0, again.output
    assert counts(empty_graph, settings.neo4j_database) == expected
    assert content_checksum(empty_graph, settings.neo4j_database) == expected_content


def test_two_workers_write_the_same_graph_as_one(empty_graph: Driver, settings: Settings, tmp_path: Path) -> None:
    path = bulk(tmp_path / "bulk.ndjson", 400, actors=8)  # few actors: the workers' batches share them
    assert run_cli(settings, "import", "claims", path, "--batch-size", "25").exit_code == 0
    one = counts(empty_graph, settings.neo4j_database), content_checksum(empty_graph, settings.neo4j_database)
    assert one[0]["Claim"] == 400
    wipe(empty_graph, settings.neo4j_database)
    result = run_cli(settings, "import", "claims", path, "--batch-size", "25", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert (counts(empty_graph, settings.neo4j_database), content_checksum(empty_graph, settings.neo4j_database)) == one


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--batch-size", "0"], 2, "--batch-size"),
        (["--format", "xml"], 2, "--format: 'xml'"),
        (["--workers", "9"], 2, "--workers"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    empty_graph: Driver, settings: Settings, tmp_path: Path, args: list[str], status: int, message: str
) -> None:
    path = write_ndjson(tmp_path / "claims.ndjson", records())
    result = run_cli(settings, "import", "claims", path, *args)
    assert result.exit_code == status and message in result.output, result.output
    assert counts(empty_graph, settings.neo4j_database) == {}


def test_a_file_that_cannot_be_read_as_its_format_exits_1_and_writes_nothing(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    wrong = tmp_path / "claims.ndjson"
    wrong.write_text("id,kind\nx,hostility\n")
    result = run_cli(settings, "import", "claims", wrong)
    assert result.exit_code == 1 and "is not a JSON object" in result.output and "nothing was written" in result.output
    named = tmp_path / "claims.txt"
    named.write_text("{}\n")
    assert run_cli(settings, "import", "claims", named).exit_code == 2
    assert counts(empty_graph, settings.neo4j_database) == {}
