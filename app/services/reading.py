"""The read side: questions analysts ask of the graph, answered with time ranges and citations.

Services hold the domain rules the repository cannot (an unknown actor is an error, a path may not be
longer than asked, a page is one longer than shown to know whether more follow) and raise domain errors.
They take already-parsed values (windows, filters, positions) and return read models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from app.domain.errors import InvalidInput, NotFound
from app.domain.model import CLAIM_SHAPES, REL_TYPES, ClaimKind
from app.domain.queries import After, ClaimFilter, ClaimPage
from app.domain.text import clip
from app.domain.views import (
    Actor,
    ActorNames,
    ActorRef,
    ClaimState,
    Document,
    GraphLink,
    GraphNode,
    Path,
    PathStep,
    Relationship,
    RelationshipDetail,
    SourceDetail,
    SourceSummary,
    Timespan,
)
from app.repository.reader import GraphReader, Named

T = TypeVar("T")
MAX_PATH_LENGTH = 6  # the bound written in app/cypher/paths.cypher
MAX_EVIDENCE = 500
MAX_SOURCE_CLAIMS = 1000
NAMED = 5  # unknown ids named in an error (a request may list many)
MAX_HISTORY = 1000


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    more: bool


@dataclass(frozen=True)
class ClaimsPage:
    items: list[Relationship]
    next: After | None  # where the next page starts; None on the last


@dataclass(frozen=True)
class DocumentsPage:
    items: list[Document]  # each the JSON of a Relationship (views.relationship_document)
    next: After | None


def _of_actor(actor_id: str, page: ClaimPage) -> ClaimPage:
    """The page with `actor_id` first among its actors (its claims, with any others named too)."""
    actors = tuple(dict.fromkeys((actor_id, *page.filter.actors)))
    return replace(page, filter=replace(page.filter, actors=actors))


def document_position(doc: Document) -> After:
    """Where the page after this claim starts: its earliest start and its id (as After of a Relationship)."""
    return After(date.fromisoformat(doc["valid"]["start"]["earliest"]), doc["id"])


@dataclass(frozen=True)
class GraphSlice:
    nodes: list[GraphNode]
    links: list[GraphLink]
    truncated: bool


def _ref(actor: Actor) -> ActorRef:
    return ActorRef(id=actor.id, name=actor.name, kind=actor.kind)


class ReadService:
    """One request's questions, over one read repository (one session)."""

    def __init__(self, reader: GraphReader) -> None:
        self.reader = reader

    # the database -------------------------------------------------------------------------------------
    async def ping(self) -> None:
        """The database answers a query (health checks)."""
        await self.reader.ping()

    async def version(self) -> str:
        """The graph's version: it changes when any transaction commits (the response cache's key)."""
        return await self.reader.version()

    async def seen_version(self) -> str | None:
        """The graph's version the reads of this request saw (None before any): what app/api/cache.py tags
        an answer with when it did not read the version first."""
        return await self.reader.seen_version()

    # actors -------------------------------------------------------------------------------------------
    async def actors(self, search_key: str | None, kind: str | None, skip: int, limit: int) -> Page[Actor]:
        rows = await self.reader.actors(search_key, kind, skip, limit + 1)
        return Page(rows[:limit], len(rows) > limit)

    async def actor(self, actor_id: str, field: str | None = None) -> Actor:
        actor = await self.reader.actor(actor_id)
        if actor is None:
            raise _unknown_actor(actor_id, field)
        return actor

    async def actor_names(self, actor_id: str) -> ActorNames:
        names = await self.reader.actor_successions(actor_id)
        if names is None:
            raise NotFound(f"No actor with id '{clip(actor_id)}'. Find ids with GET /actors?q=name.")
        return names

    # claims -------------------------------------------------------------------------------------------
    async def claims(self, page: ClaimPage) -> ClaimsPage:
        found = await self.claim_documents(page)
        return ClaimsPage([Relationship.model_validate(d) for d in found.items], found.next)

    async def claim_documents(self, page: ClaimPage) -> DocumentsPage:
        """`claims` as JSON documents, without the models (the page routes' fast path). The actors and the
        source the filter names must exist (404 otherwise): read with the page, in one statement."""
        return (await self._documents(page))[0]

    async def _documents(self, page: ClaimPage, path_actor: str | None = None) -> tuple[DocumentsPage, Named]:
        """The page and what the graph holds under its named ids; `path_actor` (one of them) is the actor
        of the route's path, whose 404 says so."""
        read = await self.reader.claim_documents(replace(page, limit=page.limit + 1))
        named = read.named
        if path_actor is not None and named.actors.get(path_actor) is None:
            raise _unknown_actor(path_actor)
        if missing := named.missing_actors:
            raise _unknown_actors(missing, "actor")
        if named.missing_sources:
            raise _unknown_source(named.missing_sources[0])
        items = read.items[: page.limit]
        more = len(read.items) > page.limit and bool(items)
        return DocumentsPage(items, document_position(items[-1]) if more else None), named

    async def claim(self, claim_id: str) -> RelationshipDetail:
        detail = await self.reader.claim_detail(claim_id, MAX_EVIDENCE)
        if detail is None:
            raise NotFound(f"No relationship (claim) with id '{clip(claim_id)}'. List them with GET /relationships.")
        return detail

    async def claim_history(self, claim_id: str) -> list[ClaimState]:
        """The claim's states, oldest first (its versions, then the current one)."""
        states = await self.reader.claim_history(claim_id, MAX_HISTORY)
        if states is None:
            raise NotFound(f"No relationship (claim) with id '{clip(claim_id)}'. List them with GET /relationships.")
        return states

    async def actor_claims(self, actor_id: str, page: ClaimPage) -> tuple[ActorRef, ClaimsPage]:
        actor = await self.actor(actor_id)
        return _ref(actor), await self.claims(_of_actor(actor_id, page))

    async def actor_claim_documents(self, actor_id: str, page: ClaimPage) -> tuple[ActorRef, DocumentsPage]:
        """The claims of the actor of the path, with its reference, read in one statement."""
        docs, named = await self._documents(_of_actor(actor_id, page), actor_id)
        ref = named.actors[actor_id]
        if ref is None:  # _documents raised already
            raise _unknown_actor(actor_id)
        return ref, docs

    async def timeline(
        self, actor_id: str, other: str | None, kinds: Sequence[ClaimKind], skip: int, limit: int
    ) -> tuple[ActorRef, ActorRef | None, Page[Document]]:
        """A page of the claims of the actor (with `other`: of both) in time order, as documents (the fast
        path), `skip` of them passed, with the actors' references, from one statement."""
        if other == actor_id:
            raise InvalidInput("with: give another actor than the one in the path", field="with")
        read = await self.reader.timeline_documents(actor_id, other, kinds, limit + 1, skip)  # and both refs
        actor = read.named.actors.get(actor_id)
        if actor is None:
            raise _unknown_actor(actor_id)
        other_ref = None if other is None else read.named.actors.get(other)
        if other is not None and other_ref is None:
            raise _unknown_actor(other, "with")
        return actor, other_ref, Page(read.items[:limit], len(read.items) > limit)

    # graph slice --------------------------------------------------------------------------------------
    async def graph(self, flt: ClaimFilter, limit: int) -> GraphSlice:
        page = await self.claims(ClaimPage(flt, limit))
        return graph_slice(page)

    async def graph_documents(self, flt: ClaimFilter, limit: int) -> GraphDocuments:
        """`graph` as JSON documents, without the models (the fast path of /graph)."""
        return graph_documents(await self.claim_documents(ClaimPage(flt, limit)))

    # paths --------------------------------------------------------------------------------------------
    async def paths(
        self, start: str, end: str, flt: ClaimFilter, max_length: int, limit: int
    ) -> tuple[ActorRef, ActorRef, list[Path]]:
        if start == end:
            raise InvalidInput("to: give another actor than from", field="to")
        if not 1 <= max_length <= MAX_PATH_LENGTH:
            raise InvalidInput(f"max_length: between 1 and {MAX_PATH_LENGTH}", field="max_length")
        first = _ref(await self.actor(start, field="from"))
        last = _ref(await self.actor(end, field="to"))
        found = await self.reader.paths(start, end, flt, [REL_TYPES[k] for k in flt.kinds], limit)
        # All shortest paths have one length; the pattern stops at 6 steps, max_length may ask for fewer.
        found = [p for p in found if len(p.steps) <= max_length]
        claim_ids = list(dict.fromkeys(step.claim_id for p in found for step in p.steps))
        claims = {c.id: c for c in await self.reader.claims_by_ids(claim_ids)}
        paths = []
        for p in found:
            actors = {a.id: a for a in p.actors}
            steps = [
                PathStep(start=actors[s.start], end=actors[s.end], type=s.type, relationship=claims[s.claim_id])
                for s in p.steps
            ]
            paths.append(Path(length=len(steps), actors=p.actors, steps=steps))
        return first, last, paths

    async def timespan(self) -> Timespan:
        """The earliest and latest dates the claims are known to cover (both None when there are none)."""
        return await self.reader.timespan()

    # sources ------------------------------------------------------------------------------------------
    async def sources(self, kind: str | None, skip: int, limit: int) -> Page[SourceSummary]:
        rows = await self.reader.sources(kind, skip, limit + 1)
        return Page(rows[:limit], len(rows) > limit)

    async def source(self, source_id: str) -> SourceDetail:
        found = await self.reader.source(source_id, MAX_SOURCE_CLAIMS)
        if found is None:
            raise _unknown_source(source_id)
        return found


