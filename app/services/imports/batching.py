"""Batches of an import: their size, the content hash that makes a rewrite idempotent, reading one ahead."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TypeVar

import orjson

from app.domain.errors import InvalidInput
from app.seeding.rows import Row

T = TypeVar("T")
DEFAULT_BATCH = 5000
MAX_BATCH = 100_000


def stamp(row: Row) -> Row:
    """The row with `import_hash` in its properties: a hash of everything written but `recorded_at`."""
    props = row["props"]
    content = {**row, "props": {k: v for k, v in props.items() if k not in ("recorded_at", "import_hash")}}
    data = orjson.dumps(content, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    props["import_hash"] = hashlib.blake2b(data, digest_size=16).hexdigest()
    return row


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def _prefetched(batches: Iterator[T]) -> AsyncIterator[T]:
    """Iterate `batches` in a worker thread, one ahead: the next batch is read while this one is written."""
    done = object()

    def step() -> T | object:
        return next(batches, done)

    pending = asyncio.ensure_future(asyncio.to_thread(step))
    while True:
        batch = await pending
        if batch is done:
            return
        pending = asyncio.ensure_future(asyncio.to_thread(step))
        yield batch  # type: ignore[misc]


async def _inline(batches: Iterator[T]) -> AsyncIterator[T]:
    """Iterate `batches` in the event loop's own thread: for the offline load, whose writing is CPU work in
    this process too (a reading thread would only take turns with it for the GIL, and cost the switching)."""
    for batch in batches:
        yield batch


def check_batch_size(batch_size: int) -> None:
    if not 1 <= batch_size <= MAX_BATCH:
        raise InvalidInput(f"--batch-size: {batch_size}: give 1..{MAX_BATCH}", field="batch-size")
