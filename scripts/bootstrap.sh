#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine (idempotent, quick when already done):
#   uv (from PyPI) -> .venv from uv.lock -> Neo4j jars from Maven Central (tools/neo4j/pom.xml).
# Needs: Python 3.11+, Java 17, Maven 3 on PATH. Installs nothing outside the repo but uv and ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

PY=${PYTHON:-python3}
pip_install() { "$PY" -m pip install --quiet --disable-pip-version-check "$@" "uv>=0.5,<1"; }
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  if ! "$PY" -m uv --version >/dev/null 2>&1; then
    echo "bootstrap: installing uv from PyPI" >&2
    # a plain install; then per-user; then per-user where the system Python is marked externally managed
    pip_install 2>/dev/null || pip_install --user 2>/dev/null || pip_install --user --break-system-packages
  fi
  UV=("$PY" -m uv)
fi
"${UV[@]}" sync --frozen --quiet --python "$("$PY" -c 'import sys; print(sys.executable)')"
.venv/bin/python -m tools.neo4j_local install
