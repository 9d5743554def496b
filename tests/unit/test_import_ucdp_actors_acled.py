"""The pure parts of the UCDP Actor Dataset and ACLED readers: comma-separated cells, dates, time spans."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.importing.acled import (
    ORIGIN,
    RowError,
    armed,
    derived_claims,
    event_row,
    event_span,
    name_variants,
    parse_date,
    parse_inter,
    read_acled,
    split_actors,
)
from app.importing.records import derived_candidate
from app.importing.ucdp_actors import Activity, split_names, tie_valid

COMMA_NAMES = ["Interahamwe, ex-FAR", "Military faction (forces of Honasan, Abenina & Zumel)"]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("TQJBR, ISI, ISIS, IS", ["TQJBR", "ISI", "ISIS", "IS"]),
        ("AN , UFR", ["AN", "UFR"]),
        ("Interahamwe, ex-FAR", ["Interahamwe, ex-FAR"]),
        ("ALiR, Interahamwe, ex-FAR, FDLR", ["ALiR", "Interahamwe, ex-FAR", "FDLR"]),
        ("Military faction (forces of Honasan, Abenina & Zumel), RAM", [*COMMA_NAMES[1:], "RAM"]),
        ("", []),
    ],
)
def test_a_multi_valued_cell_splits_on_commas_but_keeps_a_name_that_holds_one(cell: str, names: list[str]) -> None:
    assert split_names(cell, COMMA_NAMES) == names


def test_a_tie_is_undated_unless_ged_events_show_both_groups_in_a_shared_span() -> None:
    jfs = Activity(date(2012, 9, 27), date(2017, 2, 14), 929)
    hts = Activity(date(2016, 4, 5), date(2019, 11, 7), 477)
    given, note = tie_valid("22.1", ("JFS", jfs), ("HTS", hts))
    valid = given.resolve(None)
    assert (valid.from_lo, valid.from_hi, valid.to_lo, valid.to_hi) == (
        date(2016, 4, 5),
        date(2017, 2, 14),
        date(2016, 4, 5),
        date(2017, 2, 14),
    )
    assert valid.approximate and not valid.open_ended and note and "929 events" in note
    undated_input, none = tie_valid("22.1", ("JFS", jfs), ("Liwa", None))
    undated = undated_input.resolve(None)
    assert undated.from_lo == date(1, 1, 1) and undated.to_hi == date(9999, 12, 31) and none is None
    assert "no GED events of Liwa" in (undated.text or "")
    apart_input, _ = tie_valid("22.1", ("A", Activity(date(2013, 1, 1), date(2013, 5, 1), 3)), ("B", hts))
    apart = apart_input.resolve(None)
    assert apart.from_lo == date(1, 1, 1) and "never both active" in (apart.text or "")


@pytest.mark.parametrize(
    "text",
    ["18 August 2014", "18 Aug 2014", "2014-08-18", "18/08/2014", "18-08-2014", "18-Aug-2014", " 18  August 2014 "],
)
def test_acled_dates_in_each_of_their_forms(text: str) -> None:
    assert parse_date(text) == date(2014, 8, 18)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31 September 2014", "September 2014 has 30 days, not 31"),
        ("18 Augst 2014", "'Augst' is not a month"),
        ("08/18/2014", "month 18 does not exist"),
        ("yesterday", "is not a date"),
    ],
)
def test_an_acled_date_that_does_not_exist_says_why(text: str, reason: str) -> None:
    with pytest.raises(RowError, match=reason):
        parse_date(text)


def test_time_precision_gives_the_day_the_week_around_it_or_the_month() -> None:
    day = date(2014, 8, 10)
    assert event_span(day, 1) == (day, day)
    assert event_span(day, 2) == (date(2014, 8, 7), date(2014, 8, 13))
    assert event_span(day, 3) == (date(2014, 8, 1), date(2014, 8, 31))


def acled_file(path: Path, precisions: list[str | None]) -> Path:
    """Battles of Islamic State and Islamic Front on 10 August 2014, one a row, with these time_precision cells
    (None: no such column)."""
    columns = ["event_id_cnty", "event_date", "event_type", "actor1", "actor2"]
    if any(p is not None for p in precisions):
        columns.insert(2, "time_precision")
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        out.writeheader()
        for i, p in enumerate(precisions, start=1):
            row = {"event_id_cnty": f"SYR{i}", "event_date": "10 August 2014", "time_precision": p}
            out.writerow(row | {"event_type": "Battles", "actor1": "Islamic State", "actor2": "Islamic Front"})
    return path


@pytest.mark.parametrize("cells", [["", "1"], [None, None]], ids=["empty-cell", "no-column"])
def test_a_row_without_time_precision_is_the_month_and_its_claim_says_so(
    tmp_path: Path, cells: list[str | None]
) -> None:
    parsed = read_acled(acled_file(tmp_path / "acled.csv", cells), "acled.csv")
    assert parsed.rejects == []
    unknown = parsed.rows[0]
    assert (unknown.start, unknown.end) == (date(2014, 8, 1), date(2014, 8, 31))  # not the day: unknown precision
    assert unknown.precision_unknown and unknown.values["time_precision"] is None
    event, _ = event_row(unknown, {"Islamic State": "is", "Islamic Front": "if"}, "t")
    assert event["props"]["time_precision"] is None and "no time_precision" in event["props"]["description"]
    (derived,) = derived_claims(parsed.rows, {"Islamic State": "is", "Islamic Front": "if"}, "t")
    props = derived_candidate(derived, ORIGIN, datetime.now(UTC)).row["props"]
    assert (props["from_lo"], props["to_hi"]) == (date(2014, 8, 1), date(2014, 8, 31))
    unknown_ids = "event SYR1" if cells == ["", "1"] else "events SYR1, SYR2"
    assert props["notes"] == (
        f"No time_precision for {unknown_ids}: read as the month of event_date (time_precision 3, the coarsest ACLED "
        "codes)."
    )


def test_a_row_with_time_precision_1_is_the_day_and_its_claim_has_no_note(tmp_path: Path) -> None:
    parsed = read_acled(acled_file(tmp_path / "acled.csv", ["1"]), "acled.csv")
    assert (parsed.rows[0].start, parsed.rows[0].end) == (date(2014, 8, 10), date(2014, 8, 10))
    (derived,) = derived_claims(parsed.rows, {"Islamic State": "is", "Islamic Front": "if"}, "t")
    assert derived_candidate(derived, ORIGIN, datetime.now(UTC)).row["props"]["notes"] is None


def test_inter_as_a_number_or_as_newer_exports_write_it() -> None:
    assert [parse_inter(t, "inter1") for t in ("2", "2.0", "Rebel group", "rebel groups", "State forces", "")] == [
        2,
        2,
        2,
        2,
        1,
        None,
    ]
    with pytest.raises(RowError, match="not an ACLED actor type"):
        parse_inter("9", "inter1")


def test_associated_actors_split_on_semicolons_and_civilians_are_never_armed() -> None:
    assert split_actors("Hezbollah; Military Forces of Russia (2000-); Hezbollah") == (
        "Hezbollah",
        "Military Forces of Russia (2000-)",
    )
    assert split_actors("Ahrar al-Sham, the Islamic Movement") == ("Ahrar al-Sham, the Islamic Movement",)
    assert not armed("Civilians (Syria)") and not armed("Protesters (Syria)") and armed("Islamic State (Syria)")
    assert name_variants("HTS: Hayat Tahrir al-Sham") == ["HTS: Hayat Tahrir al-Sham", "HTS", "Hayat Tahrir al-Sham"]
    assert name_variants("Islamic State (Syria)") == ["Islamic State (Syria)", "Islamic State"]
