"""API keys: made by `alliance keys create` (printed once, stored hashed, mode 600), resolved from
`Authorization: Bearer` or `X-API-Key`; reads open unless API_READS_NEED_KEY=1; keys never logged."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.services import keys as keystore
from tests.curation_support import make_keys
from tests.helpers import problem
from tests.import_support import run_cli, subprocess_env


def test_keys_create_prints_the_key_once_and_stores_only_its_hash(settings: Settings, tmp_path: Path) -> None:
    file = tmp_path / "keys.json"
    done = run_cli(settings, "keys", "create", "--name", "lina", "--role", "editor", "--file", file)
    assert done.exit_code == 0, done.output
    key = done.stdout.strip().splitlines()[-1]
    assert key.startswith("alk_") and len(key) > 40
    text = file.read_text()
    assert key not in text
    stored = json.loads(text)["keys"]
    assert stored == [
        {"name": "lina", "role": "editor", "sha256": keystore.digest(key), "created": stored[0]["created"]}
    ]
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    again = run_cli(settings, "keys", "create", "--name", "lina", "--file", file)
    assert again.exit_code == 1 and "exists" in again.output
    listed = run_cli(settings, "keys", "list", "--file", file)
    assert listed.stdout.startswith("lina\teditor\t") and key not in listed.stdout
    assert run_cli(settings, "keys", "revoke", "lina", "--file", file).exit_code == 0
    assert json.loads(file.read_text())["keys"] == []


def test_reads_need_a_key_only_when_configured(settings: Settings, seeded: object, tmp_path: Path) -> None:
    file, made = make_keys(tmp_path)
    open_app = create_app(settings.model_copy(update={"api_keys_file": file}))
    closed_app = create_app(settings.model_copy(update={"api_keys_file": file, "api_reads_need_key": True}))
    with TestClient(open_app) as open_api, TestClient(closed_app) as closed_api:
        assert open_api.get("/actors/islamic-state").status_code == 200
        body = problem(closed_api.get("/actors/islamic-state"), 401)
        assert "API key" in body["detail"]
        assert closed_api.get("/actors/islamic-state").headers["www-authenticate"].startswith("Bearer")
        bearer = {"Authorization": f"Bearer {made['reader']}"}
        assert closed_api.get("/actors/islamic-state", headers=bearer).status_code == 200
        assert closed_api.get("/relationships", headers={"X-API-Key": made["editor"]}).status_code == 200
        wrong = problem(closed_api.get("/graph", headers={"Authorization": "Bearer alk_not-a-key"}), 401)
        assert "alk_not-a-key" not in json.dumps(wrong)
        assert closed_api.get("/health/live").status_code == 200  # health checks stay open


def test_keys_from_the_environment(
    settings: Settings, seeded: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = keystore.new_key()
    monkeypatch.setenv("API_KEYS", f"ci-bot:reader:{keystore.digest(key)}")
    monkeypatch.setenv("API_READS_NEED_KEY", "1")
    monkeypatch.setenv("API_KEYS_FILE", str(tmp_path / "none.json"))
    connection = ("neo4j_uri", "neo4j_user", "neo4j_password", "neo4j_database")
    app = create_app(Settings(**{name: getattr(settings, name) for name in connection}))
    with TestClient(app) as api:
        assert api.get("/sources", headers={"X-API-Key": key}).status_code == 200
        assert api.get("/sources", headers={"X-API-Key": key + "x"}).status_code == 401


def test_no_key_in_the_application_logs(
    settings: Settings, seeded: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file, made = make_keys(tmp_path)
    app = create_app(settings.model_copy(update={"api_keys_file": file, "api_reads_need_key": True}))
    caplog.set_level(logging.DEBUG)
    with TestClient(app) as api:
        for key in made.values():
            api.get("/relationships?during=2014-08", headers={"Authorization": f"Bearer {key}"})
            api.get("/actors/nobody", headers={"X-API-Key": key})
        api.get("/actors", headers={"Authorization": "Bearer alk_wrong-key-value"})
    logged = "\n".join(r.getMessage() + str(r.args) for r in caplog.records)
    assert logged, "nothing was logged: the test would prove nothing"
    for key in [*made.values(), "alk_wrong-key-value"]:
        assert key not in logged


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_no_key_in_uvicorns_access_log(settings: Settings, seeded: object, tmp_path: Path) -> None:
    """The real server, its access log on at debug level: requests with keys in both headers leave no key."""
    file, made = make_keys(tmp_path)
    port = _free_port()
    env = subprocess_env(settings) | {"API_KEYS_FILE": str(file), "API_READS_NEED_KEY": "1"}
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:app", "--port", str(port), "--log-level", "debug"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=os.getcwd(),
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120  # a shared, busy machine can take long to import the app
            while True:
                try:
                    if httpx.get(f"{base}/health/live", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)
            for key in made.values():
                assert httpx.get(f"{base}/actors/islamic-state", headers={"Authorization": f"Bearer {key}"}).is_success
                httpx.get(f"{base}/actors/none-such", headers={"X-API-Key": key})
            assert httpx.get(f"{base}/actors", headers={"X-API-Key": "alk_wrong-key-value"}).status_code == 401
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)
    text = log_path.read_text()
    assert '"GET /actors/islamic-state HTTP/1.1" 200' in text, text  # the access log is on
    for key in [*made.values(), "alk_wrong-key-value"]:
        assert key not in text
