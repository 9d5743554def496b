"""Mapping Militant Organizations (MMP, Stanford): its relationship table read and checked, its groups matched
to actors, and each relationship made a claim citing the MMP dataset with MMP's own description as the quote.

Input: `Militant-Group-Relationships-clean.csv` (unique_id, type, group1_id, group2_id, date, description,
group1_name, group2_name) and, optionally, `Militant-Group-Key.csv` (group_id, name). Every decision taken
here is written down in docs/mmp.md.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.inputs import CitationInput, ClaimInput, DerivedClaim, Origin, SourceInput, ValidInput
from app.domain.model import ActorKind, ClaimKind, SourceKind, Status
from app.domain.text import search_key
from app.domain.timebounds import Precision, TimeError, parse_point
from app.domain.views import GraphActor
from app.importing.files import UnusableFile, csv_records
from app.importing.ids import id_slug
from app.importing.problems import Reject
from app.seeding.rows import Row, search_keys

ORIGIN = "mmp"
SOURCE_ID = "mmp-dataset-2019-07"
TITLE = "MMP Dataset and Codebook"
PUBLISHER = "Mapping Militant Organizations, Stanford University"
URL = "https://cisac.fsi.stanford.edu/mappingmilitants"  # the address MMP's codebook gives in its citation
CITE = (
    "Cite as the codebook asks: Mapping Militant Organizations. \u201cMMP Dataset and Codebook.\u201d Stanford "
    "University. Last modified July 2019. https://cisac.fsi.stanford.edu/mappingmilitants"
)
TERMS = "no licence stated; MMP asks that the dataset be cited (codebook)"
SCRAPED = date(2019, 7, 31)  # "Data last scraped from website: July 31, 2019" (codebook)
STATUS = "reported"
CONFIDENCE = 0.7  # the recorder's judgement for a hand-coded, not exhaustive dataset; not derived from the data
NEW_GROUP = -99  # the key's mark of "a new group in the data that has not yet been added to a map"

COLUMNS = ("unique_id", "type", "group1_id", "group2_id", "date", "description", "group1_name", "group2_name")
KEY_COLUMNS = ("group_id", "name")

TYPES: dict[str, ClaimKind] = {
    "all": ClaimKind.ALLIANCE,
    "riv": ClaimKind.HOSTILITY,
    "aff": ClaimKind.AFFILIATION,
    "spl": ClaimKind.SPLIT,
    "mer": ClaimKind.MEMBERSHIP,  # a merger: the first group into the second (docs/data-model.md, "Mergers")
}
TYPE_WORDS = {"all": "alliance", "riv": "rivalry", "aff": "affiliation", "spl": "split", "mer": "merger"}

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$", re.ASCII)
_FORMERLY = re.compile(r"^(?P<base>.*?)\s*\(\s*formerly\s+(?P<old>[^()]+?)\s*\)$", re.IGNORECASE)
_INTEGER = re.compile(r"^-?\d+$", re.ASCII)


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def clean(text: str | None) -> str:
    """A cell with its runs of white space made one space and its ends trimmed."""
    return " ".join((text or "").split())


# ---------------------------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class Start:
    """When a tie began, as MMP writes it and as a bound of the model (`2014-09` for `2014-09-00`)."""

    written: str
    point: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: Precision


def two_digit_year(yy: int) -> int:
    """MMP's `2/18/10` has a two-digit year: 00..19 are 2000..2019 (the data were scraped in July 2019),
    20..99 are 1920..1999. The shipped file's two-digit years are 00..17 and 68..98 (its ties of the Italian
    and German 1968 movements and of 2000 in Pakistan read as their descriptions date them)."""
    return 2000 + yy if yy <= SCRAPED.year % 100 else 1900 + yy


def parse_start(text: str) -> Start:
    """`2014-09-00` a month, `2009-00-00` a year, `2014-08-29` or `8/29/14` (month/day/year) a day."""
    written = clean(text)
    if not written:
        raise RowError("date", "empty: every MMP tie has the date it began")
    iso = _ISO.match(written)
    us = _US.match(written)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        if month == 0 and day != 0:
            raise RowError("date", f"'{written}': a day ({day:02d}) without a month")
        point = (
            f"{year:04d}"
            if month == 0
            else f"{year:04d}-{month:02d}"
            if day == 0
            else f"{year:04d}-{month:02d}-{day:02d}"
        )
    elif us:
        month, day, year_text = int(us.group(1)), int(us.group(2)), us.group(3)
        year = int(year_text) if len(year_text) == 4 else two_digit_year(int(year_text))
        if not 1 <= month <= 12:
            raise RowError("date", f"'{written}': month {month} does not exist (MMP writes month/day/year)")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise RowError("date", f"'{written}': {calendar.month_name[month]} {year} has {last} days, not {day}")
        point = f"{year:04d}-{month:02d}-{day:02d}"
    else:
        raise RowError("date", f"'{written}' is not a date as MMP writes them (8/29/14, 2014-09-00, 2009-00-00)")
    try:
        bound = parse_point(point)
    except TimeError as exc:
        raise RowError("date", f"'{written}': {exc}") from None
    return Start(written, point, bound.precision)


# ---------------------------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class Group:
    mmp_id: int
    name: str


@dataclass(frozen=True)
class MmpRow:
    """One checked relationship: what becomes a claim."""

    line: int
    unique_id: int
    type: str
    first: Group
    second: Group
    start: Start
    description: str  # MMP's sentence, its ends trimmed, otherwise as written

    @property
    def kind(self) -> ClaimKind:
        return TYPES[self.type]

    @property
    def pair(self) -> frozenset[int]:
        return frozenset((self.first.mmp_id, self.second.mmp_id))


@dataclass
class Key:
    """MMP's group key: id -> name. Groups marked -99 (not yet on a map) have no id to be told by."""

    names: dict[int, str] = field(default_factory=dict)
    unnumbered: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def _integer(text: str, fld: str) -> int:
    value = clean(text)
    if not value:
        raise RowError(fld, "empty")
    if not _INTEGER.match(value):
        raise RowError(fld, f"'{value}' is not a whole number")
    return int(value)


