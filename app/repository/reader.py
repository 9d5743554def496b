"""The read repository: one method per question, each returning validated read models.

It owns the session (one per HTTP request or CLI command), picks the named query and its variant for the
filters in use (app/repository/catalog.py), and runs it in `execute_read` (routed to readers on a
cluster) with the configured timeout. Lists of claims are read in two steps inside one statement
(claims_page.cypher): select the ids of the page, then hydrate them with the one claim projection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from itertools import product
from typing import Any, Generic, TypeVar, get_args

import neo4j
from neo4j import AsyncManagedTransaction, AsyncSession, unit_of_work
from pydantic import BaseModel

from app.config import Settings
from app.domain.model import ClaimKind, Status
from app.domain.queries import After, ClaimFilter, ClaimPage, Mode
from app.domain.timebounds import MAX_DATE, parse_window, stale_since, tier_ranges
from app.domain.views import (
    Actor,
    ActorNames,
    ActorRef,
    ClaimState,
    Document,
    Event,
    Party,
    Relationship,
    RelationshipDetail,
    SourceDetail,
    SourceSummary,
    Timespan,
    relationship_document,
)
from app.repository import catalog
from app.repository.driver import to_native

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
Params = dict[str, Any]


class PathStepRecord(BaseModel):
    type: str
    claim_id: str
    start: str
    end: str


class PathRecord(BaseModel):
    actors: list[ActorRef]
    steps: list[PathStepRecord]


class ClaimTieRecord(BaseModel):
    """A claim as the signed-network analysis reads it (app/cypher/claim_ties.cypher)."""

    id: str
    kind: ClaimKind
    confidence: float
    events: int | None = None
    parties: list[Party]


@dataclass(frozen=True)
class SliceRead:
    """One slice's claims, and whether the selection stopped at its limit."""

    claims: list[ClaimTieRecord]
    capped: bool


async def _rows(tx: AsyncManagedTransaction, query: str, params: Params) -> list[dict[str, Any]]:
    result = await tx.run(query, params)
    # a Record iterates over its values: keys() is needed
    return [{k: to_native(record[k]) for k in record.keys()} async for record in result]  # noqa: SIM118


async def _column(tx: AsyncManagedTransaction, query: str, params: Params, column: str) -> list[Any]:
    result = await tx.run(query, params)
    return [to_native(record[column]) async for record in result]


async def _single(
    tx: AsyncManagedTransaction, query: str, params: Params, column: str, *, temporal: bool = True
) -> Any:
    """The one value a query returns as one row (a collected list: one record to stream, not hundreds).
    `temporal=False`: the query returns no driver temporal values (its dates are ISO strings), so the
    value is used as it comes, without walking it."""
    result = await tx.run(query, params)
    record = await result.single(strict=True)
    return to_native(record[column]) if temporal else record[column]


async def _hydrate(tx: AsyncManagedTransaction, ids: Sequence[str]) -> list[Relationship]:
    if not ids:
        return []
    rows = await _single(tx, catalog.query("claims_by_ids"), {"ids": list(ids)}, "claims", temporal=False)
    return _in_order(ids, rows)


