"""Hostility claims derived from UCDP GED events: one per pair of actors and calendar month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.model import ClaimKind
from app.domain.timebounds import Precision, ValidTime
from app.importing.ged.codebook import CONFIDENCE, ORIGIN, STATUS, VIOLENCE_LABEL
from app.importing.ged.events import _precision, dataset_source_id, event_id
from app.importing.ged.reader import GedRow
from app.importing.ids import bounded_id, short_hash, slug
from app.seeding.rows import Row, claim_row


@dataclass
class _Bucket:
    events: list[GedRow] = field(default_factory=list)
    dyads: dict[str, None] = field(default_factory=dict)
    coalitions: set[str] = field(default_factory=set)


def period_of(row: GedRow) -> str:
    """A month `2016-08` when the event's dates lie within one calendar month; otherwise its own span
    `2016-07-31-to-2016-08-02`, so that a claim never covers a month its events cannot fall in."""
    if (row.start.year, row.start.month) == (row.end.year, row.end.month):
        return f"{row.start.year:04d}-{row.start.month:02d}"
    return f"{row.start.isoformat()}-to-{row.end.isoformat()}"


def hostility_claims(
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, recorded_at: datetime, deaths_known: bool
) -> list[Row]:
    """Hostility claims between the members of side A and side B of state-based (1) and non-state (2) rows,
    one per pair of actors and period (`period_of`), evidenced by their events and citing the release."""
    buckets: dict[tuple[str, str, str], _Bucket] = defaultdict(_Bucket)
    for row in rows:
        if row.violence == 3:
            continue
        a_ids = dict.fromkeys(actor_of[m] for m in row.members_a)
        b_ids = dict.fromkeys(actor_of[m] for m in row.members_b)
        period = period_of(row)
        for a in a_ids:
            for b in b_ids:
                if a == b:
                    continue
                first, second = sorted((a, b))
                bucket = buckets[(period, first, second)]
                bucket.events.append(row)
                bucket.dyads[f"{row.side_a} - {row.side_b}"] = None
                bucket.coalitions.update(
                    s for s, m in ((row.side_a, row.members_a), (row.side_b, row.members_b)) if len(m) > 1
                )
    source = dataset_source_id(release)
    release_key = slug(release, 40) or short_hash(release)
    claims = []
    for (period, a, b), bucket in sorted(buckets.items()):
        events = sorted(bucket.events, key=lambda r: (r.start, r.ged_id))
        valid = _claim_valid(events)
        ids = [str(r.ged_id) for r in events]
        kinds = sorted({r.violence for r in events})
        sums = {
            which: (sum(r.deaths(which) or 0 for r in events) if deaths_known else None)
            for which in ("low", "best", "high")
        }
        dyads = "; ".join(bucket.dyads)
        claims.append(
            claim_row(
                claim_id=bounded_id(f"ged-{release_key}-{period}", f"{a}--{b}"),
                kind=ClaimKind.HOSTILITY,
                parties=[("side", a), ("side", b)],
                valid=valid,
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
                            f"{period}, aggregated by the importer by pair of actors and calendar month"
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
    the last (between the latest start and the latest end)."""
    from_lo = min(r.start for r in events)
    from_hi = min(r.end for r in events)
    to_lo = max(r.start for r in events)
    to_hi = max(r.end for r in events)
    from_p = _precision(from_lo, from_hi)
    to_p = _precision(to_lo, to_hi)
    n = len(events)
    return ValidTime(
        from_lo=from_lo,
        from_hi=from_hi,
        to_lo=to_lo,
        to_hi=to_hi,
        from_precision=from_p,
        to_precision=to_p,
        open_ended=False,
        approximate=Precision.RANGE in (from_p, to_p),
        text=f"{n} UCDP GED event{'s' if n != 1 else ''} between {from_lo} and {to_hi}",
    )
