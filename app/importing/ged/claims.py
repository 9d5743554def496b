"""Claims derived from UCDP GED events, one per pair of actors and calendar month: hostility between the
two sides of an event, cooperation (fought on the same side) between the groups of one coalition side.

Both kinds are bucketed, dated, counted and cited the same way (`_monthly_claims`, by the rule of
app/importing/monthly.py that the ACLED import shares); only the pairs each event gives (`_opposed`,
`_together`) and the words of the citation differ (`_Derivation`). Each claim is the app's input model
(app/domain/inputs.py ClaimInput, in a DerivedClaim with its origin), validated like any other."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from app.domain.inputs import CitationInput, ClaimInput, DerivedClaim, Origin
from app.domain.model import ClaimKind, Status
from app.importing.ged.codebook import CONFIDENCE, STATUS, VIOLENCE_LABEL
from app.importing.ged.events import dataset_source_id, event_id
from app.importing.ged.reader import GedRow
from app.importing.ids import bounded_id
from app.importing.monthly import by_pair_and_period, events_quote, span_valid

# (actor id, actor id, the coalition sides, as UCDP writes them, that the pair's event was fought in)
Pairs = Callable[[GedRow, dict[str, str]], Iterator[tuple[str, str, tuple[str, ...]]]]


@dataclass(frozen=True)
class _Derivation:
    kind: ClaimKind
    pairs: Pairs
    what: str  # what each event says of the pair, for the citation's note


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
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, deaths_known: bool, file: str = ""
) -> list[DerivedClaim]:
    """Hostility claims between the members of side A and side B of state-based (1) and non-state (2) rows,
    one per pair of actors and period (app/importing/monthly.py `period_of`), evidenced by their events and
    citing the release."""
    return _monthly_claims(HOSTILITY, rows, actor_of, release, deaths_known, file)


def cooperation_claims(
    rows: Iterable[GedRow], actor_of: dict[str, str], release: str, deaths_known: bool, file: str = ""
) -> list[DerivedClaim]:
    """Cooperation claims (fought on the same side) between each two members of one coalition side of
    state-based (1) and non-state (2) rows, one per pair of actors and period, as the hostility claims."""
    return _monthly_claims(COOPERATION, rows, actor_of, release, deaths_known, file)


def _monthly_claims(
    how: _Derivation, rows: Iterable[GedRow], actor_of: dict[str, str], release: str, deaths_known: bool, file: str
) -> list[DerivedClaim]:
    """One claim per pair of actors and period, from state-based and non-state rows (one-sided violence
    gives none): each event counts once per pair; never an actor with itself."""
    buckets = by_pair_and_period(
        (r for r in rows if r.violence != 3),
        lambda row: ((how.kind, a, b, coalitions) for a, b, coalitions in how.pairs(row, actor_of)),
    )
    source = dataset_source_id(release)
    claims = []
    for (kind, period, a, b), bucket in sorted(buckets.items(), key=lambda kv: kv[0][1:]):
        dyads = "; ".join(dict.fromkeys(f"{r.side_a} - {r.side_b}" for r in bucket.events))
        events = sorted(bucket.events, key=lambda r: (r.start, r.ged_id))
        ids = [str(r.ged_id) for r in events]
        kinds = sorted({r.violence for r in events})
        sums = {
            which: (sum(r.deaths(which) or 0 for r in events) if deaths_known else None)
            for which in ("low", "best", "high")
        }
        claim = ClaimInput(
            id=bounded_id(f"ged-{kind.value}-{period}", f"{a}--{b}"),
            kind=kind,
            parties={"side": [a, b]},
            valid=span_valid(events, "UCDP GED", undated_ends=not all(r.end_given for r in events)),
            status=Status(STATUS),
            confidence=CONFIDENCE,
            citations=[
                CitationInput(
                    source=source,
                    quote=events_quote(ids, f" ({dyads})"),
                    note=(
                        f"UCDP GED {release}, type_of_violence {', '.join(map(str, kinds))} "
                        f"({', '.join(VIOLENCE_LABEL[k] for k in kinds)}); {len(ids)} event(s) of "
                        f"{period} in which {how.what}, aggregated by the importer by pair of actors and "
                        "calendar month"
                    ),
                )
            ],
            evidence=[event_id(r.ged_id) for r in events],
        )
        properties = {
            "events": len(events),
            "deaths_low": sums["low"],
            "deaths_best": sums["best"],
            "deaths_high": sums["high"],
            "coalitions": sorted(bucket.tags),
            "ged_release": release,
            "ged_period": period,
        }
        claims.append(DerivedClaim(claim, Origin(file), properties))
    return claims
