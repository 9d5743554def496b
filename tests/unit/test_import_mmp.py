"""The MMP reader's pure parts: MMP's three ways of writing a date, the two-digit-year pivot checked against the
shipped table, the names a group is matched by, where groups land, and MMP's "until replaced" rule."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest

from app.domain.timebounds import Precision
from app.importing import mmp
from app.importing.records import derived_candidate
from tests.import_support import MMP_RELATIONSHIPS


@pytest.mark.parametrize(
    ("written", "point", "precision"),
    [
        ("2014-09-00", "2014-09", Precision.MONTH),
        ("2009-00-00", "2009", Precision.YEAR),
        ("2/18/10", "2010-02-18", Precision.DAY),
        ("8/29/14", "2014-08-29", Precision.DAY),
        ("1/1/68", "1968-01-01", Precision.DAY),
        ("9/11/80", "1980-09-11", Precision.DAY),
        ("12/24/00", "2000-12-24", Precision.DAY),
        ("7/31/19", "2019-07-31", Precision.DAY),
        ("1/1/20", "1920-01-01", Precision.DAY),
        ("2014-08-29", "2014-08-29", Precision.DAY),
        ("3/3/2015", "2015-03-03", Precision.DAY),
    ],
)
def test_mmps_dates_keep_their_precision(written: str, point: str, precision: Precision) -> None:
    start = mmp.parse_start(written)
    assert (start.point, start.precision, start.written) == (point, precision, written)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("", "empty"),
        ("2014-00-05", "a day (05) without a month"),
        ("2014-13-00", "month 13 does not exist"),
        ("2/30/14", "February 2014 has 28 days"),
        ("13/1/14", "month 13 does not exist"),
        ("Aug 2014", "is not a date as MMP writes them"),
    ],
)
def test_a_date_mmp_does_not_write_is_refused_with_the_reason(written: str, says: str) -> None:
    with pytest.raises(mmp.RowError) as caught:
        mmp.parse_start(written)
    assert caught.value.field == "date" and says in caught.value.reason


def test_the_two_digit_years_of_the_shipped_table_read_as_their_descriptions_date_them() -> None:
    """Every M/D/YY date whose description names a four-digit year names the year the pivot gives (or, for a
    tie that began before what it describes, a later one), never a century off."""
    with MMP_RELATIONSHIPS.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if "/" in r["date"]]
    assert {r["date"].rsplit("/", 1)[1] for r in rows} >= {"00", "17", "68", "98"}
    checked = 0
    for r in rows:
        year = int(mmp.parse_start(r["date"]).point[:4])
        named = [int(w) for w in r["description"].replace(",", " ").replace(".", " ").split() if w.isdigit()]
        years = [y for y in named if 1900 <= y <= 2019]
        if years:
            checked += 1
            assert min(abs(y - year) for y in years) <= 3, (r["unique_id"], r["date"], years)
    assert checked >= 30  # 33 in the shipped table


def test_a_group_is_matched_by_its_name_without_the_then_by_its_former_name() -> None:
    assert mmp.match_names("The Islamic State") == ["The Islamic State", "Islamic State"]
    assert mmp.match_names("Hay'at Tahrir al-Sham (Formerly Jabhat al-Nusra)") == [
        "Hay'at Tahrir al-Sham (Formerly Jabhat al-Nusra)",
        "Hay'at Tahrir al-Sham",  # the group as it is now first: UCDP's HTS where the graph has it
        "Jabhat al-Nusra",
    ]
    assert mmp.match_names("Al Qaeda") == ["Al Qaeda"]


def _actor(actor_id: str, name: str, *aliases: str, kind: str = "armed_group") -> mmp.ExistingActor:
    from app.seeding.rows import search_keys

    return mmp.ExistingActor(actor_id, name, kind, aliases, tuple(search_keys(name, aliases, actor_id)))


def test_groups_land_on_existing_actors_by_name_and_alias_and_two_ids_of_one_group_on_one_actor() -> None:
    existing = [
        _actor("islamic-state", "Islamic State", "IS", "Daesh"),
        _actor("al-nusra-front", "al-Nusra Front", "Jabhat al-Nusra", "al-Nusra"),
        _actor("aleppo-rebels", "Rebels (unnamed)", "the rebels", kind="placeholder"),
    ]
    groups = {
        1: "The Islamic State",
        493: "Hay'at Tahrir al-Sham (Formerly Jabhat al-Nusra)",
        541: "Islamic Front",
        561: "The Islamic Front",
        900: "The Rebels",
    }
    res = mmp.resolve_actors(groups, existing)
    assert res.actor_of == {
        1: "islamic-state",
        493: "al-nusra-front",
        541: "islamic-front",
        561: "islamic-front",
        900: "rebels",  # never a placeholder
    }
    assert res.how[1] == "name 'Islamic State'" and res.how[493] == "name 'Jabhat al-Nusra'"
    assert res.created["islamic-front"]["props"]["mmp_ids"] == [541, 561]
    assert res.foreign == {"islamic-state", "al-nusra-front"}
    updated = {u["id"]: u for u in res.updated}
    assert updated["islamic-state"]["mmp_ids"] == [1] and "The Islamic State" in updated["islamic-state"]["aliases"]
    again = mmp.resolve_actors({1: "The Islamic State"}, [mmp.ExistingActor("x", "X", "armed_group", mmp_ids=(1,))])
    assert again.actor_of == {1: "x"} and again.how[1] == "mmp id"


def _row(uid: int, mmp_type: str, first: int, second: int, date: str) -> mmp.MmpRow:
    return mmp.MmpRow(
        uid, uid, mmp_type, mmp.Group(first, f"G{first}"), mmp.Group(second, f"G{second}"), mmp.parse_start(date), "x"
    )


def test_until_replaced_ends_a_tie_at_the_start_of_the_next_tie_between_the_same_two_groups() -> None:
    rows = [
        _row(1, "all", 1, 2, "2013-12-00"),
        _row(2, "riv", 2, 1, "2014-01-00"),
        _row(3, "riv", 1, 2, "1/6/14"),
        _row(4, "all", 1, 3, "2014-00-00"),
        _row(5, "aff", 1, 3, "2014-09-00"),
        _row(6, "all", 1, 2, "2014-00-00"),
    ]
    replaced = {k: v.unique_id for k, v in mmp.replacements(rows).items()}
    # 6 (the year 2014) begins on 2014-01-01 at the earliest, as 2 does: neither replaces the other
    assert replaced == {1: 2, 6: 3, 2: 3, 4: 5}
    claims = {
        c["id"]: c["props"]
        for c in (
            derived_candidate(d, mmp.ORIGIN, datetime(2026, 1, 1)).row
            for d in mmp.claims(rows, {1: "aa", 2: "bb", 3: "cc"}, "m.csv", mmp.replacements(rows))
        )
    }
    ended = claims["mmp-1"]
    assert (str(ended["to_lo"]), str(ended["to_hi"]), ended["to_precision"]) == ("2014-01-01", "2014-01-31", "month")
    last = claims["mmp-3"]
    assert (str(last["to_hi"]), last["to_precision"], last["open_ended"]) == ("9999-12-31", "unknown", False)
