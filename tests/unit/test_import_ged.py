"""The GED adapter's pure logic: columns, row checks, coalitions, actor matching, events and monthly claims."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.inputs import DerivedClaim
from app.domain.timebounds import Precision
from app.importing.files import UnusableFile
from app.importing.ged.actor_list import ActorList, ListedActor, read_actor_list
from app.importing.ged.actors import ExistingActor, Resolution, groups_of, resolve_actors
from app.importing.ged.claims import cooperation_claims, hostility_claims
from app.importing.ged.codebook import ORIGIN
from app.importing.ged.events import event_row, event_valid
from app.importing.ged.reader import Columns, GedRow, read_ged, split_side
from app.importing.problems import Reject
from app.importing.records import derived_candidate
from tests.import_support import GED_COLUMNS, SHIPPED_ACTORS, ged_row, write_csv

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def read_rows(path: Path, listed: ActorList | None = None) -> tuple[Columns, list[GedRow], list[Reject]]:
    items = read_ged(path, path.name, listed)
    columns = next(items)
    assert isinstance(columns, Columns)
    rows: list[GedRow] = []
    rejects: list[Reject] = []
    for item in items:
        (rows if isinstance(item, GedRow) else rejects).append(item)  # type: ignore[arg-type]
    return columns, rows, rejects


def one_row(tmp_path: Path, **row: Any) -> GedRow | Reject:
    base = ged_row(1, 1, "Government of Syria", "IS", "2016-08-03")
    path = write_csv(tmp_path / "one.csv", [base | row])
    _, rows, rejects = read_rows(path)
    return rows[0] if rows else rejects[0]


# ------------------------------------------------------------------------------------------ columns


def test_a_file_without_a_required_column_is_unusable_and_says_which(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "x.csv", [ged_row(1, 1, "A", "B", "2016-01-01")], [c for c in GED_COLUMNS if c != "side_b"]
    )
    with pytest.raises(UnusableFile, match="no column side_b"):
        read_rows(path)


def test_a_file_without_any_date_is_unusable(tmp_path: Path) -> None:
    columns = [c for c in GED_COLUMNS if c not in ("date_start", "date_end", "year")]
    path = write_csv(tmp_path / "x.csv", [ged_row(1, 1, "A", "B", "2016-01-01")], columns)
    with pytest.raises(UnusableFile, match=r"date_start \(or year\)"):
        read_rows(path)


def test_missing_optional_columns_are_named_and_death_columns_may_be_called_best_death(tmp_path: Path) -> None:
    rows = [{"id": 5, "type_of_violence": 1, "side_a": "A", "side_b": "B", "year": 2016, "month": 8, "day": 3,
             "low_death": 1, "best_death": 2, "high_death": 4}]  # fmt: skip
    path = write_csv(tmp_path / "old.csv", rows, list(rows[0]))
    columns, parsed, rejects = read_rows(path)
    assert not rejects
    assert columns.has("best") and columns.has("low") and columns.has("high")
    assert "date_start" in columns.missing and "source_article" in columns.missing and "latitude" in columns.missing
    assert "best" not in columns.missing and "month" not in columns.missing
    assert parsed[0].deaths("best") == 2 and (parsed[0].start, parsed[0].end) == (date(2016, 8, 3), date(2016, 8, 3))


@pytest.mark.parametrize(
    ("year", "month", "day", "start", "end"),
    [
        ("2016", "8", "", date(2016, 8, 1), date(2016, 8, 31)),
        ("2016", "", "", date(2016, 1, 1), date(2016, 12, 31)),
        ("2016.0", "2.0", "29.0", date(2016, 2, 29), date(2016, 2, 29)),
    ],
)
def test_year_month_day_give_the_span_they_can_mean(
    tmp_path: Path, year: str, month: str, day: str, start: date, end: date
) -> None:
    rows = [{"id": 1, "type_of_violence": 2, "side_a": "A", "side_b": "B", "year": year, "month": month, "day": day}]
    _, parsed, rejects = read_rows(write_csv(tmp_path / "y.csv", rows, list(rows[0])))
    assert not rejects and (parsed[0].start, parsed[0].end) == (start, end)


# --------------------------------------------------------------------------------------------- rows


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"id": ""}, "id", "empty"),
        ({"id": "12a"}, "id", "not a number"),
        ({"id": "1.5"}, "id", "not a whole number"),
        ({"type_of_violence": "4"}, "type_of_violence", "is not 1 (state-based)"),
        ({"side_a": " "}, "side_a", "empty"),
        ({"side_b": ", ,"}, "side_b", "names no group"),
        ({"date_start": "2016-02-30"}, "date_start", "February 2016 has 29 days, not 30"),
        ({"date_start": "03/08/2016"}, "date_start", "not a date"),
        ({"date_end": "2016-08-01"}, "date_end", "before date_start"),
        ({"latitude": "91"}, "latitude", "outside -90..90"),
        ({"longitude": ""}, "longitude", "empty, but the other coordinate is given"),
        ({"best": "-1"}, "best", "below 0"),
        ({"date_prec": "7"}, "date_prec", "not 1..5"),
        ({"side_b": "Civilians"}, "side_b", "civilians only in one-sided violence"),
        ({"side_a": "Civilians", "type_of_violence": "3"}, "side_a", "never side A"),
    ],
)
def test_a_bad_row_is_rejected_naming_its_field(
    tmp_path: Path, change: dict[str, str], field: str, reason: str
) -> None:
    got = one_row(tmp_path, **change)
    assert isinstance(got, Reject), got
    assert got.field == field and reason in got.reason and got.line == 2


def test_a_repeated_id_is_rejected_with_the_line_it_was_first_on(tmp_path: Path) -> None:
    rows = [
        ged_row(7, 1, "A", "B", "2016-01-01"),
        ged_row(8, 1, "A", "B", "2016-01-02"),
        ged_row(7, 2, "C", "D", "2016-01-03"),
    ]
    _, parsed, rejects = read_rows(write_csv(tmp_path / "d.csv", rows))
    assert [r.ged_id for r in parsed] == [7, 8]
    assert [(r.line, r.field) for r in rejects] == [(4, "id")] and "first on line 2" in rejects[0].reason


def test_a_record_with_more_cells_than_columns_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("id,type_of_violence,side_a,side_b,date_start\n1,1,A,B,2016-01-01,extra\n2,1,A,B,2016-01-02\n")
    _, parsed, rejects = read_rows(path)
    assert [r.ged_id for r in parsed] == [2] and rejects[0].line == 2 and "more cells" in rejects[0].reason


def test_a_coalition_side_is_split_on_its_commas() -> None:
    assert split_side("Islamic Front, Jabhat Fateh al-Sham,  Liwa al-Sultan Murad") == (
        "Islamic Front",
        "Jabhat Fateh al-Sham",
        "Liwa al-Sultan Murad",
    )
    assert split_side("IS") == ("IS",)
    assert split_side("A, A, ,B") == ("A", "B")


def test_one_sided_violence_keeps_its_perpetrator_and_no_civilian_actor(tmp_path: Path) -> None:
    got = one_row(tmp_path, type_of_violence="3", side_a="IS", side_b="Civilians")
    assert isinstance(got, GedRow)
    assert got.members_a == ("IS",) and got.members_b == ()


def test_a_name_with_a_comma_in_the_actor_list_is_one_actor(tmp_path: Path) -> None:
    listed = ActorList(by_id={9: ListedActor(9, "Interahamwe, ex-FAR", ("Interahamwe, ex-FAR",), 1)})
    path = write_csv(tmp_path / "c.csv", [ged_row(1, 2, "Interahamwe, ex-FAR", "B", "2016-01-01")])
    _, rows, _ = read_rows(path, listed)
    assert rows[0].members_a == ("Interahamwe, ex-FAR",)


def test_the_actor_list_keeps_a_full_name_with_a_comma_whole_or_leaves_it_out_never_cuts_it() -> None:
    # UCDP Actor Dataset 22.1 (the real file, as shipped and in ../shared/data/ucdp), ActorId 734: NewName
    # "M-26-7", NewNameFullMotherTongue "Movimiento 26, de Julio" (one name with a comma), NewNameFullEng
    # "26th of July Movement".
    listed = read_actor_list(SHIPPED_ACTORS, "ucdp-actor-22.1.csv.gz")
    fidelistas = listed.by_id[734].names
    assert "M-26-7" in fidelistas and "26th of July Movement" in fidelistas
    assert "de Julio" not in fidelistas and "Movimiento 26" not in fidelistas
    # a cell of several renames still splits, one name each (ActorId 234, IS)
    assert {"TQJBR", "ISI", "ISIS", "Islamic State of Iraq", "al-Dawla al-Islamiyya"} <= set(listed.by_id[234].names)


# ------------------------------------------------------------------------------------------- actors


def existing(actor_id: str, name: str, aliases: tuple[str, ...] = (), ucdp: int | None = None) -> ExistingActor:
    from app.seeding.rows import search_keys

    return ExistingActor(actor_id, name, "armed_group", aliases, tuple(search_keys(name, aliases, actor_id)), ucdp)


SEEDLIKE = [
    existing("islamic-state", "Islamic State", ("IS", "ISIS"), 234),
    existing("al-nusra-front", "al-Nusra Front", ("Jabhat Fateh al-Sham",), 1170),
    existing("syrian-government", "Syrian government", ("Government of Syria",), 118),
    existing("people-liberation-army-china", "PLA", ("PLA",), 161),
]


def resolve(tmp_path: Path, rows: list[dict[str, Any]], listed: ActorList | None = None) -> Resolution:
    _, parsed, rejects = read_rows(write_csv(tmp_path / "r.csv", rows), listed)
    assert not rejects
    return resolve_actors(groups_of(parsed, listed), SEEDLIKE, listed, "19.1")


def test_ucdp_sides_land_on_existing_actors_by_id_then_name_and_keep_the_ucdp_name(tmp_path: Path) -> None:
    res = resolve(
        tmp_path,
        [
            ged_row(1, 1, "Government of Syria", "IS", "2016-01-01", side_a_id=118, side_b_id=234),
            ged_row(2, 2, "IS", "Jabhat Fateh al-Sham", "2016-01-02"),  # no ids: by name
            ged_row(3, 2, "Ahrar al-Sham, Jabhat Fateh al-Sham", "IS", "2016-01-03", side_a_id=6389, side_b_id=234),
        ],
    )
    assert res.actor_of["IS"] == "islamic-state" and res.matched["IS"] == "ucdp id"
    assert res.actor_of["Government of Syria"] == "syrian-government"
    assert res.actor_of["Jabhat Fateh al-Sham"] == "al-nusra-front"
    assert res.actor_of["Ahrar al-Sham"] == "ahrar-al-sham" and res.matched["Ahrar al-Sham"] == "new"
    new = {r["id"]: r["props"] for r in res.created}
    assert new["ahrar-al-sham"]["ucdp_id"] is None, "a coalition's id (6389) is not its member's"
    assert "Ahrar al-Sham" in new["ahrar-al-sham"]["aliases"] and "ahrar al sham" in new["ahrar-al-sham"]["search_keys"]
    assert "civilians" not in {k for r in res.created for k in r["props"]["search_keys"]}


def test_a_name_shared_with_an_actor_of_another_ucdp_id_makes_a_new_actor(tmp_path: Path) -> None:
    res = resolve(tmp_path, [ged_row(1, 1, "PLA", "Government of Syria", "2016-01-01", side_a_id=314, side_b_id=118)])
    assert res.actor_of["PLA"] != "people-liberation-army-china"
    created = {r["id"]: r["props"] for r in res.created}
    assert created[res.actor_of["PLA"]]["ucdp_id"] == 314 and res.actor_of["PLA"] == "pla"


def test_the_actor_list_adds_original_names_and_renames_as_aliases(tmp_path: Path) -> None:
    listed = ActorList(
        by_id={
            234: ListedActor(234, "IS", ("IS", "Jama'at Al-Tawhid wa Al-Jihad", "TQJBR", "ISI"), 1),
            5000: ListedActor(5000, "Sham Legion", ("Sham Legion", "Faylaq al-Sham"), 1),
        }
    )
    res = resolve(tmp_path, [ged_row(1, 2, "IS", "Sham Legion", "2016-01-01", side_a_id=234, side_b_id=5000)], listed)
    update = next(u for u in res.updated if u["id"] == "islamic-state")
    assert {"TQJBR", "ISI", "Jama'at Al-Tawhid wa Al-Jihad", "ISIS"} <= set(update["aliases"])
    legion = next(r["props"] for r in res.created if r["id"] == "sham-legion")
    assert legion["aliases"] == ["Sham Legion", "Faylaq al-Sham"] and legion["ucdp_id"] == 5000


def test_matching_the_same_file_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    rows = [ged_row(1, 2, "IS", "Jabhat Fateh al-Sham", "2016-01-02", side_a_id=234, side_b_id=1170)]
    first = resolve(tmp_path, rows)
    assert first.updated == [] and first.created == []  # the seed already has both names


# ------------------------------------------------------------------------------------- events, claims


def test_event_time_keeps_the_precision_of_its_dates() -> None:
    assert event_valid(date(2016, 8, 3), date(2016, 8, 3)).from_precision is Precision.DAY
    assert event_valid(date(2016, 8, 1), date(2016, 8, 31)).from_precision is Precision.MONTH
    assert event_valid(date(2016, 1, 1), date(2016, 12, 31)).from_precision is Precision.YEAR
    v = event_valid(date(2016, 8, 3), date(2016, 8, 6))
    assert v.from_precision is Precision.RANGE and v.approximate
    assert (v.from_lo, v.from_hi, v.to_lo, v.to_hi) == (
        date(2016, 8, 3),
        date(2016, 8, 6),
        date(2016, 8, 3),
        date(2016, 8, 6),
    )


def test_an_event_has_its_place_sides_and_the_articles_it_cites(tmp_path: Path) -> None:
    article = '"SOHR,2016-08-03,Clashes in Marea";"Reuters,2016-08-04,Rebels fight IS"'
    got = one_row(
        tmp_path, side_a="Ahrar al-Sham, Sham Legion", side_b="IS", type_of_violence="2", source_article=article
    )
    assert isinstance(got, GedRow)
    actor_of = {"Ahrar al-Sham": "ahrar-al-sham", "Sham Legion": "sham-legion", "IS": "islamic-state"}
    event, place, sources = event_row(got, actor_of, "19.1")
    assert (
        event["id"] == "ged-1" and event["props"]["deaths_best"] == 2 and event["props"]["kind"] == "non_state_violence"
    )
    assert event["participants"] == [
        {"actor": "ahrar-al-sham", "role": "side_a"},
        {"actor": "sham-legion", "role": "side_a"},
        {"actor": "islamic-state", "role": "side_b"},
    ]
    assert place is not None and place["props"]["lat"] == 36.4 and event["place"] == place["id"]
    assert [s.publisher for s in sources] == ["SOHR", "Reuters"]
    assert [s.title for s in sources] == ["Clashes in Marea", "Rebels fight IS"]
    assert [c["quote"] for c in event["citations"]] == [
        "SOHR,2016-08-03,Clashes in Marea",
        "Reuters,2016-08-04,Rebels fight IS",
    ]


def claims_of(tmp_path: Path, rows: list[dict[str, Any]], derive: Any = hostility_claims) -> list[dict[str, Any]]:
    _, parsed, rejects = read_rows(write_csv(tmp_path / "c.csv", rows))
    assert not rejects
    actor_of = {n: n.lower().replace(" ", "-") for r in parsed for n in (*r.members_a, *r.members_b)}
    return [rows_of(c) for c in derive(parsed, actor_of, "19.1", deaths_known=True)]


def rows_of(derived: DerivedClaim) -> dict[str, Any]:
    """The row the import writes for an adapter's claim (the path every input takes)."""
    return derived_candidate(derived, ORIGIN, NOW).row


