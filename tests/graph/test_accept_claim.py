"""POST /extract/accept, what the review page sends when an analyst accepts a candidate: the claim with the new
source and actors it needs, in one transaction. Accepted, all three are in the graph; refused (an unknown
event, an id taken, an unknown actor), none of them is (against the real Neo4j, with an editor's key)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir, wipe
from tests.curation_support import Keyed
from tests.helpers import ok, problem

pytestmark = pytest.mark.writes
SOURCE = {"id": "reuters-2014-08-20-akhtarin", "kind": "news_article", "title": "IS seizes villages near Akhtarin"}
ACTOR = {"id": "liwa-al-tawhid", "name": "Liwa al-Tawhid", "kind": "armed_group", "description": "Aleppo brigade"}
CLAIM: dict[str, Any] = {
    "kind": "hostility",
    "parties": {"side": ["islamic-state", "liwa-al-tawhid"]},
    "valid": {"from": "2014-08-19", "text": "on Tuesday"},
    "status": "reported",
    "confidence": 0.7,
    "citations": [{"source": SOURCE["id"], "quote": "IS fighters seized villages from Liwa al-Tawhid"}],
    "reason": "proposed by the extractor, reviewed",
}


@pytest.fixture
def fresh(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    return db


def accept(keyed: Keyed, claim: dict[str, Any]) -> Any:
    body = {"source": SOURCE, "actors": [ACTOR], "claim": claim}
    return keyed.client.post("/extract/accept", json=body, headers=keyed.as_editor)


def test_an_accepted_claim_is_written_with_its_new_source_and_actor_and_again_is_the_same_claim(
    fresh: Driver, keyed: Keyed
) -> None:
    first = accept(keyed, CLAIM)
    assert first.status_code == 201, first.text
    made = first.json()
    assert made["created"] and made["entities_created"] == [SOURCE["id"], ACTOR["id"]] and made["entities_kept"] == []
    claim_id = made["claim"]["id"]
    assert first.headers["location"] == f"/relationships/{claim_id}" and first.headers["etag"] == '"1"'
    assert ok(keyed.client.get(f"/sources/{SOURCE['id']}"))["title"] == SOURCE["title"]
    assert ok(keyed.client.get(f"/actors/{ACTOR['id']}"))["name"] == "Liwa al-Tawhid"
    written = ok(keyed.client.get(f"/relationships/{claim_id}"))
    assert sorted(p["actor"]["id"] for p in written["parties"]) == ["islamic-state", "liwa-al-tawhid"]
    history = ok(keyed.client.get(f"/relationships/{claim_id}/history"))["states"]
    assert [(s["op"], s["author"]) for s in history] == [("create", "editor-analyst")]

    again = accept(keyed, CLAIM)
    assert again.status_code == 200 and again.json()["claim"]["id"] == claim_id
    assert not again.json()["created"] and again.json()["entities_kept"] == [SOURCE["id"], ACTOR["id"]]


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ({"evidence": ["no-such-event"]}, 404, "unknown event no-such-event"),
        ({"id": "is-nusra-hostility-official-policy"}, 409, "exists"),
        ({"parties": {"side": ["liwa-al-tawhid", "no-such-actor"]}}, 404, "unknown actor no-such-actor"),
        ({"valid": {"from": "2014-02-30"}}, 422, "valid"),
    ],
    ids=["unknown-event", "id-taken", "unknown-actor", "no-such-day"],
)
def test_a_refused_claim_leaves_neither_its_new_source_nor_its_new_actor_behind(
    fresh: Driver, keyed: Keyed, settings: Settings, change: dict[str, Any], status: int, says: str
) -> None:
    before = graph_checksum(fresh, settings.neo4j_database)
    refused = problem(accept(keyed, CLAIM | change), status)
    assert says in refused["detail"]
    assert graph_checksum(fresh, settings.neo4j_database) == before
    problem(keyed.client.get(f"/sources/{SOURCE['id']}"), 404)
    problem(keyed.client.get(f"/actors/{ACTOR['id']}"), 404)


def test_accepting_needs_an_editors_key(fresh: Driver, keyed: Keyed, settings: Settings) -> None:
    before = graph_checksum(fresh, settings.neo4j_database)
    body = {"source": SOURCE, "actors": [ACTOR], "claim": CLAIM}
    problem(keyed.client.post("/extract/accept", json=body), 401)
    problem(keyed.client.post("/extract/accept", json=body, headers=keyed.auth(keyed.reader)), 403)
    assert graph_checksum(fresh, settings.neo4j_database) == before
