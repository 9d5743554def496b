"""The launcher (tools/neo4j_local.py) against a real Neo4j it starts itself, as `make run` does: its own
home and free ports, started through the command line with the password in NEO4J_PASSWORD.

While it starts, every process's command line is read from /proc, so a password handed to Java on a
command line (visible to every user of the machine in `ps`) would be seen.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError
from pydantic import SecretStr

from app.config import DEV_PASSWORD
from tools.neo4j_local import (
    BROWSER_CONTENT_SECURITY_POLICY,
    DEFAULT_BROWSER_STYLE_URL,
    ROOT,
    LauncherError,
    LauncherSettings,
    LocalNeo4j,
    admin_argument_file,
)

pytestmark = pytest.mark.graph

# Everything an argument file or a shell could get wrong: a leading dash, both quotes, a backslash, a
# comment sign, a dollar, a tab, non-ASCII, an @; and a random part, so a match cannot be a coincidence.
PASSWORD = f"-a \"tricky\" 'pass' back\\slash #hash $HOME\tü @{secrets.token_hex(6)}"
EVIL = "http://evil.example"


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="module")
def lib() -> Path:
    """The jars the rest of the suite uses (LOCAL_NEO4J_LIB or the default), fetched if missing."""
    server = LocalNeo4j(LauncherSettings(neo4j_password=SecretStr("not-used-here")))
    server.install(quiet=True)
    return server.lib


@dataclass
class Launch:
    server: LocalNeo4j
    env: dict[str, str]
    output: str
    command_lines: set[bytes] = field(default_factory=set)  # of every process seen during the start
    java_environments: dict[bytes, bytes] = field(default_factory=dict)  # command line -> environment


def _watch_processes(launch: Launch, home: Path) -> None:
    """One sweep over /proc: every command line, and the environment of our Java processes."""
    marker = f"NEO4J_HOME={home}".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if cmdline:
                launch.command_lines.add(cmdline)
            if cmdline.startswith(b"java") or b"/java\0" in cmdline:
                environ = (proc / "environ").read_bytes()
                if marker in environ.split(b"\0"):
                    launch.java_environments[cmdline] = environ
        except OSError:
            continue  # the process ended while we looked


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.neo4j_local", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def launch(tmp_path_factory: pytest.TempPathFactory, lib: Path) -> Iterator[Launch]:
    home = tmp_path_factory.mktemp("neo4j-launcher")
    bolt, http = _free_ports(2)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("LOCAL_NEO4J_", "NEO4J_"))},
        "LOCAL_NEO4J_HOME": str(home),
        "LOCAL_NEO4J_LIB": str(lib),
        "LOCAL_NEO4J_BOLT_PORT": str(bolt),
        "LOCAL_NEO4J_HTTP_PORT": str(http),
        "LOCAL_NEO4J_HEAP": "512m",
        "LOCAL_NEO4J_PAGECACHE": "64m",
        "NEO4J_PASSWORD": PASSWORD,
    }
    server = LocalNeo4j(
        LauncherSettings(
            local_neo4j_home=home,
            local_neo4j_lib=lib,
            local_neo4j_bolt_port=bolt,
            local_neo4j_http_port=http,
            neo4j_password=SecretStr(PASSWORD),
        )
    )
    start = subprocess.Popen(
        [sys.executable, "-m", "tools.neo4j_local", "start", "--timeout", "240"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    launch = Launch(server, env, "")
    try:
        while start.poll() is None:
            _watch_processes(launch, home)
            time.sleep(0.005)
        launch.output = start.communicate()[0]
        assert start.returncode == 0, f"`start` failed:\n{launch.output}"
        yield launch
    finally:
        start.kill()
        server.stop(quiet=True)


# ------------------------------------------------------------------------------------------------ the password


def test_the_password_is_on_no_command_line_while_the_launcher_sets_it(launch: Launch) -> None:
    seen = launch.command_lines
    assert any(b"set-initial-password" in line for line in seen), "the admin tool was never seen running"
    assert any(b"CommunityEntryPoint" in line for line in seen), "the server was never seen running"
    assert len(seen) > 2
    leaking = [line for line in seen if PASSWORD.encode() in line]
    assert not leaking, f"{len(leaking)} command line(s) hold the password"
    assert not list((launch.server.home / "run").glob(".initial-password-*")), "the argument file was left behind"


def test_the_java_processes_do_not_inherit_the_password(launch: Launch) -> None:
    kinds = {b"AdminTool" in line for line in launch.java_environments}
    assert kinds == {True, False}, "the environments of the admin tool and of the server were not both read"
    for line, environ in launch.java_environments.items():
        assert PASSWORD.encode() not in environ, f"{line[:60]!r} has the password in its environment"


def test_the_server_takes_the_password_as_given(launch: Launch) -> None:
    launch.server.check_bolt()  # the tricky password logs in
    other = LauncherSettings(**{**launch.server.settings.model_dump(), "neo4j_password": SecretStr("x" + PASSWORD)})
    with pytest.raises(LauncherError, match="refused the credentials"):
        LocalNeo4j(other).start(quiet=True, timeout=30)


@pytest.mark.parametrize("password", ["@starts-with-an-at", "@/etc/passwd", 'ends with a backslash \\"\\'])
def test_the_admin_tool_reads_the_argument_file_as_written(tmp_path: Path, lib: Path, password: str) -> None:
    """What neo4j-admin's parser makes of the file (picocli's trace prints the arguments it expanded)."""
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "neo4j.conf").write_text(f"server.directories.data={tmp_path / 'data'}\n")
    argument_file = tmp_path / "arguments"
    argument_file.write_text(admin_argument_file(password), encoding="utf-8")
    java = ["java", "-Dpicocli.trace=INFO", "-Dfile.encoding=UTF-8", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool"]
    result = subprocess.run(
        [*java, "dbms", "set-initial-password", f"@{argument_file}"],
        env={**os.environ, "NEO4J_HOME": str(tmp_path), "NEO4J_CONF": str(tmp_path / "conf")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Expanded file @{argument_file} to arguments [--, {password}]" in result.stderr
    assert (tmp_path / "data" / "dbms" / "auth.ini").exists()


# ------------------------------------------------------------------------------------------- start and status


def test_start_prints_the_browser_link_with_the_connection_filled_in(launch: Launch) -> None:
    server = launch.server
    assert f"Neo4j started on {server.bolt_uri}" in launch.output
    link = f"{server.http_url}/browser/?dbms=neo4j://neo4j@127.0.0.1:{server.bolt_port}&db=neo4j"
    assert f"Neo4j Browser: {link}" in launch.output
    response = httpx.get(link, timeout=10)
    assert response.status_code == 200
    assert "<title>Neo4j Browser</title>" in response.text


def test_a_second_start_finds_the_running_server(launch: Launch) -> None:
    again = _cli(launch.env, "start")
    assert again.returncode == 0, again.stderr
    assert f"Neo4j already running on {launch.server.bolt_uri} (pid {launch.server.pid()})" in again.stdout
    assert launch.server.browser_link in again.stdout
    assert launch.server.start(quiet=True) == "running"
    assert _cli(launch.env, "link").stdout == launch.server.browser_link + "\n"
    status = _cli(launch.env, "status")
    assert status.stdout.startswith(f"running (pid {launch.server.pid()}) on {launch.server.bolt_uri}")


# ------------------------------------------------------------------------------------------- HTTP and CORS


def _preflight(launch: Launch, origin: str) -> httpx.Response:
    return httpx.options(
        f"{launch.server.http_url}/db/neo4j/tx/commit",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
        timeout=10,
    )


def test_a_preflight_from_another_origin_is_not_allowed(launch: Launch) -> None:
    preflight = _preflight(launch, EVIL)
    assert preflight.status_code == 200
    assert preflight.headers.get("access-control-allow-origin") == launch.server.http_url  # not "*", not EVIL
    # The server's own pages are allowed: the answer depends on the origin, the preflight itself works.
    own = _preflight(launch, launch.server.http_url)
    assert own.headers.get("access-control-allow-origin") == launch.server.http_url
    assert "POST" in own.headers.get("access-control-allow-methods", "")
    assert "authorization" in own.headers.get("access-control-allow-headers", "").lower()


class _EvilSite(BaseHTTPRequestHandler):
    """http://evil.example as Chromium sees it (its name mapped to this server): GET / is the page; POST is
    the control, an endpoint that answers every origin as Neo4j's default `*` did."""

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "authorization, content-type")

    def _send(self, status: int, content_type: str, body: bytes, cors: bool) -> None:
        self.send_response(status)
        if cors:
            self._cors()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._send(200, "text/html", b"<!doctype html><title>a page</title><p>a page</p>", cors=False)

    def do_OPTIONS(self) -> None:
        self._send(204, "text/plain", b"", cors=True)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._send(200, "application/json", b'{"results": [], "errors": []}', cors=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is needed: `apt-get install -y chromium`, or set CHROMIUM_PATH.", pytrace=False)


# fetch() as a page would send it: the development password in Basic auth, a JSON body.
_POST_CYPHER = """async ([url, token, statement]) => {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {Authorization: "Basic " + token, "Content-Type": "application/json"},
      body: JSON.stringify({statements: [{statement}]}),
    });
    return "status " + response.status;
  } catch (error) {
    return "blocked: " + error;
  }
}"""


def test_a_web_page_from_another_origin_cannot_run_cypher_in_chromium(launch: Launch) -> None:
    """A page from http://evil.example in a real Chromium POSTs `CREATE` with the password.

    The page comes from a real server (Chromium maps the name to it), not from Playwright's request
    routing, which answers CORS preflights itself. Chromium's Local/Private Network Access checks are
    switched off: they are Chromium's alone (Firefox has none) and would block the request whatever Neo4j
    answers. A loopback endpoint that answers every origin is the control: the same page reaches it, so
    what stops the request to Neo4j is Neo4j's CORS answer.
    """
    from playwright.sync_api import sync_playwright

    site = HTTPServer(("127.0.0.1", 0), _EvilSite)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    token = base64.b64encode(f"neo4j:{PASSWORD}".encode()).decode()
    console: list[str] = []
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=_chromium(),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    f"--host-resolver-rules=MAP evil.example:80 127.0.0.1:{site.server_port}",
                    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,"
                    "PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults",
                ],
            )
            try:
                page = chromium.new_page()
                page.on("console", lambda message: console.append(message.text))
                page.goto(f"{EVIL}/")
                assert page.evaluate("location.origin") == EVIL
                to_control = str(
                    page.evaluate(_POST_CYPHER, [f"http://127.0.0.1:{site.server_port}/", token, "RETURN 1"])
                )
                to_neo4j = str(
                    page.evaluate(
                        _POST_CYPHER, [f"{launch.server.http_url}/db/neo4j/tx/commit", token, "CREATE (:CorsProbe)"]
                    )
                )
            finally:
                chromium.close()
    finally:
        site.shutdown()
    assert to_control == "status 200", f"the control was not reached ({to_control}): {console}"
    assert to_neo4j.startswith("blocked"), to_neo4j
    # The preflight failed, so the POST was never sent.
    assert any("blocked by CORS policy" in line and "preflight" in line for line in console), console
    auth = (launch.server.settings.neo4j_user, PASSWORD)
    with GraphDatabase.driver(launch.server.bolt_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n:CorsProbe) RETURN count(n) AS n", database_="neo4j")
    assert records[0]["n"] == 0


