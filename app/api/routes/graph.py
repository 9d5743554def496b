"""The graph: a time slice as nodes and links, and paths between two actors."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import ReadServiceDep
from app.api.errors import invalid
from app.api.examples import documented
from app.api.params import AtQ, EdgeFilter, Filter, GraphLimit, window
from app.api.schemas import GraphSlice, Paths, WindowOut

router = APIRouter(tags=["graph"])


@router.get(
    "/graph",
    response_model=GraphSlice,
    responses=documented("graph"),
    summary="A time slice as nodes and links, ready to draw",
)
async def get_graph(svc: ReadServiceDep, flt: Filter, limit: GraphLimit, at: AtQ = None) -> GraphSlice:
    if at is not None:
        if flt.window is not None:
            raise invalid("at", "give either at or during, not both", at)
        flt = replace(flt, window=window(at, "at"))
    found = await svc.graph(flt, limit)
    return GraphSlice(
        window=WindowOut.of(flt.window, flt.mode), nodes=found.nodes, links=found.links, truncated=found.truncated
    )


@router.get(
    "/paths",
    response_model=Paths,
    response_model_by_alias=True,
    responses=documented("paths"),
    summary="Shortest paths between two actors over relationships valid in the window",
)
async def get_paths(
    svc: ReadServiceDep,
    flt: EdgeFilter,
    from_: Annotated[str, Query(alias="from", description="actor id", max_length=120, examples=["islamic-front"])],
    to: Annotated[str, Query(description="actor id", max_length=120, examples=["syrian-army"])],
    max_length: Annotated[int, Query(description="most steps, 1..6")] = 4,
    limit: Annotated[int, Query(ge=1, le=50, description="most paths")] = 10,
) -> Paths:
    start, end, paths = await svc.paths(from_, to, flt, max_length, limit)
    return Paths(start=start, end=end, window=WindowOut.of(flt.window, flt.mode), paths=paths)