def test_claims_are_one_per_pair_and_month_with_bounds_counts_and_sums_of_their_events(tmp_path: Path) -> None:
    claims = claims_of(
        tmp_path,
        [
            ged_row(1, 1, "Alpha", "Bravo", "2016-08-03", deaths=(1, 2, 3)),
            ged_row(
                2, 1, "Bravo", "Alpha", "2016-08-20", "2016-08-22", deaths=(4, 5, 6)
            ),  # the other way round: same pair
            ged_row(3, 1, "Alpha", "Bravo", "2016-09-01", deaths=(0, 0, 1)),
        ],
    )
    assert [c["id"] for c in claims] == ["ged-hostility-2016-08-alpha--bravo", "ged-hostility-2016-09-alpha--bravo"]
    august = claims[0]["props"]
    assert (august["from_lo"], august["from_hi"], august["to_lo"], august["to_hi"]) == (
        date(2016, 8, 3),
        date(2016, 8, 3),
        date(2016, 8, 20),
        date(2016, 8, 22),
    )
    assert (august["events"], august["deaths_low"], august["deaths_best"], august["deaths_high"]) == (2, 5, 7, 9)
    assert claims[0]["evidence"] == ["ged-1", "ged-2"]
    assert (
        claims[0]["citations"][0]["source"] == "ucdp-ged-19-1" and "events 1, 2" in claims[0]["citations"][0]["quote"]
    )
    assert claims[0]["edge"] == {"type": "HOSTILE_TO", "from": "alpha", "to": "bravo"}


