"""The outage breaker: once the database has failed to answer, data requests answer 503 at once.

While Neo4j is down, a request that tried it would wait for the driver's connection attempts and retries;
hundreds of them would pile up and slow the recovery. So the first failure (ServiceUnavailable,
SessionExpired, DatabaseUnavailable: app/api/errors.py) trips the breaker: for `API_RETRY_AFTER` seconds
data requests answer 503 with that Retry-After without touching the driver, except one trial request
every half second, which tries the database (half-open; app/api/deps.py): it plans the hot queries again
(a restarted Neo4j has none, and planning them cold took longer than the query timeout on a busy machine),
then answers; while that runs, the others get 503 "warming up". The warm-up's success closes the
breaker, a failure trips it again. Nothing to restart when Neo4j is back.

A refusal of the API's credentials (a wrong NEO4J_PASSWORD or NEO4J_USER, or Neo4j's lock after too many
failed logins) is a configuration error, not an outage: `refuse` opens the breaker for
`API_AUTH_RETRY_AFTER` seconds with no trials in between, so the API does not keep Neo4j's authentication
rate limit tripped with a failed login per request; data requests and `/health/ready` answer 503 saying
the database refused the credentials (app/api/errors.py logs which settings to fix).
"""

from __future__ import annotations

import logging
import math
import time

from fastapi import FastAPI

log = logging.getLogger("app.api")

TRIAL_EVERY = 0.5  # seconds between the requests let through to see whether the database is back

UNAVAILABLE = "The graph database is unavailable. Retry shortly."
REFUSED = (
    "The graph database refused the API's credentials: the API is misconfigured (its NEO4J_USER or "
    "NEO4J_PASSWORD), not your request. An operator must fix the setting and restart the API."
)


class Outage:
    def __init__(self, retry_after: int, refused_retry_after: int | None = None, login: str = "") -> None:
        self.retry_after = retry_after
        self.refused_retry_after = refused_retry_after or retry_after
        self.login = login  # who logs in where ("user 'neo4j' at bolt://..."), for the log; never the password
        self._until = 0.0
        self._trial = 0.0
        self._refused = False

    def trip(self) -> None:
        """The database did not answer: refuse data requests for `retry_after` seconds.

        A refusal of the credentials under way stays one (its period, its words)."""
        if self._refused and time.monotonic() < self._until:
            return
        self._refused = False
        self._until = time.monotonic() + self.retry_after

    def refuse(self) -> None:
        """The database refused the credentials: no request tries it for `refused_retry_after` seconds."""
        now = time.monotonic()
        log.error(
            "Neo4j refused the API's credentials (%s): set NEO4J_USER and NEO4J_PASSWORD to an account of that "
            "database and restart the API. Until then data requests answer 503; the API tries to log in again "
            "once every %d s (API_AUTH_RETRY_AFTER), not on every request.",
            self.login or "NEO4J_USER at NEO4J_URI",
            self.refused_retry_after,
        )
        self._refused = True
        self._until = now + self.refused_retry_after
        self._trial = now

    def clear(self) -> None:
        """The database answered, and the query plans are warm."""
        self._until = 0.0
        self._refused = False

    def tripped(self) -> bool:
        """An outage was seen and has not been cleared (its wait may be over: then trials go through)."""
        return self._until > 0

    @property
    def refused(self) -> bool:
        """The last failure was a refusal of the credentials."""
        return self._refused

    @property
    def title(self) -> str:
        return "Database refused the credentials" if self._refused else "Database unavailable"

    @property
    def detail(self) -> str:
        return REFUSED if self._refused else UNAVAILABLE

    def wait(self) -> int:
        """0: go to the database (no outage, or this request is the trial); otherwise the seconds to tell
        the client to wait (Retry-After). After a refusal, one trial when its period is over, not before."""
        now = time.monotonic()
        if now >= self._until:
            if self._refused:  # one trial, then the next period: a failed login per period at most
                if now - self._trial < self.refused_retry_after:
                    return math.ceil(self.refused_retry_after - (now - self._trial))
                self._trial = now
            return 0
        if not self._refused and now - self._trial >= TRIAL_EVERY:
            self._trial = now
            return 0
        return math.ceil(self._until - now)


def outage_of(app: FastAPI) -> Outage:
    outage: Outage = app.state.outage
    return outage
