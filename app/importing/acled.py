"""ACLED's CSV export: rows read and checked, each an event; battles hostility between the two sides and the
associated actors cooperation with their side's actor, by pair and calendar month. See docs/acled.md.

Columns (ACLED's codebook): event_id_cnty, event_date, time_precision, event_type, sub_event_type, actor1,
assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, country, location, latitude, longitude,
source, notes, fatalities. Required: event_id_cnty, event_date, event_type, actor1; the others are used where
present. ACLED's data may not be redistributed: the project ships none (its tests write a file of their own).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.domain.inputs import CitationInput, ClaimInput, DerivedClaim, Origin, SourceInput
from app.domain.model import ActorKind, ClaimKind, SourceKind, Status
from app.domain.text import search_key
from app.importing.files import UnusableFile, csv_records
from app.importing.ged.events import event_valid
from app.importing.ids import bounded_id, short_hash, slug
from app.importing.monthly import by_pair_and_period, events_quote, span_valid
from app.importing.problems import Reject
from app.seeding.rows import Row, time_props

ORIGIN = "acled"
STATUS = "reported"
CONFIDENCE = 0.7  # the recorder's judgement for an event dataset coded from media reports; not derived from data
PUBLISHER = "Armed Conflict Location & Event Data Project (ACLED)"
URL = "https://acleddata.com/"
TERMS = "ACLED's terms of use: the data may be used with attribution and may not be redistributed"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1")
OPTIONAL = (
    "time_precision",
    "sub_event_type",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
)
BATTLES = "battles"
VIOLENCE_AGAINST_CIVILIANS = "violence against civilians"
# The event types in which associated actors acted with their side's actor by force (not protests, riots or
# strategic developments, whose associated actors are often the protesters' own groups or identities).
JOINT_ACTION = (BATTLES, "explosions/remote violence", VIOLENCE_AGAINST_CIVILIANS)
INTER = {
    0: "none",
    1: "state forces",
    2: "rebel group",
    3: "political militia",
    4: "identity militia",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external/other forces",
}
INTER_TEXT = {v: k for k, v in INTER.items()} | {
    "rebel groups": 2,
    "political militias": 3,
    "identity militias": 4,
    "external/other force": 8,
    "state force": 1,
}
CIVILIANS = 7
NOT_ARMED_INTER = (5, 6, CIVILIANS)  # rioters, protesters, civilians
NOT_ARMED = ("civilians", "protesters", "rioters")  # ACLED's names for them: "Civilians (Syria)", "Protesters..."
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})$")


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_date(text: str) -> date:
    """ACLED's event_date: `18 August 2014` (the export tool), `2014-08-18` (the API), `18/08/2014` or
    `18-08-2014` (older files; ACLED writes the day first), `18-Aug-2014`."""
    value = clean(text)
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_WORDS, "dwy")):
        m = pattern.match(value)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "ymd":
            y, mo, d = int(a), int(b), int(c)
        elif order == "dmy":
            d, mo, y = int(a), int(b), int(c)
        else:
            month = _MONTHS.get(b.lower())
            if month is None:
                raise RowError("event_date", f"'{text}': '{b}' is not a month")
            d, mo, y = int(a), month, int(c)
        if not 1 <= mo <= 12:
            raise RowError("event_date", f"'{text}': month {mo} does not exist")
        last = calendar.monthrange(y, mo)[1]
        if not 1 <= d <= last:
            raise RowError("event_date", f"'{text}': {calendar.month_name[mo]} {y} has {last} days, not {d}")
        return date(y, mo, d)
    raise RowError("event_date", f"'{text}' is not a date (18 August 2014, 2014-08-18 or 18/08/2014)")


UNKNOWN_PRECISION = 3  # an empty or absent time_precision: the coarsest ACLED codes (the month), never the day
UNKNOWN_PRECISION_NOTE = "read as the month of event_date (time_precision 3, the coarsest ACLED codes)"


def event_span(day: date, precision: int) -> tuple[date, date]:
    """When the event can have happened: 1 the day coded; 2 the week around it (ACLED codes a mid-week day
    when a source gives only the week: three days either side); 3 the month of the day coded (a source gave
    only the month). A row without a time_precision is read as 3 (UNKNOWN_PRECISION): what ACLED would have
    coded is unknown, and only the month holds whatever it was."""
    if precision == 1:
        return day, day
    if precision == 2:
        return day - timedelta(days=3), day + timedelta(days=3)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_inter(text: str, fld: str) -> int | None:
    """inter1/inter2 as ACLED's number (1..8; `1.0` from a spreadsheet) or, in newer exports, its text."""
    value = clean(text).lower()
    if not value:
        return None
    if value.removesuffix(".0").isdigit():
        code = int(value.removesuffix(".0"))
        if code not in INTER:
            raise RowError(fld, f"{code} is not an ACLED actor type (0..8)")
        return code
    if value in INTER_TEXT:
        return INTER_TEXT[value]
    raise RowError(fld, f"'{text}' is not an ACLED actor type (a number 0..8 or a name such as 'Rebel group')")


