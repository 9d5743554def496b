"""The shipped GED files (data/ucdp/: Syria 2004-2015, GED 21.1's 14-column subset, and Syria 2016-2019),
imported once for this module after the seed with the very GED commands of scripts/run.sh (`make run`), and
checked through the HTTP API against plain pandas readings of the same CSVs: who fought whom, who fought
together, the camps of August 2014; then imported again, changing nothing."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import load_seed_dir, wipe
from tests.helpers import ok
from tests.import_support import SHIPPED_GED, SHIPPED_RELEASE, SUBSET_GED, counts, make_run_ged_imports, run_cli

pytestmark = pytest.mark.writes
SOURCE = "ucdp-ged-syria-652-1601-1911"
SUBSET_SOURCE = "ucdp-ged-21-1-syria-2004-2015-subset"
SUBSET_RELEASE = "21.1 Syria 2004-2015 subset"
FOUGHT = ("State-based violence", "Non-state violence")  # the subset's type_of_violence 1 and 2
MONTH_START, MONTH_END = pd.Timestamp("2016-08-01"), pd.Timestamp("2016-08-31")


IMPORTS = make_run_ged_imports()
OUTPUTS: list[str] = []  # what each import of make run printed


@pytest.fixture(scope="module")
def shipped(db: Driver, settings: Settings) -> Driver:
    """The graph after make run's loading: the seed, then its GED imports, in its order."""
    assert [c[2] for c in IMPORTS] == [str(SUBSET_GED), str(SHIPPED_GED)], IMPORTS
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    for command in IMPORTS:
        result = run_cli(settings, *command)
        assert result.exit_code == 0, result.output
        OUTPUTS.append(result.output)
    return db


@pytest.fixture(scope="module")
def csv_rows() -> pd.DataFrame:
    return pd.read_csv(SHIPPED_GED)


@pytest.fixture(scope="module")
def subset_rows() -> pd.DataFrame:
    return pd.read_csv(SUBSET_GED)


def actor_of_names(db: Driver, settings: Settings, names: set[str]) -> dict[str, str]:
    """UCDP name -> the one actor carrying it as an alias (asserting there is exactly one)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for row in query(db, settings, "MATCH (a:Actor) UNWIND a.aliases AS alias RETURN alias, a.id AS id"):
        owners[row["alias"]].add(row["id"])
    assert all(len(owners[n]) == 1 for n in names), {n: owners[n] for n in names if len(owners[n]) != 1}
    return {n: next(iter(owners[n])) for n in names}


def fought_together(events: pd.DataFrame, actor: dict[str, str]) -> Counter[frozenset[str]]:
    """The reference, from the CSV: events per pair of actors named within one side of an event (each event
    once a pair; two UCDP names of one actor are no pair)."""
    found: Counter[frozenset[str]] = Counter()
    for side_a, side_b in zip(events["side_a"], events["side_b"], strict=True):
        pairs: set[frozenset[str]] = set()
        for side in (side_a, side_b):
            ids = {actor[m] for m in members(side)}
            pairs.update(frozenset(p) for p in combinations(sorted(ids), 2))
        found.update(pairs)
    return found


def names_in(events: pd.DataFrame) -> set[str]:
    return {m for side in (*events["side_a"], *events["side_b"]) for m in members(side)}


def claims_of(api: TestClient, kind: str, during: str, source: str) -> Counter[frozenset[str]]:
    """API side: events per pair of actors over the kind's claims that cite the source in the window."""
    got: Counter[frozenset[str]] = Counter()
    for item in pages(api, "/relationships", {"kind": kind, "during": during, "source": source, "limit": 100}):
        assert item["kind"] == kind and item["intensity"]["events"] >= 1, item
        assert [c["source"]["id"] for c in item["citations"]] == [source], item
        got[frozenset(p["actor"]["id"] for p in item["parties"])] += item["intensity"]["events"]
    return got


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


