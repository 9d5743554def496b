"""A Neo4j Community server on this machine, owned by the project: its home (config, data, logs, pid file,
password), its start and stop, and Neo4j's bulk loader (`neo4j-admin database import full`) that
`alliance import claims FILE --offline` runs against it. Part of the package, so that the installed wheel
can run the offline load against a local Neo4j home (LOCAL_NEO4J_HOME, LOCAL_NEO4J_LIB: the server's jars).

The official Neo4j tarball is not published on Maven Central, so in a source checkout `tools/neo4j/pom.xml`
copies the server's jars (org.neo4j:neo4j, org.neo4j.app:neo4j-server, org.neo4j.client:neo4j-browser)
into a git-ignored folder (`install`), and `start` runs `org.neo4j.server.CommunityEntryPoint` on loopback
with the JVM flags that `bin/neo4j` would pass. Without the checkout (an installed wheel) the jars must be
in LOCAL_NEO4J_LIB already. The developer's command line is tools/neo4j_local.py.

Settings come from the environment (`LauncherSettings`; see docs/configuration.md).

The password: NEO4J_PASSWORD when set; the published development password when LOCAL_NEO4J_DEV_PASSWORD=1;
otherwise one generated on the first start of a new database, kept in `<LOCAL_NEO4J_HOME>/password`
(mode 600) and printed once. A database created before generated passwords (no password file) keeps the
development password.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

from app.config import DEV_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
POM = ROOT / "tools" / "neo4j" / "pom.xml"

# The flags bin/neo4j passes on Java 17 (from the 5.26 distribution's neo4j.conf), less the ones for
# profiling. Without the --add-opens Netty and the page cache fall back to slower paths or fail.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
]

# What Neo4j Browser may load and contact: this machine only. Neo4j's default policy lets the page load
# scripts from Segment and Canny, CSS and fonts from Google, and connect anywhere (`connect-src ws: wss:
# http: https:`). Browser 5.24 @imports Google Fonts unconditionally and asks for Segment's and Canny's
# scripts even with client.allow_telemetry=false (tests/browser/test_neo4j_browser.py sees the requests),
# so this header is what stops them. Bolt's WebSocket and the API (the `:style` URL below) are on other
# loopback ports, hence `:*`.
BROWSER_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; "
    "connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:* http://localhost:*"
)
# Where Browser's post-connect `:style` command fetches the project's graph style (app/cypher/browser/
# style.grass, served by the API, which lets any origin read it: the file is public).
DEFAULT_BROWSER_STYLE_URL = "http://127.0.0.1:8000/static/browser/style.grass"

# What `start` waits for: the default database answers a query that reads its store (it says "started" then).
READY_QUERY = "MATCH (n) RETURN count(n) AS nodes"

_SIZE = re.compile(r"[1-9][0-9]*[kmg]")


class LauncherError(RuntimeError):
    """Something the user can act on: the message says what went wrong and what to do."""


class LauncherSettings(BaseSettings):
    """The launcher's settings: each field is read from the environment variable of the same name in upper
    case (LOCAL_NEO4J_HOME, ..., NEO4J_USER, NEO4J_PASSWORD), as in app/config.py.

    An unset or empty variable takes the default; a value that cannot work (a port out of range, a size
    without its unit, a password shorter than Neo4j accepts) is an error naming the variable.
    """

    model_config = SettingsConfigDict(extra="ignore", frozen=True, env_ignore_empty=True, str_strip_whitespace=True)

    local_neo4j_home: Path = Field(
        default=ROOT / ".local" / "neo4j", description="config, data, logs and pid file of the server"
    )
    local_neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    local_neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    local_neo4j_heap: str = Field(default="1g", description="JVM heap, e.g. 512m or 1g")
    local_neo4j_pagecache: str = Field(default="512m", description="page cache, e.g. 256m")
    local_neo4j_lib: Path = Field(default=ROOT / ".local" / "neo4j-lib", description="the server's jars")
    local_neo4j_browser_style: str = Field(
        default=DEFAULT_BROWSER_STYLE_URL,
        description="graph style Browser loads after connecting (`:style <url>`); `none` for no command",
    )
    local_neo4j_dev_password: bool = Field(
        default=False,
        description="a new database gets the published development password instead of a generated one",
    )
    neo4j_user: str = Field(default="neo4j", min_length=1)
    neo4j_password: SecretStr | None = Field(
        default=None, description="unset: the development password if asked for, else the generated one"
    )

    @field_validator("local_neo4j_heap", "local_neo4j_pagecache")
    @classmethod
    def _a_size(cls, value: str) -> str:
        size = value.lower()
        if not _SIZE.fullmatch(size):
            raise ValueError(f"{value!r} is not a size: write a whole number and k, m or g, such as 512m or 1g")
        return size

    @field_validator("neo4j_password")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 8:
            raise ValueError("must be at least 8 characters (Neo4j's minimum)")
        return value

    @field_validator("local_neo4j_dev_password", mode="before")
    @classmethod
    def _stripped(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("local_neo4j_browser_style")
    @classmethod
    def _a_style_url(cls, value: str) -> str:
        if value.lower() == "none":
            return ""
        if not re.fullmatch(r"https?://[^\s;\"'`]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL (or `none`)")
        return value

    @model_validator(mode="after")
    def _two_ports(self) -> Self:
        if self.local_neo4j_bolt_port == self.local_neo4j_http_port:
            raise ValueError(f"LOCAL_NEO4J_BOLT_PORT and LOCAL_NEO4J_HTTP_PORT are both {self.local_neo4j_bolt_port}")
        return self


def settings_error(exc: ValidationError) -> LauncherError:
    """A settings problem in the words of the environment: which variable, what is wrong with it."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]).upper() or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        given = error.get("input")
        secret_or_said = where == "NEO4J_PASSWORD" or isinstance(given, dict) or repr(given) in message
        shown = "" if secret_or_said else f" (got {given!r})"
        lines.append(f"{where}: {message}{shown}")
    return LauncherError("invalid launcher setting:\n  " + "\n  ".join(lines))


