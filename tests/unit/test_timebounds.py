"""Dates and ranges as analysts write them, resolved to four bounds (pure logic, no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from app.domain.timebounds import (
    LONG_TIER,
    MAX_DATE,
    MIN_DATE,
    SPAN_TIERS,
    Precision,
    TimeError,
    parse_bound,
    parse_window,
    resolve_valid,
    span_tier,
    tier_ranges,
)
from tests import reference
from tests.strategies import bounds, windows

ARTICLE = date(2014, 8, 18)  # Monday 18 August 2014


def test_august_2014_is_the_whole_month_at_month_precision() -> None:
    v = resolve_valid("2014-08", None, ARTICLE, "in August 2014")
    assert (v.from_lo, v.from_hi, v.to_lo, v.to_hi) == (
        date(2014, 8, 1),
        date(2014, 8, 31),
        date(2014, 8, 1),
        date(2014, 8, 31),
    )
    assert v.precision is Precision.MONTH
    assert not v.open_ended and not v.approximate


def test_since_2012_still_going_is_year_precision_and_open_ended() -> None:
    v = resolve_valid("2012", "open", ARTICLE)
    assert (v.from_lo, v.from_hi) == (date(2012, 1, 1), date(2012, 12, 31))
    assert (v.to_lo, v.to_hi) == (ARTICLE, MAX_DATE)
    assert v.open_ended and v.precision is Precision.YEAR


def test_last_week_in_an_article_of_18_august_is_approximate() -> None:
    v = resolve_valid("2014-08-11..2014-08-17", None, ARTICLE, "last week")
    assert (v.from_lo, v.from_hi, v.to_lo, v.to_hi) == (date(2014, 8, 11), date(2014, 8, 17)) * 2
    assert v.approximate and v.precision is Precision.RANGE


def test_on_saturday_is_one_day() -> None:
    v = resolve_valid("2014-08-16", None, ARTICLE, "on Saturday")
    assert (v.from_lo, v.to_hi, v.precision) == (date(2014, 8, 16), date(2014, 8, 16), Precision.DAY)


def test_an_unknown_start_before_the_article() -> None:
    v = resolve_valid("..2014-08-18", "open", ARTICLE)
    assert (v.from_lo, v.from_hi, v.to_lo) == (MIN_DATE, ARTICLE, ARTICLE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2014-02-30", "February 2014 has 28 days, not 30"),
        ("2014-13", "month 13 does not exist"),
        ("August 2014", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2014-08-20..2014-08-10", "ends before it starts"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(TimeError, match=message):
        parse_bound(text)


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(TimeError, match="ends"):
        resolve_valid("2014-08", "2014-07", ARTICLE)


def test_an_open_end_needs_the_source_date() -> None:
    with pytest.raises(TimeError, match="as_of"):
        resolve_valid("2014", "open", None)


def test_an_open_end_cannot_be_vouched_for_by_a_source_older_than_the_start() -> None:
    with pytest.raises(TimeError, match="before the range can start"):
        resolve_valid("2015", "open", ARTICLE)


def test_dates_take_ascii_digits_only() -> None:
    with pytest.raises(TimeError):
        parse_bound("٢٠١٤-٠٨")


def test_windows() -> None:
    assert (parse_window("2014-08").start, parse_window("2014-08").end) == (date(2014, 8, 1), date(2014, 8, 31))
    w = parse_window("2014-07/2014-08-15")
    assert (w.start, w.end) == (date(2014, 7, 1), date(2014, 8, 15))
    with pytest.raises(TimeError, match="swap them"):
        parse_window("2014-09/2014-08")
    with pytest.raises(TimeError):
        parse_window("2014-08/")


def test_a_claim_known_only_to_the_year_is_possibly_but_not_certainly_in_august() -> None:
    v = resolve_valid("2014", None, ARTICLE)
    august = parse_window("2014-08")
    assert v.possibly_overlaps(august.start, august.end)
    assert not v.certainly_covers(august.start, august.end)


@hsettings(max_examples=400, deadline=None)
@given(start=bounds(), end=st.one_of(st.none(), st.just("open"), bounds()), window=windows())
def test_the_two_modes_agree_with_the_day_by_day_reference(start: str, end: str | None, window: str) -> None:
    try:
        v = resolve_valid(start, end, ARTICLE)
    except TimeError:
        assume(False)
        return
    w = parse_window(window)
    starts, ends = reference.spans(start, end, ARTICLE)
    assert v.possibly_overlaps(w.start, w.end) == reference.possibly(starts, ends, w.start, w.end)
    assert v.certainly_covers(w.start, w.end) == reference.certainly(starts, ends, w.start, w.end)
    # certainly implies possibly; and the bounds are ordered as the model promises
    assert not v.certainly_covers(w.start, w.end) or v.possibly_overlaps(w.start, w.end)
    assert v.from_lo <= v.from_hi and v.to_lo <= v.to_hi and v.from_lo <= v.to_lo and v.from_hi <= v.to_hi


@hsettings(max_examples=400, deadline=None)
@given(
    start=bounds(),
    end=st.one_of(st.none(), st.just("open"), bounds()),
    window=windows(),
    mode=st.sampled_from(["possibly", "certainly"]),
)
def test_a_claim_that_meets_a_window_starts_inside_its_tiers_seek_range(
    start: str, end: str | None, window: str, mode: str
) -> None:
    """The window queries read each span tier only between the bounds tier_ranges gives: no claim that
    meets the window may start outside them, or the index seek would miss it."""
    try:
        v = resolve_valid(start, end, ARTICLE)
    except TimeError:
        assume(False)
        return
    w = parse_window(window)
    meets = v.possibly_overlaps(w.start, w.end) if mode == "possibly" else v.certainly_covers(w.start, w.end)
    assume(meets)
    tier = span_tier(v.from_lo, v.to_hi)
    ranges = {r.span: r for r in tier_ranges(w, mode)}
    assert tier in ranges, f"tier {tier} is not read at all for {window} ({mode})"
    assert ranges[tier].lo <= v.from_lo <= ranges[tier].hi


def test_tiers_follow_the_claims_length() -> None:
    assert span_tier(date(2014, 8, 16), date(2014, 8, 16)) == 0
    assert span_tier(date(2014, 8, 1), date(2014, 8, 31)) == 1
    assert span_tier(date(2014, 1, 1), date(2014, 12, 31)) == 3
    assert span_tier(date(2012, 1, 1), MAX_DATE) == LONG_TIER
    assert span_tier(MIN_DATE, date(2014, 8, 18)) == LONG_TIER


def test_the_tier_is_the_first_whose_length_holds_the_claim() -> None:
    """span_tier (a bisection) against its definition, at every tier's edge."""
    start = date(2000, 1, 1)
    for most in SPAN_TIERS:
        for days in (most - 1, most, most + 1):
            expected = next((t for t, m in enumerate(SPAN_TIERS) if days <= m), LONG_TIER)
            assert span_tier(start, start + timedelta(days=days)) == expected


def test_a_remembered_bound_is_the_same_and_a_bad_one_raises_every_time() -> None:
    assert parse_bound("2014-08") == parse_bound(" 2014-08 ")
    assert parse_bound("2014-08") is parse_bound("2014-08")  # remembered, not parsed again
    for _ in range(2):
        with pytest.raises(TimeError, match="month 13"):
            parse_bound("2014-13")
