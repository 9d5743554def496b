"""UCDP's Georeferenced Event Dataset (GED): rows read and checked, sides split into actors, events, and
hostility claims aggregated by pair of actors and calendar month.

The importer needs only `id`, `type_of_violence`, `side_a`, `side_b` and a date (`date_start`/`date_end`,
or `year` with `month`/`day`); it uses every other column of the GED codebook it finds and names the
ones it did not (`GedFile.missing`). See docs/import-format.md for every decision taken here.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.model import ActorKind, ClaimKind, SourceKind
from app.domain.text import search_key
from app.domain.timebounds import Precision, ValidTime
from app.importing.files import UnusableFile, csv_records
from app.importing.ids import bounded_id, short_hash, slug
from app.importing.problems import Reject
from app.seeding.rows import Row, claim_row, search_keys, time_props

PUBLISHER = "Uppsala Conflict Data Program"
LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
CITE = (
    "Cite: Sundberg, Ralph and Erik Melander (2013), 'Introducing the UCDP Georeferenced Event Dataset', "
    "Journal of Peace Research 50(4): 523-532; and the GED codebook of the release."
)
DOWNLOADS = "https://ucdp.uu.se/downloads/"
ORIGIN = "ucdp-ged"
STATUS = "reported"
CONFIDENCE = 0.8  # the recorder's judgement for a curated event dataset; not derived from the data
CIVILIANS = "civilians"  # search key of UCDP's "Civilians": the target of one-sided violence, never an actor

REQUIRED = ("id", "type_of_violence", "side_a", "side_b")
# Every other codebook column the importer uses, in the codebook's order. Deaths may be named either way.
OPTIONAL = (
    "date_start",
    "date_end",
    "date_prec",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_b_new_id",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "event_clarity",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
)
DEATH_NAMES = {"low": ("low", "low_death"), "best": ("best", "best_death"), "high": ("high", "high_death")}
VIOLENCE = {1: "state_based_violence", 2: "non_state_violence", 3: "one_sided_violence"}
VIOLENCE_LABEL = {1: "state-based violence", 2: "non-state violence", 3: "one-sided violence"}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.]*)?$", re.ASCII)
_ARTICLE = re.compile(r"^(?P<office>[^,]*),(?P<date>\d{4}-\d{2}-\d{2}),(?P<headline>.*)$", re.DOTALL)


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

    line: int
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

    def _dates(self, raw: dict[str, str]) -> tuple[date, date]:
        if self.columns.dates == "date_start":
            start_text = self.cell(raw, "date_start")
            if not start_text:
                raise RowError("date_start", "empty")
            start = _day(start_text, "date_start")
            end_text = self.cell(raw, "date_end")
            end = _day(end_text, "date_end") if end_text else start
            if end < start:
                raise RowError("date_end", f"{end} is before date_start {start}")
            return start, end
        year_text, month_text, day_text = (self.cell(raw, n) for n in ("year", "month", "day"))
        if not year_text:
            raise RowError("year", "empty")
        year = _integer(year_text, "year", minimum=1)
        if not month_text:
            if day_text:
                raise RowError("month", "empty, but day is given")
            return date(year, 1, 1), date(year, 12, 31)
        month = _integer(month_text, "month", minimum=1)
        if month > 12:
            raise RowError("month", f"{month} does not exist")
        last = calendar.monthrange(year, month)[1]
        if not day_text:
            return date(year, month, 1), date(year, month, last)
        day = _integer(day_text, "day", minimum=1)
        if day > last:
            raise RowError("day", f"{calendar.month_name[month]} {year} has {last} days, not {day}")
        return date(year, month, day), date(year, month, day)

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
        violence = _integer(violence_text, "type_of_violence")
        if violence not in VIOLENCE:
            raise RowError("type_of_violence", f"{violence} is not 1 (state-based), 2 (non-state) or 3 (one-sided)")
        side_a, members_a = self._side(raw, "side_a")
        side_b, members_b = self._side(raw, "side_b")
        if any(search_key(m) == CIVILIANS for m in members_a):
            raise RowError("side_a", f"'{side_a}': civilians are the target of violence, never side A")
        if violence == 3:
            members_b = ()  # one-sided: side B is the civilians, who are not an actor
        elif any(search_key(m) == CIVILIANS for m in members_b):
            raise RowError("side_b", f"'{side_b}' in a row of type {violence}: civilians only in one-sided violence")
        start, end = self._dates(raw)
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
            line=line,
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


# ---------------------------------------------------------------------------------------- actor list


@dataclass(frozen=True)
class ListedActor:
    ucdp_id: int
    name: str
    names: tuple[str, ...]  # NameData first, then original names and renames
    org: int | None


@dataclass
class ActorList:
    """The UCDP Actor Dataset: ids, names, original names and renames."""

    by_id: dict[int, ListedActor] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def comma_names(self) -> set[str]:
        return {a.name for a in self.by_id.values() if "," in a.name}

    def unique_ids_by_name(self) -> dict[str, int]:
        """search key of a name -> the one actor id carrying it (names shared by several actors left out)."""
        found: dict[str, set[int]] = defaultdict(set)
        for a in self.by_id.values():
            found[search_key(a.name)].add(a.ucdp_id)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _names(cell: str | None) -> list[str]:
    if not cell:
        return []
    out = []
    for part in cell.split(","):
        name = " ".join(part.split())
        if name and name.lower() not in ("n/a", "na", "none"):
            out.append(name)
    return out


def read_actor_list(path: Path, shown: str) -> ActorList:
    """The UCDP actor list CSV (ActorId, NameData, NameOrig, NameOrigFull, NameOrigFullEng, NewName, ...)."""
    header, records = csv_records(path)
    present = set(header)
    if not {"ActorId", "NameData"} <= present:
        raise UnusableFile(f"{shown}: not a UCDP actor list: it needs the columns ActorId and NameData")
    listed = ActorList()
    for line, raw in records:
        name = " ".join((raw.get("NameData") or "").split())
        try:
            ucdp_id = _integer((raw.get("ActorId") or "").strip(), "ActorId", minimum=0)
        except RowError as exc:
            listed.rejects.append(Reject(shown, line, exc.field, exc.reason))
            continue
        if not name:
            listed.rejects.append(Reject(shown, line, "NameData", "empty", id=str(ucdp_id)))
            continue
        names = [name]
        for col in ("NameOrig", "NameOrigFull", "NameOrigFullEng"):
            cell = " ".join((raw.get(col) or "").split())
            if cell and cell.lower() != "n/a":
                names.append(cell)  # an original name is one name, commas and all
        for col in ("NewName", "NewNameFullMotherTongue", "NewNameFullEng"):
            names.extend(_names(raw.get(col)))
        org_text = (raw.get("Org") or "").strip()
        org = int(org_text) if org_text.isdigit() else None
        listed.by_id[ucdp_id] = ListedActor(ucdp_id, name, _dedupe(names), org)
    return listed


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = search_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return tuple(out)


# -------------------------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class ExistingActor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    search_keys: tuple[str, ...]
    ucdp_id: int | None
    origin: str | None = None


@dataclass
class Group:
    """One UCDP group as the file names it: its UCDP id where known, every name it is written as."""

    ucdp_id: int | None
    names: Counter[str] = field(default_factory=Counter)

    def primary(self, listed: ListedActor | None) -> str:
        if listed is not None:
            return listed.name
        return sorted(self.names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


@dataclass
class Resolution:
    """Where each UCDP name lands: the actor id, and the actor writes that make it so."""

    actor_of: dict[str, str]  # UCDP member name -> actor id
    created: list[Row]  # new actors (props for import_ged_actors.cypher)
    updated: list[Row]  # existing actors given UCDP names as aliases (and their UCDP id where they had none)
    matched: dict[str, str]  # UCDP name -> "ucdp id", "name", "alias" or "new": how it was matched
    foreign: set[str] = field(default_factory=set)  # matched actors that no GED import created (the seed's...)

    def rows(self) -> list[Row]:
        return self.created + self.updated


def groups_of(rows: Iterable[GedRow], listed: ActorList | None) -> dict[str, Group]:
    """The groups of a file, keyed by UCDP id ("id:234") or, with no id known, by name ("name:<search key>").

    A name's UCDP id comes from the rows where it is a side on its own (side_a_new_id), else from the actor
    list where one actor carries that name. A coalition's own id names the coalition, not a member."""
    id_votes: dict[str, Counter[int]] = defaultdict(Counter)
    uses: Counter[str] = Counter()
    for r in rows:
        for members, side_id in ((r.members_a, r.side_a_id), (r.members_b, r.side_b_id)):
            uses.update(members)
            if len(members) == 1 and side_id is not None:
                id_votes[members[0]][side_id] += 1
    by_name = listed.unique_ids_by_name() if listed else {}
    groups: dict[str, Group] = {}
    for name, count in uses.items():
        votes = id_votes.get(name)
        ucdp_id = (
            sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else by_name.get(search_key(name))
        )
        key = f"id:{ucdp_id}" if ucdp_id is not None else f"name:{search_key(name)}"
        groups.setdefault(key, Group(ucdp_id)).names[name] += count
    return groups


