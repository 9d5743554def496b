"""Answers to repeated reads come from memory while the graph is unchanged, and never after it changed
(app/api/cache.py: keyed by the graph's version, the bookmark of a read)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from neo4j import Driver

from app.api.cache import ResponseCache
from app.config import Settings
from app.main import create_app

AUGUST = {"kind": "hostility", "during": "2014-08"}


def test_asking_twice_gives_the_same_answer_the_second_time_from_memory(api: TestClient, seeded: Driver) -> None:
    first = api.get("/relationships", params=AUGUST, headers={"Cache-Control": "no-cache"})
    again = api.get("/relationships", params=AUGUST)
    reordered = api.get("/relationships?during=2014-08&kind=hostility")
    assert first.status_code == again.status_code == reordered.status_code == 200, first.text
    assert first.headers["x-cache"] == "bypass"
    assert again.headers["x-cache"] == "hit"
    assert reordered.headers["x-cache"] == "hit"  # the order of the parameters does not matter
    assert again.content == first.content == reordered.content
    assert again.headers["etag"] == first.headers["etag"]
    # the cached answer keeps the API's headers
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-content-type-options"] == "nosniff"


def test_a_client_holding_the_current_answer_gets_304_without_a_body(api: TestClient, seeded: Driver) -> None:
    first = api.get("/relationships", params=AUGUST)
    tag = first.headers["etag"]
    unchanged = api.get("/relationships", params=AUGUST, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == tag
    other = api.get("/relationships", params={"kind": "alliance", "during": "2014-08"}, headers={"If-None-Match": tag})
    assert other.status_code == 200, "a tag is only good for the request it came with"


def test_errors_and_health_are_never_cached(api: TestClient, seeded: Driver) -> None:
    for _ in range(2):
        bad = api.get("/relationships", params={"during": "2014-13"})
        assert bad.status_code == 422
        assert "etag" not in bad.headers
        assert bad.headers.get("x-cache") == "miss"
        ready = api.get("/health/ready")
        assert "x-cache" not in ready.headers


@pytest.mark.writes
def test_a_write_made_outside_the_api_is_seen_at_once(api: TestClient, seeded: Driver, settings: Settings) -> None:
    """An analyst corrects a confidence in Neo4j Browser: the next request must not answer from memory."""
    claim_id = api.get("/relationships", params=AUGUST).json()["items"][0]["id"]
    before = api.get(f"/relationships/{claim_id}")
    assert api.get(f"/relationships/{claim_id}").headers["x-cache"] == "hit"
    seeded.execute_query(
        "MATCH (c:Claim {id: $id}) SET c.confidence = 0.123", id=claim_id, database_=settings.neo4j_database
    )
    after = api.get(f"/relationships/{claim_id}")
    assert after.headers["x-cache"] == "miss"
    assert after.json()["confidence"] == 0.123 != before.json()["confidence"]
    stale = api.get(f"/relationships/{claim_id}", headers={"If-None-Match": before.headers["etag"]})
    assert stale.status_code == 200, "the tag of the answer before the write is no longer current"


def test_the_cache_can_be_turned_off(settings: Settings, seeded: Driver) -> None:
    with TestClient(create_app(settings.model_copy(update={"api_cache_mb": 0}))) as client:
        for _ in range(2):
            response = client.get("/relationships", params=AUGUST)
            assert response.status_code == 200
            assert "x-cache" not in response.headers
            assert "etag" not in response.headers


def test_when_reads_need_a_key_no_answer_comes_from_memory(settings: Settings, seeded: Driver) -> None:
    """A cached answer would skip the key check: with API_READS_NEED_KEY=1 the cache stays out of the way."""
    locked = settings.model_copy(update={"api_reads_need_key": True})
    with TestClient(create_app(locked)) as client:
        for _ in range(2):
            response = client.get("/relationships", params=AUGUST)
            assert response.status_code == 401
            assert "x-cache" not in response.headers


def _cache_of(app: FastAPI) -> ResponseCache:
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app  # type: ignore[union-attr]
    return layer


@pytest.mark.writes
def test_many_clients_at_once_share_version_reads_and_all_see_a_write_made_before_they_asked(
    seeded: Driver, settings: Settings
) -> None:
    """A dashboard of forty panels refreshing at once: a handful of version reads, not forty; and after a
    correction typed in Neo4j Browser, every one of the next forty answers has it."""
    app = create_app(settings.model_copy(update={"api_max_in_flight": 64}))

    async def forty(client: httpx.AsyncClient, path: str) -> list[httpx.Response]:
        return await asyncio.gather(*(client.get(path) for _ in range(40)))

    async def main() -> tuple[list[httpx.Response], list[httpx.Response], int, int]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
                claim_id = (await client.get("/relationships", params=AUGUST)).json()["items"][0]["id"]
                gate = _cache_of(app).gate
                reads_before = gate.reads
                before = await forty(client, f"/relationships/{claim_id}")
                reads = gate.reads - reads_before
                seeded.execute_query(
                    "MATCH (c:Claim {id: $id}) SET c.confidence = 0.321", id=claim_id, database_=settings.neo4j_database
                )
                return before, await forty(client, f"/relationships/{claim_id}"), reads, gate.reads

    before, after, reads, _ = asyncio.run(main())
    assert all(r.status_code == 200 for r in before + after), [r.text for r in before + after if r.status_code != 200]
    assert len({r.content for r in before}) == 1
    assert reads <= 3, f"{reads} version reads for 40 requests arriving together"
    assert {r.json()["confidence"] for r in after} == {0.321}


def test_a_first_answer_reads_no_version_of_its_own_and_its_tag_holds_for_the_next_ask(
    api: TestClient, seeded: Driver
) -> None:
    """The first ask of a question is answered from the route's read alone (no version read before it): its
    tag is the version that read saw, so asking again finds it in memory, and the tag answers 304."""
    gate = _cache_of(api.app).gate  # type: ignore[arg-type]
    question = {"kind": "alliance", "during": "2014-07", "limit": 3}
    reads = gate.reads
    first = api.get("/relationships", params=question)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss", first.text
    assert gate.reads == reads, "a question with no answer kept was preceded by a version read"
    again = api.get("/relationships", params=question)
    assert again.headers["x-cache"] == "hit" and again.headers["etag"] == first.headers["etag"]
    assert again.content == first.content
    assert gate.reads == reads + 1  # the kept answer is checked against the current version
    unchanged = api.get("/relationships", params=question, headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304


def test_a_streamed_export_is_tagged_and_kept_like_a_page(api: TestClient, seeded: Driver) -> None:
    """A GraphML export is streamed, after its first read: it is tagged with the version that read saw, and
    the same export asked again comes from memory with the same bytes."""
    question = {"during": "2014-06", "format": "graphml"}
    first = api.get("/graph", params=question)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss", first.text
    assert first.headers["etag"]
    again = api.get("/graph", params=question)
    assert again.headers["x-cache"] == "hit" and again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