def split_actors(text: str) -> tuple[str, ...]:
    """assoc_actor_1/2: several actors separated by "; " (ACLED's convention; a comma belongs to a name)."""
    out: list[str] = []
    for part in clean(text).split(";"):
        name = clean(part)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def armed(name: str) -> bool:
    """Not civilians, protesters or rioters ("Civilians (Syria)"): those are never a party to a tie."""
    return not search_key(name).startswith(NOT_ARMED)


@dataclass(frozen=True)
class AcledRow:
    line: int
    event_id: str
    start: date
    end: date
    event_type: str  # as written
    actor1: str
    assoc1: tuple[str, ...]
    actor2: str
    assoc2: tuple[str, ...]
    inter1: int | None
    inter2: int | None
    values: dict[str, Any]

    @property
    def kind(self) -> str:
        return search_key(self.event_type)

    @property
    def precision_unknown(self) -> bool:
        """No time_precision in the row (an empty cell or no such column): its span is the month."""
        return self.values.get("time_precision") is None

    def side(self, which: int) -> tuple[str, ...]:
        """A side's actors: the main one and its associated actors; none for civilians, protesters or rioters."""
        actor, assoc, inter = (
            (self.actor1, self.assoc1, self.inter1) if which == 1 else (self.actor2, self.assoc2, self.inter2)
        )
        if not actor or inter in NOT_ARMED_INTER or not armed(actor):
            return ()  # civilians, protesters, rioters: their associated actors are who they are ("Women (Syria)")
        return (actor, *(a for a in assoc if armed(a) and a != actor))


class AcledReader:
    def __init__(self, header: Iterable[str], file: str) -> None:
        self.present = {h.strip().lower(): h for h in header}
        self.file = file
        self.seen: dict[str, int] = {}

    def cell(self, raw: dict[str, str], name: str) -> str:
        col = self.present.get(name)
        return clean(raw.get(col)) if col else ""

    def read(self, line: int, raw: dict[str, str]) -> AcledRow:
        if raw.get("") is not None:
            raise RowError("", "more cells than the header has columns")
        event_id = self.cell(raw, "event_id_cnty")
        if not event_id:
            raise RowError("event_id_cnty", "empty")
        if event_id in self.seen:
            raise RowError("event_id_cnty", f"'{event_id}' is used again (first on line {self.seen[event_id]})")
        date_text = self.cell(raw, "event_date")
        if not date_text:
            raise RowError("event_date", "empty")
        day = parse_date(date_text)
        precision_text = self.cell(raw, "time_precision").removesuffix(".0")
        if precision_text not in ("", "1", "2", "3"):
            raise RowError("time_precision", f"'{precision_text}' is not 1 (the day), 2 (the week) or 3 (the month)")
        start, end = event_span(day, int(precision_text) if precision_text else UNKNOWN_PRECISION)
        event_type = self.cell(raw, "event_type")
        if not event_type:
            raise RowError("event_type", "empty")
        actor1 = self.cell(raw, "actor1")
        if not actor1:
            raise RowError("actor1", "empty: every event has an actor")
        inter1, inter2 = (
            parse_inter(self.cell(raw, "inter1"), "inter1"),
            parse_inter(self.cell(raw, "inter2"), "inter2"),
        )
        actor2 = self.cell(raw, "actor2")
        if search_key(event_type) == BATTLES and not actor2:
            raise RowError("actor2", "empty: a battle has two sides")
        values: dict[str, Any] = {}
        lat, lon = self.cell(raw, "latitude"), self.cell(raw, "longitude")
        if bool(lat) != bool(lon):
            raise RowError("latitude" if not lat else "longitude", "empty, but the other coordinate is given")
        for name, text, low, high in (("latitude", lat, -90, 90), ("longitude", lon, -180, 180)):
            try:
                values[name] = float(text) if text else None
            except ValueError:
                raise RowError(name, f"'{text}' is not a number") from None
            if values[name] is not None and not low <= values[name] <= high:
                raise RowError(name, f"{text} is outside {low}..{high}")
        fatalities = self.cell(raw, "fatalities").removesuffix(".0")
        if fatalities and not fatalities.isdigit():
            raise RowError("fatalities", f"'{fatalities}' is not a whole number")
        values["fatalities"] = int(fatalities) if fatalities else None
        for name in ("sub_event_type", "interaction", "country", "location", "source", "notes"):
            values[name] = self.cell(raw, name) or None
        values["time_precision"] = int(precision_text) if precision_text else None  # None: ACLED gave none
        self.seen[event_id] = line
        return AcledRow(
            line,
            event_id,
            start,
            end,
            event_type,
            actor1,
            split_actors(self.cell(raw, "assoc_actor_1")),
            actor2,
            split_actors(self.cell(raw, "assoc_actor_2")),
            inter1,
            inter2,
            values,
        )


