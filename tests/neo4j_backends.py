"""Which real Neo4j the tests run against, chosen once per run:

1. TEST_NEO4J_URI (with TEST_NEO4J_USER / TEST_NEO4J_PASSWORD / TEST_NEO4J_DATABASE) given: that server.
   Its database is wiped, so the tests take their own variable, never the app's NEO4J_URI: a shell set up
   for `make run` against a real database cannot have it wiped by `make test`.
2. A Docker engine reachable: testcontainers' Neo4j module with the official neo4j:5.26-community image.
3. Otherwise the project's own launcher (tools/neo4j_local.py) with a separate test home and ports.

Nothing here fakes a database: when none can be started the run fails loudly.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

from tools.neo4j_local import ROOT, LauncherSettings, LocalNeo4j

TEST_PASSWORD = "alliance-test-password"
DOCKER_IMAGE = "neo4j:5.26-community"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Neo4jBackend:
    """A running server the tests may use, and (where we own it) stop and start again."""

    kind: str  # "external" | "docker" | "local"
    uri: str
    user: str
    password: str
    database: str = "neo4j"
    controllable: bool = False
    _local: LocalNeo4j | None = None
    _container: Any = None
    _started_here: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def browser_url(self) -> str | None:
        """Where this server serves Neo4j Browser, when the tests know it."""
        if self._local is not None:
            return f"{self._local.http_url}/browser/"
        if self._container is not None:
            host = self._container.get_container_host_ip()
            return f"http://{host}:{self._container.get_exposed_port(7474)}/browser/"
        return None

    def stop_server(self) -> None:
        if self._local is not None:
            self._local.stop(quiet=True)
        elif self._container is not None:
            self._container.get_wrapped_container().stop()
        else:
            raise RuntimeError("this Neo4j is not ours to stop (TEST_NEO4J_URI was given)")

    def kill_server(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no clean shutdown, recovery from the log on start."""
        if self._local is not None:
            self._local.kill()
        elif self._container is not None:
            self._container.get_wrapped_container().kill()
        else:
            raise RuntimeError("this Neo4j is not ours to kill (TEST_NEO4J_URI was given)")

    def start_server(self) -> None:
        if self._local is not None:
            self._local.start(quiet=True)
        elif self._container is not None:
            self._container.get_wrapped_container().start()
            _wait_for_bolt(self.uri, self.user, self.password)
        else:
            raise RuntimeError("this Neo4j is not ours to start (TEST_NEO4J_URI was given)")

    def close(self) -> None:
        if self._container is not None:
            self._container.stop()
        elif self._local is not None and self._started_here and not os.environ.get("KEEP_TEST_NEO4J"):
            self._local.stop(quiet=True)


def _wait_for_bolt(uri: str, user: str, password: str, timeout: float = 120.0) -> None:
    """Log in over Bolt, trying again while the server is not up, for `timeout` seconds."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    for attempt in Retrying(
        stop=stop_after_delay(timeout),
        wait=wait_exponential(multiplier=0.05, max=0.5),
        retry=retry_if_exception_type((ServiceUnavailable, SessionExpired, TransientError, OSError)),
        reraise=True,
    ):
        with attempt, GraphDatabase.driver(uri, auth=(user, password), connection_timeout=2) as driver:
            driver.verify_connectivity()


def _docker_reachable() -> bool:
    if os.environ.get("TEST_NEO4J_BACKEND") == "local":
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:
        return False


def start_backend() -> Neo4jBackend:
    if os.environ.get("TEST_NEO4J_URI"):
        return Neo4jBackend(
            kind="external",
            uri=os.environ["TEST_NEO4J_URI"],
            user=os.environ.get("TEST_NEO4J_USER", "neo4j"),
            password=os.environ.get("TEST_NEO4J_PASSWORD", ""),
            database=os.environ.get("TEST_NEO4J_DATABASE", "neo4j"),
        )
    if _docker_reachable():
        from testcontainers.neo4j import Neo4jContainer

        bolt_port = _free_port()
        container = Neo4jContainer(DOCKER_IMAGE, password=TEST_PASSWORD)
        # A fixed host port, so that stopping and starting the container keeps the URI the app holds.
        container.with_bind_ports(7687, bolt_port)
        container.start()
        uri = f"bolt://127.0.0.1:{bolt_port}"
        _wait_for_bolt(uri, "neo4j", TEST_PASSWORD)
        return Neo4jBackend("docker", uri, "neo4j", TEST_PASSWORD, controllable=True, _container=container)
    local = LocalNeo4j(
        LauncherSettings(
            local_neo4j_home=Path(os.environ.get("TEST_NEO4J_HOME", str(ROOT / ".local" / "neo4j-test"))),
            local_neo4j_bolt_port=int(os.environ.get("TEST_NEO4J_BOLT_PORT", "7688")),
            local_neo4j_http_port=int(os.environ.get("TEST_NEO4J_HTTP_PORT", "7475")),
            local_neo4j_heap="1g",
            local_neo4j_pagecache="256m",
            neo4j_user="neo4j",
            neo4j_password=SecretStr(TEST_PASSWORD),
        )
    )
    started = local.start(quiet=True) == "started"
    return Neo4jBackend(
        "local", local.bolt_uri, "neo4j", TEST_PASSWORD, controllable=True, _local=local, _started_here=started
    )
