"""Relationships (claims): the defining question, and one claim with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.api import cursors
from app.api.deps import ReadServiceDep
from app.api.examples import documented
from app.api.params import ClaimPageDep, ResolveQ
from app.api.schemas import DocumentResponse, ModelResponse, RelationshipPage, WindowOut, window_json
from app.domain.views import RelationshipDetail
from app.services.identity import IdentityService

router = APIRouter(prefix="/relationships", tags=["relationships"])


@router.get(
    "",
    response_model=RelationshipPage,
    responses=documented("relationships"),
    summary="Who fought (allied with, defected to...) whom, when, and on whose word",
)
async def list_relationships(svc: ReadServiceDep, page: ClaimPageDep, resolve: ResolveQ = None) -> Response:
    flt = page.filter
    if resolve:
        found = await IdentityService(svc).claims(page)
        return ModelResponse(
            RelationshipPage(
                window=WindowOut.of(flt.window, flt.mode),
                items=found.items,
                next_cursor=cursors.next_claims(found.next, flt),
            )
        )
    docs = await svc.claim_documents(page)  # the fast path: the same JSON, without building the models
    return DocumentResponse(
        {
            "window": window_json(flt.window, flt.mode),
            "items": docs.items,
            "next_cursor": cursors.next_claims(docs.next, flt),
        }
    )


@router.get(
    "/{claim_id}",
    response_model=RelationshipDetail,
    responses=documented("relationship"),
    summary="One claim with all its citations and the events that evidence it",
)
async def get_relationship(
    svc: ReadServiceDep,
    claim_id: Annotated[str, Path(max_length=120, examples=["is-nusra-hostility-deir-ezzor-2014-07"])],
) -> Response:
    claim = await svc.claim(claim_id)
    return ModelResponse(claim, headers={"ETag": f'"{claim.revision}"'})  # If-Match of the writes