def privacy_settings(http_port: int, style_url: str = DEFAULT_BROWSER_STYLE_URL) -> dict[str, str]:
    """The neo4j.conf settings that keep the HTTP port and Browser to this machine (docker-compose.yml too).

    - Only the server's own origin may call the HTTP API from a web page (the default `*` lets any page
      an analyst opens POST Cypher to /db/neo4j/tx/commit with the development password).
    - No usage statistics from Browser (`client.allow_telemetry`) nor from the server (usage report,
      driver telemetry); nothing loaded from or sent to other hosts (the content security policy).
    - Browser fetches guides and styles only from loopback, and applies the project's style on connect.

    `browser.allow_outgoing_connections` is not among them: Neo4j 5.26 Community does not define it (the
    server refuses to start with it) and Browser treats a Community server as always allowing outgoing
    connections, so the content security policy is what keeps Browser on this machine.
    """
    settings = {
        "dbms.security.http_access_control_allow_origin": f"http://127.0.0.1:{http_port}",
        "dbms.security.http_static_content_security_policy_header": BROWSER_CONTENT_SECURITY_POLICY,
        "client.allow_telemetry": "false",
        "dbms.usage_report.enabled": "false",
        "server.bolt.telemetry.enabled": "false",
        "browser.remote_content_hostname_whitelist": "127.0.0.1,localhost",
    }
    if style_url:
        settings["browser.post_connect_cmd"] = f"style {style_url}"
    return settings


def admin_argument_file(password: str) -> str:
    """The arguments after `set-initial-password`, as an argument file (`@file`) for Neo4j's admin tool.

    neo4j-admin reads "@<file>" as the arguments written in that file (picocli's argument files; see the
    operations manual, "Neo4j Admin and Neo4j CLI"), which keeps the password off the command line. In
    the file, a double-quoted argument may hold any character with backslash and double quote escaped;
    `--` ends the options (a password may start with "-"), and a leading "@" is doubled so that the
    password is not itself read as the name of an argument file.
    """
    escaped = password.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if password.startswith("@"):
        escaped = "@" + escaped
    return f'-- "{escaped}"\n'


class _StillRunningError(Exception):
    """The server's process has not exited yet."""


class _NotServingError(Exception):
    """The server's process runs but does not answer yet."""


def _poll(timeout: float, retry_on: tuple[type[BaseException], ...], interval: float = 0.5) -> Retrying:
    """Try again while one of `retry_on` is raised, for `timeout` seconds, waiting 50 ms, 100 ms, ... up to
    `interval` between tries; then the last exception is raised."""
    return Retrying(
        stop=stop_after_delay(timeout),
        wait=wait_exponential(multiplier=0.05, max=interval),
        retry=retry_if_exception_type(retry_on),
        reraise=True,
    )


