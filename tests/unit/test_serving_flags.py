"""`make run`, the Docker image and the benchmark serve the API with the same HTTP edges (docs/reliability.md),
so the benchmark's figures are those of the API as it is run."""

from __future__ import annotations

from bench.run import HTTP_EDGES
from tools.neo4j_local import ROOT


def _flags(text: str) -> str:
    return " ".join(text.replace("\\\n", " ").split())


def test_make_run_the_image_and_the_benchmark_use_the_same_http_edges() -> None:
    edges = " ".join(HTTP_EDGES)
    assert "--http h11" in edges
    for served in ("scripts/run.sh", "Dockerfile"):
        assert edges in _flags((ROOT / served).read_text()), served
