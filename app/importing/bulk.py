"""The offline first load (`alliance import claims FILE --offline`): the importer's own rows written as CSV
files for Neo4j's bulk loader, `neo4j-admin database import full` (the server stopped; see docs/import-format.md,
"First loads: --offline").

Nothing here restates the model: node properties are the `props` the online importer hands its Cypher
(app/seeding/rows.py, stamped with `import_hash` by app/services/imports/batching.py), written as they are; the
relationships and their properties are those that claim_links.cypher and event_links.cypher draw from
the same rows (said once more here, in Python, because the loader reads no Cypher; the offline test,
tests/graph/test_import_offline.py, compares the two graphs property by property and type by type).

Each CSV column's type comes from the values (str -> string, bool -> boolean, int -> long, float ->
double, date -> date, datetime -> datetime or localdatetime, lists -> arrays), so a date stays a date and
a list a list. What a CSV line cannot say is kept aside as a fix-up, set by Cypher after the load with the
same values (import_fixups.cypher): an empty list (the loader drops an empty array), a list element holding
the array delimiter, a value of another type than its column's. Fix-ups are rare (an actor without
aliases); they are counted in the report.

Each table is a data file written as rows come (a file of millions of claims never sits in memory) and a
header file written at the end, when every column's type is known; the loader reads them as one file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

Row = dict[str, Any]
ARRAY_DELIMITER = "\x1f"  # the loader's --array-delimiter (U+001F, unit separator): never in a name
LOADER_ARRAY_DELIMITER = "U+001F"
LABELS = ("Actor", "Place", "Source", "Event", "Claim")


def _scalar_type(value: Any) -> str | None:
    """The loader's type for a value, or None when a CSV cell cannot hold it as Cypher would store it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -(2**63) <= value < 2**63 else None
    if isinstance(value, float):
        return "double" if math.isfinite(value) else None
    if isinstance(value, str):
        return "string"
    if isinstance(value, datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, date):
        return "date"
    return None


def csv_type(value: Any) -> str | None:
    """The column type for `value` (arrays as `string[]`...), or None when it must be a fix-up."""
    if isinstance(value, list):
        kinds = {_scalar_type(v) for v in value}
        if len(kinds) != 1 or None in kinds:
            return None  # empty, or mixed, or not storable as one array
        return f"{kinds.pop()}[]"
    return _scalar_type(value)


