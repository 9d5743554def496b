"""Rejected rows: where (file, line), what (field) and why, on screen and in a CSV report."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPORT_COLUMNS = ("file", "line", "id", "field", "reason")


@dataclass(frozen=True, order=True)
class Reject:
    """One row that was not imported. `line` is where the row starts (from 1); `field` the column or field at
    fault ("" when the row as a whole is)."""

    file: str
    line: int
    field: str
    reason: str
    id: str = ""

    def __str__(self) -> str:
        ident = f" (id '{self.id}')" if self.id else ""
        where = f"{self.file}:{self.line}{ident}"
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


def report_path(input_path: Path) -> Path:
    """Where the report goes: next to the input, `<name>.rejected.csv`."""
    return input_path.with_name(input_path.name + ".rejected.csv")


def write_report(path: Path, rejects: Iterable[Reject]) -> Path:
    """Write every reject as CSV (header file,line,id,field,reason), in line order."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(REPORT_COLUMNS)
        for r in sorted(rejects, key=lambda r: (r.line, r.field)):
            out.writerow([r.file, r.line, r.id, r.field, r.reason])
    return path
