"""`python -m bench.extract` measures the extractor against the seed's hand-written claims: every quote is
verbatim, and the figures it prints are what it computed (a floor on recall guards against a rule change
that loses claims silently)."""

from __future__ import annotations

import subprocess
import sys

from bench import extract as bench
from tools.neo4j_local import ROOT


def test_every_candidate_quote_is_verbatim_and_most_hand_written_claims_are_found() -> None:
    figures = bench.run()
    assert figures.seed_claims == 21
    assert figures.verbatim == figures.candidates > 0
    assert figures.found >= 15 and figures.correct >= figures.candidates - 2
    assert figures.dates_overlap >= figures.dates_within
    assert len(figures.missed) == figures.seed_claims - figures.found


def test_the_command_prints_the_figures() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.extract"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    figures = bench.run()
    assert f"recall     {figures.found}/21" in done.stdout
    assert f"verbatim   {figures.verbatim}/{figures.candidates} (100%)" in done.stdout
