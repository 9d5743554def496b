"""Actors: search by any name, one actor, its relationships, its timeline with another."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.api import cursors
from app.api.deps import ReadServiceDep
from app.api.errors import invalid
from app.api.examples import documented
from app.api.params import ClaimPageDep, CursorQ, KindQ, Limit, ResolveQ, next_skip, skip_from
from app.api.schemas import (
    ActorPage,
    ActorRelationships,
    DocumentResponse,
    ModelResponse,
    Timeline,
    WindowOut,
    window_json,
)
from app.domain.model import RELATIONSHIP_KINDS, ActorKind
from app.domain.text import search_key
from app.domain.views import Actor, ActorNames
from app.services.identity import IdentityService

router = APIRouter(prefix="/actors", tags=["actors"])

ActorId = Annotated[str, Path(description="actor id (a slug)", max_length=120, examples=["islamic-state"])]


@router.get(
    "",
    response_model=ActorPage,
    responses=documented("actors"),
    summary="Find actors by name or alias (case- and diacritic-insensitive)",
)
async def list_actors(
    svc: ReadServiceDep,
    limit: Limit,
    q: Annotated[
        str | None,
        Query(
            description="name or alias, e.g. `ISIS`, `Daesh`, `Assad regime` (at least one letter or digit)",
            max_length=200,
            examples=["ISIS"],
        ),
    ] = None,
    kind: Annotated[ActorKind | None, Query()] = None,
    cursor: CursorQ = None,
) -> Response:
    key = search_key(q) if q is not None else None
    if q is not None and not key:
        raise invalid("q", "give letters or digits to search names and aliases", q)
    filters: dict[str, object] = {"q": key, "kind": kind.value if kind else None}
    skip = skip_from(cursor, filters)
    page = await svc.actors(key, kind.value if kind else None, skip, limit)
    return ModelResponse(ActorPage(items=page.items, next_cursor=next_skip(skip, limit, page.more, filters)))


@router.get("/{actor_id}", response_model=Actor, responses=documented("actor"), summary="One actor")
async def get_actor(svc: ReadServiceDep, actor_id: ActorId) -> Response:
    actor = await svc.actor(actor_id)
    return ModelResponse(actor, headers={"ETag": f'"{actor.revision}"'})  # If-Match of PATCH /actors/{id}


@router.get(
    "/{actor_id}/names",
    response_model=ActorNames,
    responses=documented("actor_names"),
    summary="One actor's names in order, old to new (renames), as each source gives them",
    description="The renames of an actor, one succession per source: the UCDP Actor Dataset gives each UCDP "
    "actor's original name, then every new name in order, with no dates (`alliance import ucdp-actors`, "
    "docs/ucdp-actors.md). Every former name is also an alias, so `GET /actors?q=` finds it. An actor with no "
    "recorded renames has none (`successions: []`).",
)
async def get_actor_names(svc: ReadServiceDep, actor_id: ActorId) -> Response:
    return ModelResponse(await svc.actor_names(actor_id))


@router.get(
    "/{actor_id}/relationships",
    response_model=ActorRelationships,
    responses=documented("actor_relationships"),
    summary="One actor's allies, enemies, defections and memberships in a window, on whichever side",
)
async def get_actor_relationships(
    svc: ReadServiceDep, actor_id: ActorId, page: ClaimPageDep, resolve: ResolveQ = None
) -> Response:
    flt = page.filter
    if resolve:
        actor, found = await IdentityService(svc).actor_claims(actor_id, page)
        return ModelResponse(
            ActorRelationships(
                actor=actor,
                window=WindowOut.of(flt.window, flt.mode),
                items=found.items,
                next_cursor=cursors.next_claims(found.next, flt),
            )
        )
    actor, docs = await svc.actor_claim_documents(actor_id, page)  # the fast path, as /relationships
    return DocumentResponse(
        {
            "actor": actor.model_dump(mode="json"),
            "window": window_json(flt.window, flt.mode),
            "items": docs.items,
            "next_cursor": cursors.next_claims(docs.next, flt),
        }
    )


@router.get(
    "/{actor_id}/timeline",
    response_model=Timeline,
    responses=documented("timeline"),
    summary="How an actor's relationship with another changed over time, in order",
)
async def get_timeline(
    svc: ReadServiceDep,
    actor_id: ActorId,
    limit: Limit,
    with_: Annotated[
        str | None,
        Query(
            alias="with",
            description="the other actor's id: another than the one in the path (422)",
            max_length=120,
            examples=["al-nusra-front"],
        ),
    ] = None,
    kind: KindQ = None,
    cursor: CursorQ = None,
) -> Response:
    kinds = sorted(kind or RELATIONSHIP_KINDS)
    filters: dict[str, object] = {"timeline": actor_id, "with": with_, "kind": [k.value for k in kinds]}
    skip = skip_from(cursor, filters)
    actor, other, page = await svc.timeline(actor_id, with_, kinds, skip, limit)
    return DocumentResponse(  # the fast path, as /relationships: `Timeline` describes it
        {
            "actor": actor.model_dump(mode="json"),
            "other": None if other is None else other.model_dump(mode="json"),
            "items": page.items,
            "next_cursor": next_skip(skip, limit, page.more, filters),
        }
    )
