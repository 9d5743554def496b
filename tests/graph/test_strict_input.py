"""The edges of HTTP: a typo in a parameter is refused (not silently ignored), errors quote little of the
input and only once, 405 says what is allowed, the Host header is never reflected, and one worker serves a
bounded number of requests at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from neo4j import Driver

from app.config import Settings
from app.main import create_app
from tests.helpers import ok, problem


def _declared(api: TestClient, path: str) -> list[str]:
    spec = api.get("/openapi.json").json()
    return sorted(p["name"] for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query")


@pytest.mark.parametrize(
    ("url", "path", "typo", "suggested"),
    [
        ("/relationships", "/relationships", "durring", "during"),
        ("/relationships", "/relationships", "format", None),
        ("/relationships", "/relationships", "as_of", None),
        ("/graph", "/graph", "frmat", "format"),
        ("/actors", "/actors", "query", None),
        ("/actors/islamic-state/relationships", "/actors/{actor_id}/relationships", "windw", "window"),
        ("/actors/islamic-state/timeline", "/actors/{actor_id}/timeline", "other", None),
        ("/paths", "/paths", "max_lenght", "max_length"),
        ("/sources", "/sources", "type", None),
        ("/health/live", "/health/live", "x", None),
    ],
)
def test_an_unknown_query_parameter_is_a_422_naming_the_allowed_ones(
    api: TestClient, seeded: Driver, url: str, path: str, typo: str, suggested: str | None
) -> None:
    params = {"from": "islamic-state", "to": "syrian-army"} if url == "/paths" else {}
    body = problem(api.get(url, params={**params, typo: "2014-08"}), 422)
    allowed = _declared(api, path)
    assert body["errors"][0]["field"] == typo
    if allowed:
        assert f"this endpoint takes {', '.join(allowed)}" in body["detail"], body
    else:
        assert "takes no query parameters" in body["detail"]
    if suggested in allowed:
        assert f"did you mean {suggested}?" in body["detail"]


def test_the_same_request_without_the_typo_answers(api: TestClient, seeded: Driver) -> None:
    ok(api.get("/relationships", params={"during": "2014-08"}))


def test_a_405_says_which_methods_are_allowed(api: TestClient, seeded: Driver) -> None:
    response = api.delete("/relationships")  # POST is a write (tests/graph/test_curation.py)
    problem(response, 405)
    assert response.headers["allow"] == "GET, POST"
    assert api.put("/sources").headers["allow"] == "GET, POST"


def test_the_host_header_is_not_reflected_into_a_redirect(api: TestClient, seeded: Driver) -> None:
    response = api.get("/actors/?q=isis", headers={"host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/actors?q=isis"
    assert "evil.example" not in response.text


def test_trusted_hosts_when_configured(settings: Settings) -> None:
    only = settings.model_copy(update={"api_trusted_hosts": "api.example.org, *.internal.example"})
    with TestClient(create_app(only), base_url="http://api.example.org", raise_server_exceptions=False) as client:
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/live", headers={"host": "db.internal.example:8000"}).status_code == 200
        body = problem(client.get("/health/live", headers={"host": "evil.example"}), 400)
        assert body["title"] == "Invalid host"


def test_errors_quote_a_short_prefix_of_the_input_once(api: TestClient, seeded: Driver) -> None:
    long_id = "x" * 5000
    for url, params in [
        (f"/actors/{long_id}", {}),
        ("/relationships", {"actor": long_id}),
        ("/relationships", {"during": long_id}),
        ("/actors", {"q": long_id}),
        ("/relationships", {long_id: "1"}),
    ]:
        response = api.get(url, params=params)
        problem(response, 422)
        assert len(response.content) < 1500, (url, len(response.content))
        assert response.text.count("x" * 80) <= 1, response.text


def test_many_unknown_actors_give_a_small_answer(api: TestClient, seeded: Driver) -> None:
    many = [f"nobody-{i}" for i in range(300)]
    body = problem(api.get("/relationships", params={"actor": many}), 422)
    assert "at most 20" in body["detail"]
    response = api.get("/relationships", params={"actor": many[:20]})
    body = problem(response, 404)
    assert "'nobody-0'" in body["detail"] and "and 15 more" in body["detail"]
    assert len(response.content) < 1500


@contextmanager
def _a_burst_through_one_slot(settings: Settings, wait: float) -> Iterator[tuple[TestClient, list[Response]]]:
    """48 requests from 16 threads at an API serving one request at a time, waiting `wait` s for a slot."""
    narrow = settings.model_copy(update={"api_max_in_flight": 1, "api_queue_wait": wait})
    with TestClient(create_app(narrow), raise_server_exceptions=False) as client:
        with ThreadPoolExecutor(16) as pool:
            responses = list(pool.map(lambda _: client.get("/relationships", params={"limit": 200}), range(48)))
        yield client, responses


def test_a_burst_beyond_the_in_flight_bound_waits_its_turn_and_every_request_is_answered(
    settings: Settings, seeded: Driver
) -> None:
    with _a_burst_through_one_slot(settings, wait=30.0) as (_, responses):
        assert [r.status_code for r in responses] == [200] * 48
        assert len({r.content for r in responses}) == 1


def test_requests_beyond_the_in_flight_bound_that_cannot_wait_get_503_with_retry_after(
    settings: Settings, seeded: Driver
) -> None:
    with _a_burst_through_one_slot(settings, wait=0.0) as (client, responses):
        statuses = sorted({r.status_code for r in responses})
        assert statuses == [200, 503], statuses
        refused = next(r for r in responses if r.status_code == 503)
        body = problem(refused, 503)
        assert body["title"] == "Server busy"
        assert refused.headers["retry-after"] == str(settings.api_retry_after)
        assert client.get("/health/live").status_code == 200  # not counted
        ok(client.get("/relationships"))  # and nothing stays taken


def test_a_long_url_or_large_headers_get_problem_json(api: TestClient, seeded: Driver) -> None:
    body = problem(api.get("/actors", params={"q": "a" * 9000}), 414)
    assert "longer than 8192 bytes" in body["detail"]
    problem(api.get("/health/live", headers={"x-big": "a" * 17000}), 431)
