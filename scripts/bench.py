"""Latency of the defining query against baselines measured in the same run (a running API: make run).

    .venv/bin/python scripts/bench.py [--base http://127.0.0.1:8000] [--n 200]

Baselines: /health/live (HTTP and FastAPI, no database) and /health/ready (one trivial database round
trip). Requests are sequential, on loopback, bounded in number.
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

CASES = [
    ("baseline: /health/live (no database)", "/health/live"),
    ("baseline: /health/ready (RETURN 1)", "/health/ready"),
    ("who fought whom, August 2014", "/relationships?kind=hostility&during=2014-08"),
    ("all relationships, certainly on 2014-08-18", "/relationships?during=2014-08-18&mode=certainly&limit=500"),
    ("one claim with evidence", "/relationships/syrian-army-is-hostility-dabiq"),
    ("alias search 'Daesh'", "/actors?q=Daesh"),
    ("graph slice at 2014-08-15", "/graph?at=2014-08-15"),
    ("paths Islamic Front -> Syrian army", "/paths?from=islamic-front&to=syrian-army&during=2014-08"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    n = max(10, min(args.n, 5000))
    with httpx.Client(base_url=args.base, timeout=30) as client:
        print(f"{'case':48} {'median ms':>10} {'p95 ms':>8} {'req/s':>7}")
        for name, path in CASES:
            for _ in range(10):  # warm-up: query plans, connection pool
                client.get(path).raise_for_status()
            times = []
            for _ in range(n):
                start = time.perf_counter()
                client.get(path).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{name:48} {statistics.median(times):10.2f} {p95:8.2f} {1000 / statistics.mean(times):7.0f}")


if __name__ == "__main__":
    main()