def graph_slice(page: ClaimsPage) -> GraphSlice:
    """A page of claims as nodes (their parties, and the actors folded into each) and links (their typed
    edges): `graph_documents` of the claims' JSON, read back into the models."""
    docs = graph_documents(DocumentsPage([r.model_dump(mode="json") for r in page.items], page.next))
    nodes = [GraphNode.model_validate(n) for n in docs.nodes]
    return GraphSlice(nodes, [GraphLink.model_validate(link) for link in docs.links], docs.truncated)


@dataclass(frozen=True)
class GraphDocuments:
    nodes: list[Document]  # each the JSON of a GraphNode
    links: list[Document]  # each the JSON of a GraphLink
    truncated: bool


def graph_documents(page: DocumentsPage) -> GraphDocuments:
    """A page of claims (documents) as the JSON of nodes, sorted by id, each with the actors folded into it
    (resolve=same_as), and of links, one per claim, between the ends of its typed edge."""
    nodes: dict[str, Document] = {}
    folded: dict[str, dict[str, Document]] = {}
    links: list[Document] = []
    for doc in page.items:
        for party in doc["parties"]:
            actor = party["actor"]
            nodes.setdefault(actor["id"], {**actor, "folded": []})
            if party.get("folded") is not None:
                folded.setdefault(actor["id"], {})[party["folded"]["id"]] = party["folded"]
        shape = CLAIM_SHAPES[ClaimKind(doc["kind"])]
        source, target = shape.edge_ends([(p["role"], p["actor"]["id"]) for p in doc["parties"]])
        links.append({**doc, "source": source, "target": target, "type": shape.rel_type})
    for actor_id, refs in folded.items():
        nodes[actor_id]["folded"] = [refs[i] for i in sorted(refs)]
    return GraphDocuments([nodes[i] for i in sorted(nodes)], links, page.next is not None)


def _unknown_actor(actor_id: str, field: str | None = None) -> NotFound:
    detail = f"No actor with id '{clip(actor_id)}'. Find ids with GET /actors?q=name."
    if field is not None:
        return NotFound(f"{field}: {detail}", title="Unknown actor", field=field)
    return NotFound(detail)


def _unknown_actors(missing: Sequence[str], field: str) -> NotFound:
    names = ", ".join(f"'{clip(m)}'" for m in missing[:NAMED])
    more = f" and {len(missing) - NAMED} more" if len(missing) > NAMED else ""
    return NotFound(
        f"{field}: no actor with id {names}{more}. Find ids with GET /actors?q=name.",
        title="Unknown actor",
        errors=[{"field": field, "message": f"unknown actor {clip(m)}"} for m in missing[:NAMED]],
    )


def _unknown_source(source_id: str) -> NotFound:
    return NotFound(f"No source with id '{clip(source_id)}'. List them with GET /sources.", title="Unknown source")
