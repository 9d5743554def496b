"""The outage breaker: once the database has failed to answer, data requests answer 503 at once.

While Neo4j is down, a request that tried it would wait for the driver's connection attempts and retries;
hundreds of them would pile up and slow the recovery. So the first failure (ServiceUnavailable,
SessionExpired, DatabaseUnavailable: app/api/errors.py) trips the breaker: for `API_RETRY_AFTER` seconds
data requests answer 503 with that Retry-After without touching the driver, except one trial request
every half second, which tries the database (half-open; app/api/deps.py): it plans the hot queries again
(a restarted Neo4j has none, and planning them cold took longer than the query timeout on a busy machine),
then answers; while that runs, the others get 503 "warming up". The warm-up's success closes the
breaker, a failure trips it again. Nothing to restart when Neo4j is back.
"""

from __future__ import annotations

import math
import time

from fastapi import FastAPI

TRIAL_EVERY = 0.5  # seconds between the requests let through to see whether the database is back


class Outage:
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self._until = 0.0
        self._trial = 0.0

    def trip(self) -> None:
        """The database did not answer: refuse data requests for `retry_after` seconds."""
        self._until = time.monotonic() + self.retry_after

    def clear(self) -> None:
        """The database answered, and the query plans are warm."""
        self._until = 0.0

    def tripped(self) -> bool:
        """An outage was seen and has not been cleared (its wait may be over: then trials go through)."""
        return self._until > 0

    def wait(self) -> int:
        """0: go to the database (no outage, or this request is the trial); otherwise the seconds to tell
        the client to wait (Retry-After)."""
        now = time.monotonic()
        if now >= self._until:
            return 0
        if now - self._trial >= TRIAL_EVERY:
            self._trial = now
            return 0
        return math.ceil(self._until - now)


def outage_of(app: FastAPI) -> Outage:
    outage: Outage = app.state.outage
    return outage
