"""The article's graph answers an analyst's questions (issue: the data model and seed)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import SEED_DIR, load_seed_dir
from tests.helpers import dyad, ids, ok, party

IS, NUSRA, QAEDA = "islamic-state", "al-nusra-front", "al-qaeda"
EARLIER_ALLIANCE = Path(__file__).parent.parent / "data" / "is-nusra-alliance-2013.yaml"


def test_al_nusra_is_an_al_qaeda_affiliate_in_august_2014(api: TestClient, seeded: Driver) -> None:
    page = ok(api.get("/relationships", params={"kind": "affiliation", "during": "2014-08", "actor": NUSRA}))
    assert [(party(i, "affiliate"), party(i, "parent")) for i in page["items"]] == [(NUSRA, QAEDA)]
    assert page["items"][0]["citations"][0]["quote"].startswith("The al-Nusra Front, the official al-Qaeda affiliate")


@pytest.mark.writes
def test_is_and_al_nusra_are_hostile_in_july_and_in_august_2014_and_not_allied(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    load_seed_dir(settings, SEED_DIR, EARLIER_ALLIANCE)  # allied in early 2013: the window must exclude it
    allied_2013 = ok(api.get("/relationships", params={"kind": "alliance", "during": "2013", "actor": [IS, NUSRA]}))
    assert ids(allied_2013["items"]) == ["test-is-nusra-alliance-2013"]
    for month in ("2014-07", "2014-08"):
        hostile = ok(api.get("/relationships", params={"kind": "hostility", "during": month, "actor": [IS, NUSRA]}))
        assert hostile["items"], f"no IS–al-Nusra hostility in {month}"
        assert all(dyad(i) == {IS, NUSRA} for i in hostile["items"])
        allied = ok(api.get("/relationships", params={"kind": "alliance", "during": month, "actor": [IS, NUSRA]}))
        assert allied["items"] == [], f"IS and al-Nusra allied in {month}?"
    july = ok(api.get("/relationships", params={"kind": "hostility", "during": "2014-07", "actor": [IS, NUSRA]}))
    assert "is-nusra-hostility-deir-ezzor-2014-07" in [i["id"] for i in july["items"]]


def test_the_aleppo_groups_defection_to_is_is_alleged_and_cites_the_is_supporter_tweets(
    api: TestClient, seeded: Driver
) -> None:
    page = ok(api.get("/relationships", params={"kind": "defection", "actor": "aleppo-opposition-groups-pledging"}))
    [defection] = page["items"]
    assert party(defection, "defector") == "aleppo-opposition-groups-pledging"
    assert party(defection, "to") == IS
    assert defection["status"] == "alleged" and defection["status"] != "confirmed"
    assert defection["confidence"] < 0.5
    tweets = [c["source"] for c in defection["citations"] if c["source"]["kind"] == "tweet"]
    assert {t["url"] for t in tweets} >= {"https://twitter.com/truthsMaster/status/501272338243932161"}
    article = [c for c in defection["citations"] if c["source"]["id"] == "mee-2014-08-18-aleppo"]
    assert any("unconfirmed" in c["quote"] for c in article)


def test_the_syrian_army_struck_is_positions_near_dabiq(api: TestClient, seeded: Driver) -> None:
    page = ok(api.get("/relationships", params={"kind": "hostility", "actor": ["syrian-army", IS]}))
    evidence = [e for i in page["items"] for e in ok(api.get(f"/relationships/{i['id']}"))["evidence"]]
    strikes = [e for e in evidence if e["place"] and e["place"]["id"] == "dabiq"]
    assert strikes, "no event at Dabiq evidences a Syrian army–IS hostility"
    strike = strikes[0]
    assert "Dapeq" in strike["place"]["alt_names"]
    roles = {p["actor"]["id"]: p["role"] for p in strike["participants"]}
    assert roles == {"syrian-army": "attacker", IS: "target"}
    assert any("Dapeq" in c["quote"] for c in strike["citations"])


def test_every_claim_has_at_least_one_citation_with_a_quote(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    items = ok(api.get("/relationships", params={"limit": 500}))["items"]
    total, _, _ = seeded.execute_query("MATCH (c:Claim) RETURN count(c) AS n", database_=settings.neo4j_database)
    assert len(items) == total[0]["n"] > 0
    for item in items:
        assert item["citations"], f"{item['id']} has no citation"
        assert all(c["quote"].strip() for c in item["citations"]), f"{item['id']} has an empty quote"


def test_sources_are_never_given_an_invented_url(api: TestClient, seeded: Driver) -> None:
    article = ok(api.get("/sources/mee-2014-08-18-aleppo"))
    assert article["url"] is None  # the article's address is not in the text
    assert article["publisher"] == "Middle East Eye" and article["published"] == "2014-08-18"
    for source in ok(api.get("/sources"))["items"]:
        if source["url"] is not None:
            assert source["kind"] == "tweet" and source["url"].startswith("https://twitter.com/")


def test_the_browser_query_shows_who_fought_whom_in_august_2014(seeded: Driver, settings: Settings) -> None:
    query = resources.files("app.cypher").joinpath("browser", "who_fought_whom.cypher").read_text("utf-8")
    records, _, _ = seeded.execute_query(query, database_=settings.neo4j_database)
    dyads = {frozenset((r["a"]["id"], r["b"]["id"])) for r in records}
    assert frozenset((IS, NUSRA)) in dyads
    assert frozenset(("syrian-army", IS)) in dyads
    assert all(r["r"]["from_lo"] is not None and r["r"]["to_hi"] is not None for r in records)
