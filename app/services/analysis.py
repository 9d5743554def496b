"""Analysis no other tool gives: camps, balance, brokers and turning points over time, computed from the
claims of a time slice (the same selection as GET /relationships) with the pure algorithms of
app/domain/signed.py. Methods and limits: docs/analysis.md."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import networkx as nx

from app.domain import signed
from app.domain.analysis import (
    BalanceSeries,
    BalanceStep,
    BrokerOut,
    Brokers,
    Camp,
    Camps,
    ClaimMark,
    SignedTie,
    SliceInfo,
    Stability,
    Triad,
    TurningPoint,
    TurningPoints,
)
from app.domain.errors import InvalidInput
from app.domain.model import ClaimKind
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import Window
from app.domain.views import ActorRef
from app.repository.reader import GraphReader, SliceRead
from app.services.reading import ReadService

MAX_CLAIMS = 2000  # signed claims read per slice (the earliest starts first)
MAX_STEPS = 120  # steps of a balance series
MAX_TURNING_CLAIMS = 1000  # claims of one actor read for its turning points
MAX_UNBALANCED = 100


@dataclass(frozen=True)
class Slice:
    graph: nx.Graph[str]
    actors: dict[str, ActorRef]
    info: SliceInfo


def _slice(read: SliceRead) -> Slice:
    ties: list[signed.Tie] = []
    actors: dict[str, ActorRef] = {}
    for claim in read.claims:
        weight = signed.claim_weight(claim.confidence, claim.events)
        found = signed.ties_of(claim.id, claim.kind, [(p.role, p.actor.id) for p in claim.parties], weight)
        for party in claim.parties if found else []:
            actors[party.actor.id] = party.actor
        ties.extend(found)
    graph = signed.signed_graph(ties)
    info = SliceInfo(claims=len(read.claims), actors=graph.number_of_nodes(), capped=read.capped, max_claims=MAX_CLAIMS)
    return Slice(graph, actors, info)


def _month_before(day: date) -> Window:
    end = day.replace(day=1) - timedelta(days=1)
    return Window(end.replace(day=1), end, f"{end:%Y-%m}")


def _month_after(day: date) -> Window:
    start = day.replace(day=calendar.monthrange(day.year, day.month)[1]) + timedelta(days=1)
    return Window(start, start.replace(day=calendar.monthrange(start.year, start.month)[1]), f"{start:%Y-%m}")


def steps(start: date, end: date, step: str) -> list[Window]:
    """Calendar months or years from the one holding `start` to the one holding `end`."""
    out = []
    if step == "year":
        for year in range(start.year, end.year + 1):
            out.append(Window(date(year, 1, 1), date(year, 12, 31), str(year)))
        return out
    first = start.replace(day=1)
    while first <= end:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        out.append(Window(first, last, f"{first:%Y-%m}"))
        first = last + timedelta(days=1)
    return out


class AnalysisService:
    def __init__(self, reader: GraphReader) -> None:
        self.reader = reader
        self.reading = ReadService(reader)

    async def _slices(
        self, flt: ClaimFilter, windows: Sequence[Window | None], cooperation: bool = True
    ) -> list[Slice]:
        kinds = signed.signed_kinds(cooperation)
        pages = [ClaimPage(replace(flt, kinds=kinds, window=w), MAX_CLAIMS) for w in windows]
        return [_slice(read) for read in await self.reader.claim_slices(pages)]

    def _ties(self, s: Slice, frustrated: Sequence[signed.Frustrated]) -> list[SignedTie]:
        return [
            SignedTie(
                actors=[s.actors[f.a], s.actors[f.b]],
                sign=1 if f.sign > 0 else -1,
                weight=round(f.weight, 6),
                claims=f.claims,
            )
            for f in frustrated
        ]

    async def camps(self, flt: ClaimFilter, cooperation: bool = True) -> Camps:
        """The partition of the slice's actors of least frustration, each camp with the ties that break it
        and its stability against the month before and the month after the window. `cooperation`: fought-
        together claims count as positive ties (False: alliances and affiliations only)."""
        if flt.window is None:
            raise InvalidInput("during: give a window (or at) for the camps, such as during=2014-08", field="during")
        here, before, after = await self._slices(
            flt, [flt.window, _month_before(flt.window.start), _month_after(flt.window.end)], cooperation
        )
        parts = signed.partition(here.graph)
        camp_of = parts.assignment()
        prev_of = signed.partition(before.graph).assignment()
        next_of = signed.partition(after.graph).assignment()
        broken = signed.frustrated_ties(here.graph, camp_of)
        camps = []
        for i, members in enumerate(parts.camps):
            inside = set(members)
            prev_share, prev_pairs = signed.stability(members, camp_of, prev_of)
            next_share, next_pairs = signed.stability(members, camp_of, next_of)
            camps.append(
                Camp(
                    id=i + 1,
                    members=[here.actors[m] for m in members],
                    frustrated=self._ties(here, [f for f in broken if f.a in inside or f.b in inside]),
                    stability=Stability(
                        previous=_round(prev_share),
                        next=_round(next_share),
                        pairs_previous=prev_pairs,
                        pairs_next=next_pairs,
                    ),
                )
            )
        total = sum(d["pos"] + d["neg"] for _, _, d in here.graph.edges(data=True))
        return Camps(
            method=parts.method,
            frustration=round(parts.frustration, 6),
            total_weight=round(total, 6),
            camps=camps,
            slice=here.info,
            previous="capped" if before.info.capped else "ok",
            next="capped" if after.info.capped else "ok",
        )

    async def brokers(self, flt: ClaimFilter, cooperation: bool = True) -> Brokers:
        if flt.window is None:
            raise InvalidInput("during: give a window (or at) for the brokers, such as during=2014-08", field="during")
        [here] = await self._slices(flt, [flt.window], cooperation)
        parts = signed.partition(here.graph)
        found = [
            BrokerOut(
                actor=here.actors[b.actor],
                camps=[b.camps[0] + 1, b.camps[1] + 1],
                allies=[[here.actors[a] for a in side] for side in b.allies],
                alliance_claims=b.alliance_claims,
                hostility_claims=b.hostility_claims,
            )
            for b in signed.brokers(here.graph, parts)
        ]
        return Brokers(camps=[[here.actors[m] for m in camp] for camp in parts.camps], brokers=found, slice=here.info)

    async def balance(
        self, flt: ClaimFilter, start: date, end: date, step: str, cooperation: bool = True
    ) -> BalanceSeries:
        if end < start:
            raise InvalidInput("to: the series ends before it starts; swap from and to", field="to")
        windows = steps(start, end, step)
        if len(windows) > MAX_STEPS:
            raise InvalidInput(
                f"to: {len(windows)} {step}s asked, at most {MAX_STEPS}: shorten the range or use step=year",
                field="to",
            )
        slices = await self._slices(flt, windows, cooperation)
        out, last_unbalanced = [], []
        for window, s in zip(windows, slices, strict=True):
            found = signed.balance(s.graph)
            n = len(found.triangles)
            out.append(
                BalanceStep(
                    window=window.text,
                    start=window.start,
                    end=window.end,
                    actors=s.info.actors,
                    claims=s.info.claims,
                    capped=s.info.capped,
                    triangles=n,
                    undetermined=found.undetermined,
                    balanced=found.balanced,
                    weakly_balanced=found.weakly_balanced,
                    share=_round(found.balanced / n) if n else None,
                    weak_share=_round(found.weakly_balanced / n) if n else None,
                )
            )
            last_unbalanced = [
                Triad(
                    actors=[s.actors[a] for a in t.actors],
                    signs=list(t.signs),
                    claims=list(t.claims),
                    balanced=t.balanced,
                    weakly_balanced=t.weakly_balanced,
                )
                for t in found.triangles
                if not t.balanced
            ][:MAX_UNBALANCED]
        return BalanceSeries(
            step="year" if step == "year" else "month", steps=out, unbalanced=last_unbalanced, max_claims=MAX_CLAIMS
        )

    async def turning_points(self, actor_id: str, cooperation: bool = True) -> TurningPoints:
        actor = await self.reading.actor(actor_id)
        kinds = [*signed.signed_kinds(cooperation), ClaimKind.DEFECTION]
        claims = (await self.reader.timeline(actor_id, None, kinds, MAX_TURNING_CLAIMS + 1)).items
        capped = len(claims) > MAX_TURNING_CLAIMS
        claims = claims[:MAX_TURNING_CLAIMS]
        refs = {p.actor.id: p.actor for c in claims for p in c.parties}
        kind_of = {c.id: c.kind for c in claims}
        timed = [
            signed.TimedClaim(
                c.id, c.kind, [(p.role, p.actor.id) for p in c.parties], c.valid.start.latest, c.valid.end.earliest
            )
            for c in claims
        ]

        def marks(ids: Sequence[str]) -> list[ClaimMark]:
            return [ClaimMark(id=i, kind=kind_of[i]) for i in ids]

        items = [
            TurningPoint(
                other=refs[t.other],
                change=t.change,
                date=t.date,
                since=t.since,
                before=marks(t.before),
                after=marks(t.after),
                defection={role: refs[a] for role, a in t.defection.items()} if t.defection else None,
            )
            for t in signed.turning_points(actor_id, timed)
        ]
        return TurningPoints(
            actor=ActorRef(id=actor.id, name=actor.name, kind=actor.kind),
            items=items,
            claims_read=len(claims),
            capped=capped,
        )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
