"""The Neo4j Browser saved queries (app/cypher/browser/*.cypher, also at cypher/browser/) run as written
against the seed and answer their question; the style file is the viewer's colours and parses as GraSS."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from app.domain.model import REL_TYPES, RELATIONSHIP_KINDS
from tests.helpers import ok

BROWSER = resources.files("app.cypher").joinpath("browser")
IS, NUSRA = "islamic-state", "al-nusra-front"


def saved(name: str) -> str:
    return BROWSER.joinpath(f"{name}.cypher").read_text("utf-8")


def test_every_saved_query_is_tested_here() -> None:
    names = sorted(e.name.removesuffix(".cypher") for e in BROWSER.iterdir() if e.name.endswith(".cypher"))
    assert names == [
        "actor_network_over_time",
        "claim_sources",
        "ucdp_claim_evidence",
        "who_fought_together",  # tests/graph/test_cooperation.py
        "who_fought_whom",
    ]


def test_who_fought_whom_in_a_month(api: TestClient, seeded: Driver, settings: Settings) -> None:
    records, _, _ = seeded.execute_query(saved("who_fought_whom"), database_=settings.neo4j_database)
    drawn = {r["r"]["claim_id"] for r in records}
    api_answer = ok(api.get("/relationships", params={"kind": "hostility", "during": "2014-08", "limit": 500}))
    assert drawn == {i["id"] for i in api_answer["items"]}
    assert {frozenset((r["a"]["id"], r["b"]["id"])) for r in records} >= {
        frozenset((IS, NUSRA)),
        frozenset(("syrian-army", IS)),
    }


def test_one_actors_network_over_time(api: TestClient, seeded: Driver, settings: Settings) -> None:
    records, _, _ = seeded.execute_query(saved("actor_network_over_time"), database_=settings.neo4j_database)
    assert {r["claim"] for r in records} == {
        i["id"] for i in ok(api.get(f"/actors/{IS}/relationships", params={"limit": 500}))["items"]
    }
    latest_starts = [r["from_latest"] for r in records]
    assert latest_starts == sorted(latest_starts)
    assert all(r["a"]["id"] == IS for r in records)


def test_the_sources_behind_a_claim(seeded: Driver, settings: Settings) -> None:
    records, _, _ = seeded.execute_query(saved("claim_sources"), database_=settings.neo4j_database)
    assert {r["a"]["id"] for r in records} == {IS, NUSRA}
    assert {r["s"]["id"] for r in records} == {"mee-2014-08-18-aleppo"}
    assert any(r["q"]["quote"] == "the official policy from both groups is to fight each other" for r in records)


@pytest.mark.writes
def test_the_evidence_behind_a_ucdp_claim(seeded: Driver, settings: Settings) -> None:
    """A claim with an intensity (as the UCDP importer writes it) shows its events, places and citations."""
    db = settings.neo4j_database
    none, _, _ = seeded.execute_query(saved("ucdp_claim_evidence"), database_=db)
    assert none == []  # the seed has no claim from an event dataset
    seeded.execute_query(
        "MATCH (c:Claim {id: 'syrian-army-is-hostility-dabiq'}) SET c.events = 3, c.deaths_best = 12", database_=db
    )
    records, _, _ = seeded.execute_query(saved("ucdp_claim_evidence"), database_=db)
    assert {r["c"]["id"] for r in records} == {"syrian-army-is-hostility-dabiq"}
    assert "dabiq" in {r["place"]["id"] for r in records if r["place"] is not None}
    assert {r["who"]["id"] for r in records if r["who"] is not None} >= {"syrian-army", IS}


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    """The rules as Neo4j Browser reads a GraSS file (its parseGrassCSS, character by character): quotes
    toggle a string and are dropped, braces outside strings open and close a rule, and outside a rule
    every non-space character belongs to the next selector."""
    rules: dict[str, str] = {}
    in_string = in_props = in_binding = False
    keyword = props = ""
    for c in text:
        if c == "{" and not in_string:
            in_binding, in_props = (True, in_props) if in_props else (in_binding, True)
            continue
        if c == "}" and not in_string:
            if in_binding:
                in_binding = False
            else:
                in_props = False
                rules[keyword], keyword, props = props, "", ""
            continue
        if c in "'\"":
            in_string = not in_string
            continue
        if in_props:
            props += c
        elif not c.isspace():
            keyword += c
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            key_value = prop.split(":")
            if len(key_value) == 2:
                parsed[selector][key_value[0].strip()] = key_value[1].strip()
    return parsed


def test_the_style_colours_each_relationship_kind_as_the_viewer_does() -> None:
    text = BROWSER.joinpath("style.grass").read_text("utf-8")
    assert "/*" not in text and "//" not in text, "Browser's GraSS reader does not skip comments"
    assert "'" not in text, "a quote character toggles a string in Browser's GraSS reader"
    rules = grass_rules(text)
    palette = json.loads(resources.files("app").joinpath("static", "viewer", "palette.json").read_text("utf-8"))
    types = {kind.value: REL_TYPES[kind] for kind in RELATIONSHIP_KINDS}
    assert types["cooperation"] == "FOUGHT_ALONGSIDE" and len(types) == 7
    for kind, rel_type in types.items():
        rule = rules[f"relationship.{rel_type}"]
        assert rule["color"].lower() == palette["relationship"][kind], kind
        assert rule["caption"] == "{kind} {from_lo}..{to_hi}"
    assert rules["node.Actor"]["caption"] == "{name}"
