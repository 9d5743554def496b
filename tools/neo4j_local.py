"""A Neo4j Community server owned by the project, assembled from Maven Central.

The official Neo4j tarball is not published on Maven Central, so `tools/neo4j/pom.xml` copies the
server's jars (org.neo4j:neo4j, org.neo4j.app:neo4j-server, org.neo4j.client:neo4j-browser) into a
git-ignored folder and this launcher starts `org.neo4j.server.CommunityEntryPoint` on loopback with
the JVM flags that `bin/neo4j` would pass.

    python -m tools.neo4j_local install   # fetch the jars (idempotent)
    python -m tools.neo4j_local start     # start, or find the running server; waits for Bolt
    python -m tools.neo4j_local status
    python -m tools.neo4j_local stop
    python -m tools.neo4j_local reset     # stop and wipe the local data and logs

Settings come from the environment (see README, "Configuration").
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POM = ROOT / "tools" / "neo4j" / "pom.xml"
DEV_PASSWORD = "alliance-dev-password"  # noqa: S105 - documented development default for the local database

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


class LauncherError(RuntimeError):
    """Something the user can act on: the message says what went wrong and what to do."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass
class LocalNeo4j:
    """One local server: its home (jars, config, data, logs) and its loopback ports."""

    home: Path = field(default_factory=lambda: Path(_env("LOCAL_NEO4J_HOME", str(ROOT / ".local" / "neo4j"))))
    bolt_port: int = field(default_factory=lambda: int(_env("LOCAL_NEO4J_BOLT_PORT", "7687")))
    http_port: int = field(default_factory=lambda: int(_env("LOCAL_NEO4J_HTTP_PORT", "7474")))
    user: str = field(default_factory=lambda: _env("NEO4J_USER", "neo4j"))
    password: str = field(default_factory=lambda: _env("NEO4J_PASSWORD", DEV_PASSWORD))
    heap: str = field(default_factory=lambda: _env("LOCAL_NEO4J_HEAP", "1g"))
    pagecache: str = field(default_factory=lambda: _env("LOCAL_NEO4J_PAGECACHE", "512m"))
    lib: Path = field(default_factory=lambda: Path(_env("LOCAL_NEO4J_LIB", str(ROOT / ".local" / "neo4j-lib"))))

    # ----------------------------------------------------------------------------------- paths
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

    # --------------------------------------------------------------------------------- install
    def install(self, quiet: bool = False) -> None:
        """Copy the server's jars from Maven Central into `lib` (skipped when the pom is unchanged)."""
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
        conf = f"""# Written by tools/neo4j_local.py on every start: edit the environment, not this file.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{self.bolt_port}
server.bolt.advertised_address=127.0.0.1:{self.bolt_port}
server.http.listen_address=127.0.0.1:{self.http_port}
server.http.advertised_address=127.0.0.1:{self.http_port}
server.https.enabled=false
server.directories.data={self.data_dir}
server.directories.logs={self.logs_dir}
server.directories.run={self.pid_file.parent}
server.directories.import={self.home / "import"}
server.directories.plugins={self.home / "plugins"}
server.directories.lib={self.lib}
server.memory.heap.initial_size={self.heap}
server.memory.heap.max_size={self.heap}
server.memory.pagecache.size={self.pagecache}
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
db.transaction.timeout=60s
"""
        (self.conf_dir / "neo4j.conf").write_text(conf)

    def _java_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _set_initial_password(self) -> None:
        if (self.data_dir / "dbms" / "auth.ini").exists() or (self.data_dir / "databases").exists():
            return
        if len(self.password) < 8:
            raise LauncherError("NEO4J_PASSWORD must be at least 8 characters (Neo4j's minimum).")
        proc = subprocess.run(
            ["java", "-cp", f"{self.lib}/*", "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", self.password],
            env=self._java_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise LauncherError("Could not set the initial password:\n" + (proc.stdout + proc.stderr)[-2000:])

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

    def bolt_answers(self, timeout: float = 2.0) -> bool:
        """True when the server accepts our credentials over Bolt and answers a query."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

        try:
            with GraphDatabase.driver(
                self.bolt_uri, auth=(self.user, self.password), connection_timeout=timeout, max_connection_pool_size=1
            ) as driver:
                driver.verify_connectivity()
                return True
        except (ServiceUnavailable, SessionExpired, OSError):
            return False
        except Neo4jError as exc:
            if "Unauthorized" in (exc.code or "") or "authentication" in str(exc).lower():
                raise LauncherError(
                    f"Neo4j on {self.bolt_uri} refused the credentials of NEO4J_USER/NEO4J_PASSWORD. The local "
                    "database keeps the password it was created with: use that one, or wipe it with "
                    "`python -m tools.neo4j_local reset`."
                ) from exc
            return False

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
        if self.pid() is not None:
            if self.wait_for_bolt(timeout):
                if not quiet:
                    print(f"Neo4j already running on {self.bolt_uri} (pid {self.pid()}).")
                return "running"
            raise LauncherError(f"Neo4j (pid {self.pid()}) runs but Bolt does not answer.\n{self.log_tail()}")
        for port in (self.bolt_port, self.http_port):
            if self._port_taken(port):
                raise LauncherError(
                    f"Port {port} on 127.0.0.1 is taken by another program. Stop it, or choose other ports "
                    "with LOCAL_NEO4J_BOLT_PORT / LOCAL_NEO4J_HTTP_PORT."
                )
        self.install(quiet=quiet)
        self.write_config()
        self._set_initial_password()
        cmd = [
            "java",
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
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
        deadline = started + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LauncherError(f"Neo4j exited with code {proc.returncode} while starting.\n{self.log_tail()}")
            if self.bolt_answers():
                if not quiet:
                    print(
                        f"Neo4j started on {self.bolt_uri}, Browser at {self.http_url}/browser/ "
                        f"({time.monotonic() - started:.1f} s)."
                    )
                return "started"
            time.sleep(0.5)
        self.stop(quiet=True)
        raise LauncherError(f"Neo4j did not answer on {self.bolt_uri} within {timeout:.0f} s.\n{self.log_tail()}")

    def wait_for_bolt(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.bolt_answers():
                return True
            time.sleep(0.5)
        return False

    def stop(self, timeout: float = 60.0, quiet: bool = False) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after `timeout`). False when none ran."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            if not quiet:
                print("Neo4j is not running.")
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() is not None:
            _reap(pid)
            time.sleep(0.2)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            _reap(pid)
        self.pid_file.unlink(missing_ok=True)
        if not quiet:
            print("Neo4j stopped.")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.neo4j_local", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["install", "start", "stop", "status", "reset"])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for Bolt (start)")
    args = parser.parse_args(argv)
    server = LocalNeo4j()
    try:
        if args.command == "install":
            server.install()
        elif args.command == "start":
            server.start(timeout=args.timeout)
        elif args.command == "stop":
            server.stop()
        elif args.command == "status":
            print(server.status())
        elif args.command == "reset":
            server.reset()
    except LauncherError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
