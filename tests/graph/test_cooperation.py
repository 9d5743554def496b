"""Fought together (`cooperation`, typed edge FOUGHT_ALONGSIDE) through the API against the real Neo4j: a
claim written over HTTP comes back for `kind=cooperation` and on /graph, camps and balance read it as a
positive tie and `include_cooperation=false` leaves it out, the exports carry it, and Neo4j Browser's
saved query draws it. The fixture (tests/data/fought-together-2014-08.yaml): two brigades on one side in
August 2014 that also clashed once that month."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from app.services.exporting import palette
from tests.conftest import SEED_DIR, load_seed_dir, wipe
from tests.curation_support import Keyed
from tests.helpers import ids, ok

pytestmark = pytest.mark.writes

FIXTURE = Path(__file__).parent.parent / "data" / "fought-together-2014-08.yaml"
NORTH, SOUTH = "test-brigade-north", "test-brigade-south"
TOGETHER, CLASH = "test-north-south-cooperation-2014-08", "test-north-south-clash-2014-08"


@pytest.fixture
def brigades(db: Driver, settings: Settings) -> Driver:
    """The article's seed plus the fixture's two brigades."""
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings, SEED_DIR, FIXTURE)
    return db


def camp_of(answer: dict[str, Any]) -> dict[str, int]:
    return {m["id"]: camp["id"] for camp in answer["camps"] for m in camp["members"]}


def test_a_fought_together_claim_written_over_http_is_found_by_its_kind_and_drawn_as_fought_alongside(
    keyed: Keyed, brigades: Driver, settings: Settings
) -> None:
    body = {
        "kind": "cooperation",
        "parties": {"side": ["al-nusra-front", "free-syrian-army"]},
        "valid": {"from": "2014-08-17", "text": "fought IS together north of Aleppo"},
        "status": "reported",
        "confidence": 0.6,
        "citations": [{"source": "mee-2014-08-18-aleppo", "quote": "Nusra and the FSA fought IS north of Aleppo"}],
        "reason": "fought on one side",
    }
    made = keyed.client.post("/relationships", json=body, headers=keyed.as_editor)
    assert made.status_code == 201, made.text
    claim = made.json()["id"]

    page = ok(keyed.client.get("/relationships", params={"kind": "cooperation", "during": "2014-08"}))
    assert set(ids(page["items"])) == {claim, TOGETHER}
    assert all(i["kind"] == "cooperation" for i in page["items"])
    mine = next(i for i in page["items"] if i["id"] == claim)
    assert {p["role"] for p in mine["parties"]} == {"side"}

    # not an alliance: a declared-alliance question does not get it
    allied = ok(keyed.client.get("/relationships", params={"kind": "alliance", "during": "2014-08"}))
    assert claim not in ids(allied["items"]) and TOGETHER not in ids(allied["items"])

    picture = ok(keyed.client.get("/graph", params={"during": "2014-08", "kind": "cooperation"}))
    assert {(lk["id"], lk["type"]) for lk in picture["links"]} == {
        (claim, "FOUGHT_ALONGSIDE"),
        (TOGETHER, "FOUGHT_ALONGSIDE"),
    }
    records, _, _ = brigades.execute_query(
        "MATCH (a:Actor)-[r:FOUGHT_ALONGSIDE {claim_id: $id}]->(b:Actor) RETURN a.id AS a, b.id AS b, r.kind AS kind",
        id=claim,
        database_=settings.neo4j_database,
    )
    assert [(r["a"], r["b"], r["kind"]) for r in records] == [("al-nusra-front", "free-syrian-army", "cooperation")]


def test_an_unknown_kind_is_refused_with_the_kinds_allowed(api: TestClient, brigades: Driver) -> None:
    response = api.get("/relationships", params={"kind": "fought_together"})
    assert response.status_code == 422
    assert "cooperation" in response.text


def test_camps_count_fighting_together_as_a_positive_tie_unless_asked_to_leave_it_out(
    api: TestClient, brigades: Driver
) -> None:
    together = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    camps = camp_of(together)
    assert camps[NORTH] == camps[SOUTH]  # cooperation 0.9 outweighs one alleged clash (0.3)
    breaking = [t for camp in together["camps"] for t in camp["frustrated"]]
    assert any(t["claims"] == [CLASH] and t["sign"] == -1 for t in breaking), "the clash inside the camp breaks it"

    apart = ok(api.get("/analysis/camps", params={"during": "2014-08", "include_cooperation": "false"}))
    camps = camp_of(apart)
    assert camps[NORTH] != camps[SOUTH]  # only the clash is left between them
    assert apart["slice"]["claims"] == together["slice"]["claims"] - 1
    assert all(TOGETHER not in t["claims"] for camp in apart["camps"] for t in camp["frustrated"])

    refused = api.get("/analysis/camps", params={"during": "2014-08", "include_cooperation": "perhaps"})
    assert refused.status_code == 422


def test_balance_reads_cooperation_as_positive_and_the_switch_leaves_it_out(api: TestClient, brigades: Driver) -> None:
    """North and South both fight IS: fighting together, the triangle is balanced (+ - -); without the
    cooperation claim only their clash is left between them, and the triangle (- - -) is not."""
    query = {"from": "2014-08", "to": "2014-08"}
    trio = {NORTH, SOUTH, "islamic-state"}

    def unbalanced_trio(answer: dict[str, Any]) -> list[dict[str, Any]]:
        return [t for t in answer["unbalanced"] if {a["id"] for a in t["actors"]} == trio]

    with_it = ok(api.get("/analysis/balance", params=query))
    without = ok(api.get("/analysis/balance", params={**query, "include_cooperation": "false"}))
    assert with_it["steps"][0]["claims"] == without["steps"][0]["claims"] + 1
    assert unbalanced_trio(with_it) == []
    [trio_without] = unbalanced_trio(without)
    assert sorted(trio_without["signs"]) == [-1, -1, -1]


def test_exports_carry_the_fought_together_edge(api: TestClient, brigades: Driver) -> None:
    response = api.get("/graph", params={"during": "2014-08", "kind": "cooperation", "format": "graphml"})
    assert response.status_code == 200, response.text
    graph = nx.read_graphml(io.BytesIO(response.content), force_multigraph=True)
    assert isinstance(graph, nx.MultiDiGraph)
    edge = graph.edges[NORTH, SOUTH, TOGETHER]
    assert edge["kind"] == "cooperation" and edge["rel_type"] == "FOUGHT_ALONGSIDE"

    gexf = api.get("/graph", params={"during": "2014-08", "kind": "cooperation", "format": "gexf"})
    assert gexf.status_code == 200
    edges = ET.fromstring(gexf.content).iter("{http://gexf.net/1.3}edge")  # noqa: S314 - our own server's answer
    mark = next(e for e in edges if e.get("id") == TOGETHER).find("{http://gexf.net/1.3/viz}color")
    assert mark is not None
    colour = palette()["relationship"]["cooperation"].lstrip("#")
    assert [int(mark.get(c, "-1")) for c in "rgb"] == [int(colour[i : i + 2], 16) for i in (0, 2, 4)]

    cyjs = json.loads(api.get("/graph", params={"during": "2014-08", "format": "cytoscape"}).content)
    mine = [e["data"] for e in cyjs["elements"]["edges"] if e["data"].get("claim_id") == TOGETHER]
    assert len(mine) == 1 and mine[0]["kind"] == "cooperation" and mine[0]["type"] == "FOUGHT_ALONGSIDE"

    node_link = json.loads(api.get("/graph", params={"during": "2014-08", "format": "node-link"}).content)
    links = [lk for lk in node_link["links"] if lk.get("claim_id") == TOGETHER]
    assert len(links) == 1 and links[0]["kind"] == "cooperation"

    rows = api.get("/graph", params={"during": "2014-08", "kind": "cooperation", "format": "csv"}).text
    assert f"{TOGETHER},cooperation,FOUGHT_ALONGSIDE,{NORTH},{SOUTH}" in rows


def test_browser_saved_query_draws_who_fought_together(api: TestClient, brigades: Driver, settings: Settings) -> None:
    text = resources.files("app.cypher").joinpath("browser", "who_fought_together.cypher").read_text("utf-8")
    records, _, _ = brigades.execute_query(text, database_=settings.neo4j_database)
    drawn = {r["r"]["claim_id"]: r["r"].type for r in records}
    expected = ok(api.get("/relationships", params={"kind": ["cooperation", "alliance"], "during": "2014-08"}))
    assert set(drawn) == set(ids(expected["items"]))
    assert drawn[TOGETHER] == "FOUGHT_ALONGSIDE"
