"""The outage breaker: once the database has failed to answer, data requests answer 503 at once.

While Neo4j is down, a request that tried it would wait for the driver's connection attempts and retries;
hundreds of them would pile up and slow the recovery. So the first failure (ServiceUnavailable,
SessionExpired, DatabaseUnavailable: app/api/errors.py) trips the breaker: for `API_RETRY_AFTER` seconds
every data request answers 503 with that Retry-After without touching the driver. Then the next request
tries the database again (half-open): success or `/health/ready` answering closes it, another failure
trips it again. Nothing to restart when Neo4j is back.
"""

from __future__ import annotations

import math
import time

from fastapi import FastAPI


class Outage:
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self._until = 0.0

    def trip(self) -> None:
        """The database did not answer: refuse data requests for `retry_after` seconds."""
        self._until = time.monotonic() + self.retry_after

    def clear(self) -> None:
        """The database answered."""
        self._until = 0.0

    def wait(self) -> int:
        """Seconds left before the next try (0: try the database)."""
        left = self._until - time.monotonic()
        return math.ceil(left) if left > 0 else 0


def outage_of(app: FastAPI) -> Outage:
    outage: Outage = app.state.outage
    return outage
