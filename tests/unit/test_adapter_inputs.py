"""The dataset adapters speak the app's input model: what they derive from a file is ClaimInput (validated
as an NDJSON claim or an HTTP body is), with where it came from, and the one shared path makes it a row."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from app.domain.inputs import TEXT_MAX, ClaimInput, DerivedClaim, Origin
from app.domain.model import ClaimKind
from app.domain.timebounds import Precision
from app.importing import mmp
from app.importing.ged.claims import cooperation_claims, hostility_claims
from app.importing.ged.codebook import ORIGIN
from app.importing.ged.reader import GedRow, read_ged
from app.importing.ids import short_hash
from app.importing.monthly import events_quote
from app.importing.records import derived_candidate
from app.services.curation import NewClaim, content_hash

GED = """id,type_of_violence,side_a,side_b,date_start,date_end,best
11,1,Government of Syria,IS,2016-08-03,2016-08-03,4
12,2,"Ahrar al-Sham, Sham Legion",IS,2016-08-20,2016-08-22,2
13,1,Government of Syria,IS,2016-08-29,2016-09-02,1
14,3,IS,Civilians,2016-08-05,2016-08-05,7
"""
ACTORS = {
    "Government of Syria": "syrian-government",
    "IS": "islamic-state",
    "Ahrar al-Sham": "ahrar-al-sham",
    "Sham Legion": "sham-legion",
}
NOW = datetime(2026, 12, 2, tzinfo=UTC)


def ged_rows(tmp_path: Path) -> list[GedRow]:
    path = tmp_path / "ged-small.csv"
    path.write_text(GED, encoding="utf-8")
    rows = [r for r in read_ged(path, "ged-small.csv") if isinstance(r, GedRow)]
    assert [r.ged_id for r in rows] == [11, 12, 13, 14]
    return rows


def test_the_ged_adapter_derives_claim_inputs_that_say_where_they_came_from(tmp_path: Path) -> None:
    derived = hostility_claims(ged_rows(tmp_path), ACTORS, "19.1", True, "ged-small.csv")
    assert all(isinstance(d, DerivedClaim) and isinstance(d.claim, ClaimInput) for d in derived)
    by_id = {d.claim.id: d for d in derived}
    # the month's events of one pair are one claim; the event across the month's end stands on its own span
    assert set(by_id) == {
        "ged-hostility-2016-08-islamic-state--syrian-government",
        "ged-hostility-2016-08-29-to-2016-09-02-islamic-state--syrian-government",
        "ged-hostility-2016-08-ahrar-al-sham--islamic-state",
        "ged-hostility-2016-08-islamic-state--sham-legion",
    }
    august = by_id["ged-hostility-2016-08-islamic-state--syrian-government"]
    assert august.origin == Origin("ged-small.csv")
    claim = august.claim
    assert claim.kind is ClaimKind.HOSTILITY and claim.parties == {"side": ["islamic-state", "syrian-government"]}
    assert (claim.valid.from_, claim.valid.to, claim.valid.approximate) == ("2016-08-03", "2016-08-03", False)
    assert claim.evidence == ["ged-11"] and claim.citations[0].source == "ucdp-ged-19-1"
    assert august.properties["events"] == 1 and august.properties["deaths_best"] == 4
    # a span of days is written in the input model's own form, and resolves as the adapter dated it
    crossing = by_id["ged-hostility-2016-08-29-to-2016-09-02-islamic-state--syrian-government"].claim
    assert crossing.valid.from_ == "2016-08-29..2016-09-02"
    valid = crossing.valid.resolve(None)
    assert (valid.from_lo, valid.to_hi, valid.precision, valid.approximate) == (
        date(2016, 8, 29),
        date(2016, 9, 2),
        Precision.RANGE,
        True,
    )
    # one-sided violence (14) gives no claim; fighting on one side is cooperation
    assert not any("ged-14" in d.claim.evidence for d in derived)
    [together] = cooperation_claims(ged_rows(tmp_path), ACTORS, "19.1", True, "ged-small.csv")
    assert together.claim.kind is ClaimKind.COOPERATION and together.claim.evidence == ["ged-12"]
    assert together.properties["coalitions"] == ["Ahrar al-Sham, Sham Legion"]


def test_an_adapters_input_becomes_the_row_every_entry_path_writes(tmp_path: Path) -> None:
    [derived] = [
        d
        for d in hostility_claims(ged_rows(tmp_path), ACTORS, "19.1", True, "ged-small.csv")
        if d.claim.id == "ged-hostility-2016-08-islamic-state--syrian-government"
    ]
    candidate = derived_candidate(derived, ORIGIN, NOW)
    row = candidate.row
    assert candidate.origin == Origin("ged-small.csv") and candidate.id == derived.claim.id
    assert row["props"]["origin"] == "ucdp-ged" and row["props"]["recorded_at"] == NOW
    assert row["props"]["events"] == 1 and row["props"]["ged_period"] == "2016-08"  # the dataset's own kept
    assert (row["props"]["from_lo"], row["props"]["precision"]) == (date(2016, 8, 3), "day")
    assert row["edge"] == {"type": "HOSTILE_TO", "from": "islamic-state", "to": "syrian-government"}
    assert ("parties.side", "actors", "islamic-state") in candidate.refs
    assert ("evidence[0]", "events", "ged-11") in candidate.refs


def test_mmp_claims_carry_the_line_of_their_row() -> None:
    rows = [
        mmp.RelationshipReader("rel.csv", None).read(
            7, {"unique_id": "41", "type": "spl", "group1_id": "1", "group2_id": "2", "date": "2014-09-00",
                "description": "B split from A.", "group1_name": "Alpha", "group2_name": "Bravo"},
        )
    ]  # fmt: skip
    [derived] = mmp.claims(rows, {1: "alpha", 2: "bravo"}, "rel.csv")
    assert derived.origin == Origin("rel.csv", 7)
    assert derived.claim.kind is ClaimKind.SPLIT and derived.claim.parties == {"splinter": "bravo", "parent": "alpha"}
    assert (derived.claim.valid.from_, derived.claim.valid.to) == ("2014-09", "..")
    assert derived.claim.citations[0].quote == "B split from A."


def test_a_quote_of_many_events_fits_the_input_models_limit_and_names_the_rest() -> None:
    ids = [str(100000 + i) for i in range(1580)]  # the busiest pair-month of the shipped 2004-2015 subset
    quote = events_quote(ids, " (Government of Syria - Syrian insurgents)")
    assert len(quote) <= TEXT_MAX and quote.startswith("events 100000, 100001")
    shown = quote.removeprefix("events ").split(", and ")[0].split(", ")
    assert quote.endswith(f", and {1580 - len(shown)} more (all in the claim's evidence) (Government of Syria - "
                          "Syrian insurgents)")  # fmt: skip
    assert events_quote(["1", "2"], " (A - B)") == "events 1, 2 (A - B)"


def test_a_claim_body_sent_before_approximate_existed_keeps_its_id() -> None:
    body = NewClaim.model_validate(
        {
            "kind": "alliance",
            "parties": {"side": ["al-nusra-front", "ahrar-al-sham"]},
            "valid": {"from": "2014-08"},
            "status": "reported",
            "confidence": 0.6,
            "citations": [{"source": "mee-2014-08-18-aleppo", "quote": "fought together"}],
        }
    )
    before = body.model_dump(mode="json", exclude={"reason"}, by_alias=True)
    del before["valid"]["approximate"]  # the dump of the same body before the field was added
    assert content_hash(body) == short_hash(json.dumps(before, sort_keys=True), 32)
    marked = body.model_copy(update={"valid": body.valid.model_copy(update={"approximate": True})})
    assert content_hash(marked) != content_hash(body)