def _kind(name: str, listed: ListedActor | None) -> str:
    if listed is not None and listed.org == 4:
        return ActorKind.STATE.value
    if listed is None and name.lower().startswith("government of "):
        return ActorKind.STATE.value
    return ActorKind.ARMED_GROUP.value


def resolve_actors(
    groups: dict[str, Group], existing: Iterable[ExistingActor], listed: ActorList | None, release: str
) -> Resolution:
    """Match each group to an actor: by UCDP id, then by name or alias (never to an actor that has another
    UCDP id), else a new actor. Every UCDP name (and, with the actor list, its original names and renames)
    becomes an alias of the actor it lands on, so search finds it."""
    actors = {a.id: a for a in existing}
    by_ucdp: dict[int, list[ExistingActor]] = defaultdict(list)
    by_key: dict[str, list[ExistingActor]] = defaultdict(list)
    for a in actors.values():
        if a.ucdp_id is not None:
            by_ucdp[a.ucdp_id].append(a)
        for k in a.search_keys:
            by_key[k].append(a)
    actor_of: dict[str, str] = {}
    matched: dict[str, str] = {}
    new_aliases: dict[str, list[str]] = defaultdict(list)
    new_ucdp: dict[str, int] = {}
    created: dict[str, Row] = {}
    taken = set(actors)
    for _, group in sorted(groups.items()):
        entry = listed.by_id.get(group.ucdp_id) if listed and group.ucdp_id is not None else None
        names = sorted(group.names, key=lambda n: (-group.names[n], n))
        extra = [n for n in (entry.names if entry else ()) if n not in names]
        target, how = _match(group, names, extra, by_ucdp, by_key)
        if target is None:
            primary = group.primary(entry)
            target = _new_id(primary, group.ucdp_id, taken)
            taken.add(target)
            aliases = list(_dedupe([primary, *names, *extra]))
            created[target] = {
                "id": target,
                "props": {
                    "id": target,
                    "name": primary,
                    "kind": _kind(primary, entry),
                    "description": _description(primary, group.ucdp_id, entry, release),
                    "aliases": aliases,
                    "search_keys": search_keys(primary, aliases, target),
                    "ucdp_id": group.ucdp_id,
                    "origin": ORIGIN,
                },
            }
            how = "new"
        else:
            new_aliases[target].extend([*names, *extra])
            if group.ucdp_id is not None and actors[target].ucdp_id is None:
                new_ucdp[target] = group.ucdp_id
        for n in names:
            actor_of[n] = target
            matched[n] = how
    updated = []
    for actor_id in sorted(set(new_aliases) | set(new_ucdp)):
        a = actors[actor_id]
        aliases = list(_dedupe([*a.aliases, *new_aliases[actor_id]]))
        keys = search_keys(a.name, aliases, a.id)
        ucdp_id = a.ucdp_id if a.ucdp_id is not None else new_ucdp.get(actor_id)
        if aliases != list(a.aliases) or sorted(keys) != sorted(a.search_keys) or ucdp_id != a.ucdp_id:
            updated.append({"id": actor_id, "props": None, "aliases": aliases, "search_keys": keys, "ucdp_id": ucdp_id})
    foreign = {a for a in actor_of.values() if a in actors and actors[a].origin != ORIGIN}
    return Resolution(actor_of, list(created.values()), updated, matched, foreign)


