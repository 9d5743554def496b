"""A plain-Python reference for the two query modes, from the spans as written (not the stored bounds).

A range written as start `S` and end `E` can be any (start, end) with start a day of S, end a day of E,
and start <= end. Then, for a window [s, e]:
- possibly:  some such range shares a day with the window;
- certainly: every such range contains the whole window.
This is worked out from the raw spans of parse_bound, day by day, without the four stored bounds that
app/domain/timebounds.py derives, so it checks that derivation and the Cypher together. Days are
enumerated within a horizon that windows never leave; clipping to it changes no answer for them.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.timebounds import MAX_DATE, parse_bound

HORIZON = (date(2011, 1, 1), date(2017, 12, 31))


def days(lo: date, hi: date) -> list[date]:
    lo, hi = max(lo, HORIZON[0]), min(hi, HORIZON[1])
    return [lo + timedelta(n) for n in range((hi - lo).days + 1)] if lo <= hi else []


def spans(start: str | None, end: str | None, as_of: date) -> tuple[list[date], list[date]]:
    """The days the start can be, and the days the end can be."""
    s = parse_bound(start) if start else None
    starts = days(s.lo, s.hi) if s else days(date.min, date.max)
    if end == "open":
        ends = days(as_of, MAX_DATE)
    elif end:
        b = parse_bound(end)
        ends = days(b.lo, b.hi)
    else:
        ends = starts
    return starts, ends


def possibly(starts: list[date], ends: list[date], s: date, e: date) -> bool:
    latest_end = max(ends)
    # a range (start, end) meets [s, e] when start <= e and end >= max(start, s); the best end is the latest
    return any(start <= e and latest_end >= max(start, s) for start in starts)


def certainly(starts: list[date], ends: list[date], s: date, e: date) -> bool:
    earliest_start, latest_end = min(starts), max(ends)
    valid_starts = [start for start in starts if start <= latest_end]  # some end can follow it
    valid_ends = [end for end in ends if end >= earliest_start]  # some start can precede it
    return all(start <= s for start in valid_starts) and all(end >= e for end in valid_ends)