def test_who_fought_together_in_august_2014_is_what_pandas_finds_in_the_subset(
    shipped: Driver, settings: Settings, api: TestClient, subset_rows: pd.DataFrame
) -> None:
    # pandas: the subset's state-based and non-state events of August 2014 (its dates are days of date_start)
    month = subset_rows[(subset_rows["year"] == 2014) & (subset_rows["month"] == 8)]
    august = month[month["type_of_violence"].isin(FOUGHT)]
    assert "Civilians" not in names_in(august)
    actor = actor_of_names(shipped, settings, names_in(august))
    expected = fought_together(august, actor)
    got = claims_of(api, "cooperation", "2014-08", SUBSET_SOURCE)
    assert dict(got) == dict(expected)  # no pair missing, none extra, the same events
    assert len(got) >= 50  # the issue counted 95 pairs of UCDP names
    # one-sided violence never makes a pair: the month's one-sided coalitions, if any, add nothing
    one_sided = month[month["type_of_violence"] == "One-sided violence"]
    assert (one_sided["side_b"] == "Civilians").all()
    # a claim carries its coalitions and its events, cites the release, and is dated by its events' first days
    busiest = max(
        pages(api, "/relationships", {"kind": "cooperation", "during": "2014-08", "source": SUBSET_SOURCE}),
        key=lambda i: i["intensity"]["events"],
    )
    detail = ok(api.get(f"/relationships/{busiest['id']}"))
    assert detail["coalitions"] and all("," in c for c in detail["coalitions"])
    assert len(detail["evidence"]) == busiest["intensity"]["events"]
    assert all(e["citations"][0]["source"]["id"] == SUBSET_SOURCE for e in detail["evidence"])
    assert busiest["valid"]["approximate"] and "no end dates" in busiest["valid"]["text"]


def test_who_fought_together_in_august_2016_is_what_pandas_finds_in_the_csv(
    shipped: Driver, settings: Settings, api: TestClient, csv_rows: pd.DataFrame
) -> None:
    df = csv_rows[csv_rows["type_of_violence"].isin([1, 2])]
    start, end = pd.to_datetime(df["date_start"]), pd.to_datetime(df["date_end"])
    august = df[(start <= MONTH_END) & (end >= MONTH_START)]
    assert "Civilians" not in names_in(august)
    expected = fought_together(august, actor_of_names(shipped, settings, names_in(august)))
    got = claims_of(api, "cooperation", "2016-08", SOURCE)
    assert dict(got) == dict(expected) and len(got) >= 5


def test_the_subset_summary_says_what_its_reduced_layout_lacks(shipped: Driver) -> None:
    subset, full = OUTPUTS
    print(subset, full)  # the summaries, for -s (README, docs/import-format.md quote them)
    assert "imported " in subset and "45,839 rows, 45,839 loaded, 0 rejected" in subset, subset
    assert "date_end: each event is dated by its date_start alone" in subset
    assert "source_article: no article sources: each event cites the release itself" in subset
    assert "date_prec:" in subset and "side_a_new_id, side_b_new_id:" in subset
    assert "what the file lacks means" not in full and "cooperation claims" in full


def test_august_2014_is_answered_by_ucdp_and_the_article_together(
    shipped: Driver, settings: Settings, api: TestClient
) -> None:
    items = list(pages(api, "/relationships", {"during": "2014-08", "limit": 500}))
    by = Counter(
        ("ucdp" if any(c["source"]["id"] == SUBSET_SOURCE for c in i["citations"]) else "other", i["kind"])
        for i in items
    )
    assert by[("ucdp", "hostility")] >= 20 and by[("ucdp", "cooperation")] >= 50, by
    seeded = query(shipped, settings, "MATCH (c:Claim {origin: 'seed'}) RETURN c.id AS id, c.kind AS kind")
    article = {r["id"] for r in seeded}
    returned = {i["id"] for i in items}
    assert article & returned and {("other", k) for k in ("alliance", "hostility")} <= set(by), by
    assert {i["id"] for i in items if not any(c["source"]["id"] == SUBSET_SOURCE for c in i["citations"])} <= article
    # who fought IS in August 2014, from both sources: IS's hostility claims in the month
    is_claims = list(pages(api, "/relationships", {"during": "2014-08", "actor": "islamic-state", "limit": 500}))
    cited = {c["source"]["id"] for i in is_claims for c in i["citations"]}
    assert SUBSET_SOURCE in cited and cited - {SUBSET_SOURCE}, cited


