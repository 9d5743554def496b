"""NDJSON and CSV claim records: validated with the seed's models, every problem located by line and field."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import InvalidInput
from app.importing import records
from app.importing.files import UnusableFile
from app.importing.problems import Reject, report_path, write_report
from app.services.imports.batching import stamp
from app.services.imports.claims import claims_format
from tests.import_support import write_ndjson

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def claim(claim_id: str = "c1", **more: Any) -> dict[str, Any]:
    return {
        "type": "claim",
        "id": claim_id,
        "kind": "hostility",
        "parties": {"side": ["actor-a", "actor-b"]},
        "valid": {"from": "2014-08"},
        "status": "reported",
        "confidence": 0.8,
        "citations": [{"source": "src", "quote": "they fought"}],
    } | more


def test_the_first_pass_reads_header_and_entities_and_counts_claims(tmp_path: Path) -> None:
    path = write_ndjson(
        tmp_path / "f.ndjson.gz",
        [
            {"type": "file", "as_of": "2014-08-18", "recorded_at": "2026-11-25T00:00:00Z"},
            {"type": "actor", "id": "actor-a", "name": "A", "kind": "armed_group", "description": "d"},
            {"type": "source", "id": "src", "kind": "news_article", "title": "T"},
            {"type": "event", "id": "ev-1", "kind": "clash", "title": "t", "valid": {"from": "2014-08", "to": "open"},
             "participants": [{"actor": "actor-a"}], "confidence": 0.5, "citations": [{"source": "src", "quote": "q"}]},
            claim(),
            "",
            claim("c2"),
        ],
    )  # fmt: skip
    scan = records.scan(path, "f")
    assert scan.header is not None and scan.header.as_of == date(2014, 8, 18)
    assert [e.id for e in scan.entities["actor"]] == ["actor-a"] and scan.claims == 2 and scan.records == 5
    event = scan.entities["event"][0]
    assert event.valid is not None and event.valid.open_ended and event.valid.to_lo == date(2014, 8, 18)
    assert event.refs() == [("participants[0].actor", "actors", "actor-a"), ("citations[0].source", "sources", "src")]


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ("{not json", "", "not JSON"),
        ("[1, 2]", "", "one JSON object, not list"),
        ('{"id": "x"}', "type", "missing: one of file, actor"),
        ('{"type": "actress", "id": "x"}', "type", "'actress'"),
        ('{"type": "actor", "id": "Bad Id", "name": "n", "kind": "armed_group", "description": "d"}', "id", "pattern"),
        ('{"type": "actor", "id": "xy", "name": "n", "kind": "club", "description": "d"}', "kind", "Input should be"),
        ('{"type": "source", "id": "xy", "kind": "tweet", "title": "t", "colour": "red"}', "colour", "Extra inputs"),
        ('{"type": "file", "as_of": "2014-08-18"}', "type", "only be the first line"),
    ],
)
def test_a_bad_record_is_rejected_with_line_and_field(tmp_path: Path, line: str, field: str, reason: str) -> None:
    path = write_ndjson(tmp_path / "f.ndjson", [claim(), line])
    scan = records.scan(path, "f")
    assert len(scan.rejects) == 1, scan.rejects
    r = scan.rejects[0]
    assert (r.file, r.line, r.field) == ("f", 2, field) and reason in r.reason


def test_a_file_that_is_not_ndjson_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "f.ndjson"
    path.write_text("id,kind\nc1,hostility\n")
    with pytest.raises(UnusableFile, match="line 1 is not a JSON object"):
        records.scan(path, "f")


def reader() -> records.ClaimReader:
    return records.ClaimReader("f", records.FileHeader(type="file", as_of=date(2014, 8, 18)), NOW)


def test_a_claim_record_becomes_the_row_write_claims_takes() -> None:
    got = reader().read(3, claim(valid={"from": "2014-08-11..2014-08-17", "to": "open"}, evidence=["ev-1"]))
    assert isinstance(got, records.Candidate)
    props = got.row["props"]
    assert (props["from_lo"], props["from_hi"], props["to_lo"]) == (
        date(2014, 8, 11),
        date(2014, 8, 17),
        date(2014, 8, 18),
    )
    assert props["open_ended"] and props["origin"] == "import" and props["recorded_at"] == NOW
    assert got.row["edge"] == {"type": "HOSTILE_TO", "from": "actor-a", "to": "actor-b"}
    assert got.refs == [
        ("parties.side", "actors", "actor-a"),
        ("parties.side", "actors", "actor-b"),
        ("citations[0].source", "sources", "src"),
        ("evidence[0]", "events", "ev-1"),
    ]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"kind": "friendship"}, "kind", "Input should be"),
        ({"parties": {"side": ["actor-a"]}}, "parties", "two different actors"),
        ({"valid": {"from": "2014-02-30"}}, "valid.from", "February 2014 has 28 days, not 30"),
        ({"valid": {"from": "2014-08", "to": "2014-07"}}, "valid", "before it starts"),
        ({"confidence": 1.5}, "confidence", "less than or equal to 1"),
        ({"citations": []}, "citations", "at least 1 item"),
    ],
)
def test_a_bad_claim_is_rejected_with_its_field(change: dict[str, Any], field: str, reason: str) -> None:
    got = reader().read(9, claim(**change))
    assert isinstance(got, list) and len(got) == 1, got
    assert got[0].line == 9 and got[0].field == field and reason in got[0].reason and got[0].id == "c1"


def test_a_repeated_claim_id_is_rejected() -> None:
    r = reader()
    assert isinstance(r.read(1, claim()), records.Candidate)
    again = r.read(5, claim())
    assert isinstance(again, list) and again[0].field == "id" and "first on line 1" in again[0].reason


def test_the_import_hash_covers_the_content_but_not_when_it_was_recorded() -> None:
    one = reader().read(1, claim())
    other_time = records.ClaimReader("f", None, datetime(2030, 1, 1, tzinfo=UTC)).read(1, claim())
    changed = reader().read(1, claim(status="alleged"))
    assert isinstance(one, records.Candidate) and isinstance(other_time, records.Candidate)
    assert isinstance(changed, records.Candidate)
    hashes = [stamp(c.row)["props"]["import_hash"] for c in (one, other_time, changed)]
    assert hashes[0] == hashes[1] != hashes[2]


# -------------------------------------------------------------------------------------------------- CSV


CSV_HEADER = ["id", "kind", "party_1", "party_2", "party_3", "from", "to", "status", "confidence", "source", "quote"]


def write_claims_csv(path: Path, rows: list[list[str]], header: list[str] = CSV_HEADER) -> Path:
    with gzip.open(path, "wt", newline="") if path.suffix == ".gz" else path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


def csv_results(path: Path) -> list[tuple[int, records.Candidate | list[Reject]]]:
    _, rows = records.csv_claims(path, "c.csv")
    r = records.ClaimReader("c.csv", None, NOW)
    out: list[tuple[int, records.Candidate | list[Reject]]] = []
    for line, raw in rows:
        out.append((line, [raw] if isinstance(raw, Reject) else r.read(line, raw, records.CSV_FIELDS)))
    return out


def test_flat_csv_claims_take_their_parties_in_the_order_of_the_kinds_roles(tmp_path: Path) -> None:
    path = write_claims_csv(
        tmp_path / "c.csv.gz",
        [
            ["h1", "hostility", "aa", "bb", "", "2014-08", "", "reported", "0.8", "src", "they fought"],
            [
                "d1",
                "defection",
                "xx",
                "aa",
                "bb",
                "2014-08-16",
                "open",
                "alleged",
                "0.3",
                "src",
                "xx joined bb",
                "2014-08-18",
            ],
        ],
        [*CSV_HEADER, "as_of"],
    )
    got = csv_results(path)
    assert [line for line, _ in got] == [2, 3]
    defection = got[1][1]
    assert isinstance(defection, records.Candidate)
    assert [(p["role"], p["actor"]) for p in defection.row["parties"]] == [
        ("defector", "xx"),
        ("from", "aa"),
        ("to", "bb"),
    ]


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        (["hh", "hostility", "aa", "bb", "cc", "2014", "", "reported", "0.8", "src", "q"], "party_3", "two parties"),
        (["hh", "defection", "aa", "bb", "", "2014", "", "reported", "0.8", "src", "q"], "party_3", "empty"),
        (["hh", "hostility", "aa", "bb", "", "2014-13", "", "reported", "0.8", "src", "q"], "from", "month 13"),
        (["hh", "hostility", "aa", "bb", "", "2014", "", "reported", "high", "src", "q"], "confidence", "valid number"),
        (["hh", "hostility", "aa", "bb", "", "2014", "", "reported", "0.8", "", "q"], "source", "Field required"),
        (["hh", "hostility", "aa", "bb", "", "2014", "open", "reported", "0.8", "src", "q"], "from", "needs the date"),
    ],
)
def test_a_bad_csv_row_names_its_column(tmp_path: Path, row: list[str], field: str, reason: str) -> None:
    (line, got), *_ = csv_results(write_claims_csv(tmp_path / "c.csv", [row]))
    assert isinstance(got, list) and len(got) == 1 and line == 2, got
    assert got[0].field == field and reason in got[0].reason, got


def test_a_csv_without_its_columns_or_with_unknown_ones_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(UnusableFile, match="no column quote"):
        records.csv_claims(write_claims_csv(tmp_path / "a.csv", [], CSV_HEADER[:-1]), "a.csv")
    with pytest.raises(UnusableFile, match="unknown column"):
        records.csv_claims(write_claims_csv(tmp_path / "b.csv", [], [*CSV_HEADER, "colour"]), "b.csv")


def test_the_format_comes_from_the_name() -> None:
    assert claims_format(Path("x.ndjson.gz")) == "ndjson" and claims_format(Path("x.jsonl")) == "ndjson"
    assert claims_format(Path("x.CSV")) == "csv"
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        claims_format(Path("x.txt"))


def test_the_report_lists_every_reject_in_line_order(tmp_path: Path) -> None:
    rejects = [Reject("f", 9, "kind", "no", "c9"), Reject("f", 2, "", "not JSON")]
    path = write_report(report_path(tmp_path / "claims.ndjson"), rejects)
    assert path.name == "claims.ndjson.rejected.csv"
    assert list(csv.reader(path.open())) == [
        ["file", "line", "id", "field", "reason"],
        ["f", "2", "", "", "not JSON"],
        ["f", "9", "c9", "kind", "no"],
    ]
    assert str(rejects[0]) == "f:9 (id 'c9'): kind: no"
