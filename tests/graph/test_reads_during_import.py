"""Reads during a bulk import see whole batches or none: each batch of `alliance import claims` is one
transaction, so a reader polling the graph while it runs only ever counts claims (and their PARTY edges
and typed edges) in whole batches."""

from __future__ import annotations

import threading
from pathlib import Path

from neo4j import Driver

from app.config import Settings
from tests.graph.test_import_claims import bulk
from tests.import_support import run_cli

CLAIMS = 2400
BATCH = 100


def test_a_reader_polling_during_an_import_sees_whole_batches_or_none(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    path = bulk(tmp_path / "bulk.ndjson", CLAIMS)
    seen: list[tuple[int, int, int]] = []
    stop = threading.Event()

    def poll() -> None:
        # three single-count reads (each from Neo4j's count store, as of the last commit it saw)
        with empty_graph.session(database=settings.neo4j_database) as s:
            while not stop.is_set():
                claims = s.run("MATCH (c:Claim) RETURN count(c) AS n").single(strict=True)["n"]
                parties = s.run("MATCH ()-[p:PARTY]->() RETURN count(p) AS n").single(strict=True)["n"]
                edges = s.run("MATCH ()-[e:HOSTILE_TO]->() RETURN count(e) AS n").single(strict=True)["n"]
                seen.append((claims, parties, edges))

    reader = threading.Thread(target=poll, daemon=True)
    reader.start()
    try:
        result = run_cli(settings, "import", "claims", path, "--batch-size", str(BATCH))
    finally:
        stop.set()
        reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert f"claims created {CLAIMS:,}" in result.output

    torn = [s for s in seen if s[0] % BATCH or s[1] % (2 * BATCH) or s[2] % BATCH]
    assert not torn, f"reads that saw part of a batch: {torn[:5]}"
    during = {claims for claims, _, _ in seen if 0 < claims < CLAIMS}
    assert len(during) >= 3, f"the reader saw too little of the import to tell: {sorted(during)} of {len(seen)} reads"
