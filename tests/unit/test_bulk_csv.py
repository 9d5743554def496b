"""The offline load's CSV tables (app/importing/bulk.py): a line break anywhere in a line, in a string or in
an array's element, asks the bulk loader for multi-line fields (without them it refuses the file)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from app.importing.bulk import ARRAY_DELIMITER, Table


def _table(tmp_path: Path) -> Table:
    return Table(tmp_path, "Actor", ("id:ID(Actor)",), skip="id")


def test_plain_lines_need_no_multiline_fields(tmp_path: Path) -> None:
    table = _table(tmp_path)
    assert table.add(["a"], {"id": "a", "name": "Jaysh", "aliases": ["JaI", "Army"]}) == {}
    table.close()
    assert not table.multiline
    assert table.data.read_text() == f'"a","Jaysh","JaI{ARRAY_DELIMITER}Army"\n'
    assert table.header.read_text() == "id:ID(Actor),name:string,aliases:string[]\n"


def test_a_line_break_in_an_alias_asks_for_multiline_fields(tmp_path: Path) -> None:
    table = _table(tmp_path)
    table.add(["a"], {"id": "a", "name": "Jaysh", "aliases": ["Jaysh\nal-Islam"]})
    table.close()
    assert table.multiline


def test_a_line_break_in_a_string_asks_for_multiline_fields(tmp_path: Path) -> None:
    table = _table(tmp_path)
    table.add(["a"], {"id": "a", "name": "Jaysh\r\nal-Islam", "aliases": ["JaI"]})
    table.close()
    assert table.multiline


def test_cells_take_the_type_of_the_columns_first_value(tmp_path: Path) -> None:
    """A column's type comes from its first value that is not None; a later value of another type (or one a
    cell cannot hold) is left for after the load, and quotes in strings are doubled."""
    table = Table(tmp_path, "Claim", ("id:ID(Claim)",), skip="id")
    assert table.add(["c1"], {"id": "c1", "notes": None, "confidence": 0.5, "from_lo": date(2014, 8, 1)}) == {}
    assert table.add(["c2"], {"id": "c2", "notes": 'say "no"', "confidence": 1, "from_lo": None}) == {"confidence": 1}
    third = table.add(["c3"], {"id": "c3", "notes": 7, "confidence": float("nan"), "from_lo": date(2014, 8, 2)})
    assert sorted(third) == ["confidence", "notes"]
    assert third["notes"] == 7
    assert math.isnan(third["confidence"])
    later = table.add(["c4"], {"id": "c4", "notes": "", "confidence": 0.25, "from_lo": True})
    table.close()
    assert later == {"from_lo": True}
    assert table.data.read_text() == ('"c1",,0.5,2014-08-01\n"c2","say ""no""",,\n"c3",,,2014-08-02\n"c4","",0.25,\n')
    assert table.header.read_text() == "id:ID(Claim),notes:string,confidence:double,from_lo:date\n"


def test_a_column_whose_first_value_no_cell_can_hold_waits_for_one(tmp_path: Path) -> None:
    table = _table(tmp_path)
    assert table.add(["a"], {"id": "a", "aliases": []}) == {"aliases": []}  # the loader drops an empty array
    assert table.add(["b"], {"id": "b", "aliases": ["B"]}) == {}
    table.close()
    assert table.data.read_text() == '"a",\n"b","B"\n'
    assert table.header.read_text() == "id:ID(Actor),aliases:string[]\n"
