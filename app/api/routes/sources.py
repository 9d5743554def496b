"""Sources: what the claims cite."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from app.api.deps import ReadServiceDep
from app.api.examples import documented
from app.api.params import CursorQ, Limit, next_skip, skip_from
from app.api.schemas import ModelResponse, SourcePage
from app.domain.model import SourceKind
from app.domain.views import SourceDetail

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get(
    "",
    response_model=SourcePage,
    responses=documented("sources"),
    summary="Sources: articles, tweets, agency reports, broadcasts, videos, datasets",
)
async def list_sources(
    svc: ReadServiceDep, limit: Limit, kind: Annotated[SourceKind | None, Query()] = None, cursor: CursorQ = None
) -> Response:
    filters: dict[str, object] = {"kind": kind.value if kind else None}
    skip = skip_from(cursor, filters)
    page = await svc.sources(kind.value if kind else None, skip, limit)
    return ModelResponse(SourcePage(items=page.items, next_cursor=next_skip(skip, limit, page.more, filters)))


@router.get(
    "/{source_id}",
    response_model=SourceDetail,
    responses=documented("source"),
    summary="A source and every claim it backs",
)
async def get_source(
    svc: ReadServiceDep, source_id: Annotated[str, Path(max_length=120, examples=["mee-2014-08-18-aleppo"])]
) -> Response:
    return ModelResponse(await svc.source(source_id))
