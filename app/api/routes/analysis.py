"""Analysis over time: camps, balance, brokers of a time slice, and an actor's turning points
(app/services/analysis.py; methods and limits in docs/analysis.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from app.api.deps import AnalysisServiceDep
from app.api.examples import documented
from app.api.params import MinConfidenceQ, ModeQ, SliceFilter, StaleAfterQ, StatusQ, edge_conditions, window
from app.api.schemas import BalanceOut, BrokersOut, CampsOut, ModelResponse, WindowOut
from app.domain.analysis import TurningPoints

router = APIRouter(tags=["analysis"])

CooperationQ = Annotated[
    bool,
    Query(
        description="count `cooperation` claims (fought on the same side, without a declared alliance) as positive "
        "ties; `false`: only declared alliances and affiliations are (docs/analysis.md)"
    ),
]
PointQ = Annotated[str, Query(description="`YYYY`, `YYYY-MM` or `YYYY-MM-DD`", max_length=40, examples=["2014"])]


@router.get(
    "/analysis/camps",
    response_model=CampsOut,
    responses=documented("camps"),
    summary="Camps of a time slice: the partition of least frustration of the signed graph, with what breaks it",
)
async def get_camps(svc: AnalysisServiceDep, flt: SliceFilter, include_cooperation: CooperationQ = True) -> Response:
    found = await svc.camps(flt, include_cooperation)
    return ModelResponse(CampsOut(**dict(found), window=WindowOut.of(flt.window, flt.mode)))


@router.get(
    "/analysis/brokers",
    response_model=BrokersOut,
    responses=documented("brokers"),
    summary="Actors allied with two camps that fight each other",
)
async def get_brokers(svc: AnalysisServiceDep, flt: SliceFilter, include_cooperation: CooperationQ = True) -> Response:
    found = await svc.brokers(flt, include_cooperation)
    return ModelResponse(BrokersOut(**dict(found), window=WindowOut.of(flt.window, flt.mode)))


@router.get(
    "/analysis/balance",
    response_model=BalanceOut,
    responses=documented("balance"),
    summary="Share of balanced signed triangles per month or year, with the latest step's unbalanced triangles",
)
async def get_balance(
    svc: AnalysisServiceDep,
    from_: Annotated[str, Query(alias="from", description="first month or year (`2012`, `2014-08`)", max_length=40)],
    to: PointQ,
    step: Annotated[Literal["month", "year"], Query(description="calendar months or years")] = "month",
    mode: ModeQ = "possibly",
    status: StatusQ = None,
    min_confidence: MinConfidenceQ = 0.0,
    include_cooperation: CooperationQ = True,
    stale_after: StaleAfterQ = None,
) -> Response:
    first, last = window(from_, "from"), window(to, "to")
    if first is None or last is None:  # both are required: FastAPI refused the request already
        raise RuntimeError("from and to are required")
    flt = edge_conditions(None, None, mode, status, min_confidence)
    flt = replace(flt, stale_after=stale_after)
    found = await svc.balance(flt, first.start, last.end, step, include_cooperation)
    return ModelResponse(BalanceOut(**dict(found), mode=mode))


@router.get(
    "/actors/{actor_id}/turning-points",
    response_model=TurningPoints,
    responses=documented("turning_points"),
    summary="When an actor's relation with each other actor changed sign (ally to enemy, enemy to ally); "
    "its defections",
    tags=["actors"],
)
async def get_turning_points(
    svc: AnalysisServiceDep,
    actor_id: Annotated[str, Path(description="actor id (a slug)", max_length=120, examples=["al-nusra-front"])],
    include_cooperation: CooperationQ = True,
) -> Response:
    return ModelResponse(await svc.turning_points(actor_id, include_cooperation))