def _match(
    group: Group,
    names: list[str],
    extra: list[str],
    by_ucdp: dict[int, list[ExistingActor]],
    by_key: dict[str, list[ExistingActor]],
) -> tuple[str | None, str]:
    if group.ucdp_id is not None and by_ucdp.get(group.ucdp_id):
        return sorted(a.id for a in by_ucdp[group.ucdp_id])[0], "ucdp id"
    for how, candidates_names in (("name", names), ("alias", extra)):
        for n in candidates_names:
            found = [
                a
                for a in by_key.get(search_key(n), [])
                if a.ucdp_id is None or group.ucdp_id is None or a.ucdp_id == group.ucdp_id
            ]
            if found:
                # the actor whose own name it is first, then one that already has this UCDP id, then by id
                found.sort(key=lambda a: (search_key(a.name) != search_key(n), a.ucdp_id is None, a.id))
                return found[0].id, how
    return None, ""


def _new_id(name: str, ucdp_id: int | None, taken: set[str]) -> str:
    base = slug(name, 80) or (f"ucdp-{ucdp_id}" if ucdp_id is not None else f"ucdp-{short_hash(name)}")
    if base not in taken:
        return base
    candidate = f"{base}-ucdp-{ucdp_id}" if ucdp_id is not None else f"{base}-{short_hash(name)}"
    n = 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _description(name: str, ucdp_id: int | None, entry: ListedActor | None, release: str) -> str:
    if ucdp_id is None:
        return (
            f"'{name}' as UCDP GED {release} names it, within a coalition side; the file gives no UCDP actor id "
            "for it. Created by the GED import."
        )
    text = f"UCDP actor {ucdp_id} '{name}'"
    if entry is not None and len(entry.names) > 1:
        text += f" (also: {', '.join(entry.names[1:6])})"
    return f"{text}. Created by the import of UCDP GED {release}."