def test_a_request_a_page_may_send_without_preflight_runs_nothing(launch: Launch) -> None:
    """A form-like POST (no preflight) carries no credentials: refused, and the graph is untouched."""
    response = httpx.post(
        f"{launch.server.http_url}/db/neo4j/tx/commit",
        headers={"Origin": EVIL, "Content-Type": "text/plain"},
        content='{"statements": [{"statement": "CREATE (:CorsProbe)"}]}',
        timeout=10,
    )
    assert response.status_code == 401
    assert response.headers.get("access-control-allow-origin") not in {"*", EVIL}
    auth = (launch.server.settings.neo4j_user, PASSWORD)
    with GraphDatabase.driver(launch.server.bolt_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n:CorsProbe) RETURN count(n) AS n", database_="neo4j")
    assert records[0]["n"] == 0


def test_tools_holding_the_password_still_use_the_http_api(launch: Launch) -> None:
    token = base64.b64encode(f"neo4j:{PASSWORD}".encode()).decode()
    response = httpx.post(
        f"{launch.server.http_url}/db/neo4j/tx/commit",
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        json={"statements": [{"statement": "RETURN 1 AS one"}]},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["errors"] == []
    assert body["results"][0]["data"][0]["row"] == [1]


# ------------------------------------------------------------------------------------------------- Browser


def test_browser_may_load_nothing_from_other_hosts(launch: Launch) -> None:
    response = httpx.get(f"{launch.server.http_url}/browser/", timeout=10)
    assert response.status_code == 200
    policy = response.headers.get("content-security-policy", "")
    assert policy == BROWSER_CONTENT_SECURITY_POLICY
    for outside in ("segment", "canny", "googleapis", "gstatic", "neo4j.com", "https:", "wss:"):
        assert outside not in policy


def test_browser_is_told_no_telemetry_and_the_style_to_apply(launch: Launch) -> None:
    """What Browser reads after connecting (CALL dbms.clientConfig())."""
    auth = (launch.server.settings.neo4j_user, PASSWORD)
    with GraphDatabase.driver(launch.server.bolt_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("CALL dbms.clientConfig() YIELD name, value RETURN name, value")
    config = {r["name"]: r["value"] for r in records}
    assert config["client.allow_telemetry"] == "false"
    assert config["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"
    assert config["browser.post_connect_cmd"] == f"style {DEFAULT_BROWSER_STYLE_URL}"


# ------------------------------------------------------------------------------------- failing and stopping


def test_a_start_that_times_out_stops_the_server_and_shows_the_log(tmp_path: Path, lib: Path) -> None:
    bolt, http = _free_ports(2)
    server = LocalNeo4j(
        LauncherSettings(
            local_neo4j_home=tmp_path,
            local_neo4j_lib=lib,
            local_neo4j_bolt_port=bolt,
            local_neo4j_http_port=http,
            local_neo4j_heap="256m",
            local_neo4j_pagecache="16m",
            neo4j_password=SecretStr("timeout-test-password"),
        )
    )
    try:
        with pytest.raises(LauncherError, match=r"did not answer on .* within 1 s") as failure:
            server.start(quiet=True, timeout=1.0)
        assert f"--- {server.console_log}" in str(failure.value), "no log tail in the message"
        assert server.pid() is None, "the server was left running"
        assert not server.pid_file.exists()
        assert server.status() == "stopped"
    finally:
        server.stop(quiet=True)


def test_stop_is_a_clean_sigterm_and_reset_wipes_the_data(launch: Launch) -> None:
    stopped = _cli(launch.env, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout == "Neo4j stopped.\n"
    log = launch.server.console_log.read_text()
    assert "shutdown initiated by request" in log
    assert log.rstrip().endswith("Stopped."), "Neo4j did not finish a clean shutdown"
    assert launch.server.pid() is None
    assert _cli(launch.env, "status").stdout == "stopped\n"
    assert launch.server.data_dir.exists()
    reset = _cli(launch.env, "reset")
    assert reset.returncode == 0, reset.stderr
    assert not launch.server.data_dir.exists()
    assert not launch.server.logs_dir.exists()


def test_a_new_database_without_a_password_gets_a_generated_one(launch: Launch) -> None:
    """After the reset above the home holds no database: a start with no NEO4J_PASSWORD (as `make run` on a
    fresh checkout) generates the password, keeps it in a mode-600 file, prints it once, and the
    development password is refused."""
    assert not launch.server.database_exists() and not launch.server.password_file.exists()
    env = {k: v for k, v in launch.env.items() if k != "NEO4J_PASSWORD"}
    generated = LocalNeo4j(LauncherSettings(**{**launch.server.settings.model_dump(), "neo4j_password": None}))
    try:
        first = _cli(env, "start", "--timeout", "240")
        assert first.returncode == 0, first.stdout + first.stderr
        password = generated.password_file.read_text().strip()
        assert stat.S_IMODE(generated.password_file.stat().st_mode) == 0o600
        assert first.stdout.count(password) == 1, "the new password is printed once"
        assert str(generated.password_file) in first.stdout
        assert _cli(env, "password").stdout == password + "\n"
        again = _cli(env, "start")
        assert again.returncode == 0 and password not in again.stdout, "a later start does not print it"
        assert f"generated, in {generated.password_file}" in again.stdout
        with GraphDatabase.driver(generated.bolt_uri, auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
            assert records[0]["one"] == 1
        with (
            GraphDatabase.driver(generated.bolt_uri, auth=("neo4j", DEV_PASSWORD)) as driver,
            pytest.raises(AuthError),
        ):
            driver.verify_connectivity()
    finally:
        generated.stop(quiet=True)