@dataclass
class AcledFile:
    missing: list[str]
    rows: list[AcledRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.rejects)


def read_acled(path: Path, shown: str) -> AcledFile:
    header, records = csv_records(path)
    present = {h.strip().lower() for h in header}
    lacking = [c for c in REQUIRED if c not in present]
    if lacking:
        raise UnusableFile(
            f"{shown}: not an ACLED export: no column {', '.join(lacking)} (the importer needs "
            f"{', '.join(REQUIRED)}; the header has: {', '.join(list(header)[:40]) or 'nothing'})"
        )
    reader = AcledReader(header, shown)
    parsed = AcledFile([c for c in OPTIONAL if c not in present])
    for line, raw in records:
        try:
            parsed.rows.append(reader.read(line, raw))
        except RowError as exc:
            parsed.rejects.append(Reject(shown, line, exc.field, exc.reason, id=reader.cell(raw, "event_id_cnty")))
    return parsed


# ------------------------------------------------------------------------------------- graph rows


def actor_names(rows: Iterable[AcledRow]) -> dict[str, int | None]:
    """Every actor a row names (civilians left out), with its ACLED actor type where a row gives one."""
    found: dict[str, int | None] = {}
    for r in rows:
        for which in (1, 2):
            for name in r.side(which):
                inter = r.inter1 if (which, name) == (1, r.actor1) else r.inter2 if name == r.actor2 else None
                if found.get(name) is None:
                    found[name] = inter
    return found


def name_variants(name: str) -> list[str]:
    """The name, then the forms ACLED's conventions hide it in: without a trailing "(Syria)" or "(2000-)", and
    each side of "HTS: Hayat Tahrir al-Sham"."""
    out = [name]
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()
    if bare and bare != name:
        out.append(bare)
    for n in list(out):
        if ": " in n:
            out.extend(p.strip() for p in n.split(": ", 1) if p.strip())
    return list(dict.fromkeys(out))


def new_actor_kind(inter: int | None) -> str:
    return ActorKind.STATE_ARMED_FORCE.value if inter == 1 else ActorKind.ARMED_GROUP.value


def dataset_source_id(release: str) -> str:
    return f"acled-{slug(release, 60) or short_hash(release)}"


def dataset_source(release: str, file_name: str) -> SourceInput:
    return SourceInput(
        id=dataset_source_id(release),
        kind=SourceKind.DATASET,
        title=f"ACLED data export {release}",
        publisher=PUBLISHER,
        url=URL,
        licence=TERMS,
        notes=f"Imported from {file_name}. Cite ACLED as its terms of use ask (acleddata.com).",
    )


def event_id(row: AcledRow) -> str:
    return bounded_id("acled", slug(row.event_id, 100) or short_hash(row.event_id))


def place_row(row: AcledRow, release: str) -> Row | None:
    v = row.values
    name, lat, lon = v.get("location"), v.get("latitude"), v.get("longitude")
    if not name and lat is None:
        return None
    label = name or f"{lat}, {lon}"
    place_id = f"acled-place-{slug(label, 60) or 'unnamed'}-{short_hash(f'{label}|{lat}|{lon}')}"
    return {
        "id": place_id,
        "within": None,
        "props": {
            "id": place_id,
            "name": label,
            "kind": "acled_location",
            "alt_names": [],
            "lat": lat,
            "lon": lon,
            "coordinates_source": f"ACLED {release}" if lat is not None else None,
            "country": v.get("country"),
            "origin": ORIGIN,
        },
    }


