"""The extractor's pure parts: date phrases against a publication date (with their precision), hedges to a
status, names found with their offsets, and the roles a sentence gives its parties."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.model import ClaimKind, Status
from app.domain.timebounds import MAX_DATE, Precision
from app.extraction.dates import find_dates, resolve
from app.extraction.extractor import extract
from app.extraction.gazetteer import Gazetteer, GraphActor, ListedName
from app.extraction.hedges import hedge_of
from app.extraction.text import sentences

MONDAY = date(2014, 8, 18)  # the seed article's day


def one_phrase(text: str, as_of: date = MONDAY) -> tuple[str, date, date, date, date, Precision, bool]:
    found = find_dates(text, as_of)
    assert len(found) == 1, found
    v = resolve(found[0], as_of, ongoing=False)
    return found[0].text, v.from_lo, v.from_hi, v.to_lo, v.to_hi, v.precision, v.open_ended


@pytest.mark.parametrize(
    ("sentence", "said", "lo", "hi", "precision"),
    [
        ("IS vowed on Saturday to chase out the rebels", "on Saturday", date(2014, 8, 16), date(2014, 8, 16), "day"),
        ("clashes on Sunday near Marea", "on Sunday", date(2014, 8, 17), date(2014, 8, 17), "day"),
        # the article's own weekday: that morning or a week before
        ("a bombing on Monday", "on Monday", date(2014, 8, 11), date(2014, 8, 18), "range"),
        ("launched an offensive last week", "last week", date(2014, 8, 11), date(2014, 8, 17), "range"),
        ("In past week, IS captured villages", "In past week", date(2014, 8, 11), date(2014, 8, 18), "range"),
        ("expelled al-Nusra from Deir Ezzor in July", "in July", date(2014, 7, 1), date(2014, 7, 31), "month"),
        ("fought in December", "in December", date(2013, 12, 1), date(2013, 12, 31), "month"),  # the last December
        ("seized this year", "this year", date(2014, 1, 1), date(2014, 8, 18), "range"),
        ("an attack yesterday", "yesterday", date(2014, 8, 17), date(2014, 8, 17), "day"),
        ("on 16 August 2014 they clashed", "on 16 August 2014", date(2014, 8, 16), date(2014, 8, 16), "day"),
        ("in 2013 they allied", "in 2013", date(2013, 1, 1), date(2013, 12, 31), "year"),
        ("last month they split", "last month", date(2014, 7, 1), date(2014, 7, 31), "month"),
    ],
)
def test_a_date_phrase_resolves_against_the_publication_date_with_its_precision(
    sentence: str, said: str, lo: date, hi: date, precision: str
) -> None:
    text, from_lo, from_hi, to_lo, to_hi, got_precision, open_ended = one_phrase(sentence)
    assert text == said
    assert (from_lo, to_hi) == (lo, hi)  # a single period: both ends within it
    assert from_hi <= hi and to_lo >= lo
    assert got_precision.value == precision
    assert not open_ended


def test_since_a_year_starts_then_and_is_still_holding() -> None:
    found = find_dates("with fighting raging in the city since 2012.", MONDAY)
    assert [p.text for p in found] == ["since 2012"]
    v = resolve(found[0], MONDAY, ongoing=False)
    assert (v.from_lo, v.from_hi) == (date(2012, 1, 1), date(2012, 12, 31))
    assert (v.to_lo, v.to_hi, v.open_ended) == (MONDAY, MAX_DATE, True)
    assert v.precision is Precision.YEAR


def test_a_day_that_does_not_exist_or_is_after_publication_is_not_a_date() -> None:
    assert find_dates("on 31 February they met", MONDAY) == []
    assert find_dates("in 2015 they will meet", MONDAY) == []


def test_no_date_phrase_means_on_or_before_the_publication() -> None:
    v = resolve(None, MONDAY, ongoing=True)
    assert v.to_hi == MAX_DATE and v.from_hi == MONDAY and v.precision is Precision.RANGE


@pytest.mark.parametrize(
    ("sentence", "status", "hedge"),
    [
        ("IS fighters reportedly clashed with al-Nusra", Status.REPORTED, "reportedly"),
        ("One IS-supporter has claimed that al-Nusra bombed a checkpoint", Status.CLAIMED, "claimed"),
        ("al-Nusra are said to have fought IS", Status.ALLEGED, "said to have"),
        ("groups have allegedly pledged allegiance to IS", Status.ALLEGED, "allegedly"),
        ("The Islamic Front denied that it had joined IS", Status.DISPUTED, "denied"),
        ("a video purports to show troops heading to combat IS", Status.CLAIMED, "purports"),
        ("IS expelled al-Nusra from Deir Ezzor", Status.REPORTED, None),
    ],
)
def test_the_hedge_of_a_sentence_gives_the_status(sentence: str, status: Status, hedge: str | None) -> None:
    found = hedge_of(sentence)
    assert found.status is status
    assert found.text == hedge
    if hedge is not None:
        assert sentence[found.start : found.end] == hedge


def test_denied_outranks_reported_and_an_unhedged_sentence_is_more_confident() -> None:
    assert hedge_of("Reports say the group denied joining IS").status is Status.DISPUTED
    assert hedge_of("IS attacked Marea").confidence > hedge_of("IS reportedly attacked Marea").confidence


GAZ = Gazetteer.build(
    [
        GraphActor("islamic-state", "Islamic State", "armed_group", ("IS", "ISIS", "Daesh")),
        GraphActor("al-nusra-front", "al-Nusra Front", "armed_group", ("al-Nusra", "Jabhat al-Nusra"), 1170),
        GraphActor("al-qaeda", "al-Qaeda", "transnational_organisation", ("al-Qaeda",)),
    ],
    [ListedName(1170, ("Jabhat Fateh al-Sham",)), ListedName(5575, ("Islamic Front",))],
)


def test_names_are_found_with_offsets_and_is_the_verb_is_not_islamic_state() -> None:
    text = "This is what Daesh and Jabhat Fateh al-Sham did; IS-supporters cheered."
    found = GAZ.find(text)
    assert [(m.text, m.actor, m.party) for m in found] == [
        ("Daesh", "islamic-state", True),
        ("Jabhat Fateh al-Sham", "al-nusra-front", True),  # UCDP's name, the graph's actor by its UCDP id
        ("IS", "islamic-state", False),  # a supporter of IS is not IS
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_sentences_keep_offsets_and_leave_out_web_addresses() -> None:
    text = "Headline without a stop\n\nIS attacked. Mr. Smith said so.\nhttps://twitter.com/x/status/1\n"
    assert [s.text for s in sentences(text)] == ["Headline without a stop", "IS attacked.", "Mr. Smith said so."]
    assert all(text[s.start : s.end] == s.text for s in sentences(text))


def one(text: str) -> list[tuple[ClaimKind, list[tuple[str, str]]]]:
    found = extract(text, MONDAY, {"title": "t", "publisher": "p"}, GAZ, {"islamic-state", "al-nusra-front"})
    return [(c.kind, [(p.role, p.actor) for p in c.parties]) for c in found.candidates]


def test_an_apposition_is_skipped_and_a_nominal_cue_takes_the_name_before_it() -> None:
    got = one("The al-Nusra Front, the official al-Qaeda affiliate in Syria, are said to be fighting IS.")
    assert (ClaimKind.AFFILIATION, [("affiliate", "al-nusra-front"), ("parent", "al-qaeda")]) in got
    assert (ClaimKind.HOSTILITY, [("side", "al-nusra-front"), ("side", "islamic-state")]) in got
    assert len(got) == 2


def test_the_former_stands_for_the_first_of_two_and_a_negated_cue_proposes_nothing() -> None:
    assert one("IS and al-Nusra fell out after the former was disowned by al-Qaeda.") == [
        (ClaimKind.SPLIT, [("splinter", "islamic-state"), ("parent", "al-qaeda")])
    ]
    assert one("al-Nusra has not joined IS.") == []


def test_an_unknown_group_becomes_a_candidate_new_actor() -> None:
    found = extract("Liwa al-Tawhid fought IS near Azaz.", MONDAY, {"title": "t"}, GAZ, set())
    assert [a.actor["id"] for a in found.new_actors] == ["liwa-al-tawhid"]
    (c,) = found.candidates
    assert c.new_actors == ["liwa-al-tawhid"]
    assert c.claim["parties"] == {"side": ["liwa-al-tawhid", "islamic-state"]}


def test_fighting_alongside_is_cooperation_and_two_subjects_fighting_a_third_are_two_hostilities() -> None:
    assert one("al-Nusra fought alongside Daesh near Azaz.") == [
        (ClaimKind.COOPERATION, [("side", "al-nusra-front"), ("side", "islamic-state")])
    ]
    assert one("al-Nusra and Daesh fought al-Qaeda.") == [
        (ClaimKind.HOSTILITY, [("side", "islamic-state"), ("side", "al-qaeda")]),
        (ClaimKind.HOSTILITY, [("side", "al-nusra-front"), ("side", "al-qaeda")]),
    ]
