"""A Neo4j Community server owned by the project, assembled from Maven Central.

The developer's command line; the server's control and its bulk loader live in app/local_neo4j.py (the
package's own, for the offline load of an installed wheel).

The official Neo4j tarball is not published on Maven Central, so `tools/neo4j/pom.xml` copies the
server's jars (org.neo4j:neo4j, org.neo4j.app:neo4j-server, org.neo4j.client:neo4j-browser) into a
git-ignored folder and this launcher starts `org.neo4j.server.CommunityEntryPoint` on loopback with
the JVM flags that `bin/neo4j` would pass.

    python -m tools.neo4j_local install   # fetch the jars (idempotent)
    python -m tools.neo4j_local start     # start, or find the running server; waits for Bolt and HTTP
    python -m tools.neo4j_local status
    python -m tools.neo4j_local link      # print the Neo4j Browser link (connection filled in)
    python -m tools.neo4j_local password  # print the password of the local database (for scripts)
    python -m tools.neo4j_local stop
    python -m tools.neo4j_local reset     # stop and wipe the local data and logs

Settings come from the environment (`LauncherSettings`; see docs/configuration.md).

The password: NEO4J_PASSWORD when set; the published development password when LOCAL_NEO4J_DEV_PASSWORD=1;
otherwise one generated on the first start of a new database, kept in `<LOCAL_NEO4J_HOME>/password`
(mode 600) and printed once. A database created before generated passwords (no password file) keeps the
development password.
"""

from __future__ import annotations

import argparse
import sys

from pydantic import ValidationError

from app.local_neo4j import (
    BROWSER_CONTENT_SECURITY_POLICY,
    DEFAULT_BROWSER_STYLE_URL,
    JVM_FLAGS,
    POM,
    READY_QUERY,
    ROOT,
    LauncherError,
    LauncherSettings,
    LocalNeo4j,
    admin_argument_file,
    privacy_settings,
    settings_error,
)

# what `python -m tools.neo4j_local COMMAND` takes (the docs quote these; tests/unit/test_docs.py checks them)
COMMANDS = ("install", "start", "stop", "status", "reset", "link", "password")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.neo4j_local", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for Bolt and HTTP (start)")
    args = parser.parse_args(argv)
    try:
        try:
            server = LocalNeo4j()
        except ValidationError as exc:
            raise settings_error(exc) from None
        if args.command == "install":
            server.install()
        elif args.command == "start":
            server.start(timeout=args.timeout)
        elif args.command == "stop":
            server.stop()
        elif args.command == "status":
            print(server.status())
        elif args.command == "link":
            print(server.browser_link)
        elif args.command == "password":
            print(server.login_password())
        elif args.command == "reset":
            server.reset()
    except LauncherError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


__all__ = [
    "BROWSER_CONTENT_SECURITY_POLICY",
    "DEFAULT_BROWSER_STYLE_URL",
    "JVM_FLAGS",
    "POM",
    "READY_QUERY",
    "ROOT",
    "LauncherError",
    "LauncherSettings",
    "LocalNeo4j",
    "admin_argument_file",
    "main",
    "privacy_settings",
    "settings_error",
]


if __name__ == "__main__":
    sys.exit(main())
