"""POST /extract against the seeded graph: an analyst pastes the seed article and gets candidate claims
whose quotes are the article's own words and whose parties are the graph's actors; bad input is a 4xx
problem+json. Nothing here writes (the review page's writes: tests/browser/test_review_in_chromium.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum
from tests.helpers import ok
from tests.import_support import run_cli

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "sources" / "mee-2014-08-18-aleppo.txt"
SOURCE = {
    "title": "IS, government forces close in on Aleppo as splits emerge in opposition",
    "publisher": "Middle East Eye",
}

SOURCE_ARGS = ("--title", SOURCE["title"], "--publisher", SOURCE["publisher"])


def article() -> str:
    return ARTICLE.read_text("utf-8")


def propose(api: TestClient, text: str, published: str = "2014-08-18") -> dict[str, Any]:
    found: dict[str, Any] = ok(api.post("/extract", json={"text": text, "published": published, "source": SOURCE}))
    return found


def test_the_seed_article_gives_candidates_with_verbatim_quotes_and_parties_of_the_graph(
    api: TestClient, seeded: Driver
) -> None:
    text = article()
    found = propose(api, text)
    candidates = found["candidates"]
    assert len(candidates) >= 12
    for c in candidates:
        assert text[c["quote"]["start"] : c["quote"]["end"]] == c["quote"]["text"]
        assert c["claim"]["citations"] == [{"source": found["source"]["id"], "quote": c["quote"]["text"]}]
        assert text[c["sentence"]["start"] : c["sentence"]["end"]] == c["sentence"]["text"]
        for p in c["parties"]:
            assert text[p["mention"]["start"] : p["mention"]["end"]] == p["mention"]["text"]
            if not p["new"]:
                assert api.get(f"/actors/{p['actor']}").status_code == 200, p
    for m in found["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    # the Deir Ezzor sentence: IS against al-Nusra, in July 2014 (month precision), as the article says
    deir = [c for c in candidates if "Deir Ezzor" in c["quote"]["text"] and c["kind"] == "hostility"]
    assert [sorted(c["claim"]["parties"]["side"]) for c in deir] == [["al-nusra-front", "islamic-state"]]
    want = {"text": "in July", "from_lo": "2014-07-01", "to_hi": "2014-07-31", "precision": "month"}
    assert want.items() <= deir[0]["time"].items()
    # a hedge: "has claimed that al-Nusra conducted a suicide bombing ... on Monday"
    (bombing,) = [c for c in candidates if c["cue"]["text"] == "bombing against"]
    assert bombing["claim"]["status"] == "claimed" and bombing["hedge"]["text"] == "claimed"
    assert (bombing["time"]["from_lo"], bombing["time"]["to_hi"]) == ("2014-08-11", "2014-08-18")
    assert found["gazetteer"]["ucdp_actors"] > 1000  # UCDP's list was used too


def test_extract_writes_nothing(api: TestClient, seeded: Driver, settings: Settings) -> None:
    before = graph_checksum(seeded, settings.neo4j_database)
    propose(api, article())
    assert graph_checksum(seeded, settings.neo4j_database) == before


def test_a_group_the_graph_lacks_is_proposed_as_a_new_actor_with_its_ucdp_id_where_ucdp_lists_it(
    api: TestClient, seeded: Driver
) -> None:
    found = propose(api, "Liwa al-Tawhid fighters clashed with IS near Azaz on Sunday.")
    (listed,) = found["new_actors"]
    assert listed["origin"] == "ucdp" and listed["actor"]["external_ids"]["ucdp"] > 0  # UCDP's "al-Tawhid Brigade"
    assert listed["mentions"][0]["text"] == "Liwa al-Tawhid"
    assert api.get(f"/actors/{listed['actor']['id']}").status_code == 404
    (c,) = found["candidates"]
    assert c["claim"]["parties"] == {"side": [listed["actor"]["id"], "islamic-state"]}
    assert c["claim"]["valid"]["from"] == "2014-08-17" and c["time"]["precision"] == "day"  # on Sunday

    unknown = propose(api, "Liwa Suqur al-Zawiya clashed with IS near Azaz.")
    assert [(a["origin"], a["actor"]["id"]) for a in unknown["new_actors"]] == [("new", "liwa-suqur-al-zawiya")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "", "published": "2014-08-18"}, "text"),
        ({"text": "   \n ", "published": "2014-08-18"}, "text"),
        ({"text": "IS " * 1_750_000, "published": "2014-08-18"}, "text"),  # 5 MB
        ({"text": "PK\x03\x04\x00\x00binary\x00", "published": "2014-08-18"}, "text"),
        ({"text": "IS fought al-Nusra.", "published": "2014-02-30"}, "published"),
        ({"text": "IS fought al-Nusra.", "published": "2014-13-01"}, "published"),
        ({"text": "IS fought al-Nusra."}, "published"),
        ({"text": "IS fought al-Nusra.", "published": "2014-08-18", "source": {"id": "Not A Slug!"}}, "source.id"),
    ],
)
def test_bad_input_is_a_problem_and_names_the_field(
    api: TestClient, seeded: Driver, body: dict[str, Any], field: str
) -> None:
    r = api.post("/extract", json=body)
    assert r.status_code == 422, r.text[:300]
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert field in {e["field"] for e in problem["errors"]}, problem
    assert "Traceback" not in r.text


def test_a_body_that_is_not_json_text_is_a_problem(api: TestClient, seeded: Driver) -> None:
    r = api.post("/extract", content=b"\xff\xfe\x00\x01\x89PNG\r\n", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_the_cli_prints_the_same_candidates_as_the_endpoint(
    api: TestClient, seeded: Driver, settings: Settings, tmp_path: Path
) -> None:
    result = run_cli(settings, "extract", ARTICLE, "--published", "2014-08-18", "--format", "json", *SOURCE_ARGS)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == propose(api, article())

    table = run_cli(settings, "extract", ARTICLE, "--published", "2014-08-18", *SOURCE_ARGS)
    assert table.exit_code == 0 and f"{len(printed['candidates'])} candidate claim(s)" in table.stdout


def test_the_cli_refuses_a_date_that_does_not_exist_and_a_binary_file(settings: Settings, tmp_path: Path) -> None:
    bad_day = run_cli(settings, "extract", ARTICLE, "--published", "2014-02-30")
    assert bad_day.exit_code == 2 and "is not a date that exists" in bad_day.output
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    assert run_cli(settings, "extract", binary, "--published", "2014-08-18").exit_code == 2
    nul = tmp_path / "nul.txt"
    nul.write_text("IS fought\x00 al-Nusra", "utf-8")
    refused = run_cli(settings, "extract", nul, "--published", "2014-08-18")
    assert refused.exit_code == 2 and "control character" in refused.output
