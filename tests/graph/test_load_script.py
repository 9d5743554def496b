"""The load script (bench/load.py) runs: a few seconds of its read mix against an API it starts on a free
port over the seeded graph, with no error, and reports latencies and memory. The long run is documented
in docs/reliability.md; this only proves the script works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from neo4j import Driver

from app.config import Settings
from tests.import_support import subprocess_env
from tools.neo4j_local import ROOT


def test_a_short_load_run_answers_every_request_and_reports_figures(
    seeded: Driver, settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "load.json"
    args = ["--duration", "3", "--clients", "2", "--workers", "1", "--json", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "bench.load", *args],
        cwd=ROOT,
        env=subprocess_env(settings),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    figures = json.loads(out.read_text())
    assert figures["errors"] == 0 and figures["requests"] >= 10, figures
    assert set(figures["latency_ms"]) <= {"month", "graph", "actor", "search", "claim", "timeline", "paths"}
    assert len(figures["latency_ms"]) >= 4 and figures["all_latency_ms"]["p50"] > 0
    assert figures["memory_start"]["api_rss_mb"] > 0 and figures["memory_end"]["api_rss_mb"] > 0
    assert "requests in" in proc.stdout and "resident memory" in proc.stdout
