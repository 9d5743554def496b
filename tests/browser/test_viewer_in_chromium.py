"""The viewer and the API docs, driven in headless Chromium as a person would use them, with no request
leaving this machine: August 2014 draws the seed's hostile pairs, the slider's July draws another
network, clicking the IS-al-Nusra line shows the quotes and their sources, "Daesh" finds Islamic State."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from playwright.sync_api import Page

from app.config import Settings
from tests.browser.conftest import Guard
from tests.conftest import SEED_DIR, load_seed_dir
from tests.helpers import dyad, ok

IS, NUSRA = "islamic-state", "al-nusra-front"
READY = "#graph[data-state=ready][data-window='{}']"


def drawn(page: Page) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = page.evaluate(
        """() => allianceViewer.cy.edges().map(e => ({
            id: e.id(), kind: e.data('kind'), ends: [e.source().id(), e.target().id()], weak: e.data('weak'),
            visible: e.visible(), line: e.style('line-style'), colour: e.style('line-color')}))"""
    )
    return edges


def hostile_pairs(edges: list[dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(e["ends"]) for e in edges if e["kind"] == "hostility"}


def api_pairs(api: TestClient, during: str) -> set[frozenset[str]]:
    items = ok(api.get("/relationships", params={"kind": "hostility", "during": during, "limit": 500}))["items"]
    return {dyad(i) for i in items}


def click_edge(page: Page, edge_id: str) -> None:
    """A real mouse click on the middle of the drawn line."""
    point = page.evaluate(
        """(id) => {
            const edge = allianceViewer.cy.getElementById(id);
            const mid = edge.renderedMidpoint();
            const box = document.getElementById('graph').getBoundingClientRect();
            return {x: box.left + mid.x, y: box.top + mid.y};
        }""",
        edge_id,
    )
    page.mouse.click(point["x"], point["y"])


def test_the_viewer_draws_a_month_moves_through_time_shows_sources_and_finds_aliases(
    guarded: tuple[Page, Guard], live_api: str, api: TestClient, seeded: Driver, artifacts: Path
) -> None:
    page, guard = guarded
    page.goto(f"{live_api}/")
    # the slider opens on the last month the claims cover: August 2014
    page.wait_for_selector(READY.format("2014-08"), timeout=30_000)
    assert page.text_content("#window-label") == "August 2014"
    august = drawn(page)
    assert hostile_pairs(august) == api_pairs(api, "2014-08")
    assert frozenset((IS, NUSRA)) in hostile_pairs(august) and all(e["visible"] for e in august)
    # alleged, claimed or disputed lines are dashed: the alleged defection of the Aleppo groups is
    weak = {e["id"] for e in august if e["weak"]}
    assert "defection:aleppo-opposition-groups-pledging>islamic-state" in weak
    assert f"hostility:{NUSRA}>{IS}" not in weak  # reported by Middle East Eye and the BBC
    assert all(e["line"] == ("dashed" if e["weak"] else "solid") for e in august)
    assert {e["colour"] for e in august if e["kind"] == "hostility"} == {"rgb(214,39,40)"}  # the palette's red
    page.screenshot(path=artifacts / "viewer-2014-08.png")

    # one step left on the slider (keyboard) is July 2014: another network
    page.focus("#month")
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector(READY.format("2014-07"), timeout=30_000)
    assert page.text_content("#window-label") == "July 2014"
    july = drawn(page)
    assert hostile_pairs(july) == api_pairs(api, "2014-07")
    assert {e["id"] for e in july} != {e["id"] for e in august}
    assert page.url.endswith("during=2014-07&mode=possibly")
    page.screenshot(path=artifacts / "viewer-2014-07.png")

    # back to August with the button, then click the IS-al-Nusra line
    page.click("#next-month")
    page.wait_for_selector(READY.format("2014-08"), timeout=30_000)
    click_edge(page, f"hostility:{NUSRA}>{IS}")
    page.wait_for_selector("#details .claim")
    heading = page.text_content("#details h2") or ""
    assert heading.endswith(("Islamic State – al-Nusra Front", "al-Nusra Front – Islamic State")), heading
    claims = page.locator("#details .claim")
    assert claims.count() == 3  # the official policy, north of Aleppo, the checkpoint bombing (claimed)
    quotes = page.locator("#details blockquote").all_text_contents()
    assert "the official policy from both groups is to fight each other" in quotes
    details = page.text_content("#details") or ""
    assert "Middle East Eye" in details and "reported" in details and "confidence 0.8" in details
    tweet = page.locator("#details a.source-link")
    assert tweet.first.get_attribute("href") == "https://twitter.com/Alansarialjanab/status/501258155620597760"
    page.screenshot(path=artifacts / "viewer-is-nusra-claims.png")

    # search an alias: Daesh is Islamic State, centred and selected, its relationships listed
    page.fill("#search", "Daesh")
    page.wait_for_selector(f"#search-results button[data-actor='{IS}']")
    page.click(f"#search-results button[data-actor='{IS}']")
    page.wait_for_function("() => document.querySelector('#details h2')?.textContent === 'Islamic State'")
    page.wait_for_selector("#details .rel-list li")
    assert page.evaluate(f"() => allianceViewer.cy.getElementById('{IS}').selected()")
    listed = page.locator("#details .rel-list li").count()
    expected = ok(api.get(f"/actors/{IS}/relationships", params={"during": "2014-08", "limit": 100}))["items"]
    assert listed == len(expected)
    page.screenshot(path=artifacts / "viewer-search-daesh.png")

    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors  # a Content-Security-Policy violation would show here


def test_the_api_docs_render_their_operations_offline(
    guarded: tuple[Page, Guard], live_api: str, api: TestClient, artifacts: Path
) -> None:
    page, guard = guarded
    page.goto(f"{live_api}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = set(page.locator(".opblock-summary-path").all_text_contents())
    spec_paths = set(ok(api.get("/openapi.json"))["paths"])
    assert {p.replace("\u200b", "") for p in paths} == spec_paths
    # an operation opens with its parameters and the example response
    page.click("#operations-graph-get_graph_graph_get .opblock-summary")
    page.wait_for_selector("#operations-graph-get_graph_graph_get .parameters")
    assert "format" in (page.text_content("#operations-graph-get_graph_graph_get .parameters") or "")
    page.screenshot(path=artifacts / "api-docs.png", full_page=False)
    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors


def test_the_viewer_colours_actors_by_camp_and_charts_balance_over_time(
    guarded: tuple[Page, Guard], live_api: str, api: TestClient, seeded: Driver, artifacts: Path
) -> None:
    page, guard = guarded
    page.goto(f"{live_api}/viewer?during=2014-08&camps=1")
    page.wait_for_selector("#graph[data-state=ready][data-camps]", timeout=30_000)
    assert page.is_checked("#by-camp")
    camps = ok(api.get("/analysis/camps", params={"during": "2014-08"}))["camps"]
    assert page.get_attribute("#graph", "data-camps") == str(len(camps))
    colour_of = page.evaluate(
        "() => Object.fromEntries(allianceViewer.cy.nodes().map(n => [n.id(), n.style('background-color')]))"
    )
    camp_of = {m["id"]: camp["id"] for camp in camps for m in camp["members"]}
    # one colour per camp, and the Islamic State's differs from its enemies'
    by_camp: dict[int, set[str]] = {}
    for actor_id, camp in camp_of.items():
        by_camp.setdefault(camp, set()).add(colour_of[actor_id])
    assert all(len(colours) == 1 for colours in by_camp.values()), by_camp
    assert len({next(iter(c)) for c in by_camp.values()}) == len(by_camp)
    for enemy in (NUSRA, "islamic-front", "free-syrian-army"):
        assert colour_of[enemy] != colour_of[IS]
    legend = page.text_content("#camp-legend") or ""
    assert f"camp 1: {len(camps[0]['members'])} actors" in legend and "exact" in legend
    assert "camps=1" in page.url
    page.screenshot(path=artifacts / "viewer-camps-2014-08.png")

    # the balance chart: one bar per month of the slider, the months with triangles drawn
    page.click("#balance summary")
    page.wait_for_selector("#balance-chart[data-state=ready]", timeout=30_000)
    months = page.evaluate("() => allianceViewer.state.months")
    series = ok(api.get("/analysis/balance", params={"from": months[0], "to": months[-1]}))["steps"]
    assert page.get_attribute("#balance-chart", "data-steps") == str(len(series))
    with_triangles = [s["window"] for s in series if s["triangles"]]
    assert with_triangles == ["2014-08"]
    drawn_points = page.locator("#balance-chart circle[data-series=weak_share]").count()
    assert drawn_points == len(with_triangles)
    # clicking July's bar moves the network to July
    page.click("#balance-chart rect[data-window='2014-07']")
    page.wait_for_selector(READY.format("2014-07"), timeout=30_000)
    page.screenshot(path=artifacts / "viewer-balance-chart.png")

    # switched off, actors take their kinds' colours again
    page.uncheck("#by-camp")
    page.wait_for_function("() => !document.getElementById('graph').dataset.camps")
    assert "camps=1" not in page.url
    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors


FOUGHT_TOGETHER = Path(__file__).parent.parent / "data" / "fought-together-2014-08.yaml"


@pytest.fixture
def with_fought_together(seeded: Driver, settings: Settings) -> Driver:
    """The seed plus two brigades that fought on one side in August 2014 (loaded before Chromium starts)."""
    load_seed_dir(settings, SEED_DIR, FOUGHT_TOGETHER)
    return seeded


@pytest.mark.writes
def test_the_viewer_shows_fought_together_in_its_legend_and_draws_it_in_its_colour(
    with_fought_together: Driver, guarded: tuple[Page, Guard], live_api: str, api: TestClient
) -> None:
    page, guard = guarded
    page.goto(f"{live_api}/viewer?during=2014-08")
    page.wait_for_selector(READY.format("2014-08"), timeout=30_000)
    palette = ok(api.get("/static/viewer/palette.json"))
    olive = palette["relationship"]["cooperation"]
    rgb = f"rgb({int(olive[1:3], 16)}, {int(olive[3:5], 16)}, {int(olive[5:7], 16)})"
    # the legend: a checked box for the kind, with its colour's swatch
    row = page.locator("#kinds label", has=page.locator("input[value=cooperation]"))
    assert (row.text_content() or "").strip() == "cooperation"
    assert page.is_checked("#kinds input[value=cooperation]")
    swatch = row.locator(".swatch").evaluate("el => getComputedStyle(el).borderTopColor")
    assert swatch == rgb
    # the brigades' line: the palette's colour, no arrow (two sides)
    edge_id = "cooperation:test-brigade-north>test-brigade-south"
    [edge] = [e for e in drawn(page) if e["id"] == edge_id]
    assert edge["colour"] == rgb.replace(" ", "") and edge["kind"] == "cooperation" and edge["visible"]
    arrow = page.evaluate(f"() => allianceViewer.cy.getElementById('{edge_id}').style('target-arrow-shape')")
    assert arrow == "none"
    # unticked, the kind leaves the picture and the address
    page.uncheck("#kinds input[value=cooperation]")
    page.wait_for_function(
        f"() => allianceViewer.cy.getElementById('{edge_id}').empty() && "
        "document.getElementById('graph').dataset.state === 'ready'"
    )
    assert "kind=cooperation" not in page.url and "kind=hostility" in page.url
    assert all(e["kind"] != "cooperation" for e in drawn(page))
    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors


def test_the_viewer_hides_stale_claims_by_default_and_shows_them_when_asked(
    guarded: tuple[Page, Guard], live_api: str, api: TestClient, seeded: Driver
) -> None:
    """January 2017 is 29 months after the article: its open-ended claims are stale (stale_after=24)."""
    page, guard = guarded
    since_2012 = "syrian-government-rebels-hostility-aleppo-since-2012"
    page.goto(f"{live_api}/viewer?during=2017-01")
    page.wait_for_selector(READY.format("2017-01"), timeout=30_000)
    assert page.is_checked("#stale")

    def claims_drawn() -> set[str]:
        found: list[str] = page.evaluate(
            "() => Array.from(allianceViewer.state.edges.values()).flatMap(e => e.claims.map(c => c.id))"
        )
        return set(found)

    hidden = ok(api.get("/graph", params={"during": "2017-01", "stale_after": 24}))
    assert claims_drawn() == {lk["id"] for lk in hidden["links"]}
    assert since_2012 not in claims_drawn()
    assert "stale" not in page.url  # the default is not written in the address
    page.uncheck("#stale")
    page.wait_for_selector(READY.format("2017-01") + "", timeout=30_000)
    page.wait_for_function(
        "(id) => document.getElementById('graph').dataset.state === 'ready' && "
        "Array.from(allianceViewer.state.edges.values()).some(e => e.claims.some(c => c.id === id))",
        arg=since_2012,
        timeout=30_000,
    )
    assert since_2012 in claims_drawn()
    assert claims_drawn() == {lk["id"] for lk in ok(api.get("/graph", params={"during": "2017-01"}))["links"]}
    assert page.url.endswith("stale=keep")
    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors
