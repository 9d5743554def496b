"""Limits at the edge of the API, as pure ASGI middleware (streamed exports pass through untouched):

- `InFlightLimit`: at most `API_MAX_IN_FLIGHT` requests served at once by one worker; the next ones wait
  for a slot in arrival order, at most `API_QUEUE_WAIT` seconds, then get 503 problem+json with
  Retry-After: a burst is served a little later rather than refused, and behind a slow database the wait
  stays bounded (the health checks are not counted, so they still answer under load).
- `TrustedHosts`: with `API_TRUSTED_HOSTS` set, a request naming another Host gets 400 problem+json.
- `HeadLimits`: a URL over 8 KB is a 414, headers over 16 KB a 431, both problem+json. uvicorn's h11
  refuses larger heads before the app sees them (`--h11-max-incomplete-event-size`, scripts/run.sh),
  with its own 400 text/plain; slow clients are the HTTP server's too (docs/reliability.md)."""

from __future__ import annotations

import asyncio
from collections import deque

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import problem_response, unavailable

UNCOUNTED = ("/health/",)
MAX_URL = 8 * 1024
MAX_HEADERS = 16 * 1024


class HeadLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            headers = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
            if url > MAX_URL or headers > MAX_HEADERS:
                if url > MAX_URL:
                    status, detail = 414, f"The request's URL is longer than {MAX_URL} bytes."
                else:
                    status, detail = 431, f"The request's headers are longer than {MAX_HEADERS} bytes."
                response = problem_response(status, detail)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class InFlightLimit:
    def __init__(self, app: ASGIApp, limit: int, retry_after: int, wait: float = 0.0) -> None:
        self.app = app
        self.limit = limit
        self.retry_after = retry_after
        self.wait = wait  # seconds a request beyond the limit may wait for a slot (0: refused at once)
        self.in_flight = 0
        self.waiters: deque[asyncio.Future[None]] = deque()  # first come, first served

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNCOUNTED):
            await self.app(scope, receive, send)
            return
        if not await self._acquire():
            response = unavailable(
                f"The server is answering {self.limit} requests already. Retry shortly.",
                self.retry_after,
                title="Server busy",
            )
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._release()

    async def _acquire(self) -> bool:
        """A slot now, or the first one freed within `wait` seconds (False: none)."""
        while self.waiters and self.waiters[0].done():  # those that gave up
            self.waiters.popleft()
        if self.in_flight < self.limit and not self.waiters:
            self.in_flight += 1
            return True
        if self.wait <= 0:
            return False
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiters.append(slot)
        try:
            async with asyncio.timeout(self.wait):
                await slot
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            if _handed(slot):  # given a slot just as the request was cancelled: pass it on
                self._release()
            raise
        if _handed(slot):  # also when the slot came just as the wait ran out
            return True
        slot.cancel()
        return False

    def _release(self) -> None:
        """The slot goes to the longest waiting request still waiting, else it is freed."""
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.in_flight -= 1


def _handed(slot: asyncio.Future[None]) -> bool:
    return slot.done() and not slot.cancelled()


def host_allowed(host: str, trusted: tuple[str, ...]) -> bool:
    """`host` (without its port) is one of `trusted`, or under a `*.domain` of them."""
    name = host.lower()
    name = name[1 : name.find("]")] if name.startswith("[") else name.rsplit(":", 1)[0]
    return any(t == "*" or t == name or (t.startswith("*.") and name.endswith(t[1:])) for t in trusted)


class TrustedHosts:
    def __init__(self, app: ASGIApp, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.hosts:
            await self.app(scope, receive, send)
            return
        if not host_allowed(Headers(scope=scope).get("host", ""), self.hosts):
            response = problem_response(
                400, "This server does not answer for the Host this request names.", title="Invalid host"
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
