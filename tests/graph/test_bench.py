"""The benchmark runs end to end at a small size (its figures are printed, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.config import Settings
from tools.neo4j_local import ROOT


@pytest.mark.writes
def test_the_benchmark_runs_and_reports_every_figure(settings: Settings) -> None:
    size = 400
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--size", str(size), "--actors", "60", "--quick",
         "--uri", settings.neo4j_uri, "--user", settings.neo4j_user,
         "--password", settings.neo4j_password.get_secret_value()],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((ROOT / ".local" / "bench" / f"results-{size}.json").read_text())
    assert results["import"]["claims_per_s"] > 0 and results["import"]["one_tx_per_claim_per_s"] > 0
    cases = {q["case"]: q for q in results["queries"]}
    assert len(cases) == 10
    for case in cases.values():
        assert case["http_p50"] > 0
    own_query = ("paths", "timeline", "(cache)", "(304)")  # rows without a raw-driver twin
    assert all("raw_p50" in q and "no_index_p50" in q for q in results["queries"]
               if not any(word in q["case"] for word in own_query))  # fmt: skip
    assert set(results["throughput"]) == {
        f"{n} clients, {how}" for n in (8, 32) for how in ("fresh", "cache", "slider")
    }
    assert all(t["requests"] > 0 for t in results["throughput"].values())
    # driven by wrk (installed by the test command), not by a Python client competing for the cores
    assert {t["client"] for t in results["throughput"].values()} == {"wrk"}
    assert {q["http_client"] for q in results["queries"]} == {"wrk"}
    assert "month, default page" in done.stdout and "requests/s" in done.stdout