def test_a_coalition_gives_each_member_the_hostility_and_is_recorded_on_the_claim(tmp_path: Path) -> None:
    claims = claims_of(tmp_path, [ged_row(1, 2, "Islamic Front, Liwa al-Sultan Murad", "IS, Hezbollah", "2016-08-03")])
    pairs = {tuple(p["actor"] for p in c["parties"]) for c in claims}
    assert pairs == {
        ("is", "islamic-front"),
        ("hezbollah", "islamic-front"),
        ("is", "liwa-al-sultan-murad"),
        ("hezbollah", "liwa-al-sultan-murad"),
    }
    assert all(c["props"]["coalitions"] == ["IS, Hezbollah", "Islamic Front, Liwa al-Sultan Murad"] for c in claims)


def test_one_sided_violence_makes_no_claim(tmp_path: Path) -> None:
    assert claims_of(tmp_path, [ged_row(1, 3, "IS", "Civilians", "2016-08-03")]) == []


def test_a_claim_never_covers_a_month_its_events_cannot_fall_in(tmp_path: Path) -> None:
    claims = claims_of(
        tmp_path,
        [
            ged_row(
                1, 1, "Alpha", "Bravo", "2016-07-31", "2016-08-02"
            ),  # crosses a month's end: a claim of its own span
            ged_row(2, 1, "Alpha", "Bravo", "2016-08-15"),
            ged_row(3, 1, "Alpha", "Bravo", "2016-10-01", "2016-10-31"),
        ],
    )
    spans = sorted((c["props"]["from_lo"], c["props"]["to_hi"]) for c in claims)
    assert spans == [
        (date(2016, 7, 31), date(2016, 8, 2)),
        (date(2016, 8, 15), date(2016, 8, 15)),
        (date(2016, 10, 1), date(2016, 10, 31)),
    ]
    assert not any(lo <= date(2016, 9, 30) and hi >= date(2016, 9, 1) for lo, hi in spans), "no event in September"


