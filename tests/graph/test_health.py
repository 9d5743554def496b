"""Is the service up, and does it notice when Neo4j goes away and comes back?"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tests.neo4j_backends import Neo4jBackend


def test_liveness_does_not_need_the_database(api: TestClient) -> None:
    response = api.get("/health/live")
    assert response.status_code == 200
    assert response.json()["status"] == "live"


def test_ready_when_the_database_answers(api: TestClient, neo4j_backend: Neo4jBackend) -> None:
    _wait_for_status(api, 200, within=60.0)  # once the query plans are warm
    response = api.get("/health/ready")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready", "database": "neo4j"}


def test_neo4j_browser_is_served(neo4j_backend: Neo4jBackend) -> None:
    import urllib.request

    url = neo4j_backend.browser_url()
    if url is None:
        pytest.skip("TEST_NEO4J_URI was given: the tests do not know where its Browser is")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own loopback server
        page = response.read().decode()
    assert response.status == 200
    assert "<title>Neo4j Browser</title>" in page


def _wait_for_status(api: TestClient, status: int, within: float) -> tuple[float, dict[str, object]]:
    start = time.monotonic()
    while True:
        response = api.get("/health/ready")
        if response.status_code == status:
            return time.monotonic() - start, response.json()
        if time.monotonic() - start > within:
            raise AssertionError(f"/health/ready stayed {response.status_code} for {within} s: {response.text}")
        time.sleep(0.25)


def test_ready_turns_503_when_neo4j_stops_and_200_when_it_is_back(api: TestClient, neo4j_backend: Neo4jBackend) -> None:
    assert neo4j_backend.controllable, "this test needs a Neo4j the tests own (unset TEST_NEO4J_URI)"
    _wait_for_status(api, 200, within=60.0)
    neo4j_backend.stop_server()
    try:
        took, body = _wait_for_status(api, 503, within=5.0)
        print(f"/health/ready answered 503 {took:.2f} s after Neo4j stopped")
        response = api.get("/health/ready")
        assert response.headers["content-type"] == "application/problem+json"
        assert body["status"] == 503
        assert body["title"] == "Database unavailable"
        assert response.headers["retry-after"].isdigit()
        assert "does not answer" in str(body["detail"])
        assert "Traceback" not in response.text
    finally:
        neo4j_backend.start_server()
    _wait_for_status(api, 200, within=120.0)  # the same app, same driver: no restart (plans warmed again)