def _bolt_not_ready() -> tuple[type[BaseException], ...]:
    """What the driver raises while a starting server is not ready for us (the driver is imported lazily)."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    return (ServiceUnavailable, SessionExpired, TransientError, OSError)


class LocalNeo4j:
    """One local server: its home (jars, config, data, logs) and its loopback ports."""

    def __init__(self, settings: LauncherSettings | None = None) -> None:
        self.settings = settings if settings is not None else LauncherSettings()

    # ----------------------------------------------------------------------------------- paths
    @property
    def home(self) -> Path:
        return self.settings.local_neo4j_home

    @property
    def lib(self) -> Path:
        return self.settings.local_neo4j_lib

    @property
    def bolt_port(self) -> int:
        return self.settings.local_neo4j_bolt_port

    @property
    def http_port(self) -> int:
        return self.settings.local_neo4j_http_port

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def password_file(self) -> Path:
        """Where the password generated on the first start is kept (mode 600)."""
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def browser_link(self) -> str:
        """Neo4j Browser with the connection filled in: user, server and database (the password is asked)."""
        return f"{self.http_url}/browser/?dbms=neo4j://{self.settings.neo4j_user}@127.0.0.1:{self.bolt_port}&db=neo4j"

    # -------------------------------------------------------------------------------- password
    def database_exists(self) -> bool:
        """True once the server's data files exist (the `neo4j` user has its password then)."""
        return (self.data_dir / "dbms" / "auth.ini").exists() or (self.data_dir / "databases").exists()

    def password(self) -> str | None:
        """The password to log in with: NEO4J_PASSWORD; else the development password when asked for
        (LOCAL_NEO4J_DEV_PASSWORD); else the password file; else, for a database created before generated
        passwords, the development password. None for a new database: `start` generates one."""
        if self.settings.neo4j_password is not None:
            return self.settings.neo4j_password.get_secret_value()
        if self.settings.local_neo4j_dev_password:
            return DEV_PASSWORD
        try:
            return self.password_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pass
        return DEV_PASSWORD if self.database_exists() else None

    def login_password(self) -> str:
        password = self.password()
        if password is None:
            raise LauncherError(
                f"The local database in {self.home} has no password yet: start it once "
                "(`python -m tools.neo4j_local start`), which generates one."
            )
        return password

    def _generate_password(self) -> str:
        """A new random password in `password_file`, created with mode 600 (never readable by others,
        not even for a moment); refuses to overwrite an existing file."""
        password = secrets.token_urlsafe(24)
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(password + "\n")
        return password

    def password_source(self) -> str:
        """Where the password in use comes from, in words (for `start`'s message)."""
        if self.settings.neo4j_password is not None:
            return "NEO4J_PASSWORD"
        if self.settings.local_neo4j_dev_password:
            return "the development password (LOCAL_NEO4J_DEV_PASSWORD)"
        if self.password_file.exists():
            return f"generated, in {self.password_file}"
        return (
            "the development password: this database was created before generated passwords (no "
            f"{self.password_file}); `python -m tools.neo4j_local reset` wipes it and the next start generates one"
        )

    # --------------------------------------------------------------------------------- install
    def install(self, quiet: bool = False) -> None:
        """Copy the server's jars from Maven Central into `lib` (skipped when the pom is unchanged); without the
        checkout's pom, check that `lib` holds them."""
        if not POM.exists():  # no source checkout (an installed wheel): the jars must be there already
            if not any(self.lib.glob("neo4j-5*.jar")):
                raise LauncherError(
                    f"no Neo4j jars in {self.lib}: set LOCAL_NEO4J_LIB to a folder holding them (a source checkout's "
                    "`python -m tools.neo4j_local install` fetches them into .local/neo4j-lib)"
                )
            return
        stamp = self.lib / ".pom.sha256"
        digest = hashlib.sha256(POM.read_bytes()).hexdigest()
        if stamp.exists() and stamp.read_text().strip() == digest and any(self.lib.glob("neo4j-5*.jar")):
            return
        if shutil.which("mvn") is None:
            raise LauncherError("Maven (mvn) is not on PATH: install Maven 3 and Java 17, then retry.")
        if shutil.which("java") is None:
            raise LauncherError("Java is not on PATH: install a Java 17 runtime, then retry.")
        if not quiet:
            print(f"Fetching Neo4j jars from Maven Central into {self.lib} ...", flush=True)
        if self.lib.exists():
            shutil.rmtree(self.lib)
        self.lib.mkdir(parents=True)
        cmd = ["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={self.lib}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise LauncherError("Maven could not fetch the Neo4j jars:\n" + (proc.stdout + proc.stderr)[-4000:])
        stamp.write_text(digest)

    # ---------------------------------------------------------------------------------- config
    def config(self) -> dict[str, str]:
        """Every setting of the generated neo4j.conf."""
        s = self.settings
        return {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.http.advertised_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "server.directories.data": str(self.data_dir),
            "server.directories.logs": str(self.logs_dir),
            "server.directories.run": str(self.pid_file.parent),
            "server.directories.import": str(self.home / "import"),
            "server.directories.plugins": str(self.home / "plugins"),
            "server.directories.lib": str(self.lib),
            "server.memory.heap.initial_size": s.local_neo4j_heap,
            "server.memory.heap.max_size": s.local_neo4j_heap,
            "server.memory.pagecache.size": s.local_neo4j_pagecache,
            "dbms.security.auth_enabled": "true",
            "db.transaction.timeout": "60s",
            # Bolt's network threads stop without the 5 s quiet period each of its two connectors waits by
            # default after the databases have stopped (10 s of every stop, the offline load's among them)
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
            **privacy_settings(self.http_port, s.local_neo4j_browser_style),
        }

    def write_config(self) -> None:
        for d in (
            self.conf_dir,
            self.data_dir,
            self.logs_dir,
            self.pid_file.parent,
            self.home / "import",
            self.home / "plugins",
        ):
            d.mkdir(parents=True, exist_ok=True)
        lines = ["# Written by tools/neo4j_local.py on every start: edit the environment, not this file."]
        lines += [f"{name}={value}" for name, value in self.config().items()]
        (self.conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")

    def _java_env(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name != "NEO4J_PASSWORD"}
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _set_initial_password(self, quiet: bool = False) -> None:
        """Give the `neo4j` user its password before the first start, without putting it on a command line.

        With no password given or asked for, one is generated into `password_file` and printed once.
        The password goes to the admin tool in an argument file readable by this user only, removed
        as soon as the tool has read it.
        """
        if self.database_exists():
            return
        password = self.password()
        if password is None:
            password = self._generate_password()
            if not quiet:
                print(
                    f"New local database: its password (user {self.settings.neo4j_user}) is {password}\n"
                    f"It is kept in {self.password_file} (readable by you only); "
                    "`python -m tools.neo4j_local password` prints it again.",
                    flush=True,
                )
        fd, name = tempfile.mkstemp(prefix=".initial-password-", dir=self.pid_file.parent)  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as argument_file:
                argument_file.write(admin_argument_file(password))
            proc = subprocess.run(
                [
                    "java",
                    "-Dfile.encoding=UTF-8",  # the admin tool reads the file in the JVM's default charset
                    "-cp",
                    f"{self.lib}/*",
                    "org.neo4j.cli.AdminTool",
                    "dbms",
                    "set-initial-password",
                    f"@{name}",
                ],
                env=self._java_env(),
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            Path(name).unlink(missing_ok=True)
        if proc.returncode != 0:
            output = (proc.stdout + proc.stderr).replace(password, "********")[-2000:]
            raise LauncherError("Could not set the initial password:\n" + output)

    # ------------------------------------------------------------------------------- bulk load
    def import_full(
        self,
        database: str,
        nodes: Sequence[tuple[str, Sequence[Path]]],
        relationships: Sequence[tuple[str | None, Sequence[Path]]],
        *,
        array_delimiter: str,
        multiline: bool = False,
    ) -> str:
        """Neo4j's bulk loader, `neo4j-admin database import full`, into `database`, replacing its store
        (`--overwrite-destination`): the server must be stopped. `nodes` are (label, [header, data...])
        groups, `relationships` (type or None for a `:TYPE` column, files). Any bad entry (a duplicate id,
        an edge to a missing node) fails the load (`--bad-tolerance=0`): the caller checked the data.
        Returns the loader's output; raises LauncherError with its end when it fails."""
        if self.pid() is not None:
            raise LauncherError(f"Neo4j (pid {self.pid()}) is running: stop it before a bulk load")
        self.write_config()
        args = [
            "database",
            "import",
            "full",
            database,
            "--overwrite-destination=true",
            f"--array-delimiter={array_delimiter}",
            "--bad-tolerance=0",
            f"--report-file={self.logs_dir / 'import.report'}",
            f"--max-off-heap-memory={self.settings.local_neo4j_pagecache}",
            *(["--multiline-fields=true"] if multiline else []),
            *(f"--nodes={label}=" + ",".join(str(f) for f in files) for label, files in nodes),
            *(
                "--relationships=" + (f"{rel_type}=" if rel_type else "") + ",".join(str(f) for f in files)
                for rel_type, files in relationships
            ),
        ]
        proc = subprocess.run(
            ["java", f"-Xmx{self.settings.local_neo4j_heap}", "-cp", f"{self.lib}/*", "org.neo4j.cli.AdminTool", *args],
            env=self._java_env(),
            cwd=self.home,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            self.discard_failed_import(database)
            output = (proc.stdout + proc.stderr)[-3000:]
            raise LauncherError(
                f"The bulk loader failed (exit {proc.returncode}); the database is left empty:\n{output}"
            )
        return proc.stdout

    def discard_failed_import(self, database: str) -> None:
        """After a bulk load that failed or was interrupted: its half-written store, which the server cannot
        open, goes (the database was empty: the caller checked), and the server makes a new, empty one on
        start. Nothing is removed while the server runs."""
        if self.pid() is not None:
            return
        for part in ("databases", "transactions"):
            shutil.rmtree(self.data_dir / part / database, ignore_errors=True)

    # --------------------------------------------------------------------------------- process
    def pid(self) -> int | None:
        """The pid of our running server, or None."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return pid  # no /proc (macOS): trust the pid file
        if b"CommunityEntryPoint" not in cmdline:
            return None
        # A zombie (exited, not yet reaped) is not running.
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                return None
        except OSError:
            pass
        return pid

    def check_bolt(self, timeout: float = 2.0) -> None:
        """Log in over Bolt and run a real read on the `neo4j` database (a login alone succeeds while that
        database is still starting). Raises the driver's error while the server is not ready (see
        `_bolt_not_ready`), and LauncherError when it refuses our credentials."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError

        auth = (self.settings.neo4j_user, self.login_password())
        try:
            # an auto-commit query: no driver retries, so `start`'s timeout bounds the wait
            with (
                GraphDatabase.driver(
                    self.bolt_uri, auth=auth, connection_timeout=timeout, max_connection_pool_size=1
                ) as driver,
                driver.session(database="neo4j") as session,
            ):
                session.run(READY_QUERY).consume()
        except AuthError as exc:
            raise LauncherError(
                f"Neo4j on {self.bolt_uri} refused the credentials of NEO4J_USER and the password "
                f"({self.password_source()}). The local database keeps the password it was created with: use "
                "that one (NEO4J_PASSWORD), or wipe it with `python -m tools.neo4j_local reset`."
            ) from exc

    def bolt_answers(self, timeout: float = 2.0) -> bool:
        """True when the server accepts our credentials over Bolt."""
        try:
            self.check_bolt(timeout)
        except _bolt_not_ready():
            return False
        return True

    def check_http(self, timeout: float = 2.0) -> None:
        """GET the HTTP discovery document (raises OSError, e.g. URLError, while the port does not answer)."""
        with urllib.request.urlopen(f"{self.http_url}/", timeout=timeout) as response:  # noqa: S310 - our loopback
            response.read()

    def _wait_until_serving(self, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
        """Wait for Bolt, then for the HTTP port (Browser), within `timeout` seconds in all.

        Raises LauncherError if the process exits or refuses our credentials, _NotServingError on timeout.
        """
        deadline = time.monotonic() + timeout

        def exited() -> None:
            if proc is not None and proc.poll() is not None:
                raise LauncherError(f"Neo4j exited with code {proc.returncode} while starting.\n{self.log_tail()}")

        try:
            for attempt in _poll(timeout, _bolt_not_ready()):
                with attempt:
                    exited()
                    self.check_bolt()
            for attempt in _poll(max(deadline - time.monotonic(), 0.0), (OSError,)):
                with attempt:
                    exited()
                    self.check_http()
        except _bolt_not_ready() as exc:
            raise _NotServingError(str(exc)) from exc

    def _port_taken(self, port: int) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            return s.connect_ex(("127.0.0.1", port)) == 0

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for log in (self.console_log, self.logs_dir / "neo4j.log", self.logs_dir / "debug.log"):
            if log.exists():
                text = log.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {log} (last {len(text)} lines)\n" + "\n".join(text))
        return "\n".join(parts) or "(no log written)"

    def start(self, timeout: float = 120.0, quiet: bool = False) -> str:
        """Start the server, or find it running. Returns "started" or "running"."""
        pid = self.pid()
        if pid is not None:
            try:
                self._wait_until_serving(timeout)
            except _NotServingError as exc:
                raise LauncherError(
                    f"Neo4j (pid {pid}) runs but does not answer on {self.bolt_uri} and {self.http_url} "
                    f"within {timeout:.0f} s ({exc}).\n{self.log_tail()}"
                ) from exc
            if not quiet:
                print(
                    f"Neo4j already running on {self.bolt_uri} (pid {pid}).\n"
                    f"Password: {self.password_source()}.\nNeo4j Browser: {self.browser_link}"
                )
            return "running"
        for port in (self.bolt_port, self.http_port):
            if self._port_taken(port):
                raise LauncherError(
                    f"Port {port} on 127.0.0.1 is taken by another program. Stop it, or choose other ports "
                    "with LOCAL_NEO4J_BOLT_PORT / LOCAL_NEO4J_HTTP_PORT."
                )
        self.install(quiet=quiet)
        self.write_config()
        self._set_initial_password(quiet=quiet)
        cmd = [
            "java",
            f"-Xms{self.settings.local_neo4j_heap}",
            f"-Xmx{self.settings.local_neo4j_heap}",
            *JVM_FLAGS,
            "-cp",
            f"{self.lib}/*",
            "org.neo4j.server.CommunityEntryPoint",
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
            "--console-mode",
        ]
        started = time.monotonic()
        with open(self.console_log, "ab") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._java_env(),
                cwd=self.home,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        try:
            self._wait_until_serving(timeout, proc)
        except _NotServingError as exc:
            tail = self.log_tail()
            self.stop(quiet=True)
            raise LauncherError(
                f"Neo4j did not answer on {self.bolt_uri} and {self.http_url} within {timeout:.0f} s ({exc}).\n{tail}"
            ) from exc
        if not quiet:
            print(
                f"Neo4j started on {self.bolt_uri} ({time.monotonic() - started:.1f} s).\n"
                f"Password: {self.password_source()}.\n"
                f"Neo4j Browser: {self.browser_link}"
            )
        return "started"

    def _wait_for_exit(self, pid: int, timeout: float) -> bool:
        """True once our server `pid` has exited (reaped when it is our child), False after `timeout` s."""
        try:
            for attempt in _poll(timeout, (_StillRunningError,), interval=0.2):
                with attempt:
                    _reap(pid)
                    if self.pid() == pid:
                        raise _StillRunningError(pid)
        except _StillRunningError:
            return False
        return True

    def stop(self, timeout: float = 60.0, quiet: bool = False) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after `timeout`). False when none ran."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            if not quiet:
                print("Neo4j is not running.")
            return False
        with contextlib.suppress(ProcessLookupError):  # it may have exited since pid() looked
            os.kill(pid, signal.SIGTERM)
        if not self._wait_for_exit(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            if not self._wait_for_exit(pid, 10.0):
                raise LauncherError(f"Neo4j (pid {pid}) survived SIGTERM and SIGKILL.")
        self.pid_file.unlink(missing_ok=True)
        if not quiet:
            print("Neo4j stopped.")
        return True

    def kill(self) -> bool:
        """SIGKILL the server at once (the fault tests: a crash, with no clean shutdown). False when none ran."""
        pid = self.pid()
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if not self._wait_for_exit(pid, 10.0):
            raise LauncherError(f"Neo4j (pid {pid}) survived SIGKILL.")
        self.pid_file.unlink(missing_ok=True)
        return True

    def reset(self, quiet: bool = False) -> None:
        """Stop the server and wipe its data and logs (jars and config are kept)."""
        self.stop(quiet=True)
        for d in (self.data_dir, self.logs_dir):
            if d.exists():
                shutil.rmtree(d)
        if not quiet:
            print(f"Local Neo4j data wiped ({self.data_dir}).")

    def status(self) -> str:
        pid = self.pid()
        if pid is None:
            return "stopped"
        return f"running (pid {pid}) on {self.bolt_uri}" if self.bolt_answers() else f"starting (pid {pid})"


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our child (it is when the tests started it)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