# ------------------------------------------------------------------------------ fought together (cooperation)


def test_groups_named_on_one_side_fought_together_one_claim_per_pair_and_month(tmp_path: Path) -> None:
    claims = claims_of(
        tmp_path,
        [
            ged_row(1, 2, "Ahrar al-Sham, Sham Legion, Liwa One", "IS", "2016-08-03", deaths=(1, 2, 3)),
            ged_row(2, 1, "Government of Syria", "Sham Legion, Ahrar al-Sham", "2016-08-20", deaths=(4, 5, 6)),
            ged_row(3, 2, "Ahrar al-Sham, Sham Legion", "IS", "2016-09-01"),
            ged_row(4, 1, "Government of Syria", "IS", "2016-08-05"),  # no coalition: nobody fought together
            ged_row(5, 3, "IS, Jund al-Aqsa", "Civilians", "2016-08-06"),  # one-sided: never fought together
        ],
        cooperation_claims,
    )
    got = {(c["props"]["ged_period"], *(p["actor"] for p in c["parties"])): c for c in claims}
    assert set(got) == {
        ("2016-08", "ahrar-al-sham", "sham-legion"),
        ("2016-08", "ahrar-al-sham", "liwa-one"),
        ("2016-08", "liwa-one", "sham-legion"),
        ("2016-09", "ahrar-al-sham", "sham-legion"),
    }
    both = got[("2016-08", "ahrar-al-sham", "sham-legion")]
    assert both["id"] == "ged-cooperation-2016-08-ahrar-al-sham--sham-legion"
    assert both["props"]["kind"] == "cooperation" and both["edge"]["type"] == "FOUGHT_ALONGSIDE"
    assert both["evidence"] == ["ged-1", "ged-2"]
    assert (both["props"]["events"], both["props"]["deaths_best"]) == (2, 7)
    assert both["props"]["coalitions"] == ["Ahrar al-Sham, Sham Legion, Liwa One", "Sham Legion, Ahrar al-Sham"]
    cite = both["citations"][0]
    assert cite["source"] == "ucdp-ged-19-1" and cite["quote"].startswith("events 1, 2 (")
    assert "within one side" in cite["note"]
    assert got[("2016-08", "ahrar-al-sham", "liwa-one")]["props"]["events"] == 1


