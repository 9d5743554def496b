"""Neo4j Browser, opened from the link `make run` prints (connection URL and user filled in), connects to
the tests' Neo4j, takes the project's style from the API, runs the saved who-fought-whom query and draws
the styled graph, with no request leaving this machine.

The Browser's own reach beyond the machine (Google Fonts, Segment, Canny) is stopped by the launcher's
settings (tools/neo4j_local.py): telemetry and outgoing connections off, and a Content-Security-Policy on
the Browser's pages; this test checks the sum of them from the outside."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page

from tests.browser.conftest import Guard
from tests.helpers import ok
from tests.neo4j_backends import TEST_PASSWORD, Neo4jBackend

SAVED_QUERY = resources.files("app.cypher").joinpath("browser", "who_fought_whom.cypher")
PALETTE = json.loads(resources.files("app").joinpath("static", "viewer", "palette.json").read_text("utf-8"))


def browser_link(backend: Neo4jBackend) -> str:
    """The prefilled link: /browser/?dbms=neo4j://neo4j@127.0.0.1:<bolt port>&db=neo4j."""
    url = backend.browser_url()
    if url is None:
        pytest.skip("TEST_NEO4J_URI was given: the tests do not know where its Browser is")
    return f"{url}?dbms=neo4j://{backend.user}@127.0.0.1:{urlsplit(backend.uri).port}&db={backend.database}"


def run(page: Page, command: str) -> None:
    """Type a command into Browser's main editor and run it, as a person would."""
    page.click("#monaco-main-editor")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(command)
    page.click('[data-testid="editor-Run"]')


def test_neo4j_browser_connects_from_the_link_and_draws_the_styled_who_fought_whom_graph(
    guarded: tuple[Page, Guard], neo4j_backend: Neo4jBackend, live_api: str, api: TestClient, artifacts: Path
) -> None:
    page, guard = guarded
    page.goto(browser_link(neo4j_backend))
    page.wait_for_selector('input[data-testid="password"]', timeout=60_000)
    bolt_port = urlsplit(neo4j_backend.uri).port
    assert page.input_value('input[data-testid="boltaddress"]').endswith(f"127.0.0.1:{bolt_port}")
    assert page.input_value('input[data-testid="username"]') == neo4j_backend.user
    page.fill('input[data-testid="password"]', TEST_PASSWORD if neo4j_backend.kind != "external" else "")
    page.click('button[data-testid="connect"]')
    page.wait_for_selector("text=You are connected", timeout=60_000)

    # the style, as a person loads it (the hostname is one Browser's default allow-list accepts)
    api_port = urlsplit(live_api).port
    run(page, f":style http://localhost:{api_port}/static/browser/style.grass")
    page.wait_for_selector("text=relationship.HOSTILE_TO", timeout=30_000)

    run(page, SAVED_QUERY.read_text("utf-8"))
    hostile = PALETTE["relationship"]["hostility"]
    page.wait_for_selector(f"svg g.relationship path.b-outline[fill='{hostile}']", timeout=60_000)
    page.wait_for_timeout(1500)  # let the force layout settle for the screenshot
    fills = page.eval_on_selector_all(
        "svg g.relationship path.b-outline", "paths => paths.map(p => p.getAttribute('fill'))"
    )
    expected = ok(api.get("/relationships", params={"kind": "hostility", "during": "2014-08", "limit": 500}))
    # Browser also draws the other relationships between the actors it shows ("Connect result nodes")
    assert fills.count(hostile) >= len(expected["items"]) > 0
    captions = page.eval_on_selector_all(
        "svg g.node",
        "nodes => nodes.map(n => [...n.querySelectorAll('text')].map(t => t.textContent.trim()).join(' '))",
    )
    assert "Islamic State" in captions and "al-Nusra Front" in captions
    edge_captions = page.eval_on_selector_all("svg g.relationship text", "texts => texts.map(t => t.textContent)")
    assert any(caption.startswith("hostility") for caption in edge_captions)
    page.screenshot(path=artifacts / "neo4j-browser-who-fought-whom.png")

    guard.assert_stayed_local()
    print("stopped by Browser's Content-Security-Policy:", guard.blocked_by_policy())
    assert any(ws.startswith(f"ws://127.0.0.1:{bolt_port}") for ws in guard.websockets)