def _in_order(ids: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[Relationship]:
    """The hydrated claims in the order of `ids` (each once)."""
    return [Relationship.model_validate(r) for r in _rows_in_order(ids, rows)]


def _rows_in_order(ids: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {r["id"]: r for r in rows}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


@dataclass(frozen=True)
class Named:
    """What the graph holds under the ids a request names: each actor's reference (None: no such actor) and
    whether each source exists, in the order named."""

    actors: dict[str, ActorRef | None]
    sources: dict[str, bool]

    @property
    def missing_actors(self) -> list[str]:
        return [i for i, found in self.actors.items() if found is None]

    @property
    def missing_sources(self) -> list[str]:
        return [i for i, found in self.sources.items() if not found]


@dataclass(frozen=True)
class PageRead(Generic[T]):
    """A page's items (documents or models) and the named actors and sources, from one statement."""

    items: list[T]
    named: Named


def _named(flt: ClaimFilter) -> tuple[dict[str, str], Params]:
    """The `named` slot's choice and parameters: the filter's actors and its source."""
    named_actors = list(dict.fromkeys(flt.actors))
    named_sources = [flt.source] if flt.source is not None else []
    choice = {"named": "some" if named_actors or named_sources else "none"}
    return choice, {"named_actors": named_actors, "named_sources": named_sources}


async def _page_rows(tx: AsyncManagedTransaction, query: str, params: Params) -> PageRead[dict[str, Any]]:
    """A claims_page query (selection, hydration and the named ids in one statement): the rows in the
    selection's order, and the named actors and sources."""
    result = await tx.run(query, params)
    record = await result.single(strict=True)
    named = Named(
        {r["id"]: None if r["actor"] is None else ActorRef.model_validate(r["actor"]) for r in record["named_actors"]},
        {r["id"]: r["found"] for r in record["named_sources"]},
    )
    return PageRead(_rows_in_order(record["ids"], record["claims"]), named)


def claim_variant(flt: ClaimFilter, *, paged: bool) -> dict[str, str]:
    """Which fragment fills each slot of claim_conditions for this filter (see app/cypher/)."""
    return {
        "window": flt.mode if flt.window else "any",
        "status": "some" if flt.statuses else "any",
        "source": "one" if flt.source is not None else "any",
        "after": "key" if paged else "none",
        "stale": "any" if flt.stale_after is None else "cut" if flt.window else "undated",
    }


def claim_params(flt: ClaimFilter) -> Params:
    if flt.stale_after is not None and flt.window is not None:
        stale = {"stale_since": stale_since(flt.window, flt.stale_after), "unknown_end": MAX_DATE}
    else:
        stale = {}
    return stale | {
        "kinds": sorted(k.value for k in flt.kinds),
        "start": flt.window.start if flt.window else None,
        "end": flt.window.end if flt.window else None,
        "statuses": sorted(s.value for s in flt.statuses),
        "min_confidence": flt.min_confidence,
        "source": flt.source,
    }


# The selections of a page of claims, by the name of their variant of claims_page's `selection` slot.
SELECTIONS = {
    "window": "claims_select",
    "actor": "actor_claims_select",
    "source": "source_claims_select",
    "timeline": "timeline_select",
}


def _selection(page: ClaimPage) -> tuple[str, dict[str, str], Params]:
    """Which selection answers the page (a key of SELECTIONS, or claims_as_recorded), its slot choices and
    its parameters: from the first named actor's PARTY edges when actors are named; from the source's
    citations when a source is named without a window; otherwise from the claims' window index. Each seeks
    tier by tier in index order (app.domain.timebounds.tier_ranges)."""
    flt = page.filter
    after = page.after
    tiers = [asdict(t) for t in tier_ranges(flt.window, flt.mode, after.from_lo if after else None)]
    params = claim_params(flt) | {"limit": page.limit, "tiers": tiers}
    if after is not None:
        params |= {"after_from": after.from_lo, "after_id": after.id}
    variant = claim_variant(flt, paged=after is not None)
    if flt.as_recorded is not None:
        params |= {"as_recorded": flt.as_recorded, "actors": list(flt.actors)}
        return "claims_as_recorded", variant | {"parties": "some" if flt.actors else "any"}, params
    if flt.actors:
        params |= {"actor": flt.actors[0], "others": list(flt.actors[1:])}
        return "actor", variant, params
    if flt.source is not None and flt.window is None:
        return "source", variant | {"source": "any"}, params
    return "window", variant, params


def claims_query(page: ClaimPage) -> tuple[str, Params]:
    """The selection alone, for reads that do something else than hydrate the ids it returns (the analysis
    reads them as ties; as_recorded returns the claims as they were)."""
    name, choices, params = _selection(page)
    return catalog.query(SELECTIONS.get(name, name), **choices), params


def claims_page_query(page: ClaimPage) -> tuple[str, Params]:
    """The selection, the hydration of its ids and the lookup of the named actors and source in one
    statement (claims_page.cypher); not for as_recorded, whose selection returns the claims themselves."""
    name, choices, params = _selection(page)
    if name not in SELECTIONS:
        raise ValueError(f"{name} is not a selection of claims_page")
    named, named_params = _named(page.filter)
    return catalog.query("claims_page", selection=name, **choices, **named), params | named_params


def used_choices() -> dict[str, list[dict[str, str]]]:
    """The slot choices the reads make, per query whose slots are not all combined (`alliance cypher` prints
    these): each selection of claims, alone and inside claims_page, as `_selection` chooses it for every kind
    of page (a window or none, each mode, statuses, a source, stale_after, actors, as_recorded, a later
    page), with the lookup of what it names; the timeline's page; paths, as `paths` chooses. Derived from
    the code that chooses, not listed."""
    used: dict[str, list[dict[str, str]]] = {}

    def add(name: str, chosen: dict[str, str]) -> None:
        if chosen not in used.setdefault(name, []):
            used[name].append(chosen)

    windows = (None, parse_window("2014-08"))
    for window, mode, statuses, source, stale, actors, recorded, after in product(
        windows, get_args(Mode), ((), (Status.REPORTED,)), (None, "s"), (None, 6), ((), ("a",)),
        (None, datetime(2014, 8, 18, tzinfo=UTC)), (None, After(date(2014, 8, 1), "c")),
    ):  # fmt: skip
        flt = ClaimFilter(
            window=window, mode=mode, statuses=statuses, source=source, stale_after=stale, actors=actors,
            as_recorded=recorded,
        )  # fmt: skip
        name, chosen, _ = _selection(ClaimPage(flt, after=after))
        add(SELECTIONS.get(name, name), chosen)
        if name in SELECTIONS:
            add("claims_page", {"selection": name, **chosen, **_named(flt)[0]})
        add("paths", paths_choice(flt))
    for other in (None, "b"):
        add("claims_page", timeline_choice(other))
    return used


def timeline_choice(other: str | None) -> dict[str, str]:
    """claims_page for an actor's timeline, with another actor or without; the two actors looked up too."""
    return {"selection": "timeline", "timeline_from": "one" if other else "none", "named": "some"}


def paths_choice(flt: ClaimFilter) -> dict[str, str]:
    """paths.cypher's slots for the filter: the window and statuses of claim_conditions."""
    variant = claim_variant(flt, paged=False)
    return {"window": variant["window"], "status": variant["status"]}


class GraphReader:
    """The questions the API and the CLI ask of the graph, over one session."""

    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self._session = session
        self._timeout = settings.neo4j_query_timeout

    async def _read(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(tx)

        return await self._session.execute_read(unit_of_work(timeout=self._timeout)(run))

    async def _models(self, model: type[M], query: str, params: Params, column: str) -> list[M]:
        rows = await self._read(lambda tx: _column(tx, query, params, column))
        return [model.model_validate(r) for r in rows]

    # health -----------------------------------------------------------------------------------------
    async def ping(self) -> None:
        """Raises when the database cannot answer a read (no retries: health checks must be quick)."""
        result = await self._session.run(neo4j.Query(catalog.query("health_ping"), timeout=self._timeout))
        await result.consume()

    async def version(self) -> str:
        """A token that changes whenever any transaction commits to the database (the app's writes, imports,
        a write typed in Neo4j Browser): the bookmark of a read, which names the last committed transaction
        the server has. Equal tokens mean the graph has not changed in between (app/api/cache.py keys its
        responses with it). It is `ping` (no retries: during an outage the request goes on to its route,
        which reports it) and the bookmark that read leaves on the session."""
        await self.ping()
        return await self.seen_version() or ""

    async def seen_version(self) -> str | None:
        """The graph's version as this session's last read saw it (the token of `version`, without a read of
        its own), or None when the session has read nothing yet."""
        bookmarks = await self._session.last_bookmarks()
        return "|".join(sorted(bookmarks.raw_values)) or None

    # actors -------------------------------------------------------------------------------------------
    async def actors(self, search_key: str | None, kind: str | None, skip: int, limit: int) -> list[Actor]:
        name = "actors_search" if search_key is not None else "actors_list"
        query = catalog.query(name, actor_kind="one" if kind else "any")
        params = {"q": search_key, "kind": kind, "skip": skip, "limit": limit}
        return await self._models(Actor, query, params, "actor")

    async def actor(self, actor_id: str) -> Actor | None:
        found = await self._models(Actor, catalog.query("actor_by_id"), {"id": actor_id}, "actor")
        return found[0] if found else None

    async def actor_names(self, limit: int) -> list[dict[str, Any]]:
        """Every actor's id, name, kind, aliases and UCDP id (at most `limit`): the extractor's gazetteer."""
        return await self._read(lambda tx: _rows(tx, catalog.query("actors_gazetteer"), {"limit": limit}))

    async def actor_successions(self, actor_id: str) -> ActorNames | None:
        """The actor's renames (its successions), or None when no actor has the id."""
        found = await self._read(lambda tx: _column(tx, catalog.query("actor_names"), {"id": actor_id}, "names"))
        return ActorNames.model_validate(found[0]) if found and found[0] is not None else None

    # claims -------------------------------------------------------------------------------------------
    async def claims(self, page: ClaimPage) -> list[Relationship]:
        """The claims that meet the filter, in (from_lo, id) order, after `page.after`, at most `page.limit`."""
        return [Relationship.model_validate(d) for d in (await self.claim_documents(page)).items]

    async def claim_documents(self, page: ClaimPage) -> PageRead[Document]:
        """The claims that meet the filter, in (from_lo, id) order, after `page.after`, at most `page.limit`,
        as the JSON of each Relationship, built without the models (views.relationship_document): the page
        routes' fast path. `claims` validates the same documents into models. With them, in the same
        statement (or, for as_recorded, the same transaction), what the graph holds under the actor and
        source ids the filter names."""
        if page.filter.as_recorded is not None:
            query, params = claims_query(page)
            named_query, named_params = self._named_query(page.filter)

            async def as_recorded(tx: AsyncManagedTransaction) -> PageRead[Document]:
                rows = await _single(tx, query, params, "claims", temporal=False)
                named = (await _page_rows(tx, named_query, named_params)).named
                return PageRead([relationship_document(r) for r in rows], named)

            return await self._read(as_recorded)
        query, params = claims_page_query(page)

        async def work(tx: AsyncManagedTransaction) -> PageRead[Document]:
            read = await _page_rows(tx, query, params)
            return PageRead([relationship_document(r) for r in read.items], read.named)

        return await self._read(work)

    @staticmethod
    def _named_query(flt: ClaimFilter) -> tuple[str, Params]:
        """The named actors and source without a page (as_recorded's lookup)."""
        named, params = _named(flt)
        return catalog.query("named_lookup", **named), params

    async def claim_slices(self, pages: Sequence[ClaimPage]) -> list[SliceRead]:
        """For each page (a slice: filter and limit), the claims the selection of `claims` picks, in one
        transaction, read as ties (app/cypher/claim_ties.cypher); one more is selected to tell a capped slice."""
        queries = [claims_query(replace(page, limit=page.limit + 1)) for page in pages]

        async def work(tx: AsyncManagedTransaction) -> list[SliceRead]:
            out = []
            for (query, params), page in zip(queries, pages, strict=True):
                ids: list[str] = await _single(tx, query, params, "ids", temporal=False)
                kept = ids[: page.limit]
                rows = await _single(tx, catalog.query("claim_ties"), {"ids": kept}, "claims", temporal=False)
                by_id = {r["id"]: r for r in rows}
                claims = [ClaimTieRecord.model_validate(by_id[i]) for i in kept if i in by_id]
                out.append(SliceRead(claims, len(ids) > page.limit))
            return out

        return await self._read(work)

    async def claim_history(self, claim_id: str, limit: int) -> list[ClaimState] | None:
        """The claim's states, oldest first; None when there is no such claim."""
        query, params = catalog.query("claim_history"), {"id": claim_id, "limit": limit}
        rows = await self._read(lambda tx: _rows(tx, query, params))
        states = rows[0]["states"] if rows else []
        return [ClaimState.model_validate(r) for r in states] or None

    async def claims_by_ids(self, ids: Sequence[str]) -> list[Relationship]:
        return await self._read(lambda tx: _hydrate(tx, ids))

    async def claim_detail(self, claim_id: str, evidence_limit: int) -> RelationshipDetail | None:
        async def work(tx: AsyncManagedTransaction) -> RelationshipDetail | None:
            found = await _hydrate(tx, [claim_id])
            if not found:
                return None
            params = {"id": claim_id, "limit": evidence_limit}
            events = await _column(tx, catalog.query("claim_evidence"), params, "event")
            return RelationshipDetail(**dict(found[0]), evidence=[Event.model_validate(e) for e in events])

        return await self._read(work)

    async def timeline(
        self, actor_id: str, other: str | None, kinds: Sequence[ClaimKind], limit: int, skip: int = 0
    ) -> PageRead[Relationship]:
        """`timeline_documents` as models."""
        read = await self.timeline_documents(actor_id, other, kinds, limit, skip)
        return PageRead([Relationship.model_validate(d) for d in read.items], read.named)

    async def timeline_documents(
        self, actor_id: str, other: str | None, kinds: Sequence[ClaimKind], limit: int, skip: int = 0
    ) -> PageRead[Document]:
        """The claims of `actor_id` (with `other`: of both) in time order, `skip` of them passed, at most
        `limit`, as the JSON of each Relationship (as `claim_documents`), and the two actors' references."""
        query = catalog.query("claims_page", **timeline_choice(other))
        params: Params = {"actor": actor_id, "other": other, "kinds": sorted(k.value for k in kinds)}
        params |= {"skip": skip, "limit": limit}
        params["defection"] = ClaimKind.DEFECTION.value  # the one kind with three parties (timeline_from_one)
        params |= {"named_actors": [actor_id] + ([other] if other else []), "named_sources": []}
        read = await self._read(lambda tx: _page_rows(tx, query, params))
        return PageRead([relationship_document(r) for r in read.items], read.named)

    # paths --------------------------------------------------------------------------------------------
    async def paths(self, start: str, end: str, flt: ClaimFilter, types: Sequence[str], limit: int) -> list[PathRecord]:
        """All shortest paths (at most 6 steps) over the typed edges that meet the filter's conditions."""
        query = catalog.query("paths", **paths_choice(flt))
        params = claim_params(flt) | {"from": start, "to": end, "types": sorted(types), "limit": limit}
        rows = await self._read(lambda tx: _rows(tx, query, params))
        return [PathRecord.model_validate(r) for r in rows]

    async def timespan(self) -> Timespan:
        """The dates the claims cover (the viewer's month slider)."""
        rows = await self._read(lambda tx: _rows(tx, catalog.query("claims_timespan"), {}))
        return Timespan.model_validate(rows[0])

    # sources ------------------------------------------------------------------------------------------
    async def sources(self, kind: str | None, skip: int, limit: int) -> list[SourceSummary]:
        query = catalog.query("sources_list", source_kind="one" if kind else "any")
        return await self._models(SourceSummary, query, {"kind": kind, "skip": skip, "limit": limit}, "source")

    async def source(self, source_id: str, claims_limit: int) -> SourceDetail | None:
        async def work(tx: AsyncManagedTransaction) -> SourceDetail | None:
            rows = await _rows(tx, catalog.query("source_by_id"), {"id": source_id, "limit": claims_limit})
            if not rows:
                return None
            claims = await _hydrate(tx, rows[0]["claim_ids"])
            return SourceDetail.model_validate(rows[0]["source"] | {"claims": claims})

        return await self._read(work)