def test_fought_together_is_bucketed_as_hostility_is(tmp_path: Path) -> None:
    rows = [
        ged_row(
            1, 2, "Alpha, Bravo", "Charlie, Delta", "2016-07-31", "2016-08-02"
        ),  # a span of its own, as for hostility
        ged_row(2, 2, "Alpha, Bravo", "Charlie", "2016-08-15"),
        ged_row(3, 1, "Government of X", "Charlie, Delta", "2016-08-20"),
    ]
    together = claims_of(tmp_path, rows, cooperation_claims)
    opposed = claims_of(tmp_path, rows)
    assert {c["props"]["ged_period"] for c in together} == {"2016-07-31-to-2016-08-02", "2016-08"}
    assert {c["props"]["ged_period"] for c in together} <= {c["props"]["ged_period"] for c in opposed}
    a_b = {c["props"]["ged_period"]: c for c in together if [p["actor"] for p in c["parties"]] == ["alpha", "bravo"]}
    assert (a_b["2016-08"]["props"]["from_lo"], a_b["2016-08"]["props"]["to_hi"]) == (date(2016, 8, 15),) * 2
    assert a_b["2016-07-31-to-2016-08-02"]["evidence"] == ["ged-1"]


def test_two_names_of_one_actor_on_a_side_are_not_a_pair(tmp_path: Path) -> None:
    _, parsed, _ = read_rows(
        write_csv(tmp_path / "c.csv", [ged_row(1, 2, "JFS, Jabhat Fateh al-Sham", "IS", "2016-08-03")])
    )
    actor_of = {"JFS": "al-nusra-front", "Jabhat Fateh al-Sham": "al-nusra-front", "IS": "islamic-state"}
    assert cooperation_claims(parsed, actor_of, "19.1", deaths_known=True) == []


