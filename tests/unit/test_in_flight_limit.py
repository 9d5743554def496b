"""A burst beyond the in-flight bound waits its turn instead of being refused; behind a stuck database the
wait is bounded and ends in 503 "Server busy" (app/api/limits.py, InFlightLimit). Pure asyncio and ASGI:
the routes are stand-in coroutines that hold their slot until told; tests/graph/test_strict_input.py
checks the same through the API."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import orjson
from starlette.types import Message, Receive, Scope, Send

from app.api.limits import InFlightLimit


class Route:
    """An ASGI app whose requests each wait for `release` (or not at all) and record the most at once."""

    def __init__(self, hold: bool = True) -> None:
        self.release = asyncio.Event()
        self.hold = hold
        self.running = 0
        self.most = 0
        self.order: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        self.order.append(scope["n"])
        try:
            if self.hold:
                await self.release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
        finally:
            self.running -= 1


async def ask(limit: InFlightLimit, n: int = 0, path: str = "/relationships") -> tuple[int, dict[str, Any]]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    await limit({"type": "http", "path": path, "method": "GET", "headers": [], "n": n}, receive, send)
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, (orjson.loads(body) if status != 200 else {})


def test_a_burst_beyond_the_bound_is_served_in_arrival_order_none_refused() -> None:
    async def main() -> None:
        route = Route()
        limit = InFlightLimit(route, limit=2, retry_after=2, wait=5.0)
        asking = [asyncio.ensure_future(ask(limit, n)) for n in range(10)]
        await asyncio.sleep(0.05)
        assert route.running == 2 and len(limit.waiters) == 8  # two served, eight waiting
        route.release.set()
        answers = await asyncio.gather(*asking)
        assert [status for status, _ in answers] == [200] * 10
        assert route.most == 2  # never more than the bound at once
        assert route.order == list(range(10))  # first come, first served
        assert limit.in_flight == 0 and not limit.waiters

    asyncio.run(main())


def test_behind_a_stuck_route_the_wait_ends_in_503_server_busy_and_frees_nothing_it_did_not_take() -> None:
    async def main() -> None:
        route = Route()
        limit = InFlightLimit(route, limit=1, retry_after=3, wait=0.1)
        stuck = asyncio.ensure_future(ask(limit, 0))
        await asyncio.sleep(0.01)
        status, body = await ask(limit, 1)
        assert status == 503 and body["title"] == "Server busy"
        assert "answering 1 requests already" in body["detail"]
        assert limit.in_flight == 1  # still the stuck one's
        route.release.set()
        assert (await stuck)[0] == 200
        assert limit.in_flight == 0
        route.hold = False
        assert (await ask(limit, 2))[0] == 200  # the slot came back

    asyncio.run(main())


def test_with_no_wait_the_request_beyond_the_bound_is_refused_at_once() -> None:
    async def main() -> None:
        route = Route()
        limit = InFlightLimit(route, limit=1, retry_after=2, wait=0)
        first = asyncio.ensure_future(ask(limit, 0))
        await asyncio.sleep(0.01)
        started = asyncio.get_running_loop().time()
        assert (await ask(limit, 1))[0] == 503
        assert asyncio.get_running_loop().time() - started < 0.05
        route.release.set()
        await first

    asyncio.run(main())


def test_a_waiter_that_gives_up_does_not_keep_the_next_one_waiting() -> None:
    async def main() -> None:
        route = Route()
        limit = InFlightLimit(route, limit=1, retry_after=2, wait=5.0)
        first = asyncio.ensure_future(ask(limit, 0))
        await asyncio.sleep(0.01)
        quitter = asyncio.ensure_future(ask(limit, 1))  # a client that goes away while it waits
        patient = asyncio.ensure_future(ask(limit, 2))
        await asyncio.sleep(0.01)
        quitter.cancel()
        await asyncio.sleep(0.01)
        route.release.set()
        assert (await first)[0] == 200
        assert (await patient)[0] == 200
        assert route.order == [0, 2]
        assert limit.in_flight == 0

    asyncio.run(main())


def test_health_checks_are_not_counted_nor_queued() -> None:
    async def main() -> None:
        route = Route()
        limit = InFlightLimit(route, limit=1, retry_after=2, wait=5.0)
        held = asyncio.ensure_future(ask(limit, 0))
        await asyncio.sleep(0.01)
        route.hold = False
        assert (await asyncio.wait_for(ask(limit, 1, "/health/live"), 1))[0] == 200
        route.release.set()
        await held

    asyncio.run(main())


def test_a_slot_handed_to_a_request_cancelled_at_that_moment_is_passed_on_not_lost() -> None:
    async def main() -> None:
        limit = InFlightLimit(Route(), limit=1, retry_after=2, wait=5.0)
        limit.in_flight = 1  # one request being served
        waiting = asyncio.ensure_future(limit._acquire())
        await asyncio.sleep(0)  # it queues
        limit._release()  # the served one ends: its slot goes to the waiting one ...
        waiting.cancel()  # ... whose client goes away before it runs
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
        assert limit.in_flight == 0 and not limit.waiters

    asyncio.run(main())


def test_a_slot_handed_just_as_the_wait_runs_out_is_used() -> None:
    async def main() -> None:
        limit = InFlightLimit(Route(), limit=1, retry_after=2, wait=0.05)
        limit.in_flight = 1
        waiting = asyncio.ensure_future(limit._acquire())
        await asyncio.sleep(0)
        limit._release()  # the slot is handed over ...
        time.sleep(0.1)  # noqa: ASYNC251 - the loop blocked: the wait runs out before the waiter gets to run
        assert await waiting is True
        assert limit.in_flight == 1  # it holds the slot it was given

    asyncio.run(main())