# ------------------------------------------------------------------------------ sources, places, events


def dataset_source_id(release: str) -> str:
    return f"ucdp-ged-{slug(release, 40) or short_hash(release)}"


def dataset_source(release: str, file_name: str) -> Row:
    source_id = dataset_source_id(release)
    return {
        "id": source_id,
        "reported_in": None,
        "props": {
            "id": source_id,
            "kind": SourceKind.DATASET.value,
            "title": f"UCDP Georeferenced Event Dataset (GED) {release}",
            "publisher": PUBLISHER,
            "url": DOWNLOADS,
            "licence": LICENCE,
            "notes": f"Imported from {file_name}. {CITE}",
        },
    }


def _articles(text: str | None) -> list[str]:
    """UCDP's source_article cell as its references: `"office,date,headline";"office,date,headline"`."""
    if not text:
        return []
    stripped = text.strip()
    if stripped.startswith('"') and stripped.endswith('"'):
        parts = re.split(r'"\s*;\s*"', stripped[1:-1])
    else:
        parts = [stripped]
    return [p.strip() for p in parts if p.strip()]


def article_source(reference: str) -> Row:
    source_id = f"ged-source-{short_hash(reference, 16)}"
    m = _ARTICLE.match(reference)
    published: date | None = None
    if m:
        try:
            published = date.fromisoformat(m.group("date"))
        except ValueError:
            published = None
    headline = m.group("headline").strip() if m else ""
    return {
        "id": source_id,
        "reported_in": None,
        "props": {
            "id": source_id,
            "kind": SourceKind.NEWS_ARTICLE.value,
            "title": headline or reference,
            "publisher": (m.group("office").strip() or None) if m else None,
            "published": published,
            "notes": f"Cited by UCDP GED as: {reference}",
            "origin": ORIGIN,
        },
    }


def place_of(row: GedRow, release: str) -> Row | None:
    name = row.values.get("where_coordinates")
    lat, lon = row.values.get("latitude"), row.values.get("longitude")
    if not name and lat is None:
        return None
    label = name or f"{lat}, {lon}"
    place_id = f"ged-place-{slug(label, 60) or 'unnamed'}-{short_hash(f'{label}|{lat}|{lon}')}"
    return {
        "id": place_id,
        "within": None,
        "props": {
            "id": place_id,
            "name": label,
            "kind": "ged_location",
            "alt_names": [],
            "lat": lat,
            "lon": lon,
            "coordinates_source": f"UCDP GED {release}" if lat is not None else None,
            "adm_1": row.values.get("adm_1"),
            "adm_2": row.values.get("adm_2"),
            "country": row.values.get("country"),
            "where_prec": row.values.get("where_prec"),
            "origin": ORIGIN,
        },
    }


