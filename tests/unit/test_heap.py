"""The API's process keeps what start-up allocated out of Python's cycle collections (app/lifecycle.py):
with the defaults, a page of 500 claims set off collections that walked the whole heap."""

from __future__ import annotations

import gc

from app.lifecycle import GC_THRESHOLDS, settle_heap


def test_start_up_objects_are_frozen_and_young_collections_are_rarer() -> None:
    settle_heap()
    assert gc.get_freeze_count() > 10_000  # FastAPI, pydantic, the driver: tens of thousands of objects
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700  # Python's default, the one that cost a quarter of the CPU
