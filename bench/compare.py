"""Two versions of the code side by side on the benchmark's graph, in the same minutes: the figures of a
change next to the code before it, without the drift between runs (a machine whose speed varies 3x).

    .venv/bin/python -m bench.compare --before a8c8d7f            # after `make bench SIZE=1000000`
    .venv/bin/python -m bench.compare --before a8c8d7f --rounds 6 --seconds 5

The `--before` commit is exported (`git archive`) into .local/bench/code-SHA; this tree is the "after".
Each is served by its own API (uvicorn, one worker each, as `make run` serves it: bench.run.start_api),
over the same Neo4j (the benchmark's own, kept: run `make bench SIZE=N` first, or `--uri`). For each
query of bench.run's cases, in rounds, the two APIs are asked in turn by wrk on one connection for
`--seconds` (HTTP p50, `Cache-Control: no-cache`), and the route's statement of *this* tree through the raw
driver (p50 of `--n` runs). Printed per query: the p50 of each round for before and after, the median of
after / raw, and the after p50 against the month page's. Written to .local/bench/compare-SIZE.json.
Nothing is asserted.
"""

from __future__ import annotations

import json
import shutil
import signal
import statistics
import subprocess
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bench.run import (
    FRESH,
    HOME,
    PASSWORD,
    ROOT,
    WORK,
    Server,
    busiest_actors,
    console,
    latency_wrk,
    own_server,
    raw_claims,
    start_api,
    timed,
)
from bench.run import query_cases as cases_of

cli = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


def export(ref: str) -> tuple[Path, str]:
    """The tree of commit `ref`, exported once into .local/bench/code-SHA."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short=12", f"{ref}^{{commit}}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = WORK / f"code-{sha}"
    if not (tree / "app").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.Popen(["git", "archive", sha, "app"], cwd=ROOT, stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tree)], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            shutil.rmtree(tree)
            raise typer.BadParameter(f"git archive {sha} failed")
    return tree, sha


def keep_indexes(server: Server, tree: Path) -> None:
    """Each API applied its schema at start-up, and the later one may have dropped an index the other's
    queries name in their hints (a retired index): the earlier code's indexes are created again (its
    CREATE statements only; both sets coexist on the read-only benchmark graph)."""
    text = (tree / "app" / "cypher" / "schema.cypher").read_text(encoding="utf-8")
    lines = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    with server.driver() as d:
        for statement in (s.strip() for s in lines.split(";\n")):
            if statement.startswith("CREATE"):
                d.execute_query(statement.rstrip(";"), database_=server.database)
        d.execute_query("CALL db.awaitIndexes(900)", database_=server.database)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


@cli.command()
def main(
    before: Annotated[str, typer.Option(help="the commit to compare this tree with")],
    size: Annotated[int, typer.Option(help="the benchmark graph's size (for the file name only)")] = 1_000_000,
    rounds: Annotated[int, typer.Option(help="rounds: each query asked of both versions in turn")] = 4,
    seconds: Annotated[int, typer.Option(help="wrk's time per query, version and round")] = 4,
    n: Annotated[int, typer.Option(help="raw driver runs per query and round")] = 40,
    only: Annotated[str | None, typer.Option(help="only the cases whose name contains this")] = None,
    uri: Annotated[str | None, typer.Option(help="another Neo4j holding the benchmark's graph (not wiped)")] = None,
    password: str = PASSWORD,
    home: Annotated[Path, typer.Option(help="the own Neo4j's home (kept)")] = HOME,
) -> None:
    """Ask both versions every query in turn, round after round, and print the p50s side by side."""
    tree, sha = export(before)
    server = Server(uri, "neo4j", password) if uri else own_server("3g", "3g", keep=True, home=home)
    first, second = busiest_actors(server)
    cases = [c for c in cases_of(first, second) if only is None or only in c.name]
    apis = {"before": start_api(server, 1, tree), "after": start_api(server, 1)}
    keep_indexes(server, tree)
    got: dict[str, dict[str, list[float]]] = {c.name: {"before": [], "after": [], "raw": []} for c in cases}
    try:
        with server.driver() as d:
            for r in range(rounds):
                console.print(f"round {r + 1} of {rounds}")
                for case in cases:
                    for side, (_, base) in apis.items():
                        latency_wrk(base, case.path, case.params, FRESH, 1)  # plans made, pools warm
                        t = latency_wrk(base, case.path, case.params, FRESH, seconds)
                        got[case.name][side].append(t.p50)
                    if case.page is not None:
                        got[case.name]["raw"].append(timed(raw_claims(d, server.database, case.page), n).p50)
    finally:
        for proc, _ in apis.values():
            _stop(proc)
    report(got, sha, cases[0].name if cases else "")
    out = WORK / f"compare-{size}.json"
    out.write_text(json.dumps({"before": sha, "rounds": rounds, "seconds": seconds, "p50_ms": got}, indent=1) + "\n")
    console.print(f"written {out}")


def _span(values: list[float]) -> str:
    return f"{min(values):.1f}-{max(values):.1f}" if values else ""


def report(got: dict[str, dict[str, list[float]]], sha: str, month: str) -> None:
    table = Table(title=f"p50 ms per round: before ({sha}) and after (this tree), HTTP by wrk; raw: this tree")
    for column in ("query", "before", "after", "raw driver", "after / raw", "before / raw", "after / month page"):
        table.add_column(column, justify="left" if column == "query" else "right")
    month_after = statistics.median(got[month]["after"]) if month in got else float("nan")
    for name, row in got.items():
        cells: list[Any] = [name, _span(row["before"]), _span(row["after"]), _span(row["raw"])]
        for side in ("after", "before"):
            ratios = [h / r for h, r in zip(row[side], row["raw"], strict=False)]
            cells.append(f"{statistics.median(ratios):.2f}" if ratios else "")
        cells.append(f"{statistics.median(row['after']) / month_after:.2f}")
        table.add_row(*cells)
    console.print(table)


if __name__ == "__main__":
    cli()
