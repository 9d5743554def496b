"""Read models of the signed-network analysis (camps, balance, brokers, turning points): what
app/services/analysis.py answers, with every number traceable to claim ids."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from app.domain.model import ClaimKind
from app.domain.views import ActorRef, View


class SignedTie(View):
    actors: list[ActorRef] = Field(description="the two actors, by id")
    sign: Literal[1, -1] = Field(description="1: alliance, cooperation or affiliation; -1: hostility")
    weight: float = Field(description="summed weight of the claims: confidence x (1 + ln events)")
    claims: list[str] = Field(description="ids of the claims behind it (GET /relationships/{id})")


class Stability(View):
    previous: float | None = Field(
        description="share of pairs (a member, any other actor) whose same-camp or other-camp status is the "
        "same in the previous month; null when no pair is in both"
    )
    next: float | None = Field(description="the same for the next month")
    pairs_previous: int
    pairs_next: int


class Camp(View):
    id: int = Field(description="1 = the largest camp")
    members: list[ActorRef]
    frustrated: list[SignedTie] = Field(
        description="what breaks the camp: hostility between members (sign -1) and alliance with actors of "
        "other camps (sign 1)"
    )
    stability: Stability


class SliceInfo(View):
    claims: int = Field(description="signed claims read (alliance, cooperation, affiliation, hostility)")
    actors: int
    capped: bool = Field(description="true when more claims matched than the analysis reads (the earliest are kept)")
    max_claims: int


class Camps(View):
    method: Literal["exact", "local-search"] = Field(
        description="exact: the partition is provably one of least frustration; local-search: a heuristic's best"
    )
    frustration: float = Field(description="hostility inside camps plus alliance across camps, weighted")
    total_weight: float = Field(description="the weight of every tie: frustration / total_weight is the share broken")
    camps: list[Camp]
    slice: SliceInfo
    previous: Literal["capped", "ok"] | None = Field(description="the previous month's slice: capped or not")
    next: Literal["capped", "ok"] | None


class Triad(View):
    actors: list[ActorRef]
    signs: list[int] = Field(description="signs of the pairs (1,2), (1,3), (2,3)")
    claims: list[list[str]] = Field(description="the claims behind each pair's sign, in the same order")
    balanced: bool
    weakly_balanced: bool


class BalanceStep(View):
    window: str
    start: dt.date
    end: dt.date
    actors: int
    claims: int
    capped: bool
    triangles: int = Field(description="triangles of actors tied pairwise (pairs whose signs cancel left out)")
    undetermined: int = Field(description="triangles left out: a pair's alliance and hostility weigh the same")
    balanced: int = Field(description="+++ or +-- (Cartwright & Harary)")
    weakly_balanced: int = Field(description="also --- (Davis): three mutual enemies")
    share: float | None = Field(description="balanced / triangles; null without triangles")
    weak_share: float | None


class BalanceSeries(View):
    step: Literal["month", "year"]
    steps: list[BalanceStep]
    unbalanced: list[Triad] = Field(description="the latest step's unbalanced triangles (at most 100)")
    max_claims: int


class BrokerOut(View):
    actor: ActorRef
    camps: list[int] = Field(description="the two camps it is allied with (ids as in camps)")
    allies: list[list[ActorRef]] = Field(description="its allies in each camp, who fight the allies in the other")
    alliance_claims: list[str] = Field(
        description="the positive claims (alliance, cooperation, affiliation) tying it to those allies"
    )
    hostility_claims: list[str] = Field(description="claims of the fighting between those allies (at most 20)")


class Brokers(View):
    camps: list[list[ActorRef]] = Field(description="the partition the brokers are read against (as /analysis/camps)")
    brokers: list[BrokerOut]
    slice: SliceInfo


class ClaimMark(View):
    id: str
    kind: ClaimKind


class TurningPoint(View):
    other: ActorRef
    change: Literal["ally_to_enemy", "enemy_to_ally", "defection"]
    date: dt.date = Field(description="the latest the new relation can have begun (its first claim's latest start)")
    since: dt.date | None = Field(
        description="the earliest the old relation can have ended (its last claim's earliest end); null for a defection"
    )
    before: list[ClaimMark] = Field(description="the claims of the relation before the change")
    after: list[ClaimMark] = Field(description="the claims of the relation after it (the defection claim)")
    defection: dict[str, ActorRef] | None = Field(description="for a defection: defector, from, to")


class TurningPoints(View):
    actor: ActorRef
    items: list[TurningPoint]
    claims_read: int
    capped: bool