def event_valid(start: date, end: date, text: str | None = None) -> ValidTime:
    """A moment known to lie between two days: a day, a calendar month or year, or a span of days."""
    precision = _precision(start, end)
    return ValidTime(
        from_lo=start,
        from_hi=end,
        to_lo=start,
        to_hi=end,
        from_precision=precision,
        to_precision=precision,
        open_ended=False,
        approximate=precision is Precision.RANGE,
        text=text,
    )


def _precision(lo: date, hi: date) -> Precision:
    if lo == hi:
        return Precision.DAY
    if (
        lo.day == 1
        and (lo.year, lo.month) == (hi.year, hi.month)
        and hi.day == calendar.monthrange(lo.year, lo.month)[1]
    ):
        return Precision.MONTH
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
        return Precision.YEAR
    return Precision.RANGE


def event_id(ged_id: int) -> str:
    return f"ged-{ged_id}"


def event_row(row: GedRow, actor_of: dict[str, str], release: str) -> tuple[Row, Row | None, list[Row]]:
    """(the event for seed_events.cypher, its place, the article sources it cites)."""
    v = row.values
    place = place_of(row, release)
    articles = [article_source(a) for a in _articles(v.get("source_article"))]
    participants: list[Row] = []
    role_a = "attacker" if row.violence == 3 else "side_a"
    for role, members in ((role_a, row.members_a), ("side_b", row.members_b)):
        for actor in dict.fromkeys(actor_of[m] for m in members):
            participants.append({"actor": actor, "role": role})
    dyad = v.get("dyad_name") or f"{row.side_a} - {row.side_b}"
    where = v.get("where_coordinates")
    deaths = _deaths_text(row.deaths("best"), row.deaths("low"), row.deaths("high"))
    description = f"UCDP GED {release}, event {row.ged_id}: {VIOLENCE_LABEL[row.violence]}, {dyad}"
    description += f", at {where}" if where else ""
    description += f"; {deaths}." if deaths else "."
    props: Row = {
        **time_props(event_valid(row.start, row.end)),
        "id": event_id(row.ged_id),
        "kind": VIOLENCE[row.violence],
        "title": f"{dyad}, {where}" if where else dyad,
        "description": description,
        "status": STATUS,
        "confidence": CONFIDENCE,
        "origin": ORIGIN,
        "ged_id": row.ged_id,
        "ged_release": release,
        "type_of_violence": row.violence,
        "side_a": row.side_a,
        "side_b": row.side_b,
        "deaths_low": v.get("low"),
        "deaths_best": v.get("best"),
        "deaths_high": v.get("high"),
        **{
            k: v.get(k)
            for k in (
                "side_a_new_id",
                "side_b_new_id",
                "dyad_new_id",
                "dyad_name",
                "conflict_new_id",
                "conflict_name",
                "date_prec",
                "event_clarity",
                "where_prec",
                "deaths_a",
                "deaths_b",
                "deaths_civilians",
                "deaths_unknown",
                "number_of_sources",
                "source_original",
            )
        },
    }
    event = {
        "id": props["id"],
        "place": place["id"] if place else None,
        "participants": participants,
        "citations": [
            {"source": s["id"], "quote": ref, "stance": "supports", "note": None, "position": i}
            for i, (s, ref) in enumerate(zip(articles, _articles(v.get("source_article")), strict=True))
        ],
        "props": props,
    }
    return event, place, articles


def _deaths_text(best: int | None, low: int | None, high: int | None) -> str:
    if best is None:
        return ""
    if low is None or high is None:
        return f"deaths (best estimate) {best}"
    return f"deaths {best} (best estimate; low {low}, high {high})"


# ---------------------------------------------------------------------------------------------- claims


@dataclass
class _Bucket:
    events: list[GedRow] = field(default_factory=list)
    dyads: dict[str, None] = field(default_factory=dict)
    coalitions: set[str] = field(default_factory=set)


