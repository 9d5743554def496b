"""Undated and stale claims stay out of the way when asked (`stale_after=N` months), through the HTTP API
against the real Neo4j: the article's open-ended claims (last evidence 18 August 2014) leave windows that
start more than N months later, a claim with no time leaves every window, a later source or a later event
keeps an open-ended claim in longer, and nothing changes without the parameter. Known data: the seed plus
tests/data/undated-and-stale.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import months_before, parse_window
from app.repository.reader import claims_page_query
from tests.conftest import SEED_DIR, load_seed_dir, wipe
from tests.helpers import ids, ok, problem
from tests.import_support import run_cli

pytestmark = pytest.mark.writes

FIXTURE = Path(__file__).parent.parent / "data" / "undated-and-stale.yaml"
SINCE_2012 = "syrian-government-rebels-hostility-aleppo-since-2012"  # open-ended, as of 2014-08-18
UNDATED = "test-undated-hostility"
REPEATED = "test-open-since-2013-repeated-2015-03"  # a second source published 2015-03-01
EVENT_LATER = "test-open-since-2013-event-2015-06"  # an event of 2015-06-10


@pytest.fixture
def stale(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings, SEED_DIR, FIXTURE)
    return db


def found(api: TestClient, **params: Any) -> set[str]:
    return set(ids(ok(api.get("/relationships", params={"limit": 500, **params}))["items"]))


def test_the_articles_open_ended_claims_leave_windows_24_months_after_its_date(api: TestClient, stale: Driver) -> None:
    assert SINCE_2012 in found(api, during="2017-01")  # the default: every open-ended claim runs on
    assert SINCE_2012 not in found(api, during="2017-01", stale_after=24)
    # 2016-08 starts 24 months after 2014-08-01, within 24 months of the last evidence (2014-08-18) ...
    assert SINCE_2012 in found(api, during="2016-08", stale_after=24)
    # ... and 2016-09 does not
    assert SINCE_2012 not in found(api, during="2016-09", stale_after=24)
    assert SINCE_2012 in found(api, during="2016-09", stale_after=25)
    # in the article's own month nothing of the article is stale
    august = found(api, during="2014-08")
    assert found(api, during="2014-08", stale_after=24) == august - {UNDATED}
    assert found(api, during="2014-08", stale_after=0) == august - {UNDATED}


def test_a_claim_with_no_time_leaves_every_window_and_the_unwindowed_list(api: TestClient, stale: Driver) -> None:
    for window in ("2010-01", "2014-08", "2017-01"):
        assert UNDATED in found(api, during=window)
        assert UNDATED not in found(api, during=window, stale_after=24)
        assert UNDATED not in found(api, during=window, stale_after=1200)
    assert UNDATED in found(api, actor="free-syrian-army")
    kept = found(api, actor="free-syrian-army", stale_after=24)
    assert UNDATED not in kept and {REPEATED, EVENT_LATER} <= kept  # no window: only the undated leave


def test_a_later_source_or_a_later_event_is_later_evidence(api: TestClient, stale: Driver) -> None:
    # the claims' own dates end in 2013; a report of 2015-03-01 repeats one, an event of 2015-06-10 evidences the other
    assert REPEATED in found(api, during="2017-03", stale_after=24)
    assert REPEATED not in found(api, during="2017-04", stale_after=24)
    assert EVENT_LATER in found(api, during="2017-06", stale_after=24)
    assert EVENT_LATER not in found(api, during="2017-07", stale_after=24)
    # to the day: a window starting 24 months after the report keeps it, the day after does not
    assert REPEATED in found(api, during="2017-03-01/2017-03-31", stale_after=24)
    assert REPEATED not in found(api, during="2017-03-02/2017-03-31", stale_after=24)


def test_graph_actor_relationships_exports_and_camps_take_the_same_filter(api: TestClient, stale: Driver) -> None:
    query = {"during": "2017-01", "stale_after": 24}
    picture = ok(api.get("/graph", params=query))
    assert {lk["id"] for lk in picture["links"]} == found(api, **query)
    assert SINCE_2012 in {lk["id"] for lk in ok(api.get("/graph", params={"during": "2017-01"}))["links"]}
    assert SINCE_2012 not in {lk["id"] for lk in picture["links"]}
    mine = ok(api.get("/actors/syrian-government/relationships", params=query))
    assert SINCE_2012 not in ids(mine["items"])
    unfiltered = ok(api.get("/actors/syrian-government/relationships", params={"during": "2017-01"}))
    assert SINCE_2012 in ids(unfiltered["items"])
    rows = api.get("/graph", params={**query, "format": "csv"}).text
    assert SINCE_2012 not in rows and UNDATED not in rows
    node_link = ok(api.get("/graph", params={**query, "format": "node-link"}))
    assert node_link["graph"]["stale_after"] == 24
    assert {lk["claim_id"] for lk in node_link["links"]} == found(api, **query) == {REPEATED, EVENT_LATER}

    def members(params: dict[str, Any]) -> set[str]:
        camps = ok(api.get("/analysis/camps", params=params))["camps"]
        return {m["id"] for camp in camps for m in camp["members"]}

    assert "aleppo-rebels" in members({"during": "2017-01"})
    assert "aleppo-rebels" not in members(query)  # its only tie of 2017 was the stale since-2012 claim
    year = {"from": "2017-01", "to": "2017-01"}
    [fresh] = ok(api.get("/analysis/balance", params={**year, "stale_after": 24}))["steps"]
    [every] = ok(api.get("/analysis/balance", params=year))["steps"]
    assert fresh["claims"] < every["claims"]


def test_the_cli_export_takes_the_same_filter(stale: Driver, settings: Settings) -> None:
    every = run_cli(settings, "export", "--format", "csv", "--during", "2017-01")
    fresh = run_cli(settings, "export", "--format", "csv", "--during", "2017-01", "--stale-after", "24")
    assert every.exit_code == 0 and fresh.exit_code == 0, every.output + fresh.output
    assert SINCE_2012 in every.stdout and SINCE_2012 not in fresh.stdout
    assert run_cli(settings, "export", "--format", "csv", "--stale-after", "-3").exit_code != 0


def test_a_cursor_keeps_the_filter_and_a_bad_value_is_refused(api: TestClient, stale: Driver) -> None:
    first = ok(api.get("/relationships", params={"during": "2014", "stale_after": 24, "limit": 2}))
    assert first["next_cursor"]
    rest = ok(api.get("/relationships", params={"during": "2014", "stale_after": 24, "cursor": first["next_cursor"]}))
    assert set(ids(first["items"])) | set(ids(rest["items"])) == found(api, during="2014", stale_after=24)
    assert problem(api.get("/relationships", params={"during": "2014", "cursor": first["next_cursor"]}), 422)
    for bad in ("-1", "1201", "two", "2.5"):
        body = problem(api.get("/relationships", params={"during": "2014", "stale_after": bad}), 422)
        assert "stale_after" in str(body)


def test_the_stale_filter_is_tested_on_the_claims_the_window_index_seek_finds(
    stale: Driver, settings: Settings
) -> None:
    """PROFILE: with stale_after the selection still seeks claim_window_entry tier by tier; the query
    without it has no trace of the filter (its slot is `true`)."""
    window = parse_window("2017-01")
    query, params = claims_page_query(ClaimPage(ClaimFilter(window=window, stale_after=24), 101))
    assert "$stale_since" in query and params["stale_since"] == months_before(window.start, 24)
    plain, _ = claims_page_query(ClaimPage(ClaimFilter(window=window), 101))
    assert "stale_since" not in plain and "EVIDENCED_BY" not in plain.split("claims_hydration")[0]
    with stale.session(database=settings.neo4j_database) as s:
        plan = s.run("PROFILE " + query, params).consume().profile
    ops: list[str] = []

    def walk(op: dict[str, Any]) -> None:
        ops.append(f"{op['operatorType']} {op.get('args', {}).get('Details', '')}")
        for child in op.get("children", []):
            walk(child)

    assert plan is not None
    walk(plan)
    entry = "Claim(kind, span, from_lo, id, to_hi, from_hi, to_lo, status, confidence)"  # claim_window_entry
    assert any("IndexSeek" in o and entry in o for o in ops), ops
    assert not any(o.startswith(("NodeByLabelScan", "AllNodesScan")) for o in ops), ops
