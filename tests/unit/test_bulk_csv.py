"""The offline load's CSV tables (app/importing/bulk.py): a line break anywhere in a line, in a string or in
an array's element, asks the bulk loader for multi-line fields (without them it refuses the file)."""

from __future__ import annotations

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
