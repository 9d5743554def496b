"""Hypothesis strategies: time expressions as an analyst writes them, and query windows."""

from __future__ import annotations

import calendar

from hypothesis import strategies as st

years = st.integers(2012, 2016)
months = st.integers(1, 12)


@st.composite
def points(draw: st.DrawFn) -> str:
    year = draw(years)
    form = draw(st.sampled_from(["year", "month", "day"]))
    if form == "year":
        return f"{year}"
    month = draw(months)
    if form == "month":
        return f"{year}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year}-{month:02d}-{day:02d}"


@st.composite
def bounds(draw: st.DrawFn) -> str:
    """A point, or a span A..B (with A or B possibly missing)."""
    if draw(st.booleans()):
        return draw(points())
    a, b = sorted([draw(points()), draw(points())])
    a_text = "" if draw(st.integers(0, 5)) == 0 else a
    b_text = "" if draw(st.integers(0, 5)) == 0 else b
    return f"{a_text}..{b_text}" if (a_text or b_text) else f"{a}..{b}"


@st.composite
def windows(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(points())
    a, b = draw(points()), draw(points())
    a, b = sorted([a, b])
    return f"{a}/{b}"
