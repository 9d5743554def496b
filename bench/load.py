"""A bounded load run on loopback: CLIENTS concurrent clients send a mix of the API's reads for DURATION
seconds, then it prints (and with --json writes) the requests, the errors, latency percentiles per kind of
request, and the resident memory of the API and of Neo4j at the start and at the end.

    .venv/bin/python -m bench.load --duration 300            # make load DURATION=300
    .venv/bin/python -m bench.load --duration 3 --clients 2  # a smoke run (tests/graph/test_load_script.py)

It starts the API itself (uvicorn on a free port, `--workers` processes, against NEO4J_URI / NEO4J_USER /
NEO4J_PASSWORD / NEO4J_DATABASE, as `make run` does: without NEO4J_PASSWORD, the local database's own
password, see tools/neo4j_local.py), unless `--url` names one already running; Neo4j's
memory is read from the launcher's pid file (`--neo4j-home`, default the launcher's LOCAL_NEO4J_HOME).
The targets (months, actors, pairs, claim ids) are drawn from the graph through the API before the run,
so it works on any data: the seed with the UCDP GED file of `make run` is the one documented. Before the
clock starts, `--warm` rounds of every kind of request (Neo4j plans each query on first use).

The mix (weights): a month's hostility claims 25, the month's graph 15, an actor's relationships in a
year 15, a name search 15, one claim 10, a pair's timeline 10, paths between two actors in a year 10.
Any answer but 2xx, and any transport error or timeout, is an error. Reads only: the API has no write
endpoints yet.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from bench.run import Server, children, rss_mb, start_api
from tools.neo4j_local import LauncherError, LauncherSettings, LocalNeo4j

console = Console(width=150)
cli = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

MONTHS = ["2014-08"] + [f"{y}-{m:02d}" for y in range(2016, 2020) for m in range(1, 13)]
YEARS = ["2014", "2016", "2017", "2018", "2019"]
SEARCHES = ["isis", "Daesh", "nusra", "Syrian army", "assad regime", "kurd", "hezbollah", "free syrian", "ahrar", "sdf"]
MIX = {"month": 25, "graph": 15, "actor": 15, "search": 15, "claim": 10, "timeline": 10, "paths": 10}
TIMEOUT = 30.0


@dataclass
class Targets:
    actors: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def discover(client: httpx.Client) -> Targets:
    """Actors, pairs and claim ids from a few month slices (the API's own answers)."""
    found = Targets()
    for month in ["2014-08", "2016-08", "2017-06", "2018-03", "2019-10"]:
        r = client.get("/relationships", params={"during": month, "limit": 200})
        r.raise_for_status()
        for item in r.json()["items"]:
            ids = [p["actor"]["id"] for p in item["parties"]]
            found.claims.append(item["id"])
            found.actors.extend(ids)
            if len(set(ids)) >= 2:
                found.pairs.append((ids[0], ids[1]))
    found.actors = sorted(set(found.actors))
    found.pairs = sorted(set(found.pairs))
    if not (found.actors and found.pairs and found.claims):
        raise typer.BadParameter("the graph has no claims in the months looked at: load the seed (and GED) first")
    return found


def warm_up(client: httpx.Client, targets: Targets, rounds: int) -> int:
    """Each kind of request `rounds` times, untimed (Neo4j plans each query text on its first use); errors."""
    rng = random.Random(0)  # noqa: S311 - a reproducible request mix, not a secret
    errors = 0
    for _ in range(rounds):
        for kind in MIX:
            path, params = request(kind, targets, rng)
            errors += not client.get(path, params=params).is_success
    return errors


def request(kind: str, t: Targets, rng: random.Random) -> tuple[str, dict[str, Any]]:
    if kind == "month":
        return "/relationships", {"kind": "hostility", "during": rng.choice(MONTHS)}
    if kind == "graph":
        return "/graph", {"during": rng.choice(MONTHS)}
    if kind == "actor":
        return f"/actors/{rng.choice(t.actors)}/relationships", {"during": rng.choice(YEARS)}
    if kind == "search":
        return "/actors", {"q": rng.choice(SEARCHES)}
    if kind == "claim":
        return f"/relationships/{rng.choice(t.claims)}", {}
    a, b = rng.choice(t.pairs)
    if kind == "timeline":
        return f"/actors/{a}/timeline", {"with": b}
    return "/paths", {"from": a, "to": b, "during": rng.choice(YEARS)}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


async def run_load(base: str, targets: Targets, duration: float, clients: int, seed: int) -> Results:
    results = Results()
    kinds, weights = list(MIX), list(MIX.values())
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:

        async def worker(n: int) -> None:
            rng = random.Random(seed * 1000 + n)  # noqa: S311 - a reproducible request mix, not a secret
            while time.monotonic() < deadline:
                kind = rng.choices(kinds, weights)[0]
                path, params = request(kind, targets, rng)
                started = time.perf_counter()
                try:
                    r = await client.get(path, params=params)
                    ok = 200 <= r.status_code < 300
                    what = f"{kind} {r.status_code}"
                except httpx.HTTPError as exc:
                    ok, what = False, f"{kind} {type(exc).__name__}"
                results.latencies[kind].append(time.perf_counter() - started)
                if not ok:
                    results.errors[what] += 1
                    if len(results.examples) < 10:
                        results.examples.append(f"{what}: {path} {params}")

        await asyncio.gather(*(worker(n) for n in range(clients)))
    return results


def percentiles(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {"n": len(ms), "p50": q[49], "p95": q[94], "p99": q[98], "max": ms[-1]}


def memory(api_pid: int | None, neo4j_pid: int | None) -> dict[str, float | None]:
    api = sum(rss_mb(p) for p in [api_pid, *children(api_pid)]) if api_pid else None
    return {"api_rss_mb": api, "neo4j_rss_mb": rss_mb(neo4j_pid) if neo4j_pid else None}


def neo4j_pid(home: Path) -> int | None:
    pid_file = home / "run" / "neo4j.pid"
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


@cli.command()
def main(
    duration: Annotated[float, typer.Option(help="seconds of load", min=1, max=3600)] = 300,
    clients: Annotated[int, typer.Option(help="concurrent clients", min=1, max=64)] = 8,
    workers: Annotated[int, typer.Option(help="uvicorn workers of the API this starts", min=1, max=8)] = 2,
    url: Annotated[str | None, typer.Option(help="an API already running (else one is started)")] = None,
    api_pid: Annotated[int | None, typer.Option(help="with --url: the API's pid, for its memory")] = None,
    neo4j_home: Annotated[Path | None, typer.Option(help="the launcher's home (for Neo4j's pid)")] = None,
    seed: Annotated[int, typer.Option(help="random seed of the request mix")] = 1,
    warm: Annotated[int, typer.Option(help="untimed rounds of every kind of request first", min=0)] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="also write the figures here")] = None,
) -> None:
    """Load the API with a read mix for DURATION seconds; print errors, latencies and memory."""
    home = neo4j_home or LauncherSettings().local_neo4j_home
    db_pid = neo4j_pid(home)
    proc = None
    if url is None:
        try:  # NEO4J_PASSWORD, else the local database's (generated on its first start, as `make run` uses)
            password = LocalNeo4j(LauncherSettings(local_neo4j_home=home)).login_password()
        except LauncherError as exc:
            raise typer.BadParameter(f"{exc} Or set NEO4J_PASSWORD.") from None
        server = Server(
            os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
            os.environ.get("NEO4J_USER", "neo4j"),
            password,
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        proc, url = start_api(server, workers)
        api_pid = proc.pid
    try:
        with httpx.Client(base_url=url, timeout=TIMEOUT) as client:
            targets = discover(client)
            warm_errors = warm_up(client, targets, warm)
        start_memory = memory(api_pid, db_pid)
        started = time.perf_counter()
        results = asyncio.run(run_load(url, targets, duration, clients, seed))
        elapsed = time.perf_counter() - started
        end_memory = memory(api_pid, db_pid)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    total = sum(len(v) for v in results.latencies.values())
    figures = {
        "duration_s": round(elapsed, 1),
        "clients": clients,
        "api_workers": workers if proc is not None else None,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "errors": sum(results.errors.values()),
        "warm_up_errors": warm_errors,
        "errors_by_kind": dict(results.errors),
        "error_examples": results.examples,
        "latency_ms": {k: percentiles(v) for k, v in sorted(results.latencies.items())},
        "all_latency_ms": percentiles([x for v in results.latencies.values() for x in v]),
        "memory_start": start_memory,
        "memory_end": end_memory,
        "targets": {"actors": len(targets.actors), "pairs": len(targets.pairs), "claims": len(targets.claims)},
    }
    report(figures)
    if json_out is not None:
        json_out.write_text(json.dumps(figures, indent=2) + "\n")
    if figures["errors"] or warm_errors:
        raise typer.Exit(1)


def report(f: dict[str, Any]) -> None:
    console.print(
        f"{f['requests']:,} requests in {f['duration_s']} s ({f['requests_per_s']}/s), {f['clients']} clients; "
        f"errors: {f['errors']} {f['errors_by_kind'] or ''}",
        highlight=False,
    )
    table = Table("request", "n", "p50 ms", "p95 ms", "p99 ms", "max ms")
    rows = [*f["latency_ms"].items(), ("all", f["all_latency_ms"])]
    for kind, p in rows:
        table.add_row(kind, f"{p['n']:,}", *(f"{p[k]:.1f}" for k in ("p50", "p95", "p99", "max")))
    console.print(table)

    def mb(v: float | None) -> str:
        return "?" if v is None else f"{v:,.0f} MB"

    for who in ("api", "neo4j"):
        key = f"{who}_rss_mb"
        console.print(
            f"{who} resident memory: {mb(f['memory_start'][key])} at the start, {mb(f['memory_end'][key])} at the end",
            highlight=False,
        )
    for example in f["error_examples"]:
        console.print(f"  error: {example}", highlight=False)


if __name__ == "__main__":
    cli()
