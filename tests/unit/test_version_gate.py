"""Requests arriving together share one read of the graph's version, and none gets a read that began
before it arrived (app/api/cache.py, VersionGate). Pure asyncio: the reads are stand-in coroutines that
count when each round began; tests/graph/test_response_cache.py checks the same through the API."""

from __future__ import annotations

import asyncio

from app.api.cache import VersionGate


class Reads:
    """A version read that takes `delay` seconds and answers the number of reads begun so far."""

    def __init__(self, delay: float = 0.01, fail: bool = False) -> None:
        self.begun = 0
        self.delay = delay
        self.fail = fail

    async def __call__(self) -> str | None:
        self.begun += 1
        number = self.begun
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("the database went away")
        return str(number)


def test_thirty_two_requests_at_once_share_one_read() -> None:
    reads = Reads()
    gate = VersionGate(reads)

    async def main() -> list[str | None]:
        return await asyncio.gather(*(gate.version() for _ in range(32)))

    assert asyncio.run(main()) == ["1"] * 32
    assert gate.reads == reads.begun == 1


def test_a_request_arriving_during_a_read_waits_for_the_next_one() -> None:
    """A read already in flight may predate a write the newcomer made just before asking: not shared."""
    reads = Reads(delay=0.05)
    gate = VersionGate(reads)

    async def main() -> tuple[str | None, list[str | None]]:
        first = asyncio.ensure_future(gate.version())
        await asyncio.sleep(0.02)  # the first read is under way
        assert reads.begun == 1
        late = await asyncio.gather(*(gate.version() for _ in range(10)))
        return await first, late

    first, late = asyncio.run(main())
    assert first == "1"
    assert late == ["2"] * 10, "the latecomers share the second read, begun after they arrived"
    assert gate.reads == 2


def test_one_after_another_each_request_reads_afresh() -> None:
    reads = Reads(delay=0)
    gate = VersionGate(reads)

    async def main() -> list[str | None]:
        return [await gate.version() for _ in range(3)]

    assert asyncio.run(main()) == ["1", "2", "3"]


def test_a_failed_read_answers_none_to_its_waiters_and_the_next_round_reads_again() -> None:
    reads = Reads(fail=True)
    gate = VersionGate(reads)

    async def main() -> tuple[list[str | None], str | None]:
        failed = await asyncio.gather(*(gate.version() for _ in range(5)))
        reads.fail = False
        return failed, await gate.version()

    failed, after = asyncio.run(main())
    assert failed == [None] * 5
    assert after == "2"


def test_a_waiter_that_gives_up_does_not_cancel_the_others_read() -> None:
    reads = Reads(delay=0.05)
    gate = VersionGate(reads)

    async def main() -> str | None:
        impatient = asyncio.ensure_future(gate.version())
        patient = asyncio.ensure_future(gate.version())
        await asyncio.sleep(0.01)
        impatient.cancel()  # a client hung up
        return await patient

    assert asyncio.run(main()) == "1"


def test_a_new_event_loop_starts_afresh() -> None:
    """Each test client (and each worker) runs its own loop: the gate must not wait on an old loop's read."""
    reads = Reads(delay=0)
    gate = VersionGate(reads)
    assert asyncio.run(gate.version()) == "1"
    assert asyncio.run(gate.version()) == "2"


def test_after_the_reader_is_cancelled_the_next_requests_read_again() -> None:
    """A cancelled round (its loop tearing down, a stray cancel) answers None to whoever waited, and leaves
    no finished round behind for later requests to join."""
    reads = Reads(delay=0.05)
    gate = VersionGate(reads)

    async def main() -> tuple[str | None, str | None, list[str | None]]:
        first = asyncio.ensure_future(gate.version())
        await asyncio.sleep(0.01)  # the first read is under way
        queued = asyncio.ensure_future(gate.version())  # waits for the next round
        await asyncio.sleep(0)
        assert gate._reader is not None
        gate._reader.cancel()
        answered = await first, await queued
        later = await asyncio.gather(*(gate.version() for _ in range(3)))
        return answered[0], answered[1], later

    first, queued, later = asyncio.run(main())
    assert first is None and queued is None
    assert later == ["2"] * 3, "a fresh round, read after the cancel"
