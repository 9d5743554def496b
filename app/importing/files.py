"""Opening import files: plain or gzipped (by their first bytes, not their name), UTF-8 with or without a
byte-order mark, read as a stream so a file larger than memory can be imported."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from app.domain.errors import InvalidInput

GZIP_MAGIC = b"\x1f\x8b"
CSV_FIELD_LIMIT = 10_000_000  # a GED source_article cell can hold dozens of articles


class UnusableFile(InvalidInput):
    """The file as a whole cannot be imported (missing, unreadable, not the format, required columns absent):
    nothing is written."""

    title = "Unusable file"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == GZIP_MAGIC


def check_readable(path: Path) -> None:
    if not path.exists():
        raise UnusableFile(f"{path}: no such file")
    if not path.is_file():
        raise UnusableFile(f"{path}: not a file")
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError as exc:
        raise UnusableFile(f"{path}: cannot be read: {exc.strerror or exc}") from None


def open_text(path: Path) -> TextIO:
    """The file as text (UTF-8, a leading byte-order mark dropped), gunzipped if it is gzip."""
    check_readable(path)
    if is_gzip(path):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def default_release(path: Path) -> str:
    """The file's name without its suffixes: name the release with --release instead."""
    name = path.name
    for suffix in (".gz", ".csv"):
        name = name.removesuffix(suffix)
    return name


def digest(path: Path) -> str:
    """SHA-256 of the file's bytes as stored (what makes two imports 'the same file')."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number from 1, text without its line end) for every line. A decoding error names the line."""
    number = 0
    with open_text(path) as f:
        try:
            for number, text in enumerate(f, start=1):
                yield number, text.rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise UnusableFile(f"{path}: line {number + 1}: not UTF-8 text ({exc.reason})") from None
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise UnusableFile(f"{path}: cannot be read after line {number}: {exc}") from None


def csv_records(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (column names, stripped) and an iterator of (line where the record starts, {column: cell}).

    A record with more cells than the header keeps the extra ones under the key "" (reported by callers); a
    record with fewer has the missing cells absent."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    stream = open_text(path)
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        stream.close()
        raise UnusableFile(f"{path}: the file is empty; a CSV file starts with a header line") from None
    except (UnicodeDecodeError, csv.Error, OSError, EOFError) as exc:
        stream.close()
        raise UnusableFile(f"{path}: the header line cannot be read: {exc}") from None
    columns = [c.strip() for c in header]
    if not any(columns):
        stream.close()
        raise UnusableFile(f"{path}: the header line is empty")

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                if cells:
                    row = dict(zip(columns, cells, strict=False))
                    if len(cells) > len(columns):
                        row[""] = ",".join(cells[len(columns) :])
                    yield start, row
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise UnusableFile(f"{path}: line {start}: not UTF-8 text ({exc.reason})") from None
        except csv.Error as exc:
            raise UnusableFile(f"{path}: line {start}: not CSV: {exc}") from None
        except (OSError, EOFError) as exc:
            raise UnusableFile(f"{path}: cannot be read after line {start - 1}: {exc}") from None
        finally:
            stream.close()

    return columns, records()
