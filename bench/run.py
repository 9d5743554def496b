"""The benchmark: a synthetic graph of SIZE claims, loaded through the project's importer, then every
figure of the performance issue next to its baseline from the same run.

    .venv/bin/python -m bench.run --size 1000000          # make bench SIZE=1000000
    .venv/bin/python -m bench.run --size 2000 --quick      # CI: proves it runs; figures mean nothing

By default it runs its own Neo4j (tools/neo4j_local.py, home .local/neo4j-bench, Bolt 7689, HTTP 7476,
wiped first). `--uri` points it at another server instead: that database is WIPED.

Figures (printed, and written as JSON to .local/bench/results-SIZE.json):
- import: claims/s through `alliance import claims`, and one transaction per claim on a sample (ratio);
  then, on its own Neo4j only, the offline first load of the same file (`--offline`) into the emptied
  database, with the time of each step (`--imports both|online|offline`; `--imports-only` skips the rest);
- per query: p50 and p99 through HTTP (the API under uvicorn with one worker per core), the same Cypher
  through the raw driver (ratio), and the same Cypher without the project's window indexes (ratio);
- throughput of the defining query at 8 and 32 concurrent clients (bounded; errors counted), driven by wrk
  (a C load generator, `apt-get install wrk`; `make bench` installs it when run as root) so that the client
  does not take the cores from the API; with httpx from this process when wrk is missing (said so);
- resident memory of Neo4j and of the API, and the database's size on disk.
Nothing here is asserted: it measures and prints.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import httpx
import typer
from neo4j import Driver, GraphDatabase, unit_of_work
from neo4j.exceptions import ClientError
from rich.console import Console
from rich.table import Table

from app.domain.model import ClaimKind
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import parse_window
from app.repository import catalog
from app.repository.reader import claims_page_query
from bench import synthetic

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".local" / "bench"
HOME = ROOT / ".local" / "neo4j-bench"
BOLT, HTTP_PORT = 7689, 7476
PASSWORD = "alliance-dev-password"  # noqa: S105 - the local development default
WINDOW_INDEXES = ("claim_window_entry", "party_window")
console = Console(width=150)
cli = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


# ----------------------------------------------------------------------------------------- server
@dataclass
class Server:
    uri: str
    user: str
    password: str
    database: str = "neo4j"
    home: Path | None = None  # our own launcher's home, when we started it
    launcher: dict[str, str] = field(default_factory=dict)  # its LOCAL_NEO4J_* settings

    def driver(self) -> Driver:
        # as the app's driver: absent optional properties are expected, not worth a warning
        return GraphDatabase.driver(self.uri, auth=(self.user, self.password), notifications_min_severity="OFF")

    def env(self) -> dict[str, str]:
        return os.environ | {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }


def launcher_env(
    heap: str, pagecache: str, home: Path = HOME, bolt: int = BOLT, http: int = HTTP_PORT
) -> dict[str, str]:
    return {
        "LOCAL_NEO4J_HOME": str(home),
        "LOCAL_NEO4J_BOLT_PORT": str(bolt),
        "LOCAL_NEO4J_HTTP_PORT": str(http),
        "LOCAL_NEO4J_HEAP": heap,
        "LOCAL_NEO4J_PAGECACHE": pagecache,
        "NEO4J_PASSWORD": PASSWORD,  # the benchmark's own database keeps the known development password
    }


LAUNCHER = [sys.executable, "-m", "tools.neo4j_local"]


def own_server(
    heap: str, pagecache: str, *, keep: bool = False, home: Path = HOME, bolt: int = BOLT, http: int = HTTP_PORT
) -> Server:
    env = launcher_env(heap, pagecache, home, bolt, http)
    if not keep:
        subprocess.run([*LAUNCHER, "reset"], cwd=ROOT, env=os.environ | env, check=True)
    subprocess.run([*LAUNCHER, "start"], cwd=ROOT, env=os.environ | env, check=True)
    return Server(f"bolt://127.0.0.1:{bolt}", "neo4j", PASSWORD, home=home, launcher=env)


def wipe(server: Server) -> None:
    """Delete everything, 5,000 nodes per transaction (each well inside the server's transaction timeout)."""
    with server.driver() as d:
        while True:
            records, _, _ = d.execute_query(
                "MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted", database_=server.database
            )
            if records[0]["deleted"] == 0:
                return


def java_pid(server: Server) -> int | None:
    if server.home is None:
        return None
    pid_file = server.home / "run" / "neo4j.pid"
    return int(pid_file.read_text().strip()) if pid_file.exists() else None


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# ------------------------------------------------------------------------------------------- data
def write_ndjson(
    path: Path, sizes: synthetic.Sizes, claims: Iterator[dict[str, Any]], *, entities: bool = True
) -> None:
    """The synthetic set in the import format (docs/import-format.md): actors, sources, then claims
    (`entities=False`: the claims alone, naming actors and sources already in the graph)."""
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"type": "file", "as_of": synthetic.SOURCE_DATE.isoformat()}) + "\n")
        for actor in synthetic.actors(sizes) if entities else []:
            f.write(json.dumps({"type": "actor", **actor}) + "\n")
        for source in synthetic.sources(sizes) if entities else []:
            f.write(json.dumps({"type": "source", **source}) + "\n")
        for claim in claims:
            f.write(json.dumps({"type": "claim", **claim}) + "\n")


