"""The backup file format (`alliance backup`): gzip'd NDJSON, read and written a line at a time.

    {"format": "alliance-graph-backup", "version": 1, "app": ..., "created_at": ..., "neo4j": ..., "database": ...}
    {"node": KEY, "labels": [...], "props": {...}}                          every node, then
    {"rel": TYPE, "start": KEY, "end": KEY, "props": {...}}                  every relationship, then
    {"end": {"nodes": N, "relationships": M, "labels": {...}, "types": {...}, "checksum": ..., "sha256": ...}}

KEY is the node's element id in the database it came from; it only joins relationships to their endpoints.
The last line carries the counts, the graph checksum and the SHA-256 of every line before it: written when
the dump is complete, so a truncated or altered file is recognised before anything is written.

Property values keep their Neo4j type. JSON's own types hold strings, booleans, integers and finite floats
(`1.0` stays a float); lists are JSON lists; everything else is a one-key object (a property is never a map,
so an object is always one of these):
`{"$date": "2014-08-18"}`, `{"$datetime": "2014-08-18T10:00:00.5+02:00[Europe/Berlin]"}` (Neo4j's own
text, so an offset and a named zone stay apart), `{"$localdatetime": ...}`, `{"$time": "10:00:00.1+01:00"}`,
`{"$localtime": ...}`, `{"$duration": [months, days, seconds, nanoseconds]}`,
`{"$point": {"srid": 4326, "coordinates": [lon, lat]}}`, `{"$float": "NaN"}` (and "Infinity", "-Infinity"),
`{"$bytes": base64}`.

The checksum is order-independent: the sum (mod 2^256) of the SHA-256 of each node (its sorted labels and
encoded properties) and of each relationship (type, properties, and each endpoint as its sorted labels and
`id`, or all its properties where it has no `id`). It does not depend on element ids, so a graph and its
restored copy have the same checksum; `alliance checksum` computes it over a live database.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import math
import re
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

FORMAT = "alliance-graph-backup"
VERSION = 1
# Labels, relationship types: what the restore may put into Cypher (as a dynamic $(...) label or type).
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,99}")
RESERVED_KEY = "_backup_key"  # the restore's temporary property (restore_nodes.cypher)
MAX_LINE = 64 * 1024 * 1024  # a line longer than this is not a line of ours

_SRIDS = {7203: 2, 9157: 3, 4326: 2, 4979: 3}
_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_MOD = 1 << 256


class BackupFileError(ValueError):
    """The file is not a usable backup (unreadable, truncated, altered, or not ours): nothing is written."""


# -- values ------------------------------------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """A property value as read by the driver, in the file's JSON form (module docstring)."""
    kind = type(value)
    if kind is str or kind is bool or kind is int:
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        return {"$float": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if kind is list:
        return [encode_value(v) for v in value]
    if kind is Date:
        return {"$date": value.iso_format()}
    if kind is DateTime:
        if value.tzinfo is not None:  # zoned datetimes are read as Neo4j's text (backup_nodes.cypher)
            raise TypeError("a zoned datetime must come as Neo4j's text")
        return {"$localdatetime": value.iso_format()}
    if kind is Time:
        return {"$time" if value.tzinfo is not None else "$localtime": value.iso_format()}
    if kind is Duration:
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, Point):
        return {"$point": {"srid": value.srid, "coordinates": list(value)}}
    if kind is bytes or kind is bytearray:
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"a property value of type {kind.__name__} is not one Neo4j stores")


def encode_props(
    props: Mapping[str, Any], zoned: list[dict[str, Any]], zoned_lists: list[dict[str, Any]]
) -> dict[str, Any]:
    """A node's or relationship's properties encoded, zoned datetimes from Neo4j's own text."""
    texts = {z["k"]: {"$datetime": z["v"]} for z in zoned}
    texts.update({z["k"]: [{"$datetime": v} for v in z["v"]] for z in zoned_lists})
    return {k: texts[k] if k in texts else encode_value(v) for k, v in props.items()}


def _decode_tagged(value: dict[str, Any]) -> Any:
    if len(value) != 1:
        raise ValueError("an object value must have exactly one key")
    ((tag, text),) = value.items()
    if tag == "$point":
        if not isinstance(text, dict) or set(text) != {"srid", "coordinates"}:
            raise ValueError("a $point needs srid and coordinates")
        srid, coords = text["srid"], text["coordinates"]
        if srid not in _SRIDS or not isinstance(coords, list) or len(coords) != _SRIDS[srid]:
            raise ValueError(f"a $point with srid {srid!r} and coordinates {coords!r}")
        if not all(type(c) in (int, float) for c in coords):
            raise ValueError("a $point's coordinates must be numbers")
        floats = [float(c) for c in coords]
        return WGS84Point(floats) if srid in (4326, 4979) else CartesianPoint(floats)
    if tag == "$duration":
        if not isinstance(text, list) or len(text) != 4 or not all(type(p) is int for p in text):
            raise ValueError("a $duration is [months, days, seconds, nanoseconds]")
        return Duration(months=text[0], days=text[1], seconds=text[2], nanoseconds=text[3])
    if not isinstance(text, str):
        raise ValueError(f"{tag} needs a string")
    if tag == "$date":
        return Date.from_iso_format(text)
    if tag == "$localdatetime":
        parsed = DateTime.from_iso_format(text)
        if parsed.tzinfo is not None:
            raise ValueError("a $localdatetime has no zone")
        return parsed
    if tag in ("$time", "$localtime"):
        parsed_time = Time.from_iso_format(text)
        if (parsed_time.tzinfo is None) != (tag == "$localtime"):
            raise ValueError(f"{tag} {text!r}: offset where none belongs, or none where one does")
        return parsed_time
    if tag == "$float":
        if text not in _FLOATS:
            raise ValueError(f"$float is NaN, Infinity or -Infinity, not {text!r}")
        return _FLOATS[text]
    if tag == "$bytes":
        return base64.b64decode(text, validate=True)
    if tag == "$datetime":
        return ZonedText(text)
    raise ValueError(f"unknown typed value {tag!r}")