def _header(header: Sequence[str], wanted: Sequence[str], shown: str, what: str) -> None:
    missing = [c for c in wanted if c not in header]
    if missing:
        raise UnusableFile(
            f"{shown}: not {what}: no column {', '.join(missing)} (it needs {', '.join(wanted)}; the header has: "
            f"{', '.join(h for h in header[:20] if h) or 'nothing'})"
        )


def read_key(path: Path, shown: str) -> Key:
    """The key CSV (group_id, name). A repeated id is rejected after its first line; -99 is set aside."""
    header, records = csv_records(path)
    _header(header, KEY_COLUMNS, shown, "MMP's group key")
    key = Key()
    first: dict[int, int] = {}
    for line, raw in records:
        name = clean(raw.get("name"))
        try:
            gid = _integer(raw.get("group_id", ""), "group_id")
            if not name:
                raise RowError("name", "empty")
        except RowError as exc:
            key.rejects.append(Reject(shown, line, exc.field, exc.reason, id=clean(raw.get("group_id"))))
            continue
        if gid == NEW_GROUP:
            key.unnumbered.append(name)
            continue
        if gid in first:
            reason = f"the group id {gid} is used again (line {first[gid]}: '{key.names[gid]}')"
            key.rejects.append(Reject(shown, line, "group_id", reason, id=str(gid)))
            continue
        first[gid] = line
        key.names[gid] = name
    return key