def _string(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _zoned(value: datetime) -> str | None:
    return value.isoformat() if value.tzinfo is not None else None


def _local(value: datetime) -> str | None:
    return value.isoformat() if value.tzinfo is None else None


SCALAR_CELLS: dict[str, Callable[[Any], str | None]] = {
    "string": _string,
    "boolean": _boolean,
    "long": str,
    "double": lambda v: repr(v) if math.isfinite(v) else None,
    "date": date.isoformat,
    "datetime": _zoned,
    "localdatetime": _local,
}


def _array_cell(inner: str, pytype: type) -> Callable[[Any], str | None]:
    """The cell of an array column: every element of the column's one type, none holding the delimiter."""
    cell = SCALAR_CELLS[inner]

    def array(values: list[Any]) -> str | None:
        parts = []
        for v in values:
            text = cell(v) if type(v) is pytype else None
            if text is None:
                return None
            if inner == "string":
                if not v or ARRAY_DELIMITER in v:
                    return None
                text = v.replace('"', '""')
            parts.append(text)
        return '"' + ARRAY_DELIMITER.join(parts) + '"' if parts else None

    return array


class Column:
    """A property column: its type fixed by the first value that is not None (and can be written)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.kind: str | None = None
        self.pytype: type | None = None
        self.cell: Callable[[Any], str | None] = lambda _: None

    def fix(self, value: Any) -> bool:
        """Fix the type from `value`; False when a CSV cell cannot hold it (the column stays unfixed)."""
        kind = csv_type(value)
        if kind is None:
            return False
        self.kind, self.pytype = kind, type(value)
        if kind.endswith("[]"):
            self.cell = _array_cell(kind.removesuffix("[]"), type(value[0]))
        else:
            self.cell = SCALAR_CELLS[kind]
        return True


class Table:
    """One node label or relationship type: a data file, written row by row, and its header file.

    `ends` are the loader's id columns: `("id:ID(Actor)",)` for nodes (the id is also the `id` property),
    `(":START_ID(Claim)", ":END_ID(Actor)")` for relationships, plus `":TYPE"` for the typed edges.
    The property columns are those of the first row (but `skip`, the id of nodes); every row has the same
    keys (the importer's rows do).
    """

    def __init__(self, folder: Path, name: str, ends: Sequence[str], skip: str | None = None) -> None:
        self.name = name
        self.ends = tuple(ends)
        self.skip = skip
        self.data = folder / f"{name}.csv"
        self.header = folder / f"{name}.header.csv"
        self.rows = 0
        self.multiline = False
        self.columns: list[Column] = []
        self._plan: list[tuple[str, type | None, Callable[[Any], str | None], Column]] = []  # per column
        self._width = 0
        self._file: IO[str] = self.data.open("w", encoding="utf-8", newline="")

    def add(self, ends: Sequence[str], props: Row) -> Row:
        """Write one line; returns the properties that the line could not hold (set them after the load)."""
        if not self.rows and not self.columns:
            self.columns = [Column(k) for k in props if k != self.skip]
            self._width = len(props)
            self._plan = [(c.name, c.pytype, c.cell, c) for c in self.columns]
        elif len(props) != self._width:
            raise ValueError(f"{self.name}: a row with other properties than the first one's: {sorted(props)}")
        cells = ['"' + e.replace('"', '""') + '"' for e in ends]
        append = cells.append
        later: Row = {}
        text: str | None
        for name, pytype, cell, column in self._plan:
            value = props[name]
            if value is None:
                append("")
                continue
            if pytype is str and type(value) is str:  # most cells: _string, without the call
                text = '"' + value.replace('"', '""') + '"'
            elif type(value) is pytype:
                text = cell(value)
            elif pytype is None and column.fix(value):  # the column's first value: its type
                self._plan = [(c.name, c.pytype, c.cell, c) for c in self.columns]
                text = column.cell(value)
            else:
                text = None
            if text is None:
                later[name] = value
                append("")
            else:
                append(text)
        line = ",".join(cells)
        if not self.multiline and ("\n" in line or "\r" in line):  # a quoted cell holds a line break
            self.multiline = True
        self._file.write(line + "\n")
        self.rows += 1
        return later

    def close(self) -> None:
        self._file.close()
        names = [*self.ends, *(f"{c.name}:{c.kind or 'string'}" for c in self.columns)]
        self.header.write_text(",".join(names) + "\n", encoding="utf-8")

    @property
    def files(self) -> list[Path]:
        return [self.header, self.data]


@dataclass
class Fixup:
    label: str
    id: str
    props: Row


@dataclass
class LoadFiles:
    """What the loader is given: `--nodes=Label=header,data` and `--relationships=TYPE=header,data` groups."""

    nodes: list[tuple[str, list[Path]]]
    relationships: list[tuple[str | None, list[Path]]]
    multiline: bool
    fixups: list[Fixup] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class BulkGraph:
    """The tables of one offline load, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._nodes: dict[str, Table] = {}
        self._rels: dict[tuple[str, str, str], Table] = {}  # (type or "", start label, end label)
        self.fixups: list[Fixup] = []

    def node(self, label: str, props: Row) -> None:
        table = self._nodes.get(label)
        if table is None:
            table = self._nodes[label] = Table(self.folder, label, (f"id:ID({label})",), skip="id")
        later = table.add((props["id"],), props)
        if later:
            self.fixups.append(Fixup(label, props["id"], later))

    def relationship(self, rel_type: str | None, start: tuple[str, str], end: tuple[str, str], props: Row) -> None:
        """`rel_type` None: the type is a column (the typed Actor-to-Actor edges, one table for all)."""
        key = (rel_type or "", start[0], end[0])
        table = self._rels.get(key)
        if table is None:
            ends = [f":START_ID({start[0]})", f":END_ID({end[0]})"]
            name = f"{rel_type or 'TYPED'}-{start[0]}-{end[0]}"
            table = self._rels[key] = Table(self.folder, name, ends)
        later = table.add((start[1], end[1]), props)
        if later:
            raise ValueError(f"{table.name}: relationship properties a CSV cannot hold: {sorted(later)}")

    def typed(self, rel_type: str, start: str, end: str, props: Row) -> None:
        """A typed edge between actors: one table, the type in a `:TYPE` column (whitelisted by the model)."""
        key = ("", "Actor", "Actor")
        table = self._rels.get(key)
        if table is None:
            table = self._rels[key] = Table(self.folder, "TYPED", (":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"))
        later = table.add((start, end, rel_type), props)
        if later:
            raise ValueError(f"{table.name}: relationship properties a CSV cannot hold: {sorted(later)}")

    def close(self) -> LoadFiles:
        tables = [*self._nodes.values(), *self._rels.values()]
        for t in tables:
            t.close()
        counts = {t.name: t.rows for t in tables}
        return LoadFiles(
            nodes=[(label, t.files) for label, t in self._nodes.items() if t.rows],
            relationships=[(key[0] or None, t.files) for key, t in self._rels.items() if t.rows],
            multiline=any(t.multiline for t in tables),
            fixups=self.fixups,
            counts=counts,
        )


# ------------------------------------------------------------------- the importer's rows as tables
# Each function mirrors one write query: the properties of nodes are the row's `props` as the query SETs
# them; the relationships those the query CREATEs or MERGEs, with the properties it gives them.


def actor(bulk: BulkGraph, row: Row) -> None:
    """seed_actors.cypher: the actor, and PART_OF its whole."""
    bulk.node("Actor", row["props"])
    if row["part_of"] is not None:
        bulk.relationship("PART_OF", ("Actor", row["id"]), ("Actor", row["part_of"]), {})


def place(bulk: BulkGraph, row: Row) -> None:
    """seed_places.cypher: the place, and WITHIN the outer one."""
    bulk.node("Place", row["props"])
    if row["within"] is not None:
        bulk.relationship("WITHIN", ("Place", row["id"]), ("Place", row["within"]), {})


def source(bulk: BulkGraph, row: Row) -> None:
    """seed_sources.cypher: the source, and REPORTED_IN the one through which it is known."""
    bulk.node("Source", row["props"])
    if row["reported_in"] is not None:
        bulk.relationship("REPORTED_IN", ("Source", row["id"]), ("Source", row["reported_in"]), {})


def _citations(bulk: BulkGraph, start: tuple[str, str], citations: Sequence[Row]) -> None:
    """CITES as claim_links.cypher and event_links.cypher draw it."""
    for cite in citations:
        props = {"quote": cite["quote"], "stance": cite["stance"], "note": cite["note"], "position": cite["position"]}
        bulk.relationship("CITES", start, ("Source", cite["source"]), props)


def event(bulk: BulkGraph, row: Row) -> None:
    """import_events_create.cypher with event_links.cypher: the event, AT its place, INVOLVED its
    participants, CITES its sources."""
    bulk.node("Event", row["props"])
    me = ("Event", row["id"])
    if row["place"] is not None:
        bulk.relationship("AT", me, ("Place", row["place"]), {})
    for who in row["participants"]:
        bulk.relationship("INVOLVED", me, ("Actor", who["actor"]), {"role": who["role"]})
    _citations(bulk, me, row["citations"])


# The claim's properties copied onto its typed edge (claim_links.cypher), the edge's claim_id aside.
EDGE_COPIES = (
    "kind",
    "status",
    "confidence",
    "from_lo",
    "from_hi",
    "to_lo",
    "to_hi",
    "precision",
    "open_ended",
    "approximate",
)


def claim(bulk: BulkGraph, row: Row) -> None:
    """import_claims_create.cypher with claim_links.cypher: the claim, its PARTY edges (with the copies the
    index party_window needs), CITES, EVIDENCED_BY, and the typed edge between its actors."""
    c = row["props"]
    bulk.node("Claim", c)
    me = ("Claim", c["id"])
    for p in row["parties"]:
        props = {
            "role": p["role"],
            "position": p["position"],
            "actor": p["actor"],
            "kind": c["kind"],
            "span": c["span"],
            "from_lo": c["from_lo"],
            "claim": c["id"],
        }
        bulk.relationship("PARTY", me, ("Actor", p["actor"]), props)
    _citations(bulk, me, row["citations"])
    for event_id in row["evidence"]:
        bulk.relationship("EVIDENCED_BY", me, ("Event", event_id), {})
    edge = row["edge"]
    copies = {"claim_id": c["id"], **{k: c[k] for k in EDGE_COPIES}}
    bulk.typed(edge["type"], edge["from"], edge["to"], copies)


WRITERS: dict[str, Callable[[BulkGraph, Row], None]] = {
    "actor": actor,
    "place": place,
    "source": source,
    "event": event,
    "claim": claim,
}
