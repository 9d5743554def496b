"""`alliance import claims FILE --offline` (Neo4j's bulk loader into an empty project-local Neo4j) gives the
very graph the online import gives for the same file: same labels, properties with their types (dates
stay dates, lists lists), relationships with their properties, the same Import record.

The online import goes into the tests' Neo4j (empty_graph); the offline one into a second local Neo4j of
its own (a temporary LOCAL_NEO4J_HOME on free ports), which the command stops and starts again. The file:
a synthetic set (bench/synthetic.py) plus records that reach every branch of the CSV writer (events,
places, nesting, evidence, an actor without aliases, a quote with a newline and quotes, a zoned time).

What legitimately differs, and only that, is left out of the comparison: the Import node's
`first_finished_at` and `recorded_at` (when each run happened). The claims' `recorded_at` comes from the
file's header, so it is compared too.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr
from typer.testing import CliRunner, Result

from app.cli import app as cli
from app.config import Settings, get_settings
from bench import synthetic
from tests.conftest import graph_checksum
from tests.import_support import run_cli
from tools.neo4j_local import LauncherSettings, LocalNeo4j

pytestmark = pytest.mark.writes

PASSWORD = "alliance-offline-test"
RUN_TIMES = {"Import": ("first_finished_at", "recorded_at")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _extra_records() -> list[dict[str, Any]]:
    """Records the synthetic set lacks: each reaches a branch of app/importing/bulk.py."""
    cite = {"source": "off-src-wire", "quote": 'He said "yes",\nthen left.', "stance": "supports", "note": "n"}
    return [
        {"type": "actor", "id": "off-state", "name": "Off State", "kind": "state", "description": "A state."},
        {
            "type": "actor",
            "id": "off-army",
            "name": "Off Army",
            "kind": "state_armed_force",
            "description": "Its army; no aliases (an empty list).",
            "part_of": "off-state",
            "external_ids": {"wikidata": "Q1", "ucdp": 42},
        },
        {"type": "place", "id": "off-country", "name": "Offland", "kind": "country"},
        {"type": "place", "id": "off-town", "name": "Offtown", "within": "off-country", "lat": 1.5, "lon": -2.25},
        {
            "type": "source",
            "id": "off-src-wire",
            "kind": "news_article",
            "title": "Wire; report",
            "published_at": "2014-08-01T10:30:00Z",
        },
        {"type": "source", "id": "off-src-post", "kind": "tweet", "title": "A post", "reported_in": "off-src-wire"},
        {
            "type": "event",
            "id": "off-event",
            "kind": "battle",
            "title": "Battle of Offtown",
            "valid": {"from": "2014-08-03"},
            "place": "off-town",
            "participants": [{"actor": "off-army", "role": "attacker"}, {"actor": "syn-actor-00001"}],
            "confidence": 0.8,
            "citations": [cite],
        },
        {
            "type": "claim",
            "id": "off-claim-evidenced",
            "kind": "hostility",
            "parties": {"side": ["off-army", "syn-actor-00001"]},
            "valid": {"from": "2014-08", "to": "open", "text": "since August 2014"},
            "status": "reported",
            "confidence": 1,
            "citations": [cite, {"source": "off-src-post", "quote": "Q", "stance": "contradicts"}],
            "evidence": ["off-event"],
            "notes": "Ongoing.",
        },
    ]


def _write_file(path: Path, claims: int) -> Path:
    """One NDJSON file: a header fixing the claims' recorded_at, the synthetic set, the extra records."""
    sizes = synthetic.Sizes(actors=40, claims=claims)
    header = {"type": "file", "as_of": synthetic.SOURCE_DATE.isoformat(), "recorded_at": "2026-01-02T03:04:05Z"}
    records: list[dict[str, Any]] = [header]
    records += [{"type": "actor", **a} for a in synthetic.actors(sizes)]
    records += [{"type": "source", **s} for s in synthetic.sources(sizes)]
    records += _extra_records()
    records += [{"type": "claim", **c} for c in synthetic.claims(sizes)]
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    return path