def period_of(row: GedRow) -> str:
    """A month `2016-08` when the event's dates lie within one calendar month; otherwise its own span
    `2016-07-31-to-2016-08-02`, so that a claim never covers a month its events cannot fall in."""
    if (row.start.year, row.start.month) == (row.end.year, row.end.month):
        return f"{row.start.year:04d}-{row.start.month:02d}"
    return f"{row.start.isoformat()}-to-{row.end.isoformat()}"


def hostility_claims(
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, recorded_at: datetime, deaths_known: bool
) -> list[Row]:
    """Hostility claims between the members of side A and side B of state-based (1) and non-state (2) rows,
    one per pair of actors and period (`period_of`), evidenced by their events and citing the release."""
    buckets: dict[tuple[str, str, str], _Bucket] = defaultdict(_Bucket)
    for row in rows:
        if row.violence == 3:
            continue
        a_ids = dict.fromkeys(actor_of[m] for m in row.members_a)
        b_ids = dict.fromkeys(actor_of[m] for m in row.members_b)
        period = period_of(row)
        for a in a_ids:
            for b in b_ids:
                if a == b:
                    continue
                first, second = sorted((a, b))
                bucket = buckets[(period, first, second)]
                bucket.events.append(row)
                bucket.dyads[f"{row.side_a} - {row.side_b}"] = None
                bucket.coalitions.update(
                    s for s, m in ((row.side_a, row.members_a), (row.side_b, row.members_b)) if len(m) > 1
                )
    source = dataset_source_id(release)
    release_key = slug(release, 40) or short_hash(release)
    claims = []
    for (period, a, b), bucket in sorted(buckets.items()):
        events = sorted(bucket.events, key=lambda r: (r.start, r.ged_id))
        valid = _claim_valid(events)
        ids = [str(r.ged_id) for r in events]
        kinds = sorted({r.violence for r in events})
        sums = {
            which: (sum(r.deaths(which) or 0 for r in events) if deaths_known else None)
            for which in ("low", "best", "high")
        }
        dyads = "; ".join(bucket.dyads)
        claims.append(
            claim_row(
                claim_id=bounded_id(f"ged-{release_key}-{period}", f"{a}--{b}"),
                kind=ClaimKind.HOSTILITY,
                parties=[("side", a), ("side", b)],
                valid=valid,
                status=STATUS,
                confidence=CONFIDENCE,
                citations=[
                    {
                        "source": source,
                        "quote": f"events {', '.join(ids)} ({dyads})",
                        "stance": "supports",
                        "note": (
                            f"UCDP GED {release}, type_of_violence {', '.join(map(str, kinds))} "
                            f"({', '.join(VIOLENCE_LABEL[k] for k in kinds)}); {len(ids)} event(s) of "
                            f"{period}, aggregated by the importer by pair of actors and calendar month"
                        ),
                        "position": 0,
                    }
                ],
                recorded_at=recorded_at,
                origin=ORIGIN,
                evidence=[event_id(r.ged_id) for r in events],
                extra={
                    "events": len(events),
                    "deaths_low": sums["low"],
                    "deaths_best": sums["best"],
                    "deaths_high": sums["high"],
                    "coalitions": sorted(bucket.coalitions),
                    "ged_release": release,
                    "ged_period": period,
                },
            )
        )
    return claims


def _claim_valid(events: list[GedRow]) -> ValidTime:
    """Began at the first event (between the earliest start and the earliest end of any event), ended at
    the last (between the latest start and the latest end)."""
    from_lo = min(r.start for r in events)
    from_hi = min(r.end for r in events)
    to_lo = max(r.start for r in events)
    to_hi = max(r.end for r in events)
    from_p = _precision(from_lo, from_hi)
    to_p = _precision(to_lo, to_hi)
    n = len(events)
    return ValidTime(
        from_lo=from_lo,
        from_hi=from_hi,
        to_lo=to_lo,
        to_hi=to_hi,
        from_precision=from_p,
        to_precision=to_p,
        open_ended=False,
        approximate=Precision.RANGE in (from_p, to_p),
        text=f"{n} UCDP GED event{'s' if n != 1 else ''} between {from_lo} and {to_hi}",
    )
