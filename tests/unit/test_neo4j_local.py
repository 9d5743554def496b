"""The launcher's settings, generated configuration and refusals (no Neo4j started: see
tests/graph/test_neo4j_local_launcher.py for the server itself)."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

import app.config
import tools.neo4j_local
from tools.neo4j_local import (
    BROWSER_CONTENT_SECURITY_POLICY,
    ROOT,
    LauncherError,
    LauncherSettings,
    LocalNeo4j,
    main,
    privacy_settings,
)

VARIABLES = [
    "LOCAL_NEO4J_HOME",
    "LOCAL_NEO4J_BOLT_PORT",
    "LOCAL_NEO4J_HTTP_PORT",
    "LOCAL_NEO4J_HEAP",
    "LOCAL_NEO4J_PAGECACHE",
    "LOCAL_NEO4J_LIB",
    "LOCAL_NEO4J_BROWSER_STYLE",
    "LOCAL_NEO4J_DEV_PASSWORD",
    "NEO4J_USER",
    "NEO4J_PASSWORD",
]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_when_nothing_is_set(clean_env: pytest.MonkeyPatch) -> None:
    s = LauncherSettings()
    assert s.local_neo4j_home == ROOT / ".local" / "neo4j"
    assert s.local_neo4j_lib == ROOT / ".local" / "neo4j-lib"
    assert (s.local_neo4j_bolt_port, s.local_neo4j_http_port) == (7687, 7474)
    assert (s.local_neo4j_heap, s.local_neo4j_pagecache) == ("1g", "512m")
    assert s.neo4j_user == "neo4j"
    assert s.neo4j_password is None, "no password set: generated on the first start"
    assert s.local_neo4j_dev_password is False


def test_variables_of_other_programs_are_not_read(clean_env: pytest.MonkeyPatch) -> None:
    for name in ("HOME", "USER", "PASSWORD", "LIB", "HEAP", "BOLT_PORT"):
        clean_env.setenv(name, "1")
    assert LauncherSettings() == LauncherSettings.model_construct()


def test_there_is_one_development_password(tmp_path: Path) -> None:
    """The launcher takes the app's DEV_PASSWORD; the literal is written nowhere in the launcher."""
    asked = LocalNeo4j(LauncherSettings(local_neo4j_home=tmp_path, local_neo4j_dev_password=True))
    assert asked.password() is app.config.DEV_PASSWORD
    source = Path(tools.neo4j_local.__file__).read_text(encoding="utf-8")
    assert app.config.DEV_PASSWORD not in source


