"""The package works once built and installed: its Cypher files travel inside the wheel.

Builds the wheel with uv, installs it into a new virtual environment (uv's cache supplies the locked
dependencies), starts the API from that environment in a folder outside the repository, and asks it the
defining question against the real Neo4j.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from neo4j import Driver

from app.config import Settings
from tools.neo4j_local import ROOT


def _uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_installed_wheel_serves_relationships(seeded: Driver, settings: Settings, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PROJECT"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    dist = tmp_path / "dist"
    subprocess.run([*_uv(), "build", "--wheel", "--out-dir", str(dist)], cwd=ROOT, env=env, check=True, timeout=300)
    [wheel] = dist.glob("alliance_graph-*.whl")
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
