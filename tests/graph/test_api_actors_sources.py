"""Finding actors by any of their names, and sources with what they back."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from tests.helpers import ids, ok


@pytest.mark.parametrize(
    ("q", "actor"),
    [
        ("ISIS", "islamic-state"),
        ("isil", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("DAESH", "islamic-state"),
        ("al-Dawla al-Islamiya", "islamic-state"),
        ("Jabhat al-Nusra", "al-nusra-front"),
        ("jabhat al nusra", "al-nusra-front"),
        ("Jabhat al-Nuṣra", "al-nusra-front"),  # diacritics
        ("Nusra Front", "al-nusra-front"),
        ("Assad regime", "syrian-government"),
        ("Syrian Arab Army", "syrian-army"),
        ("government forces", "syrian-army"),
        ("Zawahiri", "ayman-al-zawahiri"),
        ("داعش", "islamic-state"),  # Daesh in Arabic script
    ],
)
def test_an_actor_is_found_by_any_of_its_names(api: TestClient, seeded: Driver, q: str, actor: str) -> None:
    found = ok(api.get("/actors", params={"q": q}))["items"]
    assert found, f"nothing found for {q!r}"
    assert found[0]["id"] == actor


def test_one_actor_with_its_parts(api: TestClient, seeded: Driver) -> None:
    government = ok(api.get("/actors/syrian-government"))
    assert government["kind"] == "state"
    assert "syrian-army" in [p["id"] for p in government["parts"]]
    army = ok(api.get("/actors/syrian-army"))
    assert army["part_of"]["id"] == "syrian-government"
    assert ok(api.get("/actors/islamic-state"))["external_ids"]["ucdp"] == 234


def test_actors_page_through_with_a_cursor(api: TestClient, seeded: Driver) -> None:
    everything = ids(ok(api.get("/actors"))["items"])
    first = ok(api.get("/actors", params={"limit": 5}))
    second = ok(api.get("/actors", params={"limit": 5, "cursor": first["next_cursor"]}))
    assert ids(first["items"]) + ids(second["items"]) == everything[:10]


def test_sources_and_every_claim_a_source_backs(api: TestClient, seeded: Driver) -> None:
    listing = ok(api.get("/sources"))["items"]
    tweets = [s for s in listing if s["kind"] == "tweet"]
    assert len(tweets) == 4
    assert all(t["reported_in"] == "mee-2014-08-18-aleppo" for t in tweets)
    article = ok(api.get("/sources/mee-2014-08-18-aleppo"))
    assert {r["id"] for r in article["reports"]} >= {t["id"] for t in tweets}
    claims = ok(api.get("/relationships", params={"limit": 500}))["items"]
    citing = [c["id"] for c in claims if any(x["source"]["id"] == "mee-2014-08-18-aleppo" for x in c["citations"])]
    assert sorted(ids(article["claims"])) == sorted(citing)  # each claim once, though some quote it twice
    listed = next(s for s in listing if s["id"] == "mee-2014-08-18-aleppo")
    assert listed["claims"] == len(citing)
    only_tweets = ok(api.get("/sources", params={"kind": "tweet"}))["items"]
    assert ids(only_tweets) == ids(tweets)