def test_every_variable_is_read(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    given = {
        "LOCAL_NEO4J_HOME": str(tmp_path / "home"),
        "LOCAL_NEO4J_BOLT_PORT": "17687",
        "LOCAL_NEO4J_HTTP_PORT": "17474",
        "LOCAL_NEO4J_HEAP": "768M",
        "LOCAL_NEO4J_PAGECACHE": "2g",
        "LOCAL_NEO4J_LIB": str(tmp_path / "lib"),
        "LOCAL_NEO4J_BROWSER_STYLE": "http://127.0.0.1:9000/static/browser/style.grass",
        "NEO4J_USER": "analyst",
        "NEO4J_PASSWORD": "a-longer-secret",
        "LOCAL_NEO4J_DEV_PASSWORD": "1",
    }
    for name, value in given.items():
        clean_env.setenv(name, f"  {value} ")  # surrounding blanks are dropped
    s = LauncherSettings()
    assert s.local_neo4j_home == tmp_path / "home"
    assert s.local_neo4j_lib == tmp_path / "lib"
    assert (s.local_neo4j_bolt_port, s.local_neo4j_http_port) == (17687, 17474)
    assert (s.local_neo4j_heap, s.local_neo4j_pagecache) == ("768m", "2g")
    assert s.local_neo4j_browser_style == "http://127.0.0.1:9000/static/browser/style.grass"
    assert s.neo4j_user == "analyst"
    assert s.neo4j_password is not None
    assert s.neo4j_password.get_secret_value() == "a-longer-secret"
    assert s.local_neo4j_dev_password is True
    assert "a-longer-secret" not in repr(s)


def test_an_empty_variable_takes_the_default(clean_env: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        clean_env.setenv(name, "")
    assert LauncherSettings() == LauncherSettings.model_construct()


def test_the_style_command_can_be_turned_off(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("LOCAL_NEO4J_BROWSER_STYLE", "none")
    server = LocalNeo4j()
    assert "browser.post_connect_cmd" not in server.config()
    assert "client.allow_telemetry" in server.config()


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("LOCAL_NEO4J_BOLT_PORT", "0", "greater than or equal to 1"),
        ("LOCAL_NEO4J_BOLT_PORT", "76870", "less than or equal to 65535"),
        ("LOCAL_NEO4J_HTTP_PORT", "74 74", "valid integer"),
        ("LOCAL_NEO4J_HTTP_PORT", "7687", "both 7687"),
        ("LOCAL_NEO4J_HEAP", "1gb", "is not a size"),
        ("LOCAL_NEO4J_HEAP", "1.5g", "is not a size"),
        ("LOCAL_NEO4J_PAGECACHE", "512", "is not a size"),
        ("NEO4J_PASSWORD", "short", "at least 8 characters"),
        ("LOCAL_NEO4J_BROWSER_STYLE", "style.grass; play evil", "not an http(s) URL"),
    ],
)
def test_a_typo_is_a_clear_error_naming_the_variable(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str, says: str
) -> None:
    clean_env.setenv(variable, value)
    with pytest.raises(ValidationError):
        LauncherSettings()
    assert main(["status"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: invalid launcher setting:")
    assert says in err
    assert variable in err or "LOCAL_NEO4J_BOLT_PORT and LOCAL_NEO4J_HTTP_PORT" in err
    if variable == "NEO4J_PASSWORD":
        assert value not in err, "the password is echoed"
    else:
        assert repr(value.strip()) in err or "both" in err, "the wrong value is not shown"


def test_the_generated_config_keeps_the_server_to_this_machine(tmp_path: Path) -> None:
    server = LocalNeo4j(
        LauncherSettings(local_neo4j_home=tmp_path, local_neo4j_bolt_port=17687, local_neo4j_http_port=17474)
    )
    server.write_config()
    written = dict(
        line.split("=", 1)
        for line in (tmp_path / "conf" / "neo4j.conf").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert written == server.config()
    assert written["dbms.security.http_access_control_allow_origin"] == "http://127.0.0.1:17474"
    assert written["server.bolt.listen_address"] == "127.0.0.1:17687"
    assert written["server.http.listen_address"] == "127.0.0.1:17474"
    assert written["client.allow_telemetry"] == "false"
    assert written["dbms.usage_report.enabled"] == "false"
    assert written["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"
    assert written["browser.post_connect_cmd"] == "style http://127.0.0.1:8000/static/browser/style.grass"
    # Neo4j 5.26 Community refuses to start on this Enterprise-only setting.
    assert "browser.allow_outgoing_connections" not in written
    assert privacy_settings(17474).items() <= written.items()


def test_the_content_security_policy_names_no_other_host() -> None:
    sources = {directive.split()[0]: directive.split()[1:] for directive in BROWSER_CONTENT_SECURITY_POLICY.split("; ")}
    for directive in ("default-src", "script-src", "style-src", "font-src", "img-src", "connect-src"):
        assert directive in sources, f"{directive} is not restricted"
    assert sources["script-src"] == ["'self'"]
    for directive, allowed in sources.items():
        for source in allowed:
            host = source.split("//", 1)[1].split(":", 1)[0] if "//" in source else None
            assert source in {"'self'", "'none'", "'unsafe-inline'", "data:"} or host in {"127.0.0.1", "localhost"}, (
                f"{directive} allows {source}"
            )


def test_the_browser_link_fills_in_the_connection() -> None:
    server = LocalNeo4j(
        LauncherSettings(local_neo4j_bolt_port=17687, local_neo4j_http_port=17474, neo4j_user="analyst")
    )
    assert server.browser_link == "http://127.0.0.1:17474/browser/?dbms=neo4j://analyst@127.0.0.1:17687&db=neo4j"
    default = LocalNeo4j(LauncherSettings.model_construct())
    assert default.browser_link == "http://127.0.0.1:7474/browser/?dbms=neo4j://neo4j@127.0.0.1:7687&db=neo4j"


def test_the_link_command_prints_the_browser_link(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("LOCAL_NEO4J_BOLT_PORT", "17687")
    clean_env.setenv("LOCAL_NEO4J_HTTP_PORT", "17474")
    assert main(["link"]) == 0
    assert capsys.readouterr().out == "http://127.0.0.1:17474/browser/?dbms=neo4j://neo4j@127.0.0.1:17687&db=neo4j\n"


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("which", ["bolt", "http"])
def test_start_refuses_a_port_taken_by_another_program(tmp_path: Path, taken_port: int, which: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    bolt, http = (taken_port, free) if which == "bolt" else (free, taken_port)
    server = LocalNeo4j(
        LauncherSettings(local_neo4j_home=tmp_path, local_neo4j_bolt_port=bolt, local_neo4j_http_port=http)
    )
    with pytest.raises(LauncherError, match=f"Port {taken_port} on 127.0.0.1 is taken by another program"):
        server.start(quiet=True)
    assert not (tmp_path / "conf").exists(), "nothing is written before the ports are checked"


def test_status_and_stop_without_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = LocalNeo4j(LauncherSettings(local_neo4j_home=tmp_path))
    assert server.status() == "stopped"
    assert server.stop() is False
    assert capsys.readouterr().out == "Neo4j is not running.\n"


# ------------------------------------------------------------------------------------------------- the password


def _home(tmp_path: Path, **settings: object) -> LocalNeo4j:
    return LocalNeo4j(LauncherSettings(local_neo4j_home=tmp_path / "neo4j", **settings))  # type: ignore[arg-type]


def test_a_new_database_has_no_password_until_its_first_start(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = _home(tmp_path)
    assert server.password() is None
    clean_env.setenv("LOCAL_NEO4J_HOME", str(server.home))
    assert main(["password"]) == 1
    assert "has no password yet: start it once" in capsys.readouterr().err


def test_the_generated_password_is_written_with_mode_600_and_never_overwritten(tmp_path: Path) -> None:
    server = _home(tmp_path)
    old_umask = os.umask(0)  # even with a umask that lets everyone read new files
    try:
        password = server._generate_password()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
    assert len(password) >= 32
    assert password != app.config.DEV_PASSWORD
    assert server.password_file.read_text() == password + "\n"
    assert server.password() == password, "later starts read it from the file"
    with pytest.raises(FileExistsError):
        server._generate_password()
    assert server.password() == password
    assert _home(tmp_path / "other")._generate_password() != password


def test_the_password_is_generated_only_for_a_new_database(tmp_path: Path) -> None:
    """A database that exists keeps its password: no file appears (and no admin tool runs)."""
    server = _home(tmp_path)
    (server.data_dir / "databases").mkdir(parents=True)
    server._set_initial_password()
    assert not server.password_file.exists()


def test_a_database_from_before_generated_passwords_keeps_the_development_password(tmp_path: Path) -> None:
    server = _home(tmp_path)
    (server.data_dir / "dbms").mkdir(parents=True)
    (server.data_dir / "dbms" / "auth.ini").write_text("")
    assert server.password() == app.config.DEV_PASSWORD
    assert "created before generated passwords" in server.password_source()
    assert "reset" in server.password_source()


def test_the_development_password_only_when_asked_for(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("LOCAL_NEO4J_HOME", str(tmp_path / "neo4j"))
    assert LocalNeo4j().password() is None
    clean_env.setenv("LOCAL_NEO4J_DEV_PASSWORD", "1")
    assert LocalNeo4j().password() == app.config.DEV_PASSWORD
    assert "LOCAL_NEO4J_DEV_PASSWORD" in LocalNeo4j().password_source()


def test_the_password_file_is_reused_and_printed_for_scripts(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = _home(tmp_path)
    password = server._generate_password()
    (server.data_dir / "databases").mkdir(parents=True)
    assert server.password() == password
    assert str(server.password_file) in server.password_source()
    clean_env.setenv("LOCAL_NEO4J_HOME", str(server.home))
    assert main(["password"]) == 0
    assert capsys.readouterr().out == password + "\n"


def test_neo4j_password_wins(clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = _home(tmp_path)
    server._generate_password()
    clean_env.setenv("LOCAL_NEO4J_HOME", str(server.home))
    clean_env.setenv("LOCAL_NEO4J_DEV_PASSWORD", "1")
    clean_env.setenv("NEO4J_PASSWORD", "set-by-the-user")
    assert LocalNeo4j().password() == "set-by-the-user"
    assert LocalNeo4j().password_source() == "NEO4J_PASSWORD"
    assert main(["password"]) == 0
    assert capsys.readouterr().out == "set-by-the-user\n"