# ------------------------------------------------------------------------------------- the reduced layout

SUBSET_COLUMNS = ["id", "year", "month", "day", "country", "type_of_violence", "conflict_name", "side_a", "side_b",
                  "latitude", "longitude", "low_death", "best_death", "high_death"]  # fmt: skip


def subset_row(ged_id: int, violence: str, side_a: str, side_b: str, day: str) -> dict[str, Any]:
    y, m, d = day.split("-")
    return {"id": ged_id, "year": y, "month": m, "day": d, "country": "Syria", "type_of_violence": violence,
            "conflict_name": "Syria: Government", "side_a": side_a, "side_b": side_b, "latitude": "36.2",
            "longitude": "37.1", "low_death": "1.0", "best_death": "2.0", "high_death": "3.0"}  # fmt: skip


def test_the_reduced_layout_reads_violence_as_text_and_says_what_it_lacks(tmp_path: Path) -> None:
    rows = [
        subset_row(1, "State-based violence", "Government of Syria", "IS", "2014-08-03"),
        subset_row(2, "Non-state violence", "Ahrar al-Sham, Sham Legion", "IS", "2014-08-04"),
        subset_row(3, "One-sided violence", "IS", "Civilians", "2014-08-05"),
        subset_row(4, "Riots", "A", "B", "2014-08-05"),
    ]
    columns, parsed, rejects = read_rows(write_csv(tmp_path / "subset.csv", rows, SUBSET_COLUMNS))
    assert [r.violence for r in parsed] == [1, 2, 3]
    assert [(r.line, r.field) for r in rejects] == [(5, "type_of_violence")] and "'Riots' is not 1, 2, 3" in rejects[
        0
    ].reason
    lacking = {m.split(":")[0]: m for m in columns.absent_means}
    assert set(lacking) == {"date_end", "date_prec", "source_article", "side_a_new_id, side_b_new_id",
                            "where_coordinates", "dyad_name"}  # fmt: skip
    assert "release itself" in lacking["source_article"] and "first day" in lacking["date_end"]
    first = parsed[0]
    assert (first.start, first.end, first.end_given) == (date(2014, 8, 3), date(2014, 8, 3), False)