def import_file(server: Server, path: Path, *extra: str) -> float:
    """Seconds `alliance import claims` took for the file, as it reports them ("in 12.3 s"), else wall time."""
    return _import(server, path, *extra)[0]


def _import(server: Server, path: Path, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "alliance"), "import", "claims", str(path), "--progress", "none", *extra],
        cwd=ROOT,
        env=server.env() | server.launcher,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"alliance import claims {path} {' '.join(extra)}: exit {done.returncode}\n{done.stderr}")
    reported = re.search(r" in ([0-9.]+) s ", done.stdout)
    return (float(reported.group(1)) if reported else time.perf_counter() - started), done.stdout


def measure_offline(server: Server, data: Path, size: int) -> dict[str, Any]:
    """The same file through `alliance import claims --offline` (Neo4j's bulk loader) into the bench's own
    Neo4j, emptied first (`tools.neo4j_local reset`): wall time from the command's start to the graph
    answering with its indexes online. The queries then run on this graph (the online import's own twin)."""
    env = os.environ | server.launcher
    subprocess.run([*LAUNCHER, "reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*LAUNCHER, "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    seconds, output = _import(server, data, "--offline")
    steps = re.search(r"^  (read, checked.*)$", output, re.MULTILINE)
    return {
        "offline_claims_per_s": size / seconds,
        "offline_seconds": seconds,
        "offline_steps": steps.group(1) if steps else "",
    }


# ------------------------------------------------------------------------------------------ timing
@dataclass
class Timing:
    """Milliseconds: the samples taken here, or percentiles another tool measured (`fixed`, from wrk)."""

    samples: list[float] = field(default_factory=list)
    fixed: dict[float, float] = field(default_factory=dict)

    def p(self, q: float) -> float:
        if q in self.fixed:
            return self.fixed[q]
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")

    @property
    def p50(self) -> float:
        if 0.5 in self.fixed:
            return self.fixed[0.5]
        return statistics.median(self.samples) if self.samples else float("nan")


def timed(fn: Callable[[], object], n: int, warm: int = 3) -> Timing:
    for _ in range(warm):
        fn()
    t = Timing()
    for _ in range(n):
        start = time.perf_counter()
        fn()
        t.samples.append((time.perf_counter() - start) * 1000)
    return t


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    params: dict[str, Any]
    page: ClaimPage | None  # the claims page the route reads (None: a route with its own query)


NO_INDEX_TIMEOUT = 30.0  # seconds: a query without the indexes that takes longer is recorded as "> 30 s"


def raw_claims(driver: Driver, database: str, page: ClaimPage, strip_hints: bool = False) -> Callable[[], object]:
    """The route's statement (claims_page: the page's ids selected, then hydrated) in a read transaction,
    raw. `strip_hints`: without the index hints (for the run without the indexes), under NO_INDEX_TIMEOUT."""
    query, params = claims_page_query(page)
    if strip_hints:
        query = "\n".join(line for line in query.splitlines() if not line.strip().startswith("USING INDEX"))

    def work(tx: Any) -> list[Any]:
        claims: list[Any] = tx.run(query, params).single(strict=True)["claims"]
        return claims

    timeout = NO_INDEX_TIMEOUT if strip_hints else None

    def run() -> object:
        with driver.session(database=database) as s:
            return s.execute_read(unit_of_work(timeout=timeout)(work))

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# The HTTP edges `make run` serves with (scripts/run.sh; the Dockerfile too; docs/reliability.md): h11 with a
# bounded request head, idle keep-alive closed after 5 s, at most 256 connections per worker. Measured as
# served: uvicorn's default parser (httptools) is faster and has no head limit.
# tests/unit/test_serving_flags.py checks the three say the same.
HTTP_EDGES = (
    "--http",
    "h11",
    "--h11-max-incomplete-event-size",
    "16384",
    "--timeout-keep-alive",
    "5",
    "--limit-concurrency",
    "256",
)


def start_api(server: Server, workers: int, code: Path = ROOT) -> tuple[subprocess.Popen[bytes], str]:
    """The API of the code in `code` (this tree, or another version's: bench/compare.py) under uvicorn."""
    port = free_port()
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "uvicorn"),
            "app.main:app",
            "--app-dir",
            str(code),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
            *HTTP_EDGES,
        ],
        cwd=code,
        env=server.env(),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health/ready", timeout=5).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("the API did not become ready")


