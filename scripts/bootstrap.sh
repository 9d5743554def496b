#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine (idempotent, quick when already done):
#   uv (from PyPI) -> .venv from uv.lock -> Neo4j jars from Maven Central (tools/neo4j/pom.xml).
# Needs: Python 3.11+, Java 17, Maven 3 on PATH. Installs nothing outside the repo but uv and ~/.m2.
# With --test (scripts/test.sh) also what the tests drive: Debian's chromium (the browser tests), Node.js
# (the Cytoscape export test) and wrk (the benchmark's load generator, run by its smoke test); with --bench
# (make bench) wrk alone. Installed with apt-get when run as root; otherwise it prints the command and fails.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/nonexistent}" ] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
fi
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing ${missing[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ "${1:-}" = "--bench" ]; then
    echo "bootstrap: no wrk (sudo apt-get install -y wrk): the benchmark times HTTP with httpx instead" >&2
  else
    echo "bootstrap: the tests need ${missing[*]}: run  sudo apt-get install -y ${missing[*]}" >&2
    echo "           (or set CHROMIUM_PATH to a Chromium or Chrome binary), then run make test again" >&2
    exit 1
  fi
fi
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
