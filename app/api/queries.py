"""Read endpoints. Thin: parse the query string, call the service, return its model."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from app.api import schemas as s
from app.api.deps import RepositoryDep, SettingsDep
from app.api.examples import EXAMPLES
from app.domain.model import ActorKind, ClaimKind, SourceKind, Status
from app.services.queries import ClaimFilter, GraphQueries, Mode, bad_request, window_from

router = APIRouter()

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def queries(repo: RepositoryDep, settings: SettingsDep) -> GraphQueries:
    return GraphQueries(repo, settings.api_max_limit)


Queries = Annotated[GraphQueries, Depends(queries)]
ActorId = Annotated[str, Path(description="actor id (a slug)", max_length=120, examples=["islamic-state"])]

KindQ = Annotated[
    list[ClaimKind] | None,
    Query(description="relationship kinds, repeatable (`kind=hostility&kind=alliance`); default all"),
]
DuringQ = Annotated[
    str | None,
    Query(
        description="time window: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an ISO 8601 interval `start/end` of those",
        examples=["2014-08"],
        max_length=40,
    ),
]
ModeQ = Annotated[
    Mode,
    Query(
        description="`possibly`: the claim's range can overlap the window, given its precision; "
        "`certainly`: the claim surely holds over the whole window"
    ),
]
ActorQ = Annotated[
    list[str] | None, Query(description="actor id, repeatable: every listed actor must be a party (any side)")
]
StatusQ = Annotated[list[Status] | None, Query(description="status, repeatable")]
MinConfidenceQ = Annotated[float, Query(ge=0, le=1, description="lowest confidence, 0..1")]
SourceQ = Annotated[str | None, Query(description="only claims citing this source id", max_length=120)]
LimitQ = Annotated[
    int | None,
    Query(ge=1, description="page size: default 100 (or API_MAX_LIMIT if lower); at most API_MAX_LIMIT (500)"),
]
CursorQ = Annotated[str | None, Query(description="`next_cursor` of the previous page", max_length=500)]


def edge_filter(
    kind: KindQ = None,
    during: DuringQ = None,
    mode: ModeQ = "possibly",
    status: StatusQ = None,
    min_confidence: MinConfidenceQ = 0.0,
) -> ClaimFilter:
    """What every relationship must satisfy: kind, window and mode, status, confidence."""
    return ClaimFilter(
        kinds=tuple(dict.fromkeys(kind)) if kind else tuple(ClaimKind),
        window=window_from(during),
        mode=mode,
        statuses=tuple(dict.fromkeys(status or ())),
        min_confidence=min_confidence,
    )


EdgeFilter = Annotated[ClaimFilter, Depends(edge_filter)]


def claim_filter(edges: EdgeFilter, actor: ActorQ = None, source: SourceQ = None) -> ClaimFilter:
    """The edge filter, plus the actors that must all be parties and the source that must be cited."""
    return replace(edges, actors=tuple(dict.fromkeys(actor or ())), source=source)


Filter = Annotated[ClaimFilter, Depends(claim_filter)]


def _doc(name: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI: the example request (in the description) and its real response, from the seed."""
    example = EXAMPLES[name]
    ok = {
        "description": f"Example: `GET {example['request']}` (lists cut to one item)",
        "content": {"application/json": {"example": example["response"]}},
    }
    return {200: ok, 404: PROBLEM, 422: PROBLEM}


@router.get(
    "/actors",
    tags=["actors"],
    response_model=s.ActorPage,
    responses=_doc("actors"),
    summary="Find actors by name or alias (case- and diacritic-insensitive)",
)
async def list_actors(
    svc: Queries,
    q: Annotated[
        str | None,
        Query(description="name or alias, e.g. `ISIS`, `Daesh`, `Assad regime`", max_length=200, examples=["ISIS"]),
    ] = None,
    kind: Annotated[ActorKind | None, Query()] = None,
    limit: LimitQ = None,
    cursor: CursorQ = None,
) -> s.ActorPage:
    return await svc.search_actors(q, kind.value if kind else None, limit, cursor)


@router.get("/actors/{actor_id}", tags=["actors"], response_model=s.Actor, responses=_doc("actor"), summary="One actor")
async def get_actor(svc: Queries, actor_id: ActorId) -> s.Actor:
    return await svc.actor(actor_id)


