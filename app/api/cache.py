"""Answers to repeated reads from memory, and conditional requests, keyed by the graph's version.

Every GET of the data routes is a pure function of the request and the graph. The graph's version is the
bookmark of a one-line read (`ReadService.version`): it changes when any transaction commits, the app's
own writes as well as an import or a write typed in Neo4j Browser. So a response stored under
(version, path, query, Accept) is exactly what the route would answer again while the version holds, and
no write can leave a stale answer behind: the next request sees a new version and misses.

- `ETag` on each cached 200; `If-None-Match` with the current tag answers 304 without running the query.
- `Cache-Control: no-cache` on a request asks for a fresh answer (the benchmark's uncached figures).
- `X-Cache: hit | miss | bypass` says which happened. Responses carry `Cache-Control: no-cache`:
  browsers and proxies may keep them but must revalidate (cheap: a 304).
- Per worker, bounded by bytes (API_CACHE_MB; 0 turns it off), least recently used out first; only 200
  answers no larger than an eighth of the budget are kept.
- Not used for routes that read no graph data (health, static files, docs), nor when reads need a key
  (API_READS_NEED_KEY=1: a cached answer must not skip the key check).
- A request with nothing to compare against (no answer kept for it, no `If-None-Match`, or `no-cache`)
  does not read the version first: the route answers from its own reads, and the version is the bookmark
  its session got from them (`VersionSeen`, handed to the request's read service by app/api/deps.py). Its
  answer is kept and tagged under that version. So a first or fresh answer costs the route's reads only,
  and only a request that could be answered from memory pays the version read.
- Requests that arrive together share one version read (`VersionGate`): each waits for the first read
  that *starts after it arrived*, so what a client wrote before asking (or anyone committed before then) is
  in the version it gets, exactly as with a read of its own, and 32 concurrent requests cost one or two
  round trips instead of 32.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from neo4j.exceptions import DriverError, Neo4jError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.assembly import refused_credentials
from app.config import Settings

log = logging.getLogger("app.api.cache")

NOT_CACHED = ("/health", "/static", "/docs", "/openapi.json", "/viewer", "/favicon")


SEEN = "app.version_seen"  # the scope's key of the request's VersionSeen


@dataclass(frozen=True)
class Stored:
    version: str  # the graph's version the answer was read at
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class VersionSeen:
    """The graph's version as the request's own reads saw it: the route's read service is handed in
    (`watch`), and after the route has read, its session's bookmark is the version (None when it read
    nothing)."""

    def __init__(self) -> None:
        self._read: Callable[[], Awaitable[str | None]] | None = None

    def watch(self, read: Callable[[], Awaitable[str | None]]) -> None:
        self._read = read

    async def version(self) -> str | None:
        return None if self._read is None else await self._read()


class Store:
    """A least-recently-used map of the latest answer to each request, bounded by the bytes of the bodies.
    One answer per request: an answer read at an older version is never asked for again (versions only
    move on), so a newer one replaces it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8
        self._entries: OrderedDict[str, Stored] = OrderedDict()
        self._bytes = 0

    def get(self, key: str) -> Stored | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: str, value: Stored) -> None:
        if len(value.body) > self.max_entry:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = value
        self._bytes += len(value.body)
        while self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


def request_key(scope: Scope) -> str:
    """The path, the query with its parameters in a fixed order, and the Accept header."""
    pairs = sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    accept = Headers(scope=scope).get("accept", "")
    return f"{scope['path']}?{urlencode(pairs)}#{accept}"


def etag(version: str, key: str) -> str:
    return '"' + hashlib.blake2b(f"{version}\n{key}".encode(), digest_size=12).hexdigest() + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    return any(t.strip().removeprefix("W/") == tag for t in if_none_match.split(","))


