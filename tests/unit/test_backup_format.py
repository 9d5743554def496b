"""The backup file's value encoding and checksum (app/services/backup_format.py), without a database."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from app.services import backup_format as fmt


@pytest.mark.parametrize(
    "value",
    [
        "text",
        True,
        -(2**63),
        1.0,
        [1, 2],
        ["a"],
        Date(2014, 8, 18),
        [Date(1, 1, 1), Date(9999, 12, 31)],
        DateTime(2014, 8, 18, 10, 0, 0, 1),
        Time(10, 0, 0, 100_000_000),
        Duration(months=14, days=3, seconds=14706, nanoseconds=7),
        CartesianPoint((1.5, -2.0)),
        CartesianPoint((1.0, 2.0, 3.0)),
        WGS84Point((37.1, 36.2)),
        WGS84Point((2.0, 1.0, 3.0)),
        b"\x00\xff",
        math.inf,
    ],
)
def test_every_value_comes_back_with_its_type(value: object) -> None:
    decoded = fmt.decode_value(fmt.encode_value(value))
    assert decoded == value and type(decoded) is type(value)
    if isinstance(value, CartesianPoint | WGS84Point):
        assert decoded.srid == value.srid  # type: ignore[attr-defined]


def test_nan_and_a_float_that_looks_whole_keep_their_type() -> None:
    assert math.isnan(fmt.decode_value(fmt.encode_value(math.nan)))
    assert type(fmt.decode_value(fmt.encode_value(2.0))) is float


def test_zoned_datetimes_travel_as_neo4j_text_for_the_restore_to_parse() -> None:
    props = fmt.encode_props(
        {"at": "ignored", "many": [], "n": 1},
        [{"k": "at", "v": "2014-08-18T10:00Z"}],
        [{"k": "many", "v": ["2014-08-18T10:00Z[UTC]"]}],
    )
    assert props == {
        "at": {"$datetime": "2014-08-18T10:00Z"},
        "many": [{"$datetime": "2014-08-18T10:00Z[UTC]"}],
        "n": 1,
    }
    decoded = fmt.decode_props(props)
    assert decoded.plain == {"n": 1}
    assert decoded.zoned == [{"k": "at", "v": "2014-08-18T10:00Z"}]
    assert decoded.zoned_lists == [{"k": "many", "v": ["2014-08-18T10:00Z[UTC]"]}]


@pytest.mark.parametrize(
    "bad",
    [
        {"$date": "2014-13-45"},
        {"$date": 1},
        {"$point": {"srid": 1, "coordinates": [0, 0]}},
        {"$point": {"srid": 4326, "coordinates": [0]}},
        {"$duration": [1, 2]},
        {"$float": "1e999"},
        {"$localtime": "10:00+01:00"},
        {"$evil": "x"},
        {"$date": "2014-08-18", "$bytes": ""},
        [1, "a"],
        [[1]],
        None,
    ],
)
def test_a_value_of_no_known_form_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        fmt.decode_props({"p": bad})


@pytest.mark.parametrize("name", ["Actor", "HOSTILE_TO", "A1_b"])
def test_plain_identifiers_pass(name: str) -> None:
    assert fmt.check_identifier(name, "label") == name


@pytest.mark.parametrize("name", ["", "_BackupRestore", "1A", "A`) DELETE", "A B", "Ä", "A" * 101, 7, None])
def test_anything_else_is_not_a_label_or_type(name: object) -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        fmt.check_identifier(name, "label")


def test_the_checksum_does_not_depend_on_order_but_counts_repeats() -> None:
    def total(items: list[tuple[list[str], Mapping[str, object]]]) -> str:
        c = fmt.Checksum()
        for labels, props in items:
            c.node(labels, props)
        return c.value

    a: tuple[list[str], Mapping[str, object]] = (["Actor"], {"id": "a"})
    b: tuple[list[str], Mapping[str, object]] = (["Claim", "X"], {"id": "b", "n": 1})
    assert total([a, b]) == total([b, a]) == total([a, (["X", "Claim"], {"n": 1, "id": "b"})])
    assert total([a, a, b]) != total([a, b]) and total([a, a]) != total([])
    assert total([(["Actor"], {"id": "a", "n": 1})]) != total([(["Actor"], {"id": "a", "n": 1.0})])
