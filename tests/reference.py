"""A plain-Python reference for the two query modes, written as sets of days (no interval algebra).

A claim's possible days run from the earliest its start can be to the latest its end can be; the days
it certainly covers run from the latest its start can be to the earliest its end can be.
- possibly:  some day of the window is a possible day;
- certainly: every day of the window is a certain day.
Days are enumerated within a bounded horizon, which windows never leave.
"""

from __future__ import annotations

from datetime import date, timedelta

HORIZON = (date(2011, 1, 1), date(2017, 12, 31))


def days(lo: date, hi: date) -> set[date]:
    lo, hi = max(lo, HORIZON[0]), min(hi, HORIZON[1])
    return {lo + timedelta(n) for n in range((hi - lo).days + 1)} if lo <= hi else set()


def possibly(from_lo: date, to_hi: date, start: date, end: date) -> bool:
    return bool(days(from_lo, to_hi) & days(start, end))


def certainly(from_hi: date, to_lo: date, start: date, end: date) -> bool:
    return days(start, end) <= days(from_hi, to_lo)
