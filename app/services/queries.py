"""The read side: questions analysts ask of the graph, answered with time ranges and citations.

Services validate what the repository cannot (windows, limits, cursors, unknown ids), choose the named
query, and map the graph's records into the API's models.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.api import schemas as s
from app.domain.model import CLAIM_SHAPES, REL_TYPES, ClaimKind, Status
from app.domain.text import search_key
from app.domain.timebounds import TimeError, Window, parse_point, parse_window
from app.problems import ProblemError
from app.repository import GraphRepository, Row

Mode = Literal["possibly", "certainly"]
MAX_PATH_LENGTH = 6  # the bound written in cypher/paths.cypher
MAX_TIMELINE = 500


def bad_request(detail: str, field: str) -> ProblemError:
    return ProblemError(422, detail, title="Invalid request", errors=[{"field": field, "message": detail}])


def window_from(during: str | None, field: str = "during") -> Window | None:
    if during is None:
        return None
    try:
        return parse_window(during)
    except TimeError as exc:
        raise bad_request(f"{field}: {exc}", field) from None


DEFAULT_LIMIT = 100


def check_limit(limit: int | None, maximum: int, default: int = DEFAULT_LIMIT) -> int:
    """The page size: the client's, refused above the maximum; when not given, the default capped at it."""
    if limit is None:
        return min(default, maximum)
    if limit > maximum:
        raise bad_request(f"limit: at most {maximum} items per page; use the cursor for more", "limit")
    return limit


# ----------------------------------------------------------------------------------------- cursors


