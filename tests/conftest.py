"""Fixtures and rules for the whole suite.

- `tests/unit`: pure logic, no database. `tests/graph`: against a real Neo4j (neo4j_backends.py),
  never skipped: a skipped test fails the run (pytest_sessionfinish below).
- Read tests share one seeded graph, loaded once and reloaded only after a test that writes; tests that
  write take `empty_graph` (or are marked `writes`) and run after the read tests.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from app.config import Settings
from app.main import create_app
from app.repository.driver import open_driver, session
from app.repository.writer import GraphWriter
from app.services import seeding
from tests.curation_support import Keyed, make_keys
from tests.neo4j_backends import Neo4jBackend, start_backend
from tools.neo4j_local import ROOT

_graph_results: dict[str, int] = {"passed": 0, "failed": 0, "skipped": 0}
_skipped: list[str] = []
_backend_info: dict[str, str] = {}
_seed_state = {"loaded": False}
WRITES = "writes"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{WRITES}: changes the graph (runs after the read tests; reloads the seed)")


def _writes(item: pytest.Item) -> bool:
    return item.get_closest_marker(WRITES) is not None or "empty_graph" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "neo4j_backend" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.graph)
    # unit tests, then graph tests that only read (one shared seed), then tests that write
    items.sort(key=lambda i: 0 if "graph" not in i.keywords else (2 if _writes(i) else 1))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _writes(item):
        _seed_state["loaded"] = False  # whatever it leaves, the next read test reloads the seed


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)
    if "graph" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _graph_results[report.outcome] = _graph_results.get(report.outcome, 0) + 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every test must run: a skip (or an expected failure) fails the run."""
    if _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    backend = _backend_info.get("kind", "none")
    version = _backend_info.get("version", "?")
    terminalreporter.write_line(
        f"graph tests: {_graph_results['passed']} passed, {_graph_results['failed']} failed, "
        f"{_graph_results['skipped']} skipped, against Neo4j {version} ({backend})"
    )
    if _skipped:
        terminalreporter.write_line(f"FAILED: {len(_skipped)} test(s) skipped; every test must run:")
        for nodeid in _skipped:
            terminalreporter.write_line(f"  {nodeid}")


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
    """Delete everything, in batches of one transaction each: a large graph (make run's GED files, 60k
    events) needs neither one huge transaction nor one statement that outlasts the server's 60 s timeout
    on a busy machine."""
    with db.session(database=database) as s:
        while s.run("MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n").single(strict=True)["n"]:
            pass


@pytest.fixture
def empty_graph(db: Driver, settings: Settings) -> Driver:
    """An empty database, for a test that writes."""
    wipe(db, settings.neo4j_database)
    return db


SEED_DIR = ROOT / "seed"


def load_seed_dir(settings: Settings, *paths: Path) -> dict[str, int]:
    """The real loader, as `alliance seed [PATH ...]` runs it (default: the seed folder)."""

    async def main() -> dict[str, int]:
        driver = open_driver(settings)
        try:
            async with session(driver, settings) as s:
                return await seeding.load(GraphWriter(s, settings), seeding.read(list(paths) or [SEED_DIR]))
        finally:
            await driver.close()

    return asyncio.run(main())


@pytest.fixture
def seeded(db: Driver, settings: Settings) -> Driver:
    """The article's seed, shared by the read tests: loaded once, and again only after a test wrote."""
    if not _seed_state["loaded"]:
        wipe(db, settings.neo4j_database)
        load_seed_dir(settings)
        _seed_state["loaded"] = True
    return db


def _typed(value: Any) -> Any:
    """A property value with its type's name, so that a date and its ISO text, or 1 and 1.0, differ."""
    if isinstance(value, list):
        return ["list", [_typed(v) for v in value]]
    plain = value if isinstance(value, bool | int | float | str) or value is None else str(value)
    return [type(value).__name__, plain]


def graph_checksum(
    db: Driver, database: str, *, typed: bool = False, ignore: Mapping[str, Collection[str]] | None = None
) -> tuple[dict[str, int], str]:
    """Counts per label and relationship type, and a hash of every node and relationship with its properties.

    `typed`: each value hashed with its type (neo4j.time.Date, list, float...). `ignore`: properties left out,
    per node label (e.g. {"Import": ["first_finished_at"]}: the times a run happened)."""
    nodes, _, _ = db.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database)
    rels, _, _ = db.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props", database_=database
    )
    ignore = ignore or {}

    def shown(props: dict[str, Any], dropped: Collection[str] = ()) -> str:
        kept = {k: _typed(v) if typed else v for k, v in props.items() if k not in dropped}
        return json.dumps(kept, sort_keys=True, default=str)

    counts: dict[str, int] = {}
    lines = []
    for n in nodes:
        label = ":".join(sorted(n["labels"]))
        counts[label] = counts.get(label, 0) + 1
        dropped = {p for lab in n["labels"] for p in ignore.get(lab, ())}
        lines.append(f"N {label} {shown(n['props'], dropped)}")
    for r in rels:
        counts[r["type"]] = counts.get(r["type"], 0) + 1
        lines.append(f"R {r['type']} {r['a']} {r['b']} {shown(r['props'])}")
    return counts, hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


@pytest.fixture(scope="session")
def keyed(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Keyed]:
    """The application with a key file holding one key of each role (tests/curation_support.py)."""
    file, made = make_keys(tmp_path_factory.mktemp("keys"))
    app = create_app(settings.model_copy(update={"api_keys_file": file}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Keyed(client, file, made["reader"], made["editor"], made["admin"])
