"""What an import reports: its progress while it works, and what it did (ImportReport)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from app.importing.problems import Reject


class Progress(Protocol):
    """What the importer reports while it works (the CLI draws bars or prints lines)."""

    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


class NoProgress:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


@dataclass
class ImportReport:
    """What an import did. `rows` counts the data rows read (records, CSV rows, GED events)."""

    file: str
    format: str
    rows: int = 0
    rejects: list[Reject] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    missing_columns: list[str] = field(default_factory=list)
    absent_means: list[str] = field(default_factory=list)  # what the missing columns mean for the import
    seconds: float = 0.0
    skipped: bool = False  # --skip-if-loaded found this very file loaded before
    batches: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # parts of good rows not used, and why (the row is loaded)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step of an offline load

    @property
    def rejected(self) -> int:
        """Rows of the file rejected (a row may have several problems; other files' rows not counted)."""
        return len({r.line for r in self.rejects if r.file == self.file})

    @property
    def loaded(self) -> int:
        return self.rows - self.rejected

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


class Skipped:
    """Rows rejected while reading (in the worker thread), shown as progress with the next committed batch."""

    def __init__(self) -> None:
        self.count = 0

    def drain(self, progress: Progress) -> None:
        count, self.count = self.count, 0
        if count:
            progress.advance(count)
