"""The package works once built and installed: its Cypher files travel inside the wheel, and so does the
local server's bulk loader that `alliance import claims FILE --offline` runs (app/local_neo4j.py).

Builds the wheel with uv, installs it into a new virtual environment (uv's cache supplies the locked
dependencies), starts the API from that environment in a folder outside the repository, and asks it the
defining question against the real Neo4j. Then the offline load: the wheel installed alone (`--no-deps`,
the project's own environment supplying its dependencies, so no network), its `alliance` run from outside
the repository against an empty local Neo4j home of its own, which the command starts, stops for the bulk
loader and starts again.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import httpx
import pytest
from neo4j import Driver, GraphDatabase
from pydantic import SecretStr

from app.config import Settings
from tools.neo4j_local import ROOT, LauncherSettings, LocalNeo4j


def _uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _uv_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, once for this module."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*_uv(), "build", "--wheel", "--out-dir", str(dist)], cwd=ROOT, env=_uv_env(), check=True, timeout=300
    )
    [built] = dist.glob("alliance_graph-*.whl")
    return built


def test_the_installed_wheel_serves_relationships(
    seeded: Driver, settings: Settings, tmp_path: Path, wheel: Path
) -> None:
    env = _uv_env()
    venv = tmp_path / "venv"
    subprocess.run([*_uv(), "venv", "--python", sys.executable, str(venv)], env=env, check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([*_uv(), "pip", "install", "--python", str(python), str(wheel)], env=env, check=True, timeout=600)

    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    port = _free_port()
    app_env = env | {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "PYTHONPATH": "",
    }
    server = subprocess.Popen(
        [str(python), "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=elsewhere,
        env=app_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        where = subprocess.run(
            [str(python), "-c", "import app; print(app.__file__)"],
            cwd=elsewhere,
            env=app_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert str(venv) in where, f"the app was imported from {where}, not from the installed wheel"
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, f"the installed app exited:\n{server.stdout.read() if server.stdout else ''}"
            assert time.monotonic() < deadline, "the installed app did not become ready in 60 s"
            time.sleep(0.5)
        response = httpx.get(f"{base}/relationships", params={"kind": "hostility", "during": "2014-08"}, timeout=30)
        assert response.status_code == 200, response.text
        pairs = {frozenset(p["actor"]["id"] for p in i["parties"]) for i in response.json()["items"]}
        assert frozenset({"islamic-state", "al-nusra-front"}) in pairs
    finally:
        server.terminate()
        server.wait(timeout=30)


PASSWORD = "alliance-wheel-offline"


def _claims_file(path: Path) -> Path:
    records = [
        {"type": "file", "as_of": "2014-08-18", "recorded_at": "2026-01-02T03:04:05Z"},
        {"type": "actor", "id": "wheel-a", "name": "Wheel A", "kind": "armed_group", "description": "One side."},
        {"type": "actor", "id": "wheel-b", "name": "Wheel B", "kind": "armed_group", "description": "The other."},
        {"type": "source", "id": "wheel-src", "kind": "news_article", "title": "A report"},
        {
            "type": "claim",
            "id": "wheel-a-b-hostility",
            "kind": "hostility",
            "parties": {"side": ["wheel-a", "wheel-b"]},
            "valid": {"from": "2014-08"},
            "status": "reported",
            "confidence": 0.7,
            "citations": [{"source": "wheel-src", "quote": "they fought"}],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_installed_wheel_loads_a_claims_file_offline(tmp_path: Path, wheel: Path) -> None:
    env = _uv_env()
    venv = tmp_path / "venv"
    subprocess.run([*_uv(), "venv", "--python", sys.executable, str(venv)], env=env, check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [*_uv(), "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)],
        env=env,
        check=True,
        timeout=300,
    )
    # The dependencies from the project's environment: a path line (not a site dir, so the project's own
    # editable install there is not seen); the wheel's `app` comes first.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    home = tmp_path / "neo4j-home"
    bolt, http = _free_port(), _free_port()
    local_env = {
        "LOCAL_NEO4J_HOME": str(home),
        "LOCAL_NEO4J_LIB": str(ROOT / ".local" / "neo4j-lib"),  # the jars the tests' bootstrap fetched
        "LOCAL_NEO4J_BOLT_PORT": str(bolt),
        "LOCAL_NEO4J_HTTP_PORT": str(http),
        "LOCAL_NEO4J_HEAP": "512m",
        "LOCAL_NEO4J_PAGECACHE": "128m",
        "LOCAL_NEO4J_BROWSER_STYLE": "none",
    }
    app_env = {k: v for k, v in env.items() if not k.startswith(("NEO4J_", "LOCAL_NEO4J_"))} | local_env
    app_env |= {
        "NEO4J_URI": f"bolt://127.0.0.1:{bolt}",
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": PASSWORD,
        "NEO4J_DATABASE": "neo4j",
        "PYTHONPATH": "",
        "COLUMNS": "200",
    }
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    data = _claims_file(elsewhere / "claims.ndjson")
    local = LocalNeo4j(
        LauncherSettings(
            local_neo4j_home=home,
            local_neo4j_lib=ROOT / ".local" / "neo4j-lib",
            local_neo4j_bolt_port=bolt,
            local_neo4j_http_port=http,
            neo4j_password=SecretStr(PASSWORD),
        )
    )
    try:
        where = subprocess.run(
            [str(python), "-c", "import app.local_neo4j as m, app.cli as c; print(m.__file__); print(c.__file__)"],
            cwd=elsewhere,
            env=app_env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert all(str(venv) in w for w in where), f"the app was imported from {where}, not from the installed wheel"
        loaded = subprocess.run(
            [str(venv / "bin" / "alliance"), "import", "claims", str(data), "--offline", "--progress", "none"],
            cwd=elsewhere,
            env=app_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        assert "offline bulk load" in loaded.stdout, loaded.stdout
        with GraphDatabase.driver(f"bolt://127.0.0.1:{bolt}", auth=("neo4j", PASSWORD)) as d:
            records = d.execute_query(
                "MATCH (c:Claim {id: 'wheel-a-b-hostility'})-[:PARTY]->(a:Actor) "
                "WITH c, collect(a.id) AS actors "
                "OPTIONAL MATCH (i:Import) RETURN c.kind AS kind, actors, count(i) AS imports",
                database_="neo4j",
            ).records
            assert [(r["kind"], sorted(r["actors"]), r["imports"]) for r in records] == [
                ("hostility", ["wheel-a", "wheel-b"], 1)
            ]
    finally:
        local.stop(quiet=True)
