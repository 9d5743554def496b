"""Fixtures: a real Neo4j (see neo4j_backends.py), the API over it, and known graphs."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from app import loader
from app.config import Settings
from app.main import create_app
from tests.neo4j_backends import Neo4jBackend, start_backend
from tools.neo4j_local import ROOT

_graph_results: dict[str, int] = {"passed": 0, "failed": 0, "skipped": 0}
_backend_info: dict[str, str] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "neo4j_backend" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.graph)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "graph" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _graph_results[report.outcome] = _graph_results.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    backend = _backend_info.get("kind", "none")
    version = _backend_info.get("version", "?")
    terminalreporter.write_line(
        f"graph tests: {_graph_results['passed']} passed, {_graph_results['failed']} failed, "
        f"{_graph_results['skipped']} skipped, against Neo4j {version} ({backend})"
    )


@pytest.fixture(scope="session")
def neo4j_backend() -> Iterator[Neo4jBackend]:
    try:
        backend = start_backend()
    except Exception as exc:  # fail loudly: graph tests are never skipped
        pytest.fail(f"No Neo4j could be started for the graph tests: {exc}", pytrace=False)
    with GraphDatabase.driver(backend.uri, auth=(backend.user, backend.password)) as driver:
        info = driver.get_server_info()
        _backend_info.update(kind=backend.kind, version=info.agent)
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def settings(neo4j_backend: Neo4jBackend) -> Settings:
    return Settings(
        neo4j_uri=neo4j_backend.uri,
        neo4j_user=neo4j_backend.user,
        neo4j_password=SecretStr(neo4j_backend.password),
        neo4j_database=neo4j_backend.database,
        neo4j_connection_timeout=2.0,
        neo4j_max_retry_time=2.0,
    )


@pytest.fixture(scope="session")
def db(neo4j_backend: Neo4jBackend) -> Iterator[Driver]:
    """A plain driver for the tests' own checks (counts, checksums), apart from the app's."""
    with GraphDatabase.driver(neo4j_backend.uri, auth=(neo4j_backend.user, neo4j_backend.password)) as driver:
        yield driver


@pytest.fixture(scope="session")
def api(settings: Settings) -> Iterator[TestClient]:
    """The application, its lifespan run, talking to the real Neo4j."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def wipe(db: Driver, database: str) -> None:
    db.execute_query("MATCH (n) DETACH DELETE n", database_=database)


@pytest.fixture
def empty_graph(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    return db


SEED_DIR = ROOT / "seed"


def load_seed_dir(settings: Settings, *paths: Path) -> dict[str, int]:
    """The real loader, as `python -m app.loader [PATH ...]` runs it (default: the seed folder)."""
    return asyncio.run(loader.load(loader.read(list(paths) or [SEED_DIR]), settings))


@pytest.fixture
def seeded(db: Driver, settings: Settings) -> Driver:
    """The article's seed, freshly loaded into an empty database."""
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    return db


def graph_checksum(db: Driver, database: str) -> tuple[dict[str, int], str]:
    """Counts per label and relationship type, and a hash of every node and relationship with its properties."""
    nodes, _, _ = db.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database)
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props", database_=database
    )
    counts: dict[str, int] = {}
    lines = []
    for n in nodes:
        label = ":".join(sorted(n["labels"]))
        counts[label] = counts.get(label, 0) + 1
        lines.append(f"N {label} {json.dumps(n['props'], sort_keys=True, default=str)}")
    for r in rels:
        counts[r["type"]] = counts.get(r["type"], 0) + 1
        lines.append(f"R {r['type']} {r['a']} {r['b']} {json.dumps(r['props'], sort_keys=True, default=str)}")
    return counts, hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()
