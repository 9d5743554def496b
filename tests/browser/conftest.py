"""Real pages in a real headless Chromium (Debian's `chromium`, driven by Playwright for Python), against a
real API server (uvicorn in a thread, on a free loopback port) over the tests' Neo4j.

Each test gets its own Chromium (launched in well under a second) with a fresh profile, whose every request
is checked: anything not addressed to this machine (127.0.0.1, localhost, ::1) is recorded and refused, and
the tests assert that there was none. Playwright's synchronous API keeps an asyncio loop marked as running
in the test's thread for as long as it is started, which would break the suite's own `asyncio.run` (the
seed loader), so it lives for one test only and the seed is loaded before it starts.

Screenshots go to .local/test-artifacts/browser/ (TEST_ARTIFACTS_DIR to choose another folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from neo4j import Driver
from playwright.sync_api import Browser, Page, Route, sync_playwright

from app.config import Settings
from app.main import create_app
from tools.neo4j_local import ROOT

# Chromium's own connections (updates, sync, safe browsing...) are switched off: this machine's network is
# closed, and the tests would not see them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
INSTALL = "apt-get install -y chromium"


def chromium_path() -> str:
    """Debian's chromium (or CHROMIUM_PATH); the run fails, never skips, when it is missing."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail(
        f"Chromium is needed for the browser tests and was not found. Install it with `{INSTALL}` (as root; "
        "`make test` does it when run as root), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
        pytrace=False,
    )


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in LOOPBACK


CSP_BLOCKED = ("csp", "net::ERR_BLOCKED_BY_CSP")  # how Chromium reports a load its policy stopped


@dataclass
class Guard:
    """What a page asked for, what was refused before reaching the network, its sockets and console errors.

    Every request that reaches the network passes through the context's route (below): one addressed beyond
    this machine is recorded in `outside` and refused. A request the page's own Content-Security-Policy
    stops never reaches the network (nor the route); it is in `requested`, and in `failed` as blocked by the policy.
    """

    outside: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    websockets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def blocked_by_policy(self) -> list[str]:
        """Addresses beyond this machine the page tried to load and its Content-Security-Policy stopped."""
        return [u for u in self.requested if not is_local(u) and self.failed.get(u) in CSP_BLOCKED]

    def assert_stayed_local(self) -> None:
        assert self.outside == [], f"requests beyond 127.0.0.1 reached the network layer: {self.outside}"
        escaped = [u for u in self.requested if not is_local(u) and self.failed.get(u) not in CSP_BLOCKED]
        assert escaped == [], f"requests beyond 127.0.0.1 not stopped by the page's policy: {escaped}"
        assert all(is_local(u) for u in self.websockets), self.websockets


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("TEST_ARTIFACTS_DIR") or ROOT / ".local" / "test-artifacts") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser(seeded: Driver) -> Iterator[Browser]:
    """Chromium, started after the seed is loaded (see the module's docstring)."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def guarded(browser: Browser) -> Iterator[tuple[Page, Guard]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    guard = Guard()

    def route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            guard.outside.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", lambda request: guard.requested.append(request.url))
    context.on("requestfailed", lambda request: guard.failed.update({request.url: request.failure or ""}))
    page = context.new_page()
    page.on("websocket", lambda ws: guard.websockets.append(ws.url))
    page.on("console", lambda message: guard.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: guard.errors.append(f"uncaught: {error}"))
    try:
        yield page, guard
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_api(settings: Settings) -> Iterator[str]:
    """The API served over HTTP on a free loopback port, against the tests' Neo4j."""
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the API server stopped while starting"
        assert time.monotonic() < deadline, "the API server did not start in 30 s"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