@router.get(
    "/actors/{actor_id}/relationships",
    tags=["actors"],
    response_model=s.ActorRelationships,
    responses=_doc("actor_relationships"),
    summary="One actor's allies, enemies, defections and memberships in a window, on whichever side",
)
async def get_actor_relationships(
    svc: Queries, actor_id: ActorId, flt: Filter, limit: LimitQ = None, cursor: CursorQ = None
) -> s.ActorRelationships:
    actors = tuple(dict.fromkeys((actor_id, *flt.actors)))
    return await svc.actor_relationships(actor_id, replace(flt, actors=actors), limit, cursor)


@router.get(
    "/actors/{actor_id}/timeline",
    tags=["actors"],
    response_model=s.Timeline,
    responses=_doc("timeline"),
    summary="How an actor's relationship with another changed over time, in order",
)
async def get_timeline(
    svc: Queries,
    actor_id: ActorId,
    with_: Annotated[
        str | None, Query(alias="with", description="the other actor's id", max_length=120, examples=["al-nusra-front"])
    ] = None,
    kind: KindQ = None,
) -> s.Timeline:
    return await svc.timeline(actor_id, with_, kind or list(ClaimKind))


@router.get(
    "/relationships",
    tags=["relationships"],
    response_model=s.RelationshipPage,
    responses=_doc("relationships"),
    summary="Who fought (allied with, defected to...) whom, when, and on whose word",
)
async def list_relationships(
    svc: Queries, flt: Filter, limit: LimitQ = None, cursor: CursorQ = None
) -> s.RelationshipPage:
    return await svc.relationships(flt, limit, cursor)


@router.get(
    "/relationships/{claim_id}",
    tags=["relationships"],
    response_model=s.RelationshipDetail,
    responses=_doc("relationship"),
    summary="One claim with all its citations and the events that evidence it",
)
async def get_relationship(
    svc: Queries, claim_id: Annotated[str, Path(max_length=120, examples=["is-nusra-hostility-deir-ezzor-2014-07"])]
) -> s.RelationshipDetail:
    return await svc.relationship_detail(claim_id)


@router.get(
    "/graph",
    tags=["graph"],
    response_model=s.GraphSlice,
    responses=_doc("graph"),
    summary="A time slice as nodes and links, ready to draw",
)
async def get_graph(
    svc: Queries,
    flt: Filter,
    at: Annotated[
        str | None,
        Query(
            description="one day, month or year (`2014-08-15`); instead of `during`",
            max_length=40,
            examples=["2014-08-15"],
        ),
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, description="most links (claims): default and maximum API_MAX_LIMIT")
    ] = None,
) -> s.GraphSlice:
    if at is not None:
        if flt.window is not None:
            raise bad_request("give either at or during, not both", "at")
        flt = replace(flt, window=window_from(at, "at"))
    return await svc.graph(flt, limit)


@router.get(
    "/paths",
    tags=["graph"],
    response_model=s.Paths,
    response_model_by_alias=True,
    responses=_doc("paths"),
    summary="Shortest paths between two actors over relationships valid in the window",
)
async def get_paths(
    svc: Queries,
    flt: EdgeFilter,
    from_: Annotated[str, Query(alias="from", description="actor id", max_length=120, examples=["islamic-front"])],
    to: Annotated[str, Query(description="actor id", max_length=120, examples=["syrian-army"])],
    max_length: Annotated[int, Query(description="most steps, 1..6")] = 4,
    limit: Annotated[int, Query(ge=1, le=50, description="most paths")] = 10,
) -> s.Paths:
    return await svc.paths(from_, to, flt, max_length, limit)


@router.get(
    "/sources",
    tags=["sources"],
    response_model=s.SourcePage,
    responses=_doc("sources"),
    summary="Sources: articles, tweets, agency reports, broadcasts, videos, datasets",
)
async def list_sources(
    svc: Queries, kind: Annotated[SourceKind | None, Query()] = None, limit: LimitQ = None, cursor: CursorQ = None
) -> s.SourcePage:
    return await svc.sources(kind.value if kind else None, limit, cursor)


@router.get(
    "/sources/{source_id}",
    tags=["sources"],
    response_model=s.SourceDetail,
    responses=_doc("source"),
    summary="A source and every claim it backs",
)
async def get_source(
    svc: Queries, source_id: Annotated[str, Path(max_length=120, examples=["mee-2014-08-18-aleppo"])]
) -> s.SourceDetail:
    return await svc.source(source_id)
