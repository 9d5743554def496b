"""Time as four bounds: the earliest and the latest date each end of a range can be.

A bound is written as one of
    2014            a year         -> 2014-01-01 .. 2014-12-31   precision "year"
    2014-08         a month        -> 2014-08-01 .. 2014-08-31   precision "month"
    2014-08-16      a day          -> 2014-08-16 .. 2014-08-16   precision "day"
    A..B            a span of possible dates, A and B in any form above, either may be left out
                    ("..2014-08-18": on or before 18 August 2014)  precision "range", approximate
and the end of a range may also be
    open            still holding as of the source's date: earliest = that date, latest = 9999-12-31

A window asked of the API is a bound or an ISO 8601 interval "start/end" of those forms.

For a window [s, e] (days, inclusive):
    possibly:  the range can overlap the window        from_lo <= e AND to_hi >= s
    certainly: the range surely covers the whole window from_hi <= s AND to_lo >= e
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

MIN_DATE = date(1, 1, 1)  # an unknown start: range indexes do not store nulls, so a sentinel
MAX_DATE = date(9999, 12, 31)  # an open or unknown end

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"  # a span of possible dates, such as "last week"
    OPEN = "open"  # an end still holding as of the source
    UNKNOWN = "unknown"  # nothing is known of this end


class TimeError(ValueError):
    """A date or range that cannot be read; the message says what was wrong and the accepted forms."""


@dataclass(frozen=True)
class Bound:
    lo: date
    hi: date
    precision: Precision


def parse_point(text: str) -> Bound:
    """`2014`, `2014-08` or `2014-08-16` as the span of days it can mean."""
    m = _POINT.match(text.strip())
    if not m:
        raise TimeError(f"'{text}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if year < 1:
        raise TimeError(f"'{text}': year 0 does not exist")
    if month is None:
        return Bound(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    if not 1 <= month <= 12:
        raise TimeError(f"'{text}': month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return Bound(date(year, month, 1), date(year, month, last), Precision.MONTH)
    if not 1 <= day <= last:
        raise TimeError(f"'{text}': {calendar.month_name[month]} {year} has {last} days, not {day}")
    d = date(year, month, day)
    return Bound(d, d, Precision.DAY)


@lru_cache(maxsize=65536)
def parse_bound(text: str) -> Bound:
    """A point, or a span `A..B` (either side may be empty: unknown). Remembered: a bulk file repeats the
    same few thousand dates (a Bound is frozen; a text that raises is not remembered)."""
    text = str(text).strip()
    if ".." not in text:
        return parse_point(text)
    left, _, right = text.partition("..")
    if not left.strip() and not right.strip():
        return Bound(MIN_DATE, MAX_DATE, Precision.UNKNOWN)
    lo = parse_point(left).lo if left.strip() else MIN_DATE
    hi = parse_point(right).hi if right.strip() else MAX_DATE
    if hi < lo:
        raise TimeError(f"'{text}': the span ends before it starts")
    return Bound(lo, hi, Precision.RANGE)


def bound_text(lo: date, hi: date) -> str:
    """The bound that `parse_bound` reads as exactly the days lo..hi: a day, a calendar month, a calendar year,
    or else the span `lo..hi` (dates from a dataset written in the input model's own form)."""
    if lo == hi:
        return lo.isoformat()
    if (
        lo.day == 1
        and (lo.year, lo.month) == (hi.year, hi.month)
        and hi.day == calendar.monthrange(lo.year, lo.month)[1]
    ):
        return f"{lo.year:04d}-{lo.month:02d}"
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
        return f"{lo.year:04d}"
    return f"{lo.isoformat()}..{hi.isoformat()}"


@dataclass(frozen=True)
class ValidTime:
    """When a claim held: both ends with their earliest and latest dates."""

    from_lo: date
    from_hi: date
    to_lo: date
    to_hi: date
    from_precision: Precision
    to_precision: Precision
    open_ended: bool
    approximate: bool
    text: str | None = None

    @property
    def precision(self) -> Precision:
        """The precision analysts speak of: that of the start, or of the end when the start is unknown."""
        if self.from_precision is Precision.UNKNOWN:
            return self.to_precision
        return self.from_precision

    def possibly_overlaps(self, start: date, end: date) -> bool:
        return self.from_lo <= end and self.to_hi >= start

    def certainly_covers(self, start: date, end: date) -> bool:
        return self.from_hi <= start and self.to_lo >= end


def resolve_valid(
    start: str | None, end: str | None, as_of: date | None, text: str | None = None, approximate: bool = False
) -> ValidTime:
    """The four bounds of a range whose start and end are written as above.

    `start` missing or empty: unknown. `end` missing: the same as the start (a single moment or period:
    "in July 2014"). `end` = "open": still holding as of `as_of` (the source's date), which is required then.
    A span is always approximate; `approximate` marks dates so that are written as days, months or years.
    """
    start_text = (start or "").strip()
    f = parse_bound(start_text) if start_text else Bound(MIN_DATE, MAX_DATE, Precision.UNKNOWN)
    end_text = (end or "").strip()
    open_ended = end_text.lower() == "open"
    if open_ended:
        if as_of is None:
            raise TimeError("an 'open' end needs the date of the source (as_of) it is known to hold until")
        if as_of < f.lo:
            raise TimeError(f"an 'open' end: the source's date ({as_of}) is before the range can start ({f.lo})")
        t = Bound(as_of, MAX_DATE, Precision.OPEN)
    elif end_text:
        t = parse_bound(end_text)
    else:
        t = f
    # An end cannot come before the start: the earliest end is no earlier than the earliest start, etc.
    if t.hi < f.lo:
        raise TimeError(f"the range ends ({end_text or start_text}) before it starts ({start_text})")
    to_lo = max(t.lo, f.lo)
    from_hi = min(f.hi, t.hi)
    approximate = approximate or Precision.RANGE in (f.precision, t.precision)
    return ValidTime(
        from_lo=f.lo,
        from_hi=from_hi,
        to_lo=to_lo,
        to_hi=t.hi,
        from_precision=f.precision,
        to_precision=t.precision,
        open_ended=open_ended,
        approximate=approximate,
        text=text,
    )


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    text: str


def parse_window(text: str) -> Window:
    """`2014`, `2014-08`, `2014-08-15`, or an interval `start/end` of those forms (both ends inclusive)."""
    raw = text.strip()
    if not raw:
        raise TimeError("the window is empty: use YYYY, YYYY-MM, YYYY-MM-DD or start/end")
    if "/" in raw:
        left, _, right = raw.partition("/")
        if not left.strip() or not right.strip() or "/" in right:
            raise TimeError(f"'{raw}' is not an interval: write start/end, such as 2014-07/2014-08-15")
        start = parse_point(left).lo
        end = parse_point(right).hi
        if end < start:
            raise TimeError(f"'{raw}': the interval ends ({right}) before it starts ({left}); swap them")
        return Window(start, end, raw)
    b = parse_point(raw)
    return Window(b.lo, b.hi, raw)


# Claims are kept in tiers by how long they can last (to_hi - from_lo): a claim of tier t lasts at most
# SPAN_TIERS[t] days, and the last tier holds the longer, open-ended and unknown-start claims. A window
# query reads, per tier, only the claims whose start lies within that tier's length before the window,
# in index order, and stops at the page size: its cost follows the answer, not the graph
# (docs/performance.md).
SPAN_TIERS: tuple[int, ...] = (7, 31, 92, 366, 1100, 3660)
LONG_TIER = len(SPAN_TIERS)


def span_tier(from_lo: date, to_hi: date) -> int:
    """The first tier whose length holds the claim's (SPAN_TIERS ascending), else LONG_TIER."""
    return bisect_left(SPAN_TIERS, (to_hi - from_lo).days)


@dataclass(frozen=True)
class TierRange:
    """The starts (from_lo) a claim of one tier can have and still meet a window."""

    span: int
    lo: date
    hi: date


def tier_ranges(window: Window | None, mode: str, after: date | None = None) -> list[TierRange]:
    """Per tier, the range of from_lo to seek for `window` in `mode` ("possibly" or "certainly").

    possibly  (from_lo <= end and to_hi >= start): a claim of at most L days starts in [start - L, end];
    certainly (from_hi <= start and to_lo >= end): it starts in [end - L, start];
    no window: anywhere. `after` (a page's keyset position) raises every lower bound to it.
    """
    ranges = []
    for span in range(LONG_TIER + 1):
        most = timedelta(days=SPAN_TIERS[span]) if span < LONG_TIER else None
        if window is None:
            lo, hi = MIN_DATE, MAX_DATE
        elif mode == "certainly":
            lo, hi = _minus(window.end, most), window.start
        else:
            lo, hi = _minus(window.start, most), window.end
        if after is not None:
            lo = max(lo, after)
        if lo <= hi:
            ranges.append(TierRange(span, lo, hi))
    return ranges


def _minus(day: date, days: timedelta | None) -> date:
    if days is None or day - MIN_DATE <= days:
        return MIN_DATE
    return day - days


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter: 31 March
    less one month is 28 or 29 February); MIN_DATE when that is before year 1."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        return MIN_DATE
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale_since(window: Window | None, months: int) -> date:
    """The last-evidence date a claim needs to stay in a window asked with `stale_after=months`: the
    window's start less that many months (no window: any date will do)."""
    return MIN_DATE if window is None else months_before(window.start, months)
