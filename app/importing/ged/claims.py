"""Claims derived from UCDP GED events, one per pair of actors and calendar month: hostility between the
two sides of an event, cooperation (fought on the same side) between the groups of one coalition side.

Both kinds are bucketed, dated, counted and cited the same way (`_monthly_claims`); only the pairs each
event gives (`_opposed`, `_together`) and the words of the citation differ (`_Derivation`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from app.domain.model import ClaimKind
from app.domain.timebounds import Precision, ValidTime
from app.importing.ged.codebook import CONFIDENCE, ORIGIN, STATUS, VIOLENCE_LABEL
from app.importing.ged.events import _precision, dataset_source_id, event_id
from app.importing.ged.reader import GedRow
from app.importing.ids import bounded_id
from app.seeding.rows import Row, claim_row

# (actor id, actor id, the coalition sides, as UCDP writes them, that the pair's event was fought in)
Pairs = Callable[[GedRow, dict[str, str]], Iterator[tuple[str, str, tuple[str, ...]]]]


@dataclass
class _Bucket:
    events: list[GedRow] = field(default_factory=list)
    dyads: dict[str, None] = field(default_factory=dict)
    coalitions: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Derivation:
    kind: ClaimKind
    pairs: Pairs
    what: str  # what each event says of the pair, for the citation's note


def period_of(row: GedRow) -> str:
    """A month `2016-08` when the event's dates lie within one calendar month; otherwise its own span
    `2016-07-31-to-2016-08-02`, so that a claim never covers a month its events cannot fall in."""
    if (row.start.year, row.start.month) == (row.end.year, row.end.month):
        return f"{row.start.year:04d}-{row.start.month:02d}"
    return f"{row.start.isoformat()}-to-{row.end.isoformat()}"


def _actors(members: tuple[str, ...], actor_of: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(actor_of[m] for m in members))


def _coalitions(*sides: tuple[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(text for text, members in sides if len(members) > 1)


def _opposed(row: GedRow, actor_of: dict[str, str]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Each member of side A with each member of side B."""
    coalitions = _coalitions((row.side_a, row.members_a), (row.side_b, row.members_b))
    for a in _actors(row.members_a, actor_of):
        for b in _actors(row.members_b, actor_of):
            yield a, b, coalitions


def _together(row: GedRow, actor_of: dict[str, str]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Each two members of one coalition side (the side's text is the coalition)."""
    for text, members in ((row.side_a, row.members_a), (row.side_b, row.members_b)):
        for a, b in combinations(_actors(members, actor_of), 2):
            yield a, b, (text,)


HOSTILITY = _Derivation(ClaimKind.HOSTILITY, _opposed, "the pair fought on opposite sides")
COOPERATION = _Derivation(ClaimKind.COOPERATION, _together, "UCDP names both within one side (a coalition)")


def hostility_claims(
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, recorded_at: datetime, deaths_known: bool
) -> list[Row]:
    """Hostility claims between the members of side A and side B of state-based (1) and non-state (2) rows,
    one per pair of actors and period (`period_of`), evidenced by their events and citing the release."""
    return _monthly_claims(HOSTILITY, rows, actor_of, release, recorded_at, deaths_known)


def cooperation_claims(
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, recorded_at: datetime, deaths_known: bool
) -> list[Row]:
    """Cooperation claims (fought on the same side) between each two members of one coalition side of
    state-based (1) and non-state (2) rows, one per pair of actors and period, as the hostility claims."""
    return _monthly_claims(COOPERATION, rows, actor_of, release, recorded_at, deaths_known)


def _monthly_claims(
    how: _Derivation,
    rows: Iterable[GedRow],
    actor_of: dict[str, str],
    release: str,
    recorded_at: datetime,
    deaths_known: bool,
) -> list[Row]:
    """One claim per pair of actors and period, from state-based and non-state rows (one-sided violence
    gives none): each event counts once per pair; never an actor with itself."""
    buckets: dict[tuple[str, str, str], _Bucket] = defaultdict(_Bucket)
    for row in rows:
        if row.violence == 3:
            continue
        period = period_of(row)
        seen: set[tuple[str, str]] = set()
        for a, b, coalitions in how.pairs(row, actor_of):
            if a == b:
                continue
            first, second = sorted((a, b))
            bucket = buckets[(period, first, second)]
            if (first, second) not in seen:
                seen.add((first, second))
                bucket.events.append(row)
                bucket.dyads[f"{row.side_a} - {row.side_b}"] = None
            bucket.coalitions.update(coalitions)
    source = dataset_source_id(release)
    claims = []
    for (period, a, b), bucket in sorted(buckets.items()):
        events = sorted(bucket.events, key=lambda r: (r.start, r.ged_id))
        ids = [str(r.ged_id) for r in events]
        kinds = sorted({r.violence for r in events})
        sums = {
            which: (sum(r.deaths(which) or 0 for r in events) if deaths_known else None)
            for which in ("low", "best", "high")
        }
        dyads = "; ".join(bucket.dyads)
        claims.append(
            claim_row(
                claim_id=bounded_id(f"ged-{how.kind.value}-{period}", f"{a}--{b}"),
                kind=how.kind,
                parties=[("side", a), ("side", b)],
                valid=_claim_valid(events),
                status=STATUS,
                confidence=CONFIDENCE,
                citations=[
                    {
                        "source": source,
                        "quote": f"events {', '.join(ids)} ({dyads})",
                        "stance": "supports",
                        "note": (
                            f"UCDP GED {release}, type_of_violence {', '.join(map(str, kinds))} "
                            f"({', '.join(VIOLENCE_LABEL[k] for k in kinds)}); {len(ids)} event(s) of "
                            f"{period} in which {how.what}, aggregated by the importer by pair of actors and "
                            "calendar month"
                        ),
                        "position": 0,
                    }
                ],
                recorded_at=recorded_at,
                origin=ORIGIN,
                evidence=[event_id(r.ged_id) for r in events],
                extra={
                    "events": len(events),
                    "deaths_low": sums["low"],
                    "deaths_best": sums["best"],
                    "deaths_high": sums["high"],
                    "coalitions": sorted(bucket.coalitions),
                    "ged_release": release,
                    "ged_period": period,
                },
            )
        )
    return claims


def _claim_valid(events: list[GedRow]) -> ValidTime:
    """Began at the first event (between the earliest start and the earliest end of any event), ended at
    the last (between the latest start and the latest end). Approximate when a bound is a span of days, or
    when the file gave no end date (an event of several days then stands as its first day)."""
    from_lo = min(r.start for r in events)
    from_hi = min(r.end for r in events)
    to_lo = max(r.start for r in events)
    to_hi = max(r.end for r in events)
    from_p = _precision(from_lo, from_hi)
    to_p = _precision(to_lo, to_hi)
    n = len(events)
    text = f"{n} UCDP GED event{'s' if n != 1 else ''} between {from_lo} and {to_hi}"
    undated_ends = not all(r.end_given for r in events)
    if undated_ends:
        text += " (their first days: the file gives no end dates)"
    return ValidTime(
        from_lo=from_lo,
        from_hi=from_hi,
        to_lo=to_lo,
        to_hi=to_hi,
        from_precision=from_p,
        to_precision=to_p,
        open_ended=False,
        approximate=Precision.RANGE in (from_p, to_p) or undated_ends,
        text=text,
    )