class VersionGate:
    """One version read shared by the requests waiting for it, never one that started before a request came.

    A request joins the round that will start next; while a read is in flight, newcomers gather for the
    round after it. So every read a request gets began after the request arrived."""

    def __init__(self, read: Callable[[], Awaitable[str | None]]) -> None:
        self._read = read
        self._loop: asyncio.AbstractEventLoop | None = None
        self._next: asyncio.Future[str | None] | None = None  # the round not started yet
        self._reader: asyncio.Task[None] | None = None
        self.reads = 0  # rounds run (for tests and figures)

    async def version(self) -> str | None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new event loop (a test's client, a restarted worker): start afresh
            self._loop, self._next, self._reader = loop, None, None
        if self._next is None:
            self._next = loop.create_future()
        waiting = self._next
        if self._reader is None or self._reader.done():
            self._reader = loop.create_task(self._rounds())
        return await asyncio.shield(waiting)

    async def _rounds(self) -> None:
        current: asyncio.Future[str | None] | None = None
        try:
            while self._next is not None:
                current, self._next = self._next, None  # who comes from now on waits for the next round
                self.reads += 1
                try:
                    found = await self._read()
                except Exception:  # the requests go on to their routes, which report what is wrong
                    log.warning("graph version not read: answering without the cache", exc_info=True)
                    found = None
                current.set_result(found)
        finally:  # cancelled (the worker stops): nobody is left waiting, and the next request starts afresh
            pending, self._next = self._next, None
            for waiting in (current, pending):
                if waiting is not None and not waiting.done():
                    waiting.set_result(None)


class ResponseCache:
    """Pure ASGI middleware (see the module's docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.store = Store(settings.api_cache_mb * 1024 * 1024)
        self._state: Any = None  # the app's state (its driver), known from the first request
        self.gate = VersionGate(self._read_version)

    def _cacheable(self, scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and self.store.max_bytes > 0
            and not self.settings.api_reads_need_key  # a cached answer would skip the key check
            and not scope["path"].startswith(NOT_CACHED)
            and scope["path"] != "/"
        )

    async def _version(self, scope: Scope) -> str | None:
        """The graph's version, or None when the database cannot say (the route then answers as it would)."""
        state = scope["app"].state
        outage = getattr(state, "outage", None)
        if getattr(state, "parts", None) is None or (outage is not None and outage.tripped()):
            return None  # the outage breaker is open: the route answers (503 at once, or its trial)
        self._state = state
        return await self.gate.version()

    async def _read_version(self) -> str | None:
        try:
            async with self._state.parts.read_service() as reads:
                version: str = await reads.version()
                return version
        except (DriverError, Neo4jError, OSError) as exc:  # an outage: the route reports it as problem+json
            if refused_credentials(exc):  # the route must not try a second failed login
                self._state.outage.refuse()
            log.debug("no graph version: answering without the cache", exc_info=True)
            return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = request_key(scope)
        fresh = "no-cache" in headers.get("cache-control", "").lower()
        if_none_match = headers.get("if-none-match", "")
        stored = None if fresh else self.store.get(key)
        if stored is None and not if_none_match:  # nothing to compare: the route's reads give the version
            await self._answer_and_keep(scope, receive, send, None, key, "bypass" if fresh else "miss")
            return
        version = await self._version(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        tag = etag(version, key)
        if _matches(if_none_match, tag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", tag.encode()), (b"cache-control", b"no-cache"), (b"x-cache", b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if stored is not None and stored.version == version:
            await send({"type": "http.response.start", "status": stored.status, "headers": stored.headers})
            await send({"type": "http.response.body", "body": stored.body})
            return
        await self._answer_and_keep(scope, receive, send, version, key, "bypass" if fresh else "miss")

    async def _answer_and_keep(
        self, scope: Scope, receive: Receive, send: Send, version: str | None, key: str, how: str
    ) -> None:
        """Run the route; keep its 200 answer under `version`, or (None) under the version its reads saw."""
        seen = VersionSeen()
        scope[SEEN] = seen
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep, version
            if message["type"] == "http.response.start":
                keep = message["status"] == 200
                if keep and version is None:
                    version = await seen.version()
                    keep = version is not None  # the route read nothing: nothing to tag it with
                if keep and version is not None:
                    out = MutableHeaders(scope=message)
                    if "etag" not in out:  # a route's own ETag (a claim's or an actor's revision, for If-Match) stays
                        out["ETag"] = etag(version, key)
                    out["Cache-Control"] = "no-cache"
                start = message
                MutableHeaders(scope=message)["X-Cache"] = how
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.store.max_entry:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(body)
                if not message.get("more_body", False) and keep and start is not None and version is not None:
                    hit = [(k, v) for k, v in start["headers"] if k.lower() != b"x-cache"] + [(b"x-cache", b"hit")]
                    self.store.put(key, Stored(version, 200, hit, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