class RelationshipReader:
    """Checks rows one by one; keeps what it has seen, to reject a repeated id, a repeated row, and a group
    named one way here and another way there."""

    def __init__(self, shown: str, key: Key | None) -> None:
        self.shown = shown
        self.key = key
        self.ids: dict[int, int] = {}  # unique_id -> line
        self.rows: dict[tuple[str, frozenset[int], str, str], tuple[int, int]] = {}  # content -> (line, id)
        self.names: dict[int, tuple[str, int]] = {}  # group id -> (name, first line)

    def _group(self, raw: dict[str, str], which: str) -> Group:
        gid = _integer(raw.get(f"{which}_id", ""), f"{which}_id")
        name = clean(raw.get(f"{which}_name"))
        if gid == NEW_GROUP:
            raise RowError(f"{which}_id", "-99 is MMP's mark of a group not yet on a map: no id to tell it by")
        if gid < 0:
            raise RowError(f"{which}_id", f"{gid} is not an MMP group id")
        if not name:
            raise RowError(f"{which}_name", "empty")
        if self.key is not None:
            listed = self.key.names.get(gid)
            if listed is None:
                raise RowError(f"{which}_id", f"{gid} is not in MMP's group key")
            if search_key(listed) != search_key(name):
                raise RowError(f"{which}_name", f"'{name}': the key names group {gid} '{listed}'")
        seen = self.names.get(gid)
        if seen is not None and search_key(seen[0]) != search_key(name):
            raise RowError(f"{which}_name", f"'{name}': group {gid} is '{seen[0]}' on line {seen[1]}")
        return Group(gid, name)

    def read(self, line: int, raw: dict[str, str]) -> MmpRow:
        """The row checked, or RowError naming the field at fault."""
        if raw.get("") is not None:
            raise RowError("", "more cells than the header has columns")
        missing = [c for c in COLUMNS if c not in raw]
        if missing:
            raise RowError(missing[0], "missing: the row has fewer cells than the header")
        unique_id = _integer(raw["unique_id"], "unique_id")
        if unique_id in self.ids:
            raise RowError("unique_id", f"{unique_id} is used again (first on line {self.ids[unique_id]})")
        mmp_type = clean(raw["type"]).lower()
        if mmp_type not in TYPES:
            raise RowError("type", f"'{clean(raw['type'])}' is not one of {', '.join(TYPES)}")
        first = self._group(raw, "group1")
        second = self._group(raw, "group2")
        if first.mmp_id == second.mmp_id:
            raise RowError("group2_id", f"{second.mmp_id} is group1 too: a tie needs two groups")
        start = parse_start(raw["date"])
        description = raw["description"].strip()
        if not description:
            raise RowError("description", "empty: MMP gives no sentence to quote, and every claim quotes its source")
        content = (mmp_type, frozenset((first.mmp_id, second.mmp_id)), start.point, clean(description))
        if content in self.rows:
            where, other = self.rows[content]
            raise RowError(
                "", f"a duplicate of line {where} (unique_id {other}): the same type, groups, date and description"
            )
        self.ids[unique_id] = line
        self.rows[content] = (line, unique_id)
        for g in (first, second):
            self.names.setdefault(g.mmp_id, (g.name, line))
        return MmpRow(line, unique_id, mmp_type, first, second, start, description)