@dataclass(frozen=True)
class ZonedText:
    """A zoned datetime as Neo4j's text: the restore's Cypher turns it back with datetime()."""

    text: str


def decode_value(value: Any) -> Any:
    """The file's JSON form back to a value the driver sends (ZonedText for zoned datetimes)."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or kind is float:
        return value
    if kind is dict:
        return _decode_tagged(value)
    if kind is list:
        items = [decode_value(v) for v in value]
        if len({type(i) for i in items}) > 1 and not all(type(i) in (int, float) for i in items):
            raise ValueError("a list property holds values of one type")
        if any(type(i) is list for i in items):
            raise ValueError("a list property cannot hold lists")
        return items
    raise ValueError(f"a property cannot be {value!r}")


@dataclass
class Props:
    """Decoded properties, split as restore_nodes.cypher takes them."""

    plain: dict[str, Any]
    zoned: list[dict[str, Any]]
    zoned_lists: list[dict[str, Any]]


def decode_props(props: Any) -> Props:
    if not isinstance(props, dict):
        raise ValueError("props must be an object")
    out = Props({}, [], [])
    for key, raw in props.items():
        if key == RESERVED_KEY:
            raise ValueError(f"the property name {RESERVED_KEY} is reserved for the restore")
        if raw is None:
            raise ValueError(f"property {key!r} is null (Neo4j stores no nulls)")
        value = decode_value(raw)
        if type(value) is ZonedText:
            out.zoned.append({"k": key, "v": value.text})
        elif type(value) is list and value and type(value[0]) is ZonedText:
            out.zoned_lists.append({"k": key, "v": [v.text for v in value]})
        else:
            out.plain[key] = value
    return out


def check_identifier(name: Any, what: str) -> str:
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
        raise ValueError(f"{what} {str(name)[:60]!r} is not a plain identifier (letters, digits, _; a letter first)")
    return name


# -- checksum ----------------------------------------------------------------------------------------------


def _digest(item: Any) -> int:
    return int.from_bytes(hashlib.sha256(orjson.dumps(item, option=orjson.OPT_SORT_KEYS)).digest(), "big")


def endpoint(labels: list[str], node_id: Any, props: Mapping[str, Any] | None, *, encoded: bool = False) -> list[Any]:
    """How the checksum names a relationship's endpoint: sorted labels and `id`, or all its properties (as read,
    or already `encoded` by encode_props, which takes zoned datetimes from Neo4j's text: a (:Change) has no id
    and its `at` is one)."""
    if node_id is not None:
        return [sorted(labels), encode_value(node_id)]
    return [
        sorted(labels),
        None,
        dict(props or {}) if encoded else {k: encode_value(v) for k, v in (props or {}).items()},
    ]


@dataclass
class Checksum:
    """Counts and the order-independent graph checksum, fed a node or a relationship at a time."""

    nodes: int = 0
    relationships: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    _sum: int = 0

    def node(self, labels: list[str], props: Mapping[str, Any]) -> None:
        self.nodes += 1
        self.labels.update(labels)
        self._sum = (self._sum + _digest(["N", sorted(labels), props])) % _MOD

    def relationship(self, rel_type: str, start: list[Any], end: list[Any], props: Mapping[str, Any]) -> None:
        self.relationships += 1
        self.types[rel_type] += 1
        self._sum = (self._sum + _digest(["R", rel_type, start, end, props])) % _MOD

    @property
    def value(self) -> str:
        return f"{self._sum:064x}"

    def summary(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "relationships": self.relationships,
            "labels": dict(sorted(self.labels.items())),
            "types": dict(sorted(self.types.items())),
            "checksum": self.value,
        }


# -- the file ----------------------------------------------------------------------------------------------


class Spool:
    """Lines kept in a temporary file (uncompressed) until the Writer copies them in, in constant memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def line(self, item: Mapping[str, Any]) -> None:
        self._file.write(orjson.dumps(item) + b"\n")

    def lines(self) -> Iterator[bytes]:
        self._file.flush()
        self._file.seek(0)
        yield from self._file


class Writer:
    """Lines into a gzip'd file, with the running SHA-256 the last line carries."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._gz = gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=6)
        self._sha = hashlib.sha256()

    def line(self, item: Mapping[str, Any]) -> None:
        self._raw(orjson.dumps(item) + b"\n")

    def _raw(self, data: bytes) -> None:
        self._sha.update(data)
        self._gz.write(data)

    def copy(self, spool: Spool) -> None:
        for data in spool.lines():
            self._raw(data)

    def finish(self, summary: dict[str, Any]) -> None:
        self._gz.write(orjson.dumps({"end": {**summary, "sha256": self._sha.hexdigest()}}) + b"\n")
        self._gz.close()


@dataclass
class Header:
    version: int
    app: str
    created_at: str
    neo4j: str
    database: str


@dataclass
class NodeLine:
    key: str
    labels: list[str]
    props: dict[str, Any]  # encoded, as in the file


@dataclass
class RelLine:
    type: str
    start: str
    end: str
    props: dict[str, Any]


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        with gzip.open(path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                if len(raw) > MAX_LINE:
                    raise BackupFileError(f"{path}: line {number} is longer than any line of a backup")
                yield number, raw
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise BackupFileError(f"{path}: not a readable gzip file ({type(exc).__name__}: {exc})") from None


@dataclass
class End:
    summary: dict[str, Any]  # counts, checksum, sha256 (as the backup wrote them)


def read(path: Path) -> Iterator[Header | NodeLine | RelLine | End]:
    """The file's lines, checked as they come: the header first, nodes, relationships, then the last line's
    counts and SHA-256 (a file cut short or altered raises BackupFileError at the end, or where it breaks).
    Callers that write must read the whole file once first (`verify`)."""
    sha = hashlib.sha256()
    seen = Checksum()
    end: dict[str, Any] | None = None
    in_relationships = False
    for number, raw in _lines(path):
        where = f"{path}: line {number}"
        if end is not None:
            raise BackupFileError(f"{where}: data after the last line")
        try:
            item = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise BackupFileError(f"{where}: not JSON ({exc})") from None
        if not isinstance(item, dict):
            raise BackupFileError(f"{where}: not a JSON object")
        try:
            if number == 1:
                yield _header(item)
            elif "node" in item:
                if in_relationships:
                    raise ValueError("a node after the relationships")
                node = _node(item)
                seen.nodes += 1
                seen.labels.update(node.labels)
                yield node
            elif "rel" in item:
                in_relationships = True
                rel = _rel(item)
                seen.relationships += 1
                seen.types[rel.type] += 1
                yield rel
            elif set(item) == {"end"} and isinstance(item["end"], dict):
                end = item["end"]
                continue
            else:
                raise ValueError(f"a line of no known kind (keys {sorted(item)[:5]})")
        except BackupFileError:
            raise
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise BackupFileError(f"{where}: {exc}") from None
        sha.update(raw)
    if end is None:
        raise BackupFileError(f"{path}: no last line (the file was cut short: the backup did not finish)")
    if end.get("sha256") != sha.hexdigest():
        raise BackupFileError(f"{path}: the lines' SHA-256 does not match the last line's (the file was altered)")
    for key in ("nodes", "relationships", "labels", "types"):
        if end.get(key) != seen.summary()[key]:
            raise BackupFileError(f"{path}: {key} {seen.summary()[key]} in the file, {end.get(key)} in its last line")
    yield End(end)


def _header(item: dict[str, Any]) -> Header:
    if item.get("format") != FORMAT:
        raise BackupFileError(f"not an {FORMAT} file (its first line is not our header)")
    if item.get("version") != VERSION:
        raise BackupFileError(f"format version {item.get('version')!r}; this program reads version {VERSION}")
    return Header(
        VERSION, str(item.get("app")), str(item.get("created_at")), str(item.get("neo4j")), str(item.get("database"))
    )


def _node(item: dict[str, Any]) -> NodeLine:
    if set(item) != {"node", "labels", "props"} or not isinstance(item["node"], str):
        raise ValueError("a node line has node (a string), labels and props")
    if not isinstance(item["labels"], list):
        raise ValueError("labels must be a list")
    labels = [check_identifier(label, "label") for label in item["labels"]]
    decode_props(item["props"])  # checked here, decoded again by the restore (values are not kept)
    return NodeLine(item["node"], labels, item["props"])


def _rel(item: dict[str, Any]) -> RelLine:
    if set(item) != {"rel", "start", "end", "props"}:
        raise ValueError("a relationship line has rel, start, end and props")
    if not isinstance(item["start"], str) or not isinstance(item["end"], str):
        raise ValueError("start and end must be node keys (strings)")
    decode_props(item["props"])
    return RelLine(check_identifier(item["rel"], "relationship type"), item["start"], item["end"], item["props"])


def verify(path: Path) -> tuple[Header, dict[str, Any]]:
    """Read the whole file (constant memory): its header and last line, or BackupFileError."""
    header: Header | None = None
    for item in read(path):
        if isinstance(item, Header):
            header = item
        elif isinstance(item, End) and header is not None:
            return header, item.summary
    raise BackupFileError(f"{path}: empty")
