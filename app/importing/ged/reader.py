"""UCDP GED: the columns a file has, and each row read and checked (`read_ged`)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.inputs import Origin
from app.domain.text import search_key
from app.importing.files import UnusableFile, csv_records
from app.importing.ged.codebook import (
    ABSENT_MEANS,
    CIVILIANS,
    DEATH_NAMES,
    OPTIONAL,
    REQUIRED,
    VIOLENCE,
    VIOLENCE_BY_TEXT,
)
from app.importing.problems import Reject

if TYPE_CHECKING:
    from app.importing.ged.actor_list import ActorList

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.]*)?$", re.ASCII)


# ------------------------------------------------------------------------------------------ columns


@dataclass(frozen=True)
class Columns:
    """Which columns the file has: the header as written, and where each codebook field is read from."""

    header: tuple[str, ...]
    source: dict[str, str]  # codebook field -> the file's column name
    dates: str  # "date_start" or "year"

    @property
    def missing(self) -> list[str]:
        """Codebook columns the importer would use and did not find (deaths named low or low_death...)."""
        absent = [c for c in OPTIONAL if c not in self.source]
        if self.dates == "year":
            absent = [c for c in absent if c not in ("month", "day")]
            absent += [c for c in ("month", "day") if c not in self.source]
        return absent

    def has(self, name: str) -> bool:
        return name in self.source

    @property
    def absent_means(self) -> list[str]:
        """What the columns the file lacks mean for what is imported ("date_end: each event is dated...")."""
        missing = set(self.missing)
        return [
            f"{', '.join(c for c in group if c in missing)}: {meaning}"
            for group, meaning in ABSENT_MEANS
            if missing.intersection(group)
        ]


def read_columns(header: Iterable[str], path: str) -> Columns:
    names = tuple(header)
    present = {n.strip().lower(): n for n in names}
    source: dict[str, str] = {}
    for name in (*REQUIRED, *OPTIONAL, "year", "month", "day"):
        for candidate in DEATH_NAMES.get(name, (name,)):
            if candidate in present:
                source[name] = present[candidate]
                break
    lacking = [c for c in REQUIRED if c not in source]
    dates = "date_start" if "date_start" in source else "year" if "year" in source else ""
    if not dates:
        lacking.append("date_start (or year)")
    if lacking:
        raise UnusableFile(
            f"{path}: not a UCDP GED file: no column {', '.join(lacking)} (the importer needs id, type_of_violence, "
            "side_a, side_b and date_start/date_end or year/month/day; the header has: "
            f"{', '.join(names[:50]) or 'nothing'})"
        )
    return Columns(names, source, dates)


# ---------------------------------------------------------------------------------------------- rows


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class GedRow:
    """One checked GED row: what the importer writes and aggregates."""

    origin: Origin  # the file and line it was read from
    ged_id: int
    violence: int
    side_a: str
    side_b: str
    members_a: tuple[str, ...]
    members_b: tuple[str, ...]  # empty for one-sided violence: civilians are not an actor
    side_a_id: int | None
    side_b_id: int | None
    start: date
    end: date
    values: dict[str, Any]  # every other codebook value found, checked and typed
    end_given: bool = True  # False: the file gave no end date (date_end, or only year/month/day of date_start)

    def deaths(self, which: str) -> int | None:
        value = self.values.get(which)
        return int(value) if value is not None else None


def _integer(text: str, fld: str, *, minimum: int | None = None) -> int:
    try:
        number = float(text)
    except ValueError:
        raise RowError(fld, f"'{text}' is not a number") from None
    if number != number or number in (float("inf"), float("-inf")) or not number.is_integer():
        raise RowError(fld, f"'{text}' is not a whole number")
    if minimum is not None and number < minimum:
        raise RowError(fld, f"{int(number)} is below {minimum}")
    return int(number)


def _number(text: str, fld: str, low: float, high: float) -> float:
    try:
        number = float(text)
    except ValueError:
        raise RowError(fld, f"'{text}' is not a number") from None
    if not low <= number <= high:
        raise RowError(fld, f"{text} is outside {low:g}..{high:g}")
    return number


def _day(text: str, fld: str) -> date:
    m = _DATE.match(text)
    if not m:
        raise RowError(fld, f"'{text}' is not a date (YYYY-MM-DD)")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise RowError(fld, f"'{text}': month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise RowError(fld, f"'{text}': {calendar.month_name[month]} {year} has {last} days, not {day}")
    return date(year, month, day)


def _violence(text: str) -> int:
    if not any(c.isdigit() for c in text):
        raise RowError(
            "type_of_violence",
            f"'{text}' is not 1, 2, 3 nor 'State-based violence', 'Non-state violence', 'One-sided violence'",
        )
    violence = _integer(text, "type_of_violence")
    if violence not in VIOLENCE:
        raise RowError("type_of_violence", f"{violence} is not 1 (state-based), 2 (non-state) or 3 (one-sided)")
    return violence


def split_side(text: str) -> tuple[str, ...]:
    """A side as its member groups: UCDP writes a coalition as its members separated by commas."""
    members: list[str] = []
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name not in members:
            members.append(name)
    return tuple(members)


class GedReader:
    """Checks rows one by one; keeps the ids already seen (a repeated id is rejected)."""

    def __init__(self, columns: Columns, file: str, single_names: set[str] | None = None) -> None:
        self.columns = columns
        self.file = file
        self.seen: dict[int, int] = {}  # GED id -> line
        self.single_names = single_names or set()  # names with commas that are one actor (the actor list)

    def cell(self, raw: dict[str, str], name: str) -> str:
        col = self.columns.source.get(name)
        return " ".join((raw.get(col) or "").split()) if col else ""

    def _side(self, raw: dict[str, str], name: str) -> tuple[str, tuple[str, ...]]:
        text = self.cell(raw, name)
        if not text:
            raise RowError(name, "empty: every event has two sides")
        members = (text,) if text in self.single_names else split_side(text)
        if not members:
            raise RowError(name, f"'{text}' names no group")
        return text, members

    def _dates(self, raw: dict[str, str]) -> tuple[date, date, bool]:
        """(start, end, whether the end was given). Without date_end (or with year/month/day, which are
        date_start's), the end is taken as the start: the day given, or the month or year given."""
        if self.columns.dates == "date_start":
            start_text = self.cell(raw, "date_start")
            if not start_text:
                raise RowError("date_start", "empty")
            start = _day(start_text, "date_start")
            end_text = self.cell(raw, "date_end")
            end = _day(end_text, "date_end") if end_text else start
            if end < start:
                raise RowError("date_end", f"{end} is before date_start {start}")
            return start, end, bool(end_text)
        year_text, month_text, day_text = (self.cell(raw, n) for n in ("year", "month", "day"))
        if not year_text:
            raise RowError("year", "empty")
        year = _integer(year_text, "year", minimum=1)
        if not month_text:
            if day_text:
                raise RowError("month", "empty, but day is given")
            return date(year, 1, 1), date(year, 12, 31), False
        month = _integer(month_text, "month", minimum=1)
        if month > 12:
            raise RowError("month", f"{month} does not exist")
        last = calendar.monthrange(year, month)[1]
        if not day_text:
            return date(year, month, 1), date(year, month, last), False
        day = _integer(day_text, "day", minimum=1)
        if day > last:
            raise RowError("day", f"{calendar.month_name[month]} {year} has {last} days, not {day}")
        return date(year, month, day), date(year, month, day), False

    def read(self, line: int, raw: dict[str, str]) -> GedRow:
        """The row checked, or RowError naming the field at fault."""
        if raw.get("") is not None:
            raise RowError("", "more cells than the header has columns")
        id_text = self.cell(raw, "id")
        if not id_text:
            raise RowError("id", "empty")
        ged_id = _integer(id_text, "id", minimum=0)
        if ged_id in self.seen:
            raise RowError("id", f"{ged_id} is used again (first on line {self.seen[ged_id]})")
        violence_text = self.cell(raw, "type_of_violence")
        if not violence_text:
            raise RowError("type_of_violence", "empty")
        by_text = VIOLENCE_BY_TEXT.get(search_key(violence_text))
        violence = by_text if by_text is not None else _violence(violence_text)
        side_a, members_a = self._side(raw, "side_a")
        side_b, members_b = self._side(raw, "side_b")
        if any(search_key(m) == CIVILIANS for m in members_a):
            raise RowError("side_a", f"'{side_a}': civilians are the target of violence, never side A")
        if violence == 3:
            members_b = ()  # one-sided: side B is the civilians, who are not an actor
        elif any(search_key(m) == CIVILIANS for m in members_b):
            raise RowError("side_b", f"'{side_b}' in a row of type {violence}: civilians only in one-sided violence")
        start, end, end_given = self._dates(raw)
        values: dict[str, Any] = {}
        ids: dict[str, int | None] = {}
        for name in ("side_a_new_id", "side_b_new_id", "dyad_new_id", "conflict_new_id"):
            text = self.cell(raw, name)
            ids[name] = _integer(text, name, minimum=0) if text else None
            values[name] = ids[name]
        for name in ("date_prec", "where_prec", "event_clarity", "number_of_sources"):
            text = self.cell(raw, name)
            values[name] = _integer(text, name, minimum=0) if text else None
        if values["date_prec"] is not None and not 1 <= values["date_prec"] <= 5:
            raise RowError("date_prec", f"{values['date_prec']} is not 1..5")
        for name in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "best", "high"):
            text = self.cell(raw, name)
            values[name] = _integer(text, name, minimum=0) if text else None
        # low <= best <= high is what the codebook intends, but published releases break it (101 rows of the
        # Syria file): the estimates are kept as UCDP gives them.
        lat_text, lon_text = self.cell(raw, "latitude"), self.cell(raw, "longitude")
        if bool(lat_text) != bool(lon_text):
            raise RowError("latitude" if not lat_text else "longitude", "empty, but the other coordinate is given")
        values["latitude"] = _number(lat_text, "latitude", -90, 90) if lat_text else None
        values["longitude"] = _number(lon_text, "longitude", -180, 180) if lon_text else None
        for name in (
            "conflict_name",
            "dyad_name",
            "where_coordinates",
            "adm_1",
            "adm_2",
            "country",
            "source_article",
            "source_original",
        ):
            values[name] = self.cell(raw, name) or None
        self.seen[ged_id] = line
        return GedRow(
            origin=Origin(self.file, line),
            ged_id=ged_id,
            violence=violence,
            side_a=side_a,
            side_b=side_b,
            members_a=members_a,
            members_b=members_b,
            side_a_id=ids["side_a_new_id"],
            side_b_id=ids["side_b_new_id"],
            start=start,
            end=end,
            values=values,
            end_given=end_given,
        )


@dataclass
class GedFile:
    path: str
    columns: Columns
    rows: list[GedRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.rejects)


def read_ged(path: Path, shown: str, actor_list: ActorList | None = None) -> Iterator[GedRow | Reject | Columns]:
    """The file's Columns first, then each row checked (GedRow) or rejected (Reject), in file order."""
    header, records = csv_records(path)
    columns = read_columns(header, shown)
    yield columns
    reader = GedReader(columns, shown, actor_list.comma_names if actor_list else None)
    for line, raw in records:
        try:
            yield reader.read(line, raw)
        except RowError as exc:
            yield Reject(shown, line, exc.field, exc.reason, id=reader.cell(raw, "id"))