@dataclass
class Relationships:
    rows: list[MmpRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def read_relationships(path: Path, shown: str, key: Key | None) -> Relationships:
    header, records = csv_records(path)
    _header(header, COLUMNS, shown, "MMP's relationship table")
    reader = RelationshipReader(shown, key)
    read = Relationships()
    for line, raw in records:
        try:
            read.rows.append(reader.read(line, raw))
        except RowError as exc:
            read.rejects.append(Reject(shown, line, exc.field, exc.reason, id=clean(raw.get("unique_id"))))
    return read


# -------------------------------------------------------------------------------------------- actors


def match_names(name: str) -> list[str]:
    """The names a group is matched by, in order: as MMP writes it, without a leading "The" (MMP's "The
    Islamic State"); for "X (Formerly Y)", X and then Y: a group the graph knows as X (UCDP's HTS) keeps
    its own ties, and only where it does not, they land on its former name (al-Nusra Front)."""
    m = _FORMERLY.match(name)
    names = [name, m.group("base"), m.group("old")] if m else [name]
    out: list[str] = []
    for n in names:
        n = clean(n)
        out.append(n)
        if n.lower().startswith("the ") and len(n) > 4:
            out.append(n[4:])
    return list(_dedupe(out))


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = search_key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return tuple(out)


ExistingActor = GraphActor  # an actor as the graph holds it (ImportStore.actors)


@dataclass
class Resolution:
    """Where each MMP group lands: the actor id, and the actor writes that make it so."""

    actor_of: dict[int, str]  # MMP group id -> actor id
    created: dict[str, Row]  # new actors (props for import_mmp_actors.cypher)
    updated: list[Row]  # existing actors given MMP names as aliases and MMP group ids
    how: dict[int, str]  # MMP group id -> "mmp id", "name 'X'" or "new"
    foreign: set[str]  # matched actors that no MMP import created (the seed's, UCDP's, an analyst's)

    def rows(self) -> list[Row]:
        return [*self.created.values(), *self.updated]


def groups_of(rows: Iterable[MmpRow]) -> dict[int, str]:
    groups: dict[int, str] = {}
    for r in rows:
        for g in (r.first, r.second):
            groups.setdefault(g.mmp_id, g.name)
    return groups


def _kind(name: str) -> str:
    return ActorKind.STATE.value if "government" in search_key(name).split() else ActorKind.ARMED_GROUP.value


def resolve_actors(groups: dict[int, str], existing: Iterable[ExistingActor]) -> Resolution:
    """Match each group: by MMP id (an actor an earlier MMP import matched or made), then by its names
    (`match_names`) against every actor's name, aliases and id, compared case-, diacritic- and punctuation-
    insensitively (placeholders never); otherwise a new actor. Groups are taken in id order, and a new
    actor's names count for the groups after it (MMP's "Islamic Front" and "The Islamic Front", two ids for
    one coalition, land on one actor)."""
    actors = {a.id: a for a in existing}
    by_mmp: dict[int, list[str]] = defaultdict(list)
    by_key: dict[str, list[str]] = defaultdict(list)
    names_of: dict[str, str] = {}
    for a in actors.values():
        names_of[a.id] = a.name
        for gid in a.mmp_ids:
            by_mmp[gid].append(a.id)
        if a.kind != ActorKind.PLACEHOLDER.value:
            for k in a.search_keys:
                by_key[k].append(a.id)
    actor_of: dict[int, str] = {}
    how: dict[int, str] = {}
    new_aliases: dict[str, list[str]] = defaultdict(list)
    new_ids: dict[str, list[int]] = defaultdict(list)
    created: dict[str, Row] = {}
    taken = set(actors)
    for gid, name in sorted(groups.items()):
        names = match_names(name)
        target, found_by = None, ""
        if by_mmp.get(gid):
            target, found_by = sorted(by_mmp[gid])[0], "mmp id"
        else:
            for n in names:
                found = by_key.get(search_key(n), [])
                if found:
                    # the actor whose own name it is first, then by id
                    target = sorted(found, key=lambda a: (search_key(names_of[a]) != search_key(n), a))[0]
                    found_by = f"name '{n}'"
                    break
        if target is None:
            target = _new_id(names[1] if len(names) > 1 and names[0].lower().startswith("the ") else name, gid, taken)
            taken.add(target)
            aliases = list(names)
            created[target] = {
                "id": target,
                "props": {
                    "id": target,
                    "name": name,
                    "kind": _kind(name),
                    "description": f"Mapping Militant Organizations group {gid} '{name}'. Created by the MMP import.",
                    "aliases": aliases,
                    "search_keys": search_keys(name, aliases, target),
                    "mmp_ids": [gid],
                    "origin": ORIGIN,
                },
            }
            names_of[target] = name
            for k in created[target]["props"]["search_keys"]:
                by_key[k].append(target)
            by_mmp[gid].append(target)
            found_by = "new"
        elif target in created:
            props = created[target]["props"]
            props["aliases"] = list(_dedupe([*props["aliases"], *names]))
            props["search_keys"] = search_keys(props["name"], props["aliases"], target)
            props["mmp_ids"] = sorted({*props["mmp_ids"], gid})
            for k in props["search_keys"]:
                if target not in by_key[k]:
                    by_key[k].append(target)
        else:
            new_aliases[target].extend(names)
            new_ids[target].append(gid)
        actor_of[gid] = target
        how[gid] = found_by
    updated = []
    for actor_id in sorted(new_ids):
        a = actors[actor_id]
        aliases = list(_dedupe([*a.aliases, *new_aliases[actor_id]]))
        keys = search_keys(a.name, aliases, a.id)
        mmp_ids = sorted({*a.mmp_ids, *new_ids[actor_id]})
        if aliases != list(a.aliases) or sorted(keys) != sorted(a.search_keys) or mmp_ids != sorted(a.mmp_ids):
            updated.append({"id": actor_id, "props": None, "aliases": aliases, "search_keys": keys, "mmp_ids": mmp_ids})
    foreign = {t for t in actor_of.values() if t in actors and actors[t].origin != ORIGIN}
    return Resolution(actor_of, created, updated, how, foreign)


def _new_id(name: str, gid: int, taken: set[str]) -> str:
    base = id_slug(name, 80) or f"mmp-{gid}"
    if base not in taken:
        return base
    candidate = f"{base}-mmp-{gid}"
    n = 2
    while candidate in taken:
        candidate = f"{base}-mmp-{gid}-{n}"
        n += 1
    return candidate


def landing_notes(resolution: Resolution, groups: dict[int, str]) -> list[str]:
    """Where MMP's groups landed on actors this importer did not create (the seed's, UCDP's, an analyst's)."""
    by_actor: dict[str, list[str]] = defaultdict(list)
    for gid, actor in sorted(resolution.actor_of.items()):
        if actor in resolution.foreign:
            by_actor[actor].append(f"{groups[gid]} (MMP {gid}, by {resolution.how[gid]})")
    return [f"{', '.join(names)} -> {actor}" for actor, names in sorted(by_actor.items())]


def same_actor(rows: Iterable[MmpRow], actor_of: dict[int, str], shown: str) -> list[Reject]:
    """Rows whose two groups land on one actor: a claim between an actor and itself says nothing."""
    return [
        Reject(
            shown,
            r.line,
            "group2_id",
            f"groups {r.first.mmp_id} '{r.first.name}' and {r.second.mmp_id} '{r.second.name}' are one actor here "
            f"('{actor_of[r.first.mmp_id]}'): a tie needs two",
            id=str(r.unique_id),
        )
        for r in rows
        if actor_of[r.first.mmp_id] == actor_of[r.second.mmp_id]
    ]


# ---------------------------------------------------------------------------------------------- source


def dataset_source(file_name: str) -> SourceInput:
    return SourceInput(
        id=SOURCE_ID,
        kind=SourceKind.DATASET,
        title=TITLE,
        publisher=PUBLISHER,
        url=URL,
        licence=TERMS,
        notes=(
            f"{CITE}. Data last scraped from MMP's website on {SCRAPED:%B} {SCRAPED.day}, {SCRAPED.year} "
            f"(codebook). MMP warns that its maps are not exhaustive and may hold small errors. "
            f"Imported from {file_name}."
        ),
    )


# ---------------------------------------------------------------------------------------------- claims


def claim_id(unique_id: int) -> str:
    return f"mmp-{unique_id}"


def replacements(rows: Sequence[MmpRow]) -> dict[int, MmpRow]:
    """MMP's rule, for `--until-replaced`: a tie holds until another tie between the same two groups replaces
    it. unique_id -> the tie that replaces it: the first of the pair's ties (by earliest start, then latest
    start, then unique_id) whose earliest start comes after this tie's earliest start."""
    by_pair: dict[frozenset[int], list[tuple[date, date, int, MmpRow]]] = defaultdict(list)
    for r in rows:
        b = parse_point(r.start.point)
        by_pair[r.pair].append((b.lo, b.hi, r.unique_id, r))
    out: dict[int, MmpRow] = {}
    for ties in by_pair.values():
        ties.sort(key=lambda t: (t[0], t[1], t[2]))
        for lo, _, uid, _ in ties:
            later = next((t[3] for t in ties if t[0] > lo), None)
            if later is not None:
                out[uid] = later
    return out


def _parties(row: MmpRow, actor_of: dict[int, str]) -> dict[str, str | list[str]]:
    a, b = actor_of[row.first.mmp_id], actor_of[row.second.mmp_id]
    kind = row.kind
    if kind in (ClaimKind.ALLIANCE, ClaimKind.HOSTILITY):
        return {"side": [a, b]}
    if kind is ClaimKind.AFFILIATION:
        return {"affiliate": a, "parent": b}
    if kind is ClaimKind.SPLIT:
        return {"splinter": b, "parent": a}
    return {"member": a, "group": b}  # a merger: the first group into the second


def _notes(row: MmpRow) -> str:
    one, two = f"'{row.first.name}'", f"'{row.second.name}'"
    order = "MMP's codebook does not say which group of a pair comes first; the importer reads the order most"
    if row.type == "all":
        return f"MMP relationship type 'all' (alliance) between {one} and {two}."
    if row.type == "riv":
        return (
            f"MMP relationship type 'riv' (rivalry) between {one} and {two}: MMP's rivalry includes non-violent "
            "competition, not only fighting; read the quote."
        )
    if row.type == "aff":
        return (
            f"MMP relationship type 'aff' (affiliation): {one} taken as the affiliate of {two}. {order} of "
            "MMP's affiliation rows follow (the first the affiliate); some are peers or the other way round: "
            "read the quote."
        )
    if row.type == "spl":
        return (
            f"MMP relationship type 'spl' (split): {two} taken as the splinter of {one}. {order} of MMP's split "
            "rows follow (the first the group split from); read the quote."
        )
    return (
        f"MMP relationship type 'mer' (merger), recorded as membership: {one} merged into {two}, a member of it "
        f"from the merger on. {order} of MMP's merger rows follow (the first merged into the second); read the "
        "quote."
    )


def claims(
    rows: Iterable[MmpRow], actor_of: dict[int, str], file: str = "", until_replaced: dict[int, MmpRow] | None = None
) -> Iterator[DerivedClaim]:
    """One claim per relationship: `mmp-<unique_id>`, from MMP's start date (its precision kept) to an end
    MMP does not give (unknown), or, with `until_replaced`, to the start of the tie that replaces it."""
    for r in rows:
        notes = _notes(r)
        replaced = (until_replaced or {}).get(r.unique_id)
        text = f"began {r.start.written} (MMP's date)"
        if replaced is None:
            # the end MMP does not give: unknown, any day from the start on ('open' would say the tie was
            # known to hold until MMP's scrape in July 2019, which MMP does not say)
            valid = ValidInput(from_=r.start.point, to="..", text=text)
        else:
            valid = ValidInput(
                from_=r.start.point, to=replaced.start.point, text=f"{text}; until {replaced.start.written}"
            )
            notes += (
                f" Ends, by MMP's rule that a tie holds until another tie between the same two groups replaces it "
                f"(--until-replaced), when {claim_id(replaced.unique_id)} ({TYPE_WORDS[replaced.type]}, "
                f"{replaced.start.written}) began."
            )
        claim = ClaimInput(
            id=claim_id(r.unique_id),
            kind=r.kind,
            parties=_parties(r, actor_of),
            valid=valid,
            status=Status(STATUS),
            confidence=CONFIDENCE,
            citations=[
                CitationInput(
                    source=SOURCE_ID,
                    quote=r.description,
                    note=(
                        f"MMP relationship {r.unique_id}: {TYPE_WORDS[r.type]} ('{r.type}'), group {r.first.mmp_id} "
                        f"'{r.first.name}' and group {r.second.mmp_id} '{r.second.name}', from {r.start.written}"
                    ),
                )
            ],
            notes=notes,
        )
        properties = {
            "mmp_id": r.unique_id,
            "mmp_type": r.type,
            "mmp_groups": [r.first.mmp_id, r.second.mmp_id],
            "mmp_date": r.start.written,
        }
        yield DerivedClaim(claim, Origin(file, r.line), properties)
