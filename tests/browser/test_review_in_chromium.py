"""The review page in headless Chromium, as an analyst uses it: paste the seed article with its source
fields, see its mentions and candidate claims, type an editor key, edit and accept one (written through
POST /sources and POST /relationships, so it has its citation and its history), reject another (nothing
written). No request leaves this machine."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from neo4j import Driver
from playwright.sync_api import Page

from app.config import Settings
from app.main import create_app
from tests.browser.conftest import Guard, _free_port
from tests.conftest import graph_checksum
from tests.curation_support import make_keys
from tools.neo4j_local import ROOT

ARTICLE = ROOT.parent / "shared" / "sources" / "mee-2014-08-18-aleppo.txt"
DOC_SHOT = ROOT / "docs" / "img" / "review-page.png"


@pytest.fixture
def keyed_api(settings: Settings, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The API over HTTP with a key file holding an editor's key: (base URL, the key)."""
    file, made = make_keys(tmp_path)
    port = _free_port()
    app = create_app(settings.model_copy(update={"api_keys_file": file}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="review-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", made["editor"]
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def claims(db: Driver, settings: Settings) -> int:
    records, _, _ = db.execute_query("MATCH (c:Claim) RETURN count(c) AS n", database_=settings.neo4j_database)
    return int(records[0]["n"])


@pytest.mark.writes
def test_an_analyst_reviews_the_seed_article_accepts_one_claim_and_rejects_another(
    guarded: tuple[Page, Guard],
    keyed_api: tuple[str, str],
    seeded: Driver,
    settings: Settings,
    artifacts: Path,
) -> None:
    page, guard = guarded
    base, key = keyed_api
    text = ARTICLE.read_text("utf-8")
    before = claims(seeded, settings)

    page.goto(f"{base}/viewer/review")
    page.fill("#text", text)
    page.fill("#published", "2014-08-18")
    page.fill("#title", "IS, government forces close in on Aleppo as splits emerge in opposition")
    page.fill("#publisher", "Middle East Eye")
    page.fill("#source-id", "mee-review-test")
    page.fill("#key", key)
    page.click("#extract")
    page.wait_for_selector("#article[data-state=ready]", timeout=30_000)

    proposed = httpx.post(
        f"{base}/extract", json={"text": text, "published": "2014-08-18", "source": {"id": "mee-review-test"}}
    ).json()
    cards = page.locator("#candidates .candidate")
    assert cards.count() == len(proposed["candidates"]) >= 12
    marks = page.locator("#article mark.mention")
    assert marks.count() == len(proposed["mentions"])
    assert "Islamic State" in marks.all_text_contents()
    # the page shows the article's text unchanged, only marked up
    assert page.text_content("#article") == text
    assert page.evaluate("() => sessionStorage.getItem('alliance-editor-key')") == key

    # the Deir Ezzor hostility: edit its confidence and accept it
    deir = next(c for c in proposed["candidates"] if "Deir Ezzor" in c["quote"]["text"] and c["kind"] == "hostility")
    card = page.locator(f".candidate[data-id='{deir['id']}']")
    card.hover()
    card.locator(f"#{deir['id']}-confidence").fill("0.75")
    card.locator("button.accept").click()
    page.wait_for_selector(f".candidate[data-id='{deir['id']}'][data-state=accepted]", timeout=30_000)
    claim_id = card.get_attribute("data-claim")
    assert claim_id

    # reject another: nothing written for it
    other = next(c for c in proposed["candidates"] if c["id"] != deir["id"])
    page.locator(f".candidate[data-id='{other['id']}'] button.reject").click()
    assert page.locator(f".candidate[data-id='{other['id']}']").get_attribute("data-state") == "rejected"
    card.scroll_into_view_if_needed()
    page.locator(f"#article .sentence[data-start='{deir['sentence']['start']}']").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "review-accepted.png")
    page.screenshot(path=DOC_SHOT)  # docs/extraction.md shows it

    assert claims(seeded, settings) == before + 1
    written = httpx.get(f"{base}/relationships/{claim_id}").json()
    assert written["kind"] == "hostility" and written["confidence"] == 0.75
    assert sorted(p["actor"]["id"] for p in written["parties"]) == ["al-nusra-front", "islamic-state"]
    (citation,) = written["citations"]
    assert citation["source"]["id"] == "mee-review-test" and citation["quote"] == deir["quote"]["text"]
    assert written["valid"]["start"]["earliest"] == "2014-07-01" and written["valid"]["end"]["latest"] == "2014-07-31"
    source = httpx.get(f"{base}/sources/mee-review-test").json()
    assert source["publisher"] == "Middle East Eye" and source["published"] == "2014-08-18"
    history = httpx.get(f"{base}/relationships/{claim_id}/history").json()["states"]
    assert [(s["op"], s["author"]) for s in history] == [("create", "editor-analyst")]

    guard.assert_stayed_local()
    assert guard.errors == [], guard.errors


@pytest.mark.writes
def test_a_claim_the_api_refuses_leaves_neither_its_new_source_nor_its_new_actor_behind(
    guarded: tuple[Page, Guard],
    keyed_api: tuple[str, str],
    seeded: Driver,
    settings: Settings,
) -> None:
    page, guard = guarded
    base, key = keyed_api
    text = "Fighters of the Sham Legion fought the Islamic State near Marea on Monday."
    proposed = httpx.post(
        f"{base}/extract", json={"text": text, "published": "2014-08-18", "source": {"id": "review-refused-test"}}
    ).json()
    (candidate,) = proposed["candidates"]
    new = [p for p in candidate["parties"] if p["new"]]
    assert [p["name"] for p in new] == ["Sham Legion"]  # a UCDP name the graph does not have: a proposed actor
    new_id = new[0]["actor"]
    before = graph_checksum(seeded, settings.neo4j_database)

    page.goto(f"{base}/viewer/review")
    page.fill("#text", text)
    page.fill("#published", "2014-08-18")
    page.fill("#title", "A test of a refused claim")
    page.fill("#source-id", "review-refused-test")
    page.fill("#key", key)
    page.click("#extract")
    page.wait_for_selector("#article[data-state=ready]", timeout=30_000)
    card = page.locator(f".candidate[data-id='{candidate['id']}']")
    # the reviewer names an actor the graph does not have: the API refuses the claim
    other = next(i for i, p in enumerate(candidate["parties"]) if not p["new"])
    card.locator(f"#{candidate['id']}-party-{other}").fill("no-such-actor")
    card.locator("button.accept").click()
    page.wait_for_selector(f".candidate[data-id='{candidate['id']}'][data-state=error]", timeout=30_000)
    said = card.locator(".message").text_content() or ""
    assert "the claim was not written: 404" in said and "no-such-actor" in said

    assert graph_checksum(seeded, settings.neo4j_database) == before
    assert httpx.get(f"{base}/sources/review-refused-test").status_code == 404
    assert httpx.get(f"{base}/actors/{new_id}").status_code == 404
    guard.assert_stayed_local()
    # the one refused request, as the browser logs it; no script error
    assert guard.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
