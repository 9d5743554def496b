"""Date phrases of a sentence, resolved against the source's publication date into the time forms of
app/domain/timebounds.py (`2014-08-16`, `2014-07`, `2012`, `2014-08-11..2014-08-17`, `open`), so that
the claim's four bounds and precision come from the one resolver there (`resolve_valid`).

Following ../shared/design/time-and-claims.md, for an article of Monday 18 August 2014:
    "on Saturday"     the last Saturday before it              2014-08-16               day
    "on Monday"       its own weekday: that day or a week ago  2014-08-11..2014-08-18   range
    "last week"       the previous calendar week               2014-08-11..2014-08-17   range
    "in the past week" the seven days up to it                  2014-08-11..2014-08-18   range
    "yesterday"                                                2014-08-17               day
    "in July"         the last July up to it                   2014-07                  month
    "this year"       this year up to it                       2014-01-01..2014-08-18   range
    "since 2012"      from then, still holding (to: open)      2012 .. open             year
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.timebounds import Precision, TimeError, ValidTime, resolve_valid

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"

# Most specific first: the first pattern that matches a stretch of text claims it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("since_day", rf"\bsince\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b"),
        ("since_month", rf"\bsince\s+(?:early\s+|late\s+|mid-?)?(?P<month>{_MONTH})\.?(?:\s+(?P<year>{_YEAR}))?\b"),
        ("since_year", rf"\bsince\s+(?:early\s+|late\s+|mid-?)?(?P<year>{_YEAR})\b"),
        (
            "day_month",
            rf"\b(?:on\s+)?(?:(?:{_WEEKDAY}),?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?"
            rf"(?:,?\s+(?P<year>{_YEAR}))?\b",
        ),
        (
            "month_day",
            rf"\b(?:on\s+)?(?:(?:{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?",
        ),
        ("month_year", rf"\b(?:in\s+|during\s+|early\s+|late\s+|mid-?)?(?P<month>{_MONTH})\s+(?P<year>{_YEAR})\b"),
        ("in_month", rf"\b(?:in|during|since|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?(?P<month>{_MONTH})\b"),
        ("in_year", rf"\b(?:in|during)\s+(?:early\s+|late\s+|mid-?)?(?P<year>{_YEAR})\b"),
        ("weekday", rf"\b(?:on|last|this\s+past|early|late)\s+(?P<weekday>{_WEEKDAY})\b"),
        ("yesterday", r"\byesterday\b"),
        ("today", r"\b(?:today|this\s+morning|earlier\s+today)\b"),
        ("last_week", r"\blast\s+week\b"),
        ("past_week", r"\b(?:in\s+)?(?:the\s+)?(?:past|last)\s+(?:seven\s+days|week)\b"),
        ("this_week", r"\b(?:this|earlier\s+this)\s+week\b"),
        ("last_month", r"\blast\s+month\b"),
        ("this_month", r"\b(?:this|earlier\s+this)\s+month\b"),
        ("past_year", r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:year|twelve\s+months|12\s+months)\b"),
        ("last_year", r"\blast\s+year\b"),
        ("this_year", r"\b(?:this|earlier\s+this)\s+year\b"),
    ]
]


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    from_: str  # a bound in the forms of app/domain/timebounds.py
    since: bool  # "since ...": the range starts there and is still holding (to: open)


def _iso(d: date) -> str:
    return d.isoformat()


def _span(lo: date, hi: date) -> str:
    return _iso(lo) if lo == hi else f"{_iso(lo)}..{_iso(hi)}"


def _last_month_named(month: int, as_of: date) -> int:
    """The year of the last such month up to the publication (an article of August: "in December" is the
    December before)."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def _bound(name: str, m: re.Match[str], as_of: date) -> str | None:
    """The phrase as a bound, or None when it names no real date ("31 February")."""
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    month = MONTHS[g["month"].lower().rstrip(".")] if g.get("month") else None
    if name in ("since_day", "day_month", "month_day"):
        assert month is not None
        y = year if year is not None else _last_month_named(month, as_of)
        try:
            return _iso(date(y, month, int(g["day"])))
        except ValueError:
            return None
    if name in ("since_month", "in_month", "month_year"):
        assert month is not None
        y = year if year is not None else _last_month_named(month, as_of)
        return f"{y:04d}-{month:02d}"
    if name in ("since_year", "in_year"):
        return f"{year:04d}"
    if name == "weekday":
        back = (as_of.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        if back == 0:  # the article's own weekday: that day, or the one a week before
            return _span(as_of - timedelta(days=7), as_of)
        return _iso(as_of - timedelta(days=back))
    if name == "yesterday":
        return _iso(as_of - timedelta(days=1))
    if name == "today":
        return _iso(as_of)
    if name == "last_week":
        monday = as_of - timedelta(days=as_of.weekday() + 7)
        return _span(monday, monday + timedelta(days=6))
    if name == "past_week":
        return _span(as_of - timedelta(days=7), as_of)
    if name == "this_week":
        return _span(as_of - timedelta(days=as_of.weekday()), as_of)
    if name == "last_month":
        last = as_of.replace(day=1) - timedelta(days=1)
        return f"{last.year:04d}-{last.month:02d}"
    if name == "this_month":
        return _span(as_of.replace(day=1), as_of)
    if name == "past_year":
        return _span(as_of - timedelta(days=365), as_of)
    if name == "last_year":
        return f"{as_of.year - 1:04d}"
    if name == "this_year":
        return _span(date(as_of.year, 1, 1), as_of)
    raise AssertionError(name)


def find_dates(text: str, as_of: date, start: int = 0, end: int | None = None) -> list[DatePhrase]:
    """The date phrases of text[start:end], in order, none overlapping another; phrases that name a day that
    does not exist, or one after the publication, are left out."""
    stop = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[DatePhrase] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, stop):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            bound = _bound(name, m, as_of)
            if bound is None or not _not_after(bound, as_of):
                continue
            taken.append((m.start(), m.end()))
            found.append(DatePhrase(m.start(), m.end(), m.group(), bound, name.startswith("since")))
    return sorted(found, key=lambda d: d.start)


def _not_after(bound: str, as_of: date) -> bool:
    try:
        return resolve_valid(bound, None, None).from_lo <= as_of
    except TimeError:
        return False


def valid_for(phrase: DatePhrase | None, as_of: date, ongoing: bool) -> tuple[str, str | None, str | None]:
    """(from, to, text) of a claim: the phrase's bound (unknown start, on or before the publication when no
    phrase dates it); to "open" when the sentence presents it as still holding (or says "since")."""
    if phrase is None:
        return f"..{_iso(as_of)}", ("open" if ongoing else None), None
    return phrase.from_, ("open" if ongoing or phrase.since else None), phrase.text


def resolve(phrase: DatePhrase | None, as_of: date, ongoing: bool) -> ValidTime:
    """The four bounds, by app/domain/timebounds.resolve_valid."""
    start, stop, text = valid_for(phrase, as_of, ongoing)
    return resolve_valid(start, stop, as_of, text)


__all__ = ["DatePhrase", "Precision", "find_dates", "resolve", "valid_for"]