FRESH = {"Cache-Control": "no-cache"}  # the API answers from the database, not from its cache (app/api/cache.py)
SLIDER = [f"2014-{m:02d}" for m in range(1, 13)]  # a month slider moved across 2014, again and again


def _asked(params: dict[str, Any], slider: bool, i: int) -> dict[str, Any]:
    return params | {"during": SLIDER[i % len(SLIDER)]} if slider else params


async def throughput_httpx(
    base: str, path: str, params: dict[str, Any], clients: int, total: int, *, fresh: bool, slider: bool = False
) -> Throughput:
    """`total` requests shared by `clients` concurrent httpx clients in this process (the fallback when wrk
    is missing: the Python client then competes with the API for the cores and is often the bottleneck)."""
    errors = 0
    remaining = total
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = FRESH if fresh else {}
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits, headers=headers) as client:

        async def worker() -> None:
            nonlocal errors, remaining
            while remaining > 0:
                remaining -= 1
                try:
                    r = await client.get(path, params=_asked(params, slider, remaining))
                    errors += r.status_code != 200
                except httpx.HTTPError:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return Throughput(total / (time.perf_counter() - started), errors, total, "httpx")


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def throughput_wrk(
    base: str, path: str, params: dict[str, Any], clients: int, seconds: int, *, fresh: bool, slider: bool = False
) -> Throughput:
    """`clients` connections kept busy for `seconds` by wrk (a C load generator, two threads), so the figure
    is the API's and not the client's. Errors: answers other than 2xx/3xx, and connect, read, write and
    timeout (30 s) errors."""
    paths = [f"{path}?{urlencode(_asked(params, slider, i))}" for i in range(len(SLIDER) if slider else 1)]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        headers = ["-H", "Cache-Control: no-cache"] if fresh else []
        command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", *headers, "-s", script.name]
        out = subprocess.run([*command, base], capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    done = re.search(r"([0-9]+) requests in", out)
    rate = re.search(r"Requests/sec:\s*([0-9.]+)", out)
    if done is None or rate is None:
        raise RuntimeError(f"wrk's output was not understood:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses: ([0-9]+)", out)
    sockets = re.search(r"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in sockets.groups()) if sockets else 0)
    return Throughput(float(rate.group(1)), errors, int(done.group(1)), "wrk")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def latency_wrk(base: str, path: str, params: dict[str, Any], headers: dict[str, str], seconds: int) -> Timing:
    """p50 and p99 of one client asking again and again for `seconds` (wrk --latency, one connection):
    the API's latency without a Python client's own time in it."""
    command = ["wrk", "-t1", "-c1", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    url = f"{base}{path}?{urlencode(params)}"
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: ([0-9]+)", out)
    if bad:
        raise RuntimeError(f"{bad.group(1)} answers were errors for {url}")
    percentiles = re.findall(r"^\s+(50|99)%\s+([0-9.]+)(us|ms|s|m)\s*$", out, re.M)
    found = {q: float(value) * _UNITS[unit] for q, value, unit in percentiles}
    if set(found) != {"50", "99"}:
        raise RuntimeError(f"wrk's latency output was not understood:\n{out}")
    return Timing(fixed={0.5: found["50"], 0.99: found["99"]})


@dataclass
class Throughput:
    requests_per_s: float
    errors: int
    requests: int
    client: str


# ------------------------------------------------------------------------------------------- main
@cli.command()
def main(
    size: Annotated[int, typer.Option(help="claims")] = 100_000,
    actors: Annotated[int, typer.Option(help="actors")] = 2000,
    uri: Annotated[str | None, typer.Option(help="use this Neo4j (it is WIPED) instead of starting one")] = None,
    user: str = "neo4j",
    password: str = PASSWORD,
    n: Annotated[int, typer.Option(help="requests per case")] = 200,
    quick: Annotated[bool, typer.Option(help="few requests: proves it runs (CI)")] = False,
    heap: str = "3g",
    pagecache: str = "3g",
    workers: Annotated[int, typer.Option(help="API workers (default: one per core)")] = 0,
    queries_only: Annotated[
        bool, typer.Option(help="keep the graph of the previous run of the same size; measure the queries again")
    ] = False,
    imports: Annotated[
        str,
        typer.Option(
            help="both: the online import, then the offline bulk load (own Neo4j only); online; offline (the"
            " online import not run: no one-transaction-per-claim ratio)"
        ),
    ] = "both",
    imports_only: Annotated[bool, typer.Option(help="measure the imports, not the queries")] = False,
    home: Annotated[Path, typer.Option(help="the own Neo4j's home (wiped)")] = HOME,
    bolt_port: Annotated[int, typer.Option(help="the own Neo4j's Bolt port")] = BOLT,
    http_port: Annotated[int, typer.Option(help="the own Neo4j's HTTP port")] = HTTP_PORT,
) -> None:
    """Generate, import, measure, print."""
    if imports not in ("both", "online", "offline"):
        raise typer.BadParameter(f"--imports {imports}: both, online or offline")
    WORK.mkdir(parents=True, exist_ok=True)
    n = 5 if quick else n
    workers = workers or (1 if quick else os.cpu_count() or 1)
    server = (
        Server(uri, user, password)
        if uri
        else own_server(heap, pagecache, keep=queries_only, home=home, bolt=bolt_port, http=http_port)
    )
    out = WORK / f"results-{size}.json"
    if uri and not queries_only:
        wipe(server)
    sizes = synthetic.Sizes(actors, size)
    results: dict[str, Any] = {"size": size, "actors": actors, "date": date.today().isoformat()}
    if queries_only:
        results["import"] = json.loads(out.read_text())["import"] if out.exists() else None
    else:
        results["import"] = measure_import(server, sizes, imports)
    if not imports_only:
        results |= measure_queries(server, sizes, n, quick, workers)
    out.write_text(json.dumps(results, indent=1, default=str) + "\n")
    report(results)
    console.print(f"written {out}")


def measure_import(server: Server, sizes: synthetic.Sizes, imports: str = "both") -> dict[str, Any]:
    """Claims/s through `alliance import claims` for the whole set, and one claim per transaction on a sample;
    then (own Neo4j only) the same file through the offline bulk load into the emptied database."""
    size, actors = sizes.claims, sizes.actors
    data = WORK / f"synthetic-{size}-{actors}.ndjson.gz"
    if not data.exists():
        console.print(f"generating {size:,} claims -> {data}")
        write_ndjson(data, sizes, synthetic.claims(sizes))
    online = _measure_online(server, sizes, data) if imports != "offline" else {}
    if imports != "online" and server.home is not None:
        return online | measure_offline(server, data, size)
    return online


def _measure_online(server: Server, sizes: synthetic.Sizes, data: Path) -> dict[str, Any]:
    """The whole set in batches, then a sample one claim per transaction."""
    size, actors = sizes.claims, sizes.actors
    seconds = import_file(server, data)
    sample_size = max(50, min(2000, size // 50))
    sample = WORK / f"sample-{sample_size}.ndjson.gz"
    write_ndjson(
        sample,
        synthetic.Sizes(actors, sample_size),
        _renamed(synthetic.claims(synthetic.Sizes(actors, sample_size), seed=7)),
        entities=False,
    )
    single = import_file(server, sample, "--batch-size", "1")
    with server.driver() as d:
        d.execute_query("MATCH (c:Claim) WHERE c.id STARTS WITH 'single-' DETACH DELETE c", database_=server.database)
    return {
        "claims_per_s": size / seconds,
        "one_tx_per_claim_per_s": sample_size / single,
        "ratio": (size / seconds) / (sample_size / single),
    }


def busiest_actors(server: Server) -> tuple[str, str]:
    """The ids of the two actors party to the most claims."""
    with server.driver() as d:
        hub = d.execute_query(
            "MATCH (a:Actor)<-[:PARTY]-() RETURN a.id AS id, count(*) AS n ORDER BY n DESC LIMIT 2",
            database_=server.database,
        ).records
    return hub[0]["id"], hub[1]["id"]


def query_cases(first: str, second: str) -> list[Case]:
    """The queries measured, for the busiest actor `first` and the second busiest `second`."""
    month = parse_window("2014-08")
    year = parse_window("2014")
    hostility = (ClaimKind.HOSTILITY,)
    return [
        Case(
            "month, default page",
            "/relationships",
            {"kind": "hostility", "during": "2014-08"},
            ClaimPage(ClaimFilter(kinds=hostility, window=month), 101),
        ),
        Case(
            "month, limit=500",
            "/relationships",
            {"kind": "hostility", "during": "2014-08", "limit": 500},
            ClaimPage(ClaimFilter(kinds=hostility, window=month), 501),
        ),
        Case(
            "month, mode=certainly",
            "/relationships",
            {"kind": "hostility", "during": "2014-08", "mode": "certainly"},
            ClaimPage(ClaimFilter(kinds=hostility, window=month, mode="certainly"), 101),
        ),
        Case(
            "month, actor= (busiest actor)",
            "/relationships",
            {"kind": "hostility", "during": "2014-08", "actor": first},
            ClaimPage(ClaimFilter(kinds=hostility, window=month, actors=(first,)), 101),
        ),
        Case("/graph, month", "/graph", {"during": "2014-08"}, ClaimPage(ClaimFilter(window=month), 501)),
        Case(
            "actor's relationships, 2014",
            f"/actors/{first}/relationships",
            {"during": "2014"},
            ClaimPage(ClaimFilter(window=year, actors=(first,)), 101),
        ),
        Case("timeline of two busy actors", f"/actors/{first}/timeline", {"with": second}, None),
        Case("paths, month", "/paths", {"from": first, "to": second, "during": "2014-08"}, None),
    ]


def measure_queries(server: Server, sizes: synthetic.Sizes, n: int, quick: bool, workers: int) -> dict[str, Any]:
    """Every query case through HTTP, raw and without indexes; throughput; memory and disk."""
    results: dict[str, Any] = {}
    with server.driver() as d:
        with d.session(database=server.database) as s:  # the project's indexes, all online
            for statement in catalog.statements("schema"):
                s.run(statement).consume()
        d.execute_query("CALL db.awaitIndexes(900)", database_=server.database)
    cases = query_cases(*busiest_actors(server))

    api, base = start_api(server, workers)
    try:
        rows = []
        wrk = shutil.which("wrk")
        if not wrk:
            console.print(
                "[yellow]wrk not found (apt-get install wrk): HTTP latency and throughput measured with httpx[/]"
            )
        seconds = 1 if quick else 10
        with server.driver() as d, httpx.Client(base_url=base, timeout=60) as client:
            for case in cases:

                def http(case: Case = case) -> object:
                    r = client.get(case.path, params=case.params, headers=FRESH)
                    r.raise_for_status()
                    return r

                if wrk:
                    timed(http, 0)  # three requests first: plans made, pages cached
                    h = latency_wrk(base, case.path, case.params, FRESH, seconds)
                else:
                    h = timed(http, n)
                row: dict[str, Any] = {
                    "case": case.name,
                    "http_p50": h.p50,
                    "http_p99": h.p(0.99),
                    "http_client": "wrk" if wrk else "httpx",
                }
                if case.page is not None:
                    raw = timed(raw_claims(d, server.database, case.page), n)
                    row |= {"raw_p50": raw.p50, "raw_p99": raw.p(0.99), "http_vs_raw": h.p50 / raw.p50}
                rows.append(row)
            # without the window indexes: the same Cypher, hints removed, indexes dropped (then restored)
            for name in WINDOW_INDEXES:
                d.execute_query(f"DROP INDEX {name} IF EXISTS", database_=server.database)
            for row, case in zip(rows, cases, strict=True):
                if case.page is not None:
                    try:
                        slow = timed(
                            raw_claims(d, server.database, case.page, strip_hints=True), 2 if not quick else 1, 0
                        )
                        row |= {"no_index_p50": slow.p50, "index_speedup": slow.p50 / row["raw_p50"]}
                    except ClientError as exc:  # the transaction timeout: a lower bound, said as such
                        if "TransactionTimedOut" not in (exc.code or ""):
                            raise
                        row |= {
                            "no_index_p50": NO_INDEX_TIMEOUT * 1000,
                            "index_speedup": NO_INDEX_TIMEOUT * 1000 / row["raw_p50"],
                            "no_index_timed_out": True,
                        }
                    partial = WORK / "partial-queries.json"
                    partial.write_text(json.dumps(rows, indent=1, default=str))
            with d.session(database=server.database) as s:
                for statement in catalog.statements("schema"):
                    s.run(statement).consume()
                s.run("CALL db.awaitIndexes(600)").consume()
        defining = cases[0]
        with httpx.Client(base_url=base, timeout=60) as client:

            def cached() -> httpx.Response:
                r = client.get(defining.path, params=defining.params)
                r.raise_for_status()
                return r

            tag = cached().headers.get("etag", "")

            def revalidated() -> object:
                r = client.get(defining.path, params=defining.params, headers={"If-None-Match": tag})
                if r.status_code != 304:
                    raise RuntimeError(f"expected 304 for a current ETag, got {r.status_code}")
                return r

            for name, fn, headers in (
                ("month, default page, asked again (cache)", cached, {}),
                ("month, If-None-Match (304)", revalidated, {"If-None-Match": tag}),
            ):
                t = latency_wrk(base, defining.path, defining.params, headers, seconds) if wrk else timed(fn, n)
                if wrk:
                    fn()  # the answer was still the one expected (a 304 for the tag) after the run
                rows.append(
                    {"case": name, "http_p50": t.p50, "http_p99": t.p(0.99), "http_client": "wrk" if wrk else "httpx"}
                )
        results["queries"] = rows
        results["throughput"] = {}
        for label, fresh, slider in (("fresh", True, False), ("cache", False, False), ("slider", False, True)):
            for clients in (8, 32):
                args = (base, defining.path, defining.params, clients)
                if wrk:
                    rate = throughput_wrk(*args, 1 if quick else 20, fresh=fresh, slider=slider)
                else:
                    total = 2 * clients if quick else max(1000, clients * 50)
                    rate = asyncio.run(throughput_httpx(*args, total, fresh=fresh, slider=slider))
                results["throughput"][f"{clients} clients, {label}"] = asdict(rate)
        pid = java_pid(server)
        results["memory_mb"] = {
            "neo4j_rss": rss_mb(pid) if pid else None,
            "api_rss": sum(rss_mb(p) for p in [api.pid, *children(api.pid)]),
        }
        if server.home is not None:
            results["disk_mb"] = {
                "database": disk_mb(server.home / "data" / "databases"),
                "transaction_logs": disk_mb(server.home / "data" / "transactions"),
            }
    finally:
        api.send_signal(signal.SIGTERM)
        api.wait(timeout=30)
    return results


def _renamed(claims: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for claim in claims:
        yield claim | {"id": "single-" + claim["id"]}


def report(results: dict[str, Any]) -> None:
    imp = results["import"]
    console.print(f"[bold]{results['size']:,} claims, {results['actors']:,} actors[/]")
    if imp and "claims_per_s" in imp:
        console.print(
            f"import {imp['claims_per_s']:,.0f} claims/s;"
            f" one transaction per claim {imp['one_tx_per_claim_per_s']:,.0f}/s (x{imp['ratio']:.1f})"
        )
    if imp and "offline_claims_per_s" in imp:
        console.print(
            f"offline bulk load (--offline, server stopped) {imp['offline_claims_per_s']:,.0f} claims/s"
            f" ({imp['offline_seconds']:.1f} s: {imp['offline_steps']})"
        )
    elif imp is not None:
        console.print("offline bulk load: not measured (--imports online, or --uri: needs the bench's own Neo4j)")
    if not imp:
        console.print("import: not measured in this run (--queries-only)")
    if "queries" not in results:
        return
    table = Table("query", "HTTP p50", "HTTP p99", "raw p50", "raw p99", "HTTP/raw", "no index p50", "index x")
    for r in results["queries"]:

        def f(key: str, fmt: str = "{:.1f}", r: dict[str, Any] = r) -> str:
            return fmt.format(r[key]) if key in r else "-"

        table.add_row(
            r["case"],
            f("http_p50"),
            f("http_p99"),
            f("raw_p50"),
            f("raw_p99"),
            f("http_vs_raw", "{:.2f}"),
            f("no_index_p50"),
            f("index_speedup", "{:.0f}"),
        )
    console.print(table)
    clients = sorted({r.get("http_client", "httpx") for r in results["queries"]})
    console.print(f"HTTP latency: one client asking again and again ({', '.join(clients)})")
    console.print(
        "throughput of the defining query: fresh = every answer from the database; cache = the same request"
        " repeated; slider = the twelve months of 2014 in turn"
    )
    for how, t in results["throughput"].items():
        rate, client = t["requests_per_s"], t.get("client", "httpx")
        console.print(f"{how}: {rate:.0f} requests/s, {t['errors']} errors of {t['requests']} ({client})")
    console.print(f"memory (MB): {results['memory_mb']}; disk (MB): {results.get('disk_mb')}")


if __name__ == "__main__":
    cli()
