"""Exports for the tools analysts use, each read back by an independent reader: networkx reads the GraphML
and the GEXF (with its time spells), the real Cytoscape.js package loads the Cytoscape JSON under Node,
networkx and plain JSON read the node-link file, and the csv module reads the edge list."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.helpers import ok, problem

IS, NUSRA = "islamic-state", "al-nusra-front"
GEXF_NS = "{http://gexf.net/1.3}"
CYTOSCAPE_JS = Path(str(resources.files("app").joinpath("static", "vendor", "cytoscape", "cytoscape.min.js")))


def export(api: TestClient, fmt: str, **params: Any) -> bytes:
    response = api.get("/graph", params={**params, "format": fmt})
    assert response.status_code == 200, f"{response.status_code}: {response.text}"
    body: bytes = response.content
    return body


def claim_ids(api: TestClient, **params: Any) -> set[str]:
    return {i["id"] for i in ok(api.get("/relationships", params={**params, "limit": 500}))["items"]}


def test_graphml_of_august_2014_opens_in_networkx_with_the_hostile_pairs(api: TestClient, seeded: Driver) -> None:
    response = api.get("/graph", params={"during": "2014-08", "kind": "hostility", "format": "graphml"})
    assert response.headers["content-type"] == "application/graphml+xml"
    assert response.headers["content-disposition"] == 'attachment; filename="alliance-graph-2014-08.graphml"'
    graph = nx.read_graphml(io.BytesIO(response.content), force_multigraph=True)
    assert isinstance(graph, nx.MultiDiGraph)
    assert {key for _, _, key in graph.edges(keys=True)} == claim_ids(api, during="2014-08", kind="hostility")
    assert graph.nodes[IS]["label"] == "Islamic State" and graph.nodes[IS]["kind"] == "armed_group"
    pairs = {frozenset((u, v)) for u, v in graph.edges()}
    assert frozenset((IS, NUSRA)) in pairs and frozenset(("syrian-army", IS)) in pairs
    edge = graph.edges[IS, NUSRA, "is-nusra-hostility-official-policy"]
    assert edge["kind"] == "hostility" and edge["rel_type"] == "HOSTILE_TO" and edge["status"] == "reported"
    assert edge["confidence"] == 0.8 and edge["open_ended"] is True
    assert (edge["from_lo"], edge["from_hi"], edge["to_lo"], edge["to_hi"]) == (
        "0001-01-01",
        "2014-08-18",
        "2014-08-18",
        "9999-12-31",
    )
    assert edge["source_ids"] == "mee-2014-08-18-aleppo"


def test_a_gexf_of_the_whole_graph_has_time_spells_on_every_edge_and_node(api: TestClient, seeded: Driver) -> None:
    body = export(api, "gexf")
    root = ET.fromstring(body)  # noqa: S314 - our own server's answer
    assert root.tag == f"{GEXF_NS}gexf" and root.get("version") == "1.3"
    graph_xml = root.find(f"{GEXF_NS}graph")
    assert graph_xml is not None
    assert graph_xml.get("mode") == "dynamic" and graph_xml.get("timeformat") == "date"

    graph = nx.read_gexf(io.BytesIO(body))
    every_claim = claim_ids(api)
    assert len(every_claim) == 21
    assert {data["claim_id"] for _, _, data in graph.edges(data=True)} == every_claim
    assert graph.number_of_edges() == len(every_claim)
    assert all(data.get("spells") for _, _, data in graph.edges(data=True)), "an edge without spells"
    assert all(data.get("spells") for _, data in graph.nodes(data=True)), "an actor without spells"

    # The spells are the range a claim can span: "in July 2014" is July; an unknown start or end is open.
    spells = {
        edge.get("id"): [(s.get("start"), s.get("end")) for s in edge.iter(f"{GEXF_NS}spell")]
        for edge in graph_xml.iter(f"{GEXF_NS}edge")
    }
    assert spells["is-nusra-hostility-deir-ezzor-2014-07"] == [("2014-07-01", "2014-07-31")]
    assert spells["is-nusra-hostility-official-policy"] == [(None, None)]  # 0001-01-01 .. 9999-12-31: unknown
    since_2012 = spells["syrian-government-rebels-hostility-aleppo-since-2012"]
    assert since_2012 == [("2012-01-01", None)]  # since 2012, still going
    # an actor's spells are the union of its claims': IS has open-ended claims, so it spans all time
    nodes = {n.get("id"): n for n in graph_xml.iter(f"{GEXF_NS}node")}
    assert [(s.get("start"), s.get("end")) for s in nodes[IS].iter(f"{GEXF_NS}spell")] == [(None, None)]
    assert nodes[IS].get("label") == "Islamic State"
    colour = nodes[IS].find("{http://gexf.net/1.3/viz}color")
    assert colour is not None and (colour.get("r"), colour.get("g"), colour.get("b")) == ("242", "142", "43")


def test_the_cytoscape_json_loads_in_the_real_cytoscape_package_under_node(
    api: TestClient, seeded: Driver, tmp_path: Path
) -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is needed to check the Cytoscape export: run `apt-get install -y nodejs`"
    body = export(api, "cytoscape", during="2014-08")
    data = json.loads(body)
    assert set(data["elements"]) == {"nodes", "edges"}
    path = tmp_path / "slice.cyjs"
    path.write_bytes(body)
    # The vendored build is the npm package's own dist/cytoscape.min.js (see app/static/vendor/MANIFEST.json).
    script = """
        const cytoscape = require(process.argv[1]);
        const data = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
        const cy = cytoscape({ headless: true, elements: data.elements });
        const edge = cy.getElementById('claim:is-nusra-hostility-official-policy');
        console.log(JSON.stringify({
            version: cytoscape.version, nodes: cy.nodes().length, edges: cy.edges().length,
            edge: { source: edge.source().id(), target: edge.target().id(), status: edge.data('status') },
            isDegree: cy.getElementById('islamic-state').degree(false),
            isName: cy.getElementById('islamic-state').data('name'),
        }));
    """
    run = subprocess.run(
        [node, "-e", script, str(CYTOSCAPE_JS), str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout)
    slice_ = ok(api.get("/graph", params={"during": "2014-08"}))
    assert loaded["nodes"] == len(slice_["nodes"]) and loaded["edges"] == len(slice_["links"])
    assert loaded["edge"] == {"source": IS, "target": NUSRA, "status": "reported"}
    assert loaded["isName"] == "Islamic State"
    assert loaded["isDegree"] == sum(IS in (link["source"], link["target"]) for link in slice_["links"])
    assert (
        loaded["version"]
        == json.loads(resources.files("app").joinpath("static", "vendor", "MANIFEST.json").read_text("utf-8"))[
            "cytoscape"
        ]["version"]
    )


def test_the_csv_edge_list_parses_with_the_csv_module(api: TestClient, seeded: Driver) -> None:
    response = api.get("/graph", params={"during": "2014-08", "kind": "hostility", "format": "csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert {r["claim_id"] for r in rows} == claim_ids(api, during="2014-08", kind="hostility")
    for column in ("kind", "from_lo", "from_hi", "to_lo", "to_hi", "status", "confidence", "events", "source_ids"):
        assert column in rows[0], column
    row = next(r for r in rows if r["claim_id"] == "is-nusra-hostility-checkpoint-bombing")
    assert (row["source"], row["target"], row["kind"], row["status"]) == (NUSRA, IS, "hostility", "claimed")
    assert (row["from_lo"], row["to_hi"], row["open_ended"]) == ("2014-08-11", "2014-08-18", "false")
    assert float(row["confidence"]) == 0.3 and row["events"] == "" and row["deaths_best"] == ""
    assert row["source_ids"].split(";") == ["tweet-alansarialjanab-501258155620597760", "mee-2014-08-18-aleppo"]


def test_node_link_json_reads_in_networkx_and_carries_vis_network_fields(api: TestClient, seeded: Driver) -> None:
    data = json.loads(export(api, "node-link", during="2014-08"))
    graph = nx.node_link_graph(data, edges="links")
    assert isinstance(graph, nx.MultiDiGraph)
    assert {key for _, _, key in graph.edges(keys=True)} == claim_ids(api, during="2014-08")
    assert data["graph"] == {"generator": "alliance-graph", "window": "2014-08", "mode": "possibly"}
    assert all(link["from"] == link["source"] and link["to"] == link["target"] for link in data["links"])
    assert all(node["label"] == node["name"] for node in data["nodes"])


def test_the_default_graph_answer_keeps_its_shape(api: TestClient, seeded: Driver) -> None:
    body = ok(api.get("/graph", params={"at": "2014-08-15"}))
    assert set(body) == {"window", "nodes", "links", "truncated"}
    assert set(body["links"][0]) >= {"id", "source", "target", "type", "parties", "valid", "citations"}


def test_exports_take_limit_and_at_and_refuse_bad_input_before_writing(api: TestClient, seeded: Driver) -> None:
    rows = list(csv.DictReader(io.StringIO(export(api, "csv", limit=3).decode(), newline="")))
    assert len(rows) == 3
    # an export is not capped at API_MAX_LIMIT (it streams), the JSON slice is
    assert len(list(csv.DictReader(io.StringIO(export(api, "csv", limit=10_000).decode())))) == 21
    problem(api.get("/graph", params={"limit": 10_000}), 422)
    day = json.loads(export(api, "cytoscape", at="2014-08-16"))
    assert day["data"]["window"] == "2014-08-16"
    body = problem(api.get("/graph", params={"format": "pdf"}), 422)
    assert body["errors"][0]["field"] == "format"
    for fmt in ("gexf", "csv"):
        body = problem(api.get("/graph", params={"format": fmt, "actor": "isis"}), 404)
        assert body["title"] == "Unknown actor"
    problem(api.get("/graph", params={"format": "csv", "during": "2014-02-30"}), 422)
    problem(api.get("/graph", params={"format": "csv", "during": "2014", "at": "2014-08"}), 422)


def test_an_export_pages_through_every_claim(settings: Settings, seeded: Driver) -> None:
    """Read in pages of 4 claims (keyset paging over 21), the export holds every claim once, in order."""
    import asyncio

    from app.domain.queries import ClaimFilter
    from app.repository.driver import open_driver, session
    from app.repository.reader import GraphReader
    from app.services.exporting import Exporter, ExportFormat
    from app.services.reading import ReadService

    async def rows(page_size: int) -> list[str]:
        driver = open_driver(settings)
        try:
            async with session(driver, settings) as s:
                exporter = Exporter(ReadService(GraphReader(s, settings)), page_size=page_size)
                done = await exporter.export(ClaimFilter(), ExportFormat.CSV)
                text = "".join([chunk async for chunk in done.chunks])
                assert done.counts.claims == 21 and done.counts.actors == 15
                return [r["claim_id"] for r in csv.DictReader(io.StringIO(text, newline=""))]
        finally:
            await driver.close()

    paged, whole = asyncio.run(rows(4)), asyncio.run(rows(500))
    assert paged == whole and len(paged) == len(set(paged)) == 21


@pytest.mark.writes
def test_intensity_travels_into_the_csv_and_the_gexf_weights(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    seeded.execute_query(
        "MATCH (c:Claim {id: 'syrian-army-is-hostility-dabiq'}) "
        "SET c.events = 7, c.deaths_low = 20, c.deaths_best = 25, c.deaths_high = 40",
        database_=settings.neo4j_database,
    )
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(export(api, "csv").decode(), newline=""))}
    dabiq = rows["syrian-army-is-hostility-dabiq"]
    assert (dabiq["events"], dabiq["deaths_low"], dabiq["deaths_best"], dabiq["deaths_high"]) == ("7", "20", "25", "40")
    graph = nx.read_gexf(io.BytesIO(export(api, "gexf")))
    weights = {data["claim_id"]: data["weight"] for _, _, data in graph.edges(data=True)}
    assert weights["syrian-army-is-hostility-dabiq"] == 7.0 and weights["is-nusra-hostility-official-policy"] == 1.0