def test_an_event_of_the_reduced_layout_is_its_first_day_marked_approximate_and_cites_the_release(
    tmp_path: Path,
) -> None:
    _, parsed, _ = read_rows(
        write_csv(tmp_path / "s.csv", [subset_row(7, "Non-state violence", "A, B", "IS", "2014-08-03")], SUBSET_COLUMNS)
    )
    event, place, articles = event_row(parsed[0], {"A": "aa", "B": "bb", "IS": "is"}, "21.1")
    props = event["props"]
    assert (props["from_lo"], props["to_hi"], props["precision"]) == (date(2014, 8, 3), date(2014, 8, 3), "day")
    assert props["approximate"] and "no date_end" in props["valid_text"]
    assert props["date_prec"] is None and articles == []
    assert event["citations"] == [
        {
            "source": "ucdp-ged-21-1",
            "quote": "event 7",
            "stance": "supports",
            "note": "the file names no source article for this event: the release itself is cited",
            "position": 0,
        }
    ]
    assert place is not None and place["props"]["name"] == "36.2, 37.1"
    [derived] = cooperation_claims(parsed, {"A": "aa", "B": "bb", "IS": "is"}, "21.1", deaths_known=True)
    claim = rows_of(derived)
    assert claim["props"]["approximate"] and "no end dates" in claim["props"]["valid_text"]


def test_a_file_with_date_end_gives_events_their_own_precision(tmp_path: Path) -> None:
    got = one_row(tmp_path)
    assert isinstance(got, GedRow) and got.end_given
    event, _, _ = event_row(got, {"Government of Syria": "g", "IS": "is"}, "19.1")
    assert not event["props"]["approximate"] and event["props"]["valid_text"] is None