def test_the_camps_of_august_2014_put_the_rebels_who_fought_is_together_against_is(
    shipped: Driver, settings: Settings, api: TestClient, subset_rows: pd.DataFrame
) -> None:
    # pandas: the groups named together on a coalition side against IS in August 2014, most often first
    month = subset_rows[(subset_rows["year"] == 2014) & (subset_rows["month"] == 8)]
    against_is = month[month["type_of_violence"].isin(FOUGHT) & ((month["side_a"] == "IS") | (month["side_b"] == "IS"))]
    coalitions = [
        s for a, b in zip(against_is["side_a"], against_is["side_b"], strict=True) for s in (a, b) if s != "IS"
    ]
    together = Counter(m for side in coalitions if "," in side for m in members(side))
    rebels = {n for n, k in together.items() if k >= 3}
    assert len(rebels) >= 3, together
    actor = actor_of_names(shipped, settings, rebels | {"IS"})
    camps = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    # the analysis reads UCDP's fought-together claims as positive ties, next to the hostility claims
    ucdp = Counter(
        i["kind"] for i in pages(api, "/relationships", {"during": "2014-08", "source": SUBSET_SOURCE, "limit": 500})
    )
    assert camps["slice"]["claims"] >= ucdp["cooperation"] + ucdp["hostility"], (camps["slice"], ucdp)
    camp_of = {m["id"]: c["id"] for c in camps["camps"] for m in c["members"]}
    rebel_camps = Counter(camp_of[actor[n]] for n in rebels)
    main_camp, held = rebel_camps.most_common(1)[0]
    assert held == len(rebels), {n: camp_of[actor[n]] for n in rebels}
    assert camp_of[actor["IS"]] != main_camp


def test_reimporting_what_make_run_loads_changes_nothing(shipped: Driver, settings: Settings) -> None:
    before = counts(shipped, settings.neo4j_database)
    sums = (
        "MATCH (c:Claim {origin: 'ucdp-ged'}) "
        "RETURN c.kind AS kind, count(*) AS n, sum(c.events) AS events, collect(c.import_hash) AS hashes"
    )
    claims_before = sorted(
        (r["kind"], r["n"], r["events"], sorted(r["hashes"])) for r in query(shipped, settings, sums)
    )
    for command in IMPORTS:
        again = [w for w in command if w != "--skip-if-loaded"]
        result = run_cli(settings, *again)
        assert result.exit_code == 0, result.output
        assert "created" not in result.output and "rewritten" not in result.output, result.output
        assert "claims unchanged" in result.output and "events unchanged" in result.output
    assert counts(shipped, settings.neo4j_database) == before
    claims_after = sorted((r["kind"], r["n"], r["events"], sorted(r["hashes"])) for r in query(shipped, settings, sums))
    assert claims_after == claims_before


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
        "MATCH (e:Event {origin: 'ucdp-ged', ged_release: $release})-[:INVOLVED]->(a:Actor) "
        "WHERE a.id IN ['islamic-state', 'al-nusra-front', 'syrian-government'] "
        "RETURN a.id AS id, count(DISTINCT e) AS events",
        release=SHIPPED_RELEASE,
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
    shipped: Driver, settings: Settings, csv_rows: pd.DataFrame, subset_rows: pd.DataFrame
) -> None:
    kinds = query(
        shipped,
        settings,
        "MATCH (e:Event {origin: 'ucdp-ged'}) RETURN e.ged_release AS release, e.kind AS kind, count(*) AS n",
    )
    assert {(r["release"], r["kind"]): r["n"] for r in kinds} == {
        (SHIPPED_RELEASE, "state_based_violence"): int((csv_rows["type_of_violence"] == 1).sum()),
        (SHIPPED_RELEASE, "non_state_violence"): int((csv_rows["type_of_violence"] == 2).sum()),
        (SHIPPED_RELEASE, "one_sided_violence"): int((csv_rows["type_of_violence"] == 3).sum()),
        (SUBSET_RELEASE, "state_based_violence"): int((subset_rows["type_of_violence"] == FOUGHT[0]).sum()),
        (SUBSET_RELEASE, "non_state_violence"): int((subset_rows["type_of_violence"] == FOUGHT[1]).sum()),
        (SUBSET_RELEASE, "one_sided_violence"): int((subset_rows["type_of_violence"] == "One-sided violence").sum()),
    }
    evidencing = query(
        shipped,
        settings,
        "MATCH (c:Claim)-[:EVIDENCED_BY]->(e:Event {kind: 'one_sided_violence'}) RETURN count(c) AS n",
    )
    assert evidencing[0]["n"] == 0
