"""The outage breaker's timing: outages let a trial through twice a second, a refused login once a period."""

from __future__ import annotations

import time

import pytest

from app.api import availability
from app.api.availability import Outage


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(time, "monotonic", c)
    return c


def test_an_outage_lets_a_trial_through_every_half_second(clock: Clock) -> None:
    outage = Outage(retry_after=2, refused_retry_after=30)
    outage.trip()
    assert outage.detail == availability.UNAVAILABLE
    clock.now += 0.6
    assert outage.wait() == 0  # the trial
    assert outage.wait() == 2  # the others wait
    clock.now += 0.6
    assert outage.wait() == 0


def test_a_refused_login_is_tried_again_once_per_period_only(clock: Clock) -> None:
    outage = Outage(retry_after=2, refused_retry_after=30)
    outage.refuse()
    assert outage.refused and outage.title == "Database refused the credentials"
    clock.now += 0.6
    assert outage.wait() == 30  # no half-second trials
    clock.now += 29.0
    assert outage.wait() == 1
    clock.now += 0.5
    assert outage.wait() == 0  # the one trial of the period
    assert outage.wait() == 30
    outage.refuse()  # the trial's login refused again (the warm-up reports it): a new period...
    outage.trip()  # ...which the trial's 503 (app/api/deps.py) does not shorten to an outage's
    assert outage.refused and outage.wait() == 30
    outage.clear()
    assert not outage.refused and outage.wait() == 0


def test_an_outage_after_a_refusal_period_is_an_outage_again(clock: Clock) -> None:
    outage = Outage(retry_after=2, refused_retry_after=30)
    outage.refuse()
    clock.now += 31
    assert outage.wait() == 0
    outage.trip()  # the database did not answer at all this time
    assert not outage.refused and outage.detail == availability.UNAVAILABLE