class Offline:
    """The second local Neo4j and the CLI pointed at it."""

    def __init__(self, home: Path) -> None:
        self.env = {
            "LOCAL_NEO4J_HOME": str(home),
            "LOCAL_NEO4J_BOLT_PORT": str(_free_port()),
            "LOCAL_NEO4J_HTTP_PORT": str(_free_port()),
            "LOCAL_NEO4J_HEAP": "512m",
            "LOCAL_NEO4J_PAGECACHE": "256m",
            "LOCAL_NEO4J_BROWSER_STYLE": "none",
            "NEO4J_PASSWORD": PASSWORD,
        }
        self.local = LocalNeo4j(
            LauncherSettings(
                local_neo4j_home=home,
                local_neo4j_bolt_port=int(self.env["LOCAL_NEO4J_BOLT_PORT"]),
                local_neo4j_http_port=int(self.env["LOCAL_NEO4J_HTTP_PORT"]),
                local_neo4j_heap="512m",
                local_neo4j_pagecache="256m",
                local_neo4j_browser_style="none",
                neo4j_password=SecretStr(PASSWORD),
            )
        )

    def cli(self, *args: str | Path, uri: str | None = None) -> Result:
        env = self.env | {
            "NEO4J_URI": uri or self.local.bolt_uri,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": PASSWORD,
            "NEO4J_DATABASE": "neo4j",
        }
        get_settings.cache_clear()
        try:
            return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)
        finally:
            get_settings.cache_clear()

    def driver(self) -> Driver:
        return GraphDatabase.driver(self.local.bolt_uri, auth=("neo4j", PASSWORD))


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offline]:
    server = Offline(tmp_path_factory.mktemp("offline-neo4j"))
    server.local.start(quiet=True)
    try:
        yield server
    finally:
        if not os.environ.get("KEEP_TEST_NEO4J"):
            server.local.stop(quiet=True)


def test_offline_load_gives_the_graph_of_the_online_import(
    empty_graph: Driver, settings: Settings, offline: Offline, tmp_path: Path
) -> None:
    data = _write_file(tmp_path / "claims.ndjson", claims=1000)

    # A file the importer cannot use is refused before anything is stopped or written.
    bad = tmp_path / "bad.ndjson"
    bad.write_text("id,kind\n")
    pid = offline.local.pid()
    refused = offline.cli("import", "claims", bad, "--offline", "--progress", "none")
    assert refused.exit_code == 1, refused.output
    assert "nothing was written" in refused.output
    assert offline.local.pid() == pid

    online = run_cli(settings, "import", "claims", data, "--progress", "none")
    assert online.exit_code == 0, online.output
    loaded = offline.cli("import", "claims", data, "--offline", "--progress", "none")
    assert loaded.exit_code == 0, loaded.output
    assert "offline bulk load" in loaded.output
    assert offline.local.pid() != pid  # it was stopped for the load and started again

    want = graph_checksum(empty_graph, settings.neo4j_database, typed=True, ignore=RUN_TIMES)
    with offline.driver() as d:
        got = graph_checksum(d, "neo4j", typed=True, ignore=RUN_TIMES)
        assert want[0]["Claim"] == 1001 and want[0]["Import"] == 1 and want[0]["EVIDENCED_BY"] == 1
        assert got == want
        # the schema is there and online (the window queries' indexes)
        names = {r["name"] for r in d.execute_query("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE'").records}
        assert {"claim_window_entry", "party_window", "claim_id", "import_id"} <= names
        # the typed comparison sees types: an actor without aliases has an empty list, not a missing one
        army = d.execute_query("MATCH (a:Actor {id: 'off-army'}) RETURN a.aliases AS aliases").records[0]
        assert army["aliases"] == []

    # A second offline load into the now full database is refused, and nothing changes (not even a restart).
    pid = offline.local.pid()
    with offline.driver() as d:
        before = graph_checksum(d, "neo4j", typed=True)
    again = offline.cli("import", "claims", data, "--offline", "--progress", "none")
    assert again.exit_code == 1, again.output
    assert "without --offline" in again.output and "nothing was written" in again.output
    assert offline.local.pid() == pid
    with offline.driver() as d:
        assert graph_checksum(d, "neo4j", typed=True) == before


def test_offline_refuses_a_server_it_does_not_control(empty_graph: Driver, settings: Settings, tmp_path: Path) -> None:
    """NEO4J_URI elsewhere than the local home's Bolt port (here: the tests' Neo4j): refused, nothing started."""
    data = _write_file(tmp_path / "claims.ndjson", claims=20)
    home = tmp_path / "home"
    server = Offline(home)
    result = server.cli("import", "claims", data, "--offline", "--progress", "none", uri=settings.neo4j_uri)
    assert result.exit_code == 1, result.output
    assert "loads only the project's local Neo4j" in result.output and "without --offline" in result.output
    assert server.local.pid() is None and not (home / "data").exists()
    assert graph_checksum(empty_graph, settings.neo4j_database)[0] == {}
