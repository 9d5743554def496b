"""The shipped GED file (data/ucdp/, Syria 2016-2019), imported once for this module after the seed, as
`make run` does, and checked through the HTTP API against a plain pandas reading of the same CSV."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import load_seed_dir, wipe
from tests.helpers import ok
from tests.import_support import SHIPPED_ACTORS, SHIPPED_GED, SHIPPED_RELEASE, run_cli

pytestmark = pytest.mark.writes
SOURCE = "ucdp-ged-syria-652-1601-1911"
MONTH_START, MONTH_END = pd.Timestamp("2016-08-01"), pd.Timestamp("2016-08-31")


@pytest.fixture(scope="module")
def shipped(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    result = run_cli(
        settings, "import", "ucdp-ged", SHIPPED_GED, "--actors", SHIPPED_ACTORS, "--release", SHIPPED_RELEASE
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def csv_rows() -> pd.DataFrame:
    return pd.read_csv(SHIPPED_GED)


def query(db: Driver, settings: Settings, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(cypher, params, database_=settings.neo4j_database)
    return [r.data() for r in records]


def members(side: str) -> list[str]:
    return [m.strip() for m in side.split(",") if m.strip()]


def pages(api: TestClient, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    cursor = None
    while True:
        body = ok(api.get(path, params=params | ({"cursor": cursor} if cursor else {})))
        yield from body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return


def test_who_fought_whom_in_august_2016_is_what_pandas_counts_in_the_csv(
    shipped: Driver, settings: Settings, api: TestClient, csv_rows: pd.DataFrame
) -> None:
    # pandas: state-based and non-state events that can fall in August 2016, coalitions split into members
    df = csv_rows[csv_rows["type_of_violence"].isin([1, 2])]
    start, end = pd.to_datetime(df["date_start"]), pd.to_datetime(df["date_end"])
    august = df[(start <= MONTH_END) & (end >= MONTH_START)]
    expected_events: Counter[frozenset[str]] = Counter()
    expected_deaths: Counter[frozenset[str]] = Counter()
    for side_a, side_b, best in zip(august["side_a"], august["side_b"], august["best"], strict=True):
        for a in members(side_a):
            for b in members(side_b):
                if a != b:
                    expected_events[frozenset({a, b})] += 1
                    expected_deaths[frozenset({a, b})] += int(best)
    # UCDP names are aliases of exactly one actor each
    owners: dict[str, set[str]] = defaultdict(set)
    for row in query(shipped, settings, "MATCH (a:Actor) UNWIND a.aliases AS alias RETURN alias, a.id AS id"):
        owners[row["alias"]].add(row["id"])
    names = {n for pair in expected_events for n in pair}
    assert all(len(owners[n]) == 1 for n in names), {n: owners[n] for n in names if len(owners[n]) != 1}
    actor = {n: next(iter(owners[n])) for n in names}

    got_events: Counter[frozenset[str]] = Counter()
    got_deaths: Counter[frozenset[str]] = Counter()
    other = []
    for item in pages(api, "/relationships", {"kind": "hostility", "during": "2016-08", "limit": 100}):
        pair = frozenset(p["actor"]["id"] for p in item["parties"])
        cited = {c["source"]["id"] for c in item["citations"]}
        if SOURCE not in cited:
            other.append(item)
            continue
        assert item["intensity"] is not None and item["intensity"]["events"] >= 1, item
        assert item["citations"][0]["source"]["licence"].startswith("CC BY 4.0")
        assert item["citations"][0]["quote"].startswith("events ")
        got_events[pair] += item["intensity"]["events"]
        got_deaths[pair] += item["intensity"]["deaths_best"]
    by_actor = {frozenset(actor[n] for n in pair): n for pair, n in expected_events.items()}
    assert dict(got_events) == by_actor
    assert dict(got_deaths) == {frozenset(actor[n] for n in pair): d for pair, d in expected_deaths.items()}
    assert len(by_actor) >= 20
    # the rest are the article's open-ended claims of 2014, which may still hold in 2016
    assert other and all(i["intensity"] is None and i["valid"]["open_ended"] for i in other)


def test_the_dataset_source_lists_its_claims_page_by_page(shipped: Driver, settings: Settings, api: TestClient) -> None:
    ids = [i["id"] for i in pages(api, "/relationships", {"source": SOURCE, "limit": 500})]
    stored = query(shipped, settings, "MATCH (c:Claim)-[:CITES]->(:Source {id: $s}) RETURN c.id AS id", s=SOURCE)
    assert len(ids) == len(set(ids)) == len(stored) > 500
    source = ok(api.get(f"/sources/{SOURCE}"))
    assert source["kind"] == "dataset" and source["publisher"] == "Uppsala Conflict Data Program"
    assert "CC BY 4.0" in source["licence"] and "Sundberg" in source["notes"]


def test_graph_links_carry_intensity_and_a_claim_shows_its_events(
    shipped: Driver, settings: Settings, api: TestClient
) -> None:
    graph = ok(api.get("/graph", params={"during": "2016-08", "source": SOURCE}))
    assert graph["links"] and all(link["intensity"]["events"] >= 1 for link in graph["links"])
    busiest = max(graph["links"], key=lambda link: link["intensity"]["events"])
    detail = ok(api.get(f"/relationships/{busiest['id']}"))
    assert len(detail["evidence"]) == min(500, busiest["intensity"]["events"])
    event = detail["evidence"][0]
    assert event["kind"] in ("state_based_violence", "non_state_violence")
    assert event["deaths_best"] is not None and event["place"]["lat"] is not None
    assert {p["role"] for p in event["participants"]} <= {"side_a", "side_b"}
    assert event["citations"] and event["citations"][0]["source"]["kind"] == "news_article"


def test_ucdp_groups_land_on_the_seeds_actors_and_are_found_by_their_ucdp_names(
    shipped: Driver, settings: Settings, api: TestClient, csv_rows: pd.DataFrame
) -> None:
    involved = query(
        shipped,
        settings,
        "MATCH (e:Event {origin: 'ucdp-ged'})-[:INVOLVED]->(a:Actor) "
        "WHERE a.id IN ['islamic-state', 'al-nusra-front', 'syrian-government'] "
        "RETURN a.id AS id, count(DISTINCT e) AS events",
    )
    events = {r["id"]: r["events"] for r in involved}
    sides = list(zip(csv_rows["side_a"], csv_rows["side_b"], strict=True))

    def in_csv(name: str) -> int:  # rows naming a group on either side
        return sum(name in members(a) + members(b) for a, b in sides)

    assert events == {
        "islamic-state": in_csv("IS"),
        "al-nusra-front": in_csv("Jabhat Fateh al-Sham"),
        "syrian-government": in_csv("Government of Syria"),
    }
    shared = query(
        shipped,
        settings,
        "MATCH (a:Actor) WHERE a.ucdp_id IS NOT NULL WITH a.ucdp_id AS u, collect(a.id) AS ids "
        "WHERE size(ids) > 1 RETURN u, ids",
    )
    assert shared == [], "two actors for one UCDP group"
    for name, expected in (
        ("Jabhat Fateh al-Sham", "al-nusra-front"),
        ("Jama’at Al-Tawhid wa Al-Jihad", "islamic-state"),  # IS's original name, from the actor list
        ("Syrian insurgents", "syrian-insurgents"),
    ):
        found = ok(api.get("/actors", params={"q": name}))["items"]
        assert found and found[0]["id"] == expected, (name, found)
    assert ok(api.get("/actors", params={"q": "Civilians"}))["items"] == []


def test_every_row_is_an_event_and_one_sided_violence_evidences_no_claim(
    shipped: Driver, settings: Settings, csv_rows: pd.DataFrame
) -> None:
    kinds = query(shipped, settings, "MATCH (e:Event {origin: 'ucdp-ged'}) RETURN e.kind AS kind, count(*) AS n")
    assert {r["kind"]: r["n"] for r in kinds} == {
        "state_based_violence": int((csv_rows["type_of_violence"] == 1).sum()),
        "non_state_violence": int((csv_rows["type_of_violence"] == 2).sum()),
        "one_sided_violence": int((csv_rows["type_of_violence"] == 3).sum()),
    }
    evidencing = query(
        shipped,
        settings,
        "MATCH (c:Claim)-[:EVIDENCED_BY]->(e:Event {kind: 'one_sided_violence'}) RETURN count(c) AS n",
    )
    assert evidencing[0]["n"] == 0