def event_row(row: AcledRow, actor_of: dict[str, str], release: str) -> tuple[Row, Row | None]:
    v = row.values
    place = place_row(row, release)
    role1 = "attacker" if row.kind == VIOLENCE_AGAINST_CIVILIANS else "side_a"
    participants = []
    for role, names in ((role1, row.side(1)), ("side_b", row.side(2))):
        for actor in dict.fromkeys(actor_of[n] for n in names):
            participants.append({"actor": actor, "role": role})
    title = f"{row.event_type}: {row.actor1}" + (f" - {row.actor2}" if row.actor2 else "")
    props: Row = {
        **time_props(event_valid(row.start, row.end)),
        "id": event_id(row),
        "kind": slug(row.event_type, 60).replace("-", "_") or "event",
        "title": title + (f", {v['location']}" if v.get("location") else ""),
        "description": f"ACLED {release}, event {row.event_id}: {v.get('notes') or title}"
        + (f" (no time_precision: {UNKNOWN_PRECISION_NOTE})" if row.precision_unknown else ""),
        "status": STATUS,
        "confidence": CONFIDENCE,
        "origin": ORIGIN,
        "acled_id": row.event_id,
        "acled_release": release,
        "event_type": row.event_type,
        "actor1": row.actor1,
        "actor2": row.actor2 or None,
        "assoc_actor_1": "; ".join(row.assoc1) or None,
        "assoc_actor_2": "; ".join(row.assoc2) or None,
        "inter1": row.inter1,
        "inter2": row.inter2,
        **{k: v.get(k) for k in ("sub_event_type", "interaction", "time_precision", "fatalities", "source", "notes")},
    }
    return {
        "id": props["id"],
        "place": place["id"] if place else None,
        "participants": participants,
        "citations": [],
        "props": props,
    }, place


def _pairs(row: AcledRow, actor_of: dict[str, str]) -> Iterator[tuple[ClaimKind, str, str, tuple[str, ...]]]:
    """Hostility between the two sides of a battle; cooperation of each associated actor with its side's actor,
    in the event types of joint action. Violence against civilians is never hostility."""
    if row.kind == BATTLES:
        for a in dict.fromkeys(actor_of[n] for n in row.side(1)):
            for b in dict.fromkeys(actor_of[n] for n in row.side(2)):
                yield ClaimKind.HOSTILITY, a, b, ()
    if row.kind in JOINT_ACTION:
        for actor, assoc, which in ((row.actor1, row.assoc1, 1), (row.actor2, row.assoc2, 2)):
            if actor not in row.side(which):
                continue
            for other in assoc:
                if other in row.side(which):
                    yield ClaimKind.COOPERATION, actor_of[actor], actor_of[other], ()


def derived_claims(
    rows: Iterable[AcledRow], actor_of: dict[str, str], release: str, file: str = ""
) -> list[DerivedClaim]:
    """One claim per kind, pair of actors and period (the calendar month, or the event's own span when it
    crosses a month's end: app/importing/monthly.py, the rule of the GED import), evidenced by its events and
    citing the export."""
    buckets = by_pair_and_period(rows, lambda row: _pairs(row, actor_of))
    source = dataset_source_id(release)
    key = slug(release, 40) or short_hash(release)
    claims = []
    for (kind, period, a, b), bucket in sorted(buckets.items(), key=lambda kv: (kv[0][0].value, *kv[0][1:])):
        events = sorted(bucket.events, key=lambda r: (r.start, r.event_id))
        ids = [r.event_id for r in events]
        types = sorted({r.event_type for r in events})
        how = (
            "battles between the two sides"
            if kind is ClaimKind.HOSTILITY
            else "an actor and an actor associated with it on its side (assoc_actor_1/2) in the same event"
        )
        fatalities = [r.values.get("fatalities") for r in events]
        unknown = [r.event_id for r in events if r.precision_unknown]
        claim = ClaimInput(
            id=bounded_id(f"acled-{key}-{kind.value}-{period}", f"{a}--{b}"),
            kind=kind,
            parties={"side": [a, b]},
            valid=span_valid(events, "ACLED"),
            status=Status(STATUS),
            confidence=CONFIDENCE,
            citations=[
                CitationInput(
                    source=source,
                    quote=events_quote(ids),
                    note=(
                        f"ACLED {release}, {', '.join(types)}: {how}; {len(ids)} event(s) of {period}, "
                        "aggregated by the importer by pair of actors and calendar month"
                    ),
                )
            ],
            evidence=[event_id(r) for r in events],
            notes=(
                f"No time_precision for event{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: "
                f"{UNKNOWN_PRECISION_NOTE}."
                if unknown
                else None
            ),
        )
        properties = {
            "events": len(events),
            "fatalities": sum(f or 0 for f in fatalities) if any(f is not None for f in fatalities) else None,
            "acled_release": release,
            "acled_period": period,
        }
        claims.append(DerivedClaim(claim, Origin(file), properties))
    return claims
