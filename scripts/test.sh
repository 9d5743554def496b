#!/usr/bin/env bash
# The whole test suite: lint (ruff), types (mypy), tests (pytest, against a real Neo4j).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test
echo "== ruff check"; .venv/bin/ruff check .
echo "== ruff format --check"; .venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/pytest "$@"
