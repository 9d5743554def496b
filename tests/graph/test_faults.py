"""Neo4j killed while requests flow: every data request answers at once with 503 and Retry-After (never a
500, never a hang), the API comes back by itself when Neo4j is started again, the first request after the
start answers, and the graph is intact.

It kills the suite's own Neo4j (SIGKILL: no clean shutdown) and starts it again, so the tests after it run
against a server that recovered from a crash: that is part of what it shows."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from app.main import create_app
from tests.conftest import graph_checksum
from tests.neo4j_backends import Neo4jBackend

FAIL_FAST = 1.5  # seconds: the most a data request may take while the database is down
URLS = [
    "/relationships?during=2014-08",
    "/actors/islamic-state",
    "/actors/islamic-state/relationships?during=2014",
    "/graph?during=2014-08",
]


@dataclass
class Answer:
    url: str
    at: float
    took: float
    status: int
    retry_after: str | None
    content_type: str


class Traffic:
    """Threads asking the API in a loop, recording every answer."""

    def __init__(self, client: TestClient, threads: int = 4) -> None:
        self.client = client
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]

    def _run(self, offset: int) -> None:
        n = offset
        while not self._stop.is_set():
            url = URLS[n % len(URLS)]
            n += 1
            started = time.monotonic()
            response = self.client.get(url)
            self.answers.append(
                Answer(
                    url,
                    started,
                    time.monotonic() - started,
                    response.status_code,
                    response.headers.get("retry-after"),
                    response.headers.get("content-type", ""),
                )
            )

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def _until_ready(client: TestClient, within: float) -> None:
    deadline = time.monotonic() + within
    while client.get("/health/ready").status_code != 200:
        assert time.monotonic() < deadline, client.get("/health/ready").text
        time.sleep(0.2)


def test_neo4j_killed_while_requests_flow(neo4j_backend: Neo4jBackend, seeded: Driver, settings: Settings) -> None:
    assert neo4j_backend.controllable, "this test needs a Neo4j the tests own (unset TEST_NEO4J_URI)"
    before = graph_checksum(seeded, settings.neo4j_database)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        _until_ready(client, within=60)
        with Traffic(client) as flowing:
            time.sleep(1.0)
            killed = time.monotonic()
            neo4j_backend.kill_server()
            time.sleep(4.0)
        down = [a for a in flowing.answers if a.at >= killed + 0.05]
        up = [a for a in flowing.answers if a.at + a.took < killed]
        assert up and all(a.status == 200 for a in up), {a.status for a in up}
        assert len(down) > 20, f"only {len(down)} requests while Neo4j was down"
        assert {a.status for a in down} == {503}, sorted({a.status for a in down})
        assert all(a.retry_after and a.retry_after.isdigit() for a in down)
        assert all(a.content_type == "application/problem+json" for a in down)
        slowest = max(a.took for a in down)
        print(f"Neo4j down: {len(down)} requests, all 503 with Retry-After, slowest {slowest:.2f} s")
        assert slowest < FAIL_FAST, f"a request took {slowest:.2f} s with the database down"

        started = time.monotonic()
        neo4j_backend.start_server()
        print(f"Neo4j started again (recovery after SIGKILL) in {time.monotonic() - started:.1f} s")
        time.sleep(settings.api_retry_after)  # the breaker's wait, which nobody asked in the meantime
        asked = time.monotonic()
        first = client.get(URLS[0])
        # the trial request: it plans the hot queries again (a restarted Neo4j has none), then answers
        assert first.status_code == 200, first.text
        print(f"first request after the start: 200 in {time.monotonic() - asked:.1f} s (with the warm-up)")
        with Traffic(client) as flowing:
            time.sleep(2.0)
        assert {a.status for a in flowing.answers} == {200}, sorted({a.status for a in flowing.answers})
        print(f"then {len(flowing.answers)} requests in 2 s, all 200")
        _until_ready(client, within=60)  # the plans warmed again
    assert graph_checksum(seeded, settings.neo4j_database) == before