def _fingerprint(filters: dict[str, Any]) -> str:
    blob = json.dumps(filters, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def encode_cursor(position: dict[str, Any], filters: dict[str, Any]) -> str:
    payload = json.dumps({"p": position, "f": _fingerprint(filters)}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


MAX_SKIP = 1_000_000


def decode_cursor(cursor: str | None, filters: dict[str, Any]) -> dict[str, Any] | None:
    """The position a cursor holds, checked field by field: a tampered cursor is a 422, never a 500."""
    if cursor is None:
        return None
    not_ours = bad_request("cursor: not a cursor this API gave out; start again without it", "cursor")
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        position = raw["p"]
        fingerprint = raw["f"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise not_ours from None
    if not isinstance(position, dict) or fingerprint != _fingerprint(filters):
        if isinstance(position, dict):
            raise bad_request("cursor: it belongs to a query with other filters; keep them unchanged", "cursor")
        raise not_ours
    if "skip" in position:
        skip = position["skip"]
        if type(skip) is not int or not 0 <= skip <= MAX_SKIP:
            raise not_ours
        return {"skip": skip}
    after, claim_id = position.get("from"), position.get("id")
    if not isinstance(after, str) or not isinstance(claim_id, str):
        raise not_ours
    try:
        return {"from": parse_point(after).lo, "id": claim_id}
    except TimeError:
        raise not_ours from None


def _unknown_source(source_id: str) -> ProblemError:
    return ProblemError(404, f"No source with id '{source_id}'. List them with GET /sources.", title="Unknown source")


def _skip(position: dict[str, Any] | None) -> int:
    if position is None:
        return 0
    if "skip" not in position:
        raise bad_request("cursor: not a cursor this API gave out; start again without it", "cursor")
    skip: int = position["skip"]
    return skip


# ----------------------------------------------------------------------------------------- mapping


def _valid(row: dict[str, Any]) -> s.Valid:
    return s.Valid(
        start=s.Bound(earliest=row["from_lo"], latest=row["from_hi"], precision=row["from_precision"]),
        end=s.Bound(earliest=row["to_lo"], latest=row["to_hi"], precision=row["to_precision"]),
        precision=row["precision"],
        open_ended=row["open_ended"],
        approximate=row["approximate"],
        text=row.get("valid_text"),
    )


def _citations(rows: Sequence[dict[str, Any]]) -> list[s.Citation]:
    return [
        s.Citation(source=s.SourceRef(**c["source"]), quote=c["quote"], stance=c["stance"], note=c.get("note"))
        for c in rows
    ]


def _parties(rows: Sequence[dict[str, Any]]) -> list[s.Party]:
    return [s.Party(actor=s.ActorRef(**p["actor"]), role=p["role"]) for p in rows]


def relationship(row: Row) -> s.Relationship:
    c = row["claim"]
    return s.Relationship(
        id=c["id"],
        kind=c["kind"],
        parties=_parties(row["parties"]),
        valid=_valid(c),
        status=c["status"],
        confidence=c["confidence"],
        citations=_citations(row["citations"]),
        recorded_at=c.get("recorded_at"),
        notes=c.get("notes"),
    )


def _event(row: dict[str, Any]) -> s.Event:
    e = row["event"]
    return s.Event(
        id=e["id"],
        kind=e["kind"],
        title=e["title"],
        description=e.get("description"),
        valid=_valid(e),
        place=s.Place(**row["place"]) if row.get("place") else None,
        participants=_parties(row["participants"]),
        status=e["status"],
        confidence=e["confidence"],
        citations=_citations(row["citations"]),
    )


def _actor(row: Row) -> s.Actor:
    a = row["actor"]
    ids = {k: v for k, v in (("wikidata", a.get("wikidata_id")), ("ucdp", a.get("ucdp_id"))) if v is not None}
    return s.Actor(
        id=a["id"],
        name=a["name"],
        kind=a["kind"],
        description=a["description"],
        aliases=a.get("aliases") or [],
        external_ids=ids,
        part_of=s.ActorRef(**row["part_of"]) if row.get("part_of") else None,
        parts=[s.ActorRef(**p) for p in row.get("parts") or []],
    )


def _window_out(window: Window | None, mode: Mode) -> s.WindowOut | None:
    if window is None:
        return None
    return s.WindowOut(start=window.start, end=window.end, mode=mode, text=window.text)


# ----------------------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class ClaimFilter:
    kinds: tuple[ClaimKind, ...] = tuple(ClaimKind)
    window: Window | None = None
    mode: Mode = "possibly"
    actors: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    min_confidence: float = 0.0
    source: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "kinds": sorted(k.value for k in self.kinds),
            "start": self.window.start if self.window else None,
            "end": self.window.end if self.window else None,
            "mode": self.mode,
            "actors": list(self.actors) or None,
            "statuses": sorted(st.value for st in self.statuses) or None,
            "min_confidence": self.min_confidence,
            "source": self.source,
        }


class GraphQueries:
    """One request's questions, over one repository (one session)."""

    def __init__(self, repo: GraphRepository, max_limit: int) -> None:
        self.repo = repo
        self.max_limit = max_limit

    # actors ---------------------------------------------------------------------------------
    async def search_actors(
        self, q: str | None, kind: str | None, limit: int | None, cursor: str | None
    ) -> s.ActorPage:
        limit = check_limit(limit, self.max_limit)
        key = search_key(q) if q is not None else None
        if q is not None and not key:
            raise bad_request("q: give letters or digits to search names and aliases", "q")
        filters = {"q": key, "kind": kind}
        position = decode_cursor(cursor, filters)
        skip = _skip(position)
        rows = await self.repo.read("actors_search", {"q": key, "kind": kind, "skip": skip, "limit": limit + 1})
        items = [_actor(r) for r in rows[:limit]]
        more = len(rows) > limit
        return s.ActorPage(items=items, next_cursor=encode_cursor({"skip": skip + limit}, filters) if more else None)

    async def actor(self, actor_id: str) -> s.Actor:
        rows = await self.repo.read("actor_by_id", {"id": actor_id})
        if not rows:
            raise ProblemError(404, f"No actor with id '{actor_id}'. Find ids with GET /actors?q=name.")
        return _actor(rows[0])

    async def actor_param(self, actor_id: str, field: str) -> s.ActorRef:
        """An actor named by a query parameter: a 404 that names the parameter when unknown."""
        try:
            actor = await self.actor(actor_id)
        except ProblemError as exc:
            raise ProblemError(404, f"{field}: {exc.detail}", title="Unknown actor") from None
        return s.ActorRef(id=actor.id, name=actor.name, kind=actor.kind)

    async def require_actors(self, ids: Sequence[str], field: str = "actor") -> None:
        if not ids:
            return
        rows = await self.repo.read("actors_exist", {"ids": list(ids)})
        missing = [r["id"] for r in rows if not r["found"]]
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            raise ProblemError(
                404,
                f"{field}: no actor with id {names}. Find ids with GET /actors?q=name.",
                title="Unknown actor",
                errors=[{"field": field, "message": f"unknown actor {m}"} for m in missing],
            )

    # relationships ----------------------------------------------------------------------------
    async def relationships(self, flt: ClaimFilter, limit: int | None, cursor: str | None) -> s.RelationshipPage:
        limit = check_limit(limit, self.max_limit)
        await self.require_actors(flt.actors)
        if flt.source is not None:
            await self.require_source(flt.source)
        params = flt.params()
        position = decode_cursor(cursor, params)
        if position is not None and "from" not in position:
            raise bad_request("cursor: not a cursor this API gave out; start again without it", "cursor")
        after_from = position["from"] if position else None
        rows = await self.repo.read(
            "relationships_window",
            {
                **params,
                "after_from": after_from,
                "after_id": position["id"] if position else None,
                "limit": limit + 1,
            },
        )
        items = [relationship(r) for r in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]["claim"]
            next_cursor = encode_cursor({"from": last["from_lo"].isoformat(), "id": last["id"]}, params)
        return s.RelationshipPage(window=_window_out(flt.window, flt.mode), items=items, next_cursor=next_cursor)

    async def claims(self, ids: Sequence[str]) -> list[s.Relationship]:
        if not ids:
            return []
        rows = await self.repo.read("claims_by_ids", {"ids": list(ids)})
        by_id = {r["claim"]["id"]: relationship(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    async def relationship_detail(self, claim_id: str) -> s.RelationshipDetail:
        rows = await self.repo.read("claims_by_ids", {"ids": [claim_id]})
        if not rows:
            raise ProblemError(404, f"No relationship (claim) with id '{claim_id}'. List them with GET /relationships.")
        base = relationship(rows[0])
        return s.RelationshipDetail(**base.model_dump(), evidence=[_event(e) for e in rows[0]["evidence"]])

    async def actor_relationships(
        self, actor_id: str, flt: ClaimFilter, limit: int | None, cursor: str | None
    ) -> s.ActorRelationships:
        actor = await self.actor(actor_id)
        page = await self.relationships(flt, limit, cursor)
        return s.ActorRelationships(
            actor=s.ActorRef(id=actor.id, name=actor.name, kind=actor.kind),
            window=page.window,
            items=page.items,
            next_cursor=page.next_cursor,
        )

    async def timeline(self, actor_id: str, other: str | None, kinds: Sequence[ClaimKind]) -> s.Timeline:
        actor = await self.actor(actor_id)
        other_ref = None
        if other is not None:
            if other == actor_id:
                raise bad_request("with: give another actor than the one in the path", "with")
            other_ref = await self.actor_param(other, "with")
        rows = await self.repo.read(
            "timeline",
            {"actor": actor_id, "other": other, "kinds": sorted(k.value for k in kinds), "limit": MAX_TIMELINE},
        )
        ref = s.ActorRef(id=actor.id, name=actor.name, kind=actor.kind)
        return s.Timeline(actor=ref, other=other_ref, items=[relationship(r) for r in rows])

    # graph slice ------------------------------------------------------------------------------------
    async def graph(self, flt: ClaimFilter, limit: int | None) -> s.GraphSlice:
        limit = check_limit(limit, self.max_limit, default=self.max_limit)
        page = await self.relationships(flt, limit, None)
        nodes: dict[str, s.GraphNode] = {}
        links: list[s.GraphLink] = []
        for rel in page.items:
            for party in rel.parties:
                nodes.setdefault(party.actor.id, s.GraphNode(**party.actor.model_dump()))
            shape = CLAIM_SHAPES[rel.kind]
            source, target = shape.edge_ends([(p.role, p.actor.id) for p in rel.parties])
            links.append(s.GraphLink(**rel.model_dump(), source=source, target=target, type=shape.rel_type))
        return s.GraphSlice(
            window=page.window,
            nodes=sorted(nodes.values(), key=lambda n: n.id),
            links=links,
            truncated=page.next_cursor is not None,
        )

    # paths -----------------------------------------------------------------------------------------------
    async def paths(self, start: str, end: str, flt: ClaimFilter, max_length: int, limit: int) -> s.Paths:
        if start == end:
            raise bad_request("to: give another actor than from", "to")
        if not 1 <= max_length <= MAX_PATH_LENGTH:
            raise bad_request(f"max_length: between 1 and {MAX_PATH_LENGTH}", "max_length")
        first = await self.actor_param(start, "from")
        last = await self.actor_param(end, "to")
        params = flt.params()
        rows = await self.repo.read(
            "paths",
            {
                "from": start,
                "to": end,
                "types": sorted(REL_TYPES[k] for k in flt.kinds),
                "min_confidence": params["min_confidence"],
                "statuses": params["statuses"],
                "start": params["start"],
                "end": params["end"],
                "mode": params["mode"],
                "limit": limit,
            },
        )
        # All shortest paths have one length; the pattern stops at 6 steps, max_length may ask for fewer.
        rows = [r for r in rows if len(r["steps"]) <= max_length]
        claim_ids = list(dict.fromkeys(step["claim_id"] for r in rows for step in r["steps"]))
        claims = {c.id: c for c in await self.claims(claim_ids)}
        paths = []
        for r in rows:
            actors = {a["id"]: s.ActorRef(**a) for a in r["actors"]}
            steps = [
                s.PathStep(
                    start=actors[step["start"]],
                    end=actors[step["end"]],
                    type=step["type"],
                    relationship=claims[step["claim_id"]],
                )
                for step in r["steps"]
            ]
            paths.append(s.Path(length=len(steps), actors=[s.ActorRef(**a) for a in r["actors"]], steps=steps))
        return s.Paths(
            start=first,
            end=last,
            window=_window_out(flt.window, flt.mode),
            paths=paths,
        )

    # sources -------------------------------------------------------------------------------------------
    async def sources(self, kind: str | None, limit: int | None, cursor: str | None) -> s.SourcePage:
        limit = check_limit(limit, self.max_limit)
        filters = {"kind": kind}
        position = decode_cursor(cursor, filters)
        skip = _skip(position)
        rows = await self.repo.read("sources_list", {"kind": kind, "skip": skip, "limit": limit + 1})
        items = [
            s.SourceSummary(
                **{k: v for k, v in r["source"].items() if k in s.SourceRef.model_fields},
                claims=r["claims"],
                reported_in=r["reported_in"]["id"] if r["reported_in"] else None,
            )
            for r in rows[:limit]
        ]
        more = len(rows) > limit
        return s.SourcePage(items=items, next_cursor=encode_cursor({"skip": skip + limit}, filters) if more else None)

    async def require_source(self, source_id: str) -> None:
        rows = await self.repo.read("source_exists", {"id": source_id})
        if not rows[0]["found"]:
            raise _unknown_source(source_id)

    async def source(self, source_id: str, claims_limit: int = 1000) -> s.SourceDetail:
        rows = await self.repo.read("source_by_id", {"id": source_id, "limit": claims_limit})
        if not rows:
            raise _unknown_source(source_id)
        r = rows[0]
        src = r["source"]
        return s.SourceDetail(
            **{k: v for k, v in src.items() if k in s.SourceRef.model_fields},
            published_at=src.get("published_at"),
            notes=src.get("notes"),
            reported_in=s.SourceRef(**r["reported_in"]) if r["reported_in"] else None,
            reports=[s.SourceRef(**x) for x in r["reports"]],
            claims=await self.claims(r["claim_ids"]),
        )
