"""The viewer over MMP's ties, in headless Chromium: January 2014's alliances draw MMP's Islamic Front-FSA
line (its claim and quote behind it), and colouring by camp puts the two in one camp, apart from the Islamic
State, as `GET /analysis/camps` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from playwright.sync_api import Page

from app.config import Settings
from tests.browser.conftest import Guard
from tests.helpers import ok
from tests.import_support import MMP_KEY, MMP_RELATIONSHIPS, run_cli

pytestmark = pytest.mark.writes


@pytest.fixture
def with_mmp(seeded: Driver, settings: Settings) -> Driver:
    """The seed and MMP's table, loaded before Chromium starts (see tests/browser/conftest.py)."""
    result = run_cli(settings, "import", "mmp", MMP_RELATIONSHIPS, "--key", MMP_KEY)
    assert result.exit_code == 1 and "602 loaded" in result.output, result.output
    return seeded


def test_the_viewer_draws_mmps_alliances_of_january_2014_and_their_camps(
    with_mmp: Driver, guarded: tuple[Page, Guard], live_api: str, api: TestClient, artifacts: Path
) -> None:
    page, guard = guarded
    page.goto(f"{live_api}/viewer?during=2014-01&kind=alliance&camps=1")
    page.wait_for_selector("#graph[data-state=ready][data-window='2014-01'][data-camps]", timeout=60_000)
    edges = page.evaluate(
        """() => allianceViewer.cy.edges().map(e => ({kind: e.data('kind'), ends: [e.source().id(), e.target().id()],
             claims: e.data('claims') || []}))"""
    )
    pairs = {frozenset(e["ends"]) for e in edges if e["kind"] == "alliance"}
    assert frozenset({"islamic-front", "free-syrian-army"}) in pairs
    api_pairs = {
        frozenset(p["actor"]["id"] for p in i["parties"])
        for i in ok(
            api.get(  # as the viewer asks by default: stale claims left out (docs/viewer.md)
                "/relationships", params={"kind": "alliance", "during": "2014-01", "limit": 500, "stale_after": 24}
            )
        )["items"]
    }
    assert pairs == api_pairs
    colour = page.evaluate(
        "() => Object.fromEntries(allianceViewer.cy.nodes().map(n => [n.id(), n.style('background-color')]))"
    )
    assert colour["islamic-front"] == colour["free-syrian-army"]
    page.screenshot(path=artifacts / "viewer-mmp-alliances-2014-01.png")
    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors
