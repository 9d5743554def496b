"""Exports of a slice of the graph in the formats analysts' tools read: Cytoscape.js JSON, node-link JSON
(D3, vis-network, networkx), GraphML (yEd, Gephi), GEXF 1.3 with time spells (Gephi's timeline) and a
CSV edge list.

Every claim that matches the filter becomes one edge between the two actors of its typed edge (the
defector and the group joined, the member and the group, the two sides...), with the claim's id, kind,
four time bounds, status, confidence, intensity and source ids as flat attributes. Claims are read page
by page (`ReadService.claims`, keyset paging); the JSON and CSV formats are written as each page arrives,
so an export of any size holds one page of claims in memory. GraphML and GEXF are written by networkx,
whose writers take a whole graph: those two hold the slice in memory (built off the event loop).

The first page is read before anything is written, so an unknown actor or source is an error response
(problem+json, or the CLI's message), never a truncated file.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from anyio import to_thread

from app.domain.model import CLAIM_SHAPES, RELATIONSHIP_KINDS
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.views import Relationship
from app.services.reading import ClaimsPage, ReadService

PAGE_SIZE = 500
UNKNOWN_START = date(1, 1, 1)  # the sentinels of docs/data-model.md: an unknown start, an open or unknown end
UNKNOWN_END = date(9999, 12, 31)
GEXF_VERSION = "1.3"


class ExportFormat(StrEnum):
    CYTOSCAPE = "cytoscape"
    NODE_LINK = "node-link"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.CYTOSCAPE: "application/json",
    ExportFormat.NODE_LINK: "application/json",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}
SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.CYTOSCAPE: ".cyjs",
    ExportFormat.NODE_LINK: ".json",
    ExportFormat.GRAPHML: ".graphml",
    ExportFormat.GEXF: ".gexf",
    ExportFormat.CSV: ".csv",
}

# The CSV's columns, in order; also every edge attribute of the other formats (where a value is known).
EDGE_FIELDS = (
    "claim_id",
    "kind",
    "type",
    "source",
    "target",
    "source_name",
    "target_name",
    "parties",
    "from_lo",
    "from_hi",
    "to_lo",
    "to_hi",
    "precision",
    "open_ended",
    "approximate",
    "valid_text",
    "status",
    "confidence",
    "events",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "source_ids",
)
NODE_FIELDS = ("id", "name", "kind", "claims")


@cache
def palette() -> dict[str, Any]:
    """The colours the viewer uses (app/static/viewer/palette.json), for the GEXF's viz colours."""
    text = resources.files("app").joinpath("static", "viewer", "palette.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def edge_row(rel: Relationship) -> dict[str, Any]:
    """One claim as a flat record: the edge's ends, its kind, bounds, status, confidence, intensity, sources."""
    shape = CLAIM_SHAPES[rel.kind]
    source, target = shape.edge_ends([(p.role, p.actor.id) for p in rel.parties])
    names = {p.actor.id: p.actor.name for p in rel.parties}
    valid = rel.valid
    intensity = rel.intensity
    return {
        "claim_id": rel.id,
        "kind": rel.kind.value,
        "type": shape.rel_type,
        "source": source,
        "target": target,
        "source_name": names[source],
        "target_name": names[target],
        "parties": ";".join(f"{p.role}={p.actor.id}" for p in rel.parties),
        "from_lo": valid.start.earliest.isoformat(),
        "from_hi": valid.start.latest.isoformat(),
        "to_lo": valid.end.earliest.isoformat(),
        "to_hi": valid.end.latest.isoformat(),
        "precision": valid.precision.value,
        "open_ended": valid.open_ended,
        "approximate": valid.approximate,
        "valid_text": valid.text,
        "status": rel.status.value,
        "confidence": rel.confidence,
        "events": intensity.events if intensity else None,
        "deaths_low": intensity.deaths_low if intensity else None,
        "deaths_best": intensity.deaths_best if intensity else None,
        "deaths_high": intensity.deaths_high if intensity else None,
        "source_ids": ";".join(dict.fromkeys(c.source.id for c in rel.citations)),
    }


def spell(rel: Relationship) -> tuple[str | None, str | None]:
    """When the claim can hold (the "possibly" range), with an unknown start or end left open."""
    start, end = rel.valid.start.earliest, rel.valid.end.latest
    return (None if start <= UNKNOWN_START else start.isoformat(), None if end >= UNKNOWN_END else end.isoformat())


def merge_spells(spells: Iterable[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None]]:
    """The union of intervals (ISO dates; None is open), as the fewest disjoint spells, in order."""
    low, high = "0000-00-00", "9999-99-99"  # below and above any ISO date, for ordering open ends
    ordered = sorted((s or low, e or high) for s, e in spells)
    merged: list[list[str]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(None if s == low else s, None if e == high else e) for s, e in merged]


@dataclass
class NodeTable:
    """The actors met so far, with how many of the exported claims each is an end of."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, rel: Relationship, row: dict[str, Any]) -> None:
        kinds = {p.actor.id: p.actor.kind.value for p in rel.parties}
        for end in (row["source"], row["target"]):
            node = self.nodes.setdefault(
                end,
                {"id": end, "name": row["source_name" if end == row["source"] else "target_name"], "kind": kinds[end]},
            )
            node["claims"] = node.get("claims", 0) + 1

    def sorted(self) -> list[dict[str, Any]]:
        return [self.nodes[k] for k in sorted(self.nodes)]


def _present(row: dict[str, Any]) -> dict[str, Any]:
    """Attributes with a value: GraphML and GEXF have no null, so an unknown intensity is left out."""
    return {k: v for k, v in row.items() if v is not None}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    cells = ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in values]
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def describe(flt: ClaimFilter) -> dict[str, Any]:
    """The filter an export was made with, for its header (the graph's attributes): what differs from all."""
    about: dict[str, Any] = {"window": flt.window.text if flt.window else "all time", "mode": flt.mode}
    if set(flt.kinds) != set(RELATIONSHIP_KINDS):
        about["kinds"] = ",".join(k.value for k in flt.kinds)
    if flt.actors:
        about["actors"] = ",".join(flt.actors)
    if flt.statuses:
        about["statuses"] = ",".join(s.value for s in flt.statuses)
    if flt.min_confidence:
        about["min_confidence"] = flt.min_confidence
    if flt.source:
        about["source"] = flt.source
    if flt.stale_after is not None:
        about["stale_after"] = flt.stale_after
    return about


def filename(flt: ClaimFilter, fmt: ExportFormat) -> str:
    """alliance-graph-2014-08.gexf: the window in the name, in characters any file system takes."""
    window = (
        "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in flt.window.text) if flt.window else ""
    )
    return f"alliance-graph{'-' + window if window else ''}{SUFFIXES[fmt]}"


@dataclass
class Counts:
    """What an export holds, known once its chunks have all been read."""

    claims: int = 0
    actors: int = 0


@dataclass(frozen=True)
class Export:
    """An export ready to be written: its media type, a file name, its text in chunks, and (once written)
    how many claims and actors it holds."""

    format: ExportFormat
    media_type: str
    filename: str
    chunks: AsyncIterator[str]
    counts: Counts


class Exporter:
    """Writes the claims a filter selects in one of the export formats, reading them page by page."""

    def __init__(self, reads: ReadService, page_size: int = PAGE_SIZE) -> None:
        self.reads = reads
        self.page_size = page_size

    async def export(self, flt: ClaimFilter, fmt: ExportFormat, limit: int | None = None) -> Export:
        """The export of every claim `flt` selects (the first `limit` when given, in the API's order).

        The first page is read here, so that bad input (an unknown actor) raises before any output."""
        size = self.page_size if limit is None else min(self.page_size, limit)
        first = await self.reads.claims(ClaimPage(flt, size))
        counts = Counts()
        claims = self._claims(flt, first, limit, counts)
        writers = {
            ExportFormat.CSV: self._csv,
            ExportFormat.NODE_LINK: self._node_link,
            ExportFormat.CYTOSCAPE: self._cytoscape,
            ExportFormat.GRAPHML: self._graphml,
            ExportFormat.GEXF: self._gexf,
        }
        info = {"generator": "alliance-graph", **describe(flt)}
        return Export(fmt, MEDIA_TYPES[fmt], filename(flt, fmt), writers[fmt](claims, info), counts)

    async def _claims(
        self, flt: ClaimFilter, first: ClaimsPage, limit: int | None, counts: Counts
    ) -> AsyncIterator[Relationship]:
        page, sent = first, 0
        actors: set[str] = set()
        while True:
            for rel in page.items:
                if limit is not None and sent >= limit:
                    return
                sent += 1
                counts.claims = sent
                actors.update(CLAIM_SHAPES[rel.kind].edge_ends([(p.role, p.actor.id) for p in rel.parties]))
                counts.actors = len(actors)
                yield rel
            if page.next is None or (limit is not None and sent >= limit):
                return
            size = self.page_size if limit is None else min(self.page_size, limit - sent)
            page = await self.reads.claims(ClaimPage(flt, size, page.next))

    # ------------------------------------------------------------------------------------- streamed
    async def _csv(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> AsyncIterator[str]:
        yield _csv_line(EDGE_FIELDS)
        async for rel in claims:
            row = edge_row(rel)
            yield _csv_line(row[f] for f in EDGE_FIELDS)

    async def _node_link(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> AsyncIterator[str]:
        """networkx's node-link shape (`directed`, `multigraph`, `graph`, `nodes`, `links`), which D3 reads;
        links also carry `from`/`to` and nodes `label`, so vis-network takes them as they are."""
        nodes = NodeTable()
        yield '{"directed":true,"multigraph":true,"graph":' + _dumps(info) + ',"links":['
        comma = ""
        async for rel in claims:
            row = edge_row(rel)
            nodes.add(rel, row)
            link = {"id": rel.id, "key": rel.id, "from": row["source"], "to": row["target"], **row}
            yield comma + _dumps(link)
            comma = ","
        yield '],"nodes":' + _dumps([{**n, "label": n["name"]} for n in nodes.sorted()]) + "}"

    async def _cytoscape(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> AsyncIterator[str]:
        """Cytoscape.js JSON: `elements` with `nodes` and `edges`, each `{"data": {...}}`. Edge ids are
        `claim:<claim id>` (nodes and edges share one id space in Cytoscape); `claim_id` is the claim's."""
        nodes = NodeTable()
        yield '{"format_version":"1.0","generated_by":"alliance-graph","data":' + _dumps(info)
        yield ',"elements":{"edges":['
        comma = ""
        async for rel in claims:
            row = edge_row(rel)
            nodes.add(rel, row)
            yield comma + _dumps({"data": {"id": f"claim:{rel.id}", **row}})
            comma = ","
        yield '],"nodes":' + _dumps([{"data": n} for n in nodes.sorted()]) + "}}"

    # ----------------------------------------------------------------------------- built by networkx
    async def _graph(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> nx.MultiDiGraph[str]:
        """The slice as a networkx multigraph: actors keyed by id, one edge per claim keyed by the claim's id.

        The edge's ends are its endpoints rather than attributes, and its relationship type is `rel_type`:
        `source`, `target` and `type` are reserved words in GEXF and in Gephi's edge table."""
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        graph.graph.update({k: str(v) for k, v in info.items()})
        nodes = NodeTable()
        async for rel in claims:
            row = edge_row(rel)
            nodes.add(rel, row)
            attrs = {k: v for k, v in _present(row).items() if k not in ("source", "target", "type")}
            graph.add_edge(row["source"], row["target"], key=rel.id, rel_type=row["type"], **attrs, _spell=spell(rel))
        for node in nodes.sorted():
            graph.add_node(node["id"], label=node["name"], name=node["name"], kind=node["kind"], claims=node["claims"])
        return graph

    async def _graphml(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> AsyncIterator[str]:
        graph = await self._graph(claims, info)
        for _, _, data in graph.edges(data=True):
            del data["_spell"]
        for chunk in await to_thread.run_sync(_graphml_chunks, graph):
            yield chunk

    async def _gexf(self, claims: AsyncIterator[Relationship], info: dict[str, Any]) -> AsyncIterator[str]:
        graph = await self._graph(claims, info)
        graph.graph["mode"] = "dynamic"
        colours = palette()
        node_spells: dict[str, list[tuple[str | None, str | None]]] = {n: [] for n in graph.nodes}
        for u, v, data in graph.edges(data=True):
            start_end = data.pop("_spell")
            node_spells[u].append(start_end)
            node_spells[v].append(start_end)
            data["id"] = data["claim_id"]
            data["spells"] = [start_end]
            data["label"] = data["kind"]
            data["weight"] = float(max(1, data.get("events", 1)))
            data["viz"] = {"color": _rgb(colours["relationship"].get(data["kind"], "#7f7f7f"))}
        for node, data in graph.nodes(data=True):
            data["spells"] = merge_spells(node_spells[node])
            data["viz"] = {"color": _rgb(colours["actor"].get(data["kind"], "#999999"))}
        for chunk in await to_thread.run_sync(_gexf_chunks, graph):
            yield chunk


def _rgb(hex_colour: str) -> dict[str, int | float]:
    value = hex_colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def _joined(lines: Iterator[str], size: int = 1 << 16) -> list[str]:
    """The writer's lines in chunks of about `size` characters (fewer, larger writes)."""
    chunks, part, length = [], [], 0
    for line in lines:
        part.append(line + "\n")
        length += len(line) + 1
        if length >= size:
            chunks.append("".join(part))
            part, length = [], 0
    if part:
        chunks.append("".join(part))
    return chunks


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _graphml_chunks(graph: nx.MultiDiGraph[str]) -> list[str]:
    return _joined(itertools.chain([XML_DECLARATION], nx.generate_graphml(graph, edge_id_from_attribute="claim_id")))


# networkx 3.6 writes GEXF 1.3's XML Schema instance namespace without its "www."; the root element is fixed.
WRONG_XSI, XSI = (
    'xmlns:xsi="http://w3.org/2001/XMLSchema-instance"',
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
)


def _gexf_chunks(graph: nx.MultiDiGraph[str]) -> list[str]:
    lines = nx.generate_gexf(graph, version=GEXF_VERSION)
    root = next(lines).replace(WRONG_XSI, XSI)
    return _joined(itertools.chain([XML_DECLARATION, root], lines))
