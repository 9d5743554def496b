"""A seeded synthetic data set in the project's own model: N actors, M claims over 1990-2025.

The mix is meant to look like curated conflict data: mostly hostility, short claims known to the day or
the month, some to the year, spans of possible dates, open-ended claims ("still fighting as of the
source"), unknown starts, every status, 1-3 citations each from a pool of sources. Entries are written in
the seed's own vocabulary (`kind`, `parties`, `valid: {from, to}`, `status`, `confidence`, `citations`),
so they validate with the seed's models and load through the project's write path.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

FIRST_YEAR, LAST_YEAR = 1990, 2025
SOURCE_DATE = date(2025, 12, 31)  # "open" ends are vouched for until the source's date

KINDS = [  # (kind, roles, weight)
    ("hostility", None, 70),
    ("alliance", None, 15),
    ("defection", ("defector", "from", "to"), 5),
    ("affiliation", ("affiliate", "parent"), 4),
    ("membership", ("member", "group"), 4),
    ("split", ("splinter", "parent"), 2),
]
STATUSES = [("reported", 60), ("confirmed", 15), ("claimed", 10), ("alleged", 10), ("disputed", 4), ("retracted", 1)]


@dataclass(frozen=True)
class Sizes:
    actors: int
    claims: int

    @property
    def sources(self) -> int:
        return max(10, self.claims // 20)


def actor_id(n: int) -> str:
    return f"syn-actor-{n:05d}"


def source_id(n: int) -> str:
    return f"syn-source-{n:06d}"


def actors(sizes: Sizes) -> list[dict[str, Any]]:
    return [
        {
            "id": actor_id(n),
            "name": f"Synthetic group {n}",
            "kind": "armed_group" if n % 10 else "state_armed_force",
            "description": "A synthetic actor for benchmarks.",
            "aliases": [f"SG{n}"],
        }
        for n in range(sizes.actors)
    ]


def sources(sizes: Sizes) -> list[dict[str, Any]]:
    return [
        {
            "id": source_id(n),
            "kind": "news_article",
            "title": f"Synthetic report {n}",
            "publisher": "Benchmark Wire",
            "published": "2020-01-01",
        }
        for n in range(sizes.sources)
    ]


def _day(rng: random.Random) -> date:
    start = date(FIRST_YEAR, 1, 1).toordinal()
    return date.fromordinal(rng.randint(start, date(LAST_YEAR, 12, 31).toordinal()))


def _valid(rng: random.Random) -> dict[str, str]:
    """A time range as an analyst writes it, in the mix described above."""
    d = _day(rng)
    roll = rng.random()
    if roll < 0.45:  # a day, or a few days to a few weeks
        end = min(d + timedelta(days=rng.choice([0, 0, 1, 3, 7, 14, 30])), date(LAST_YEAR, 12, 31))
        return {"from": d.isoformat(), "to": end.isoformat()}
    if roll < 0.70:  # a month
        return {"from": f"{d.year}-{d.month:02d}"}
    if roll < 0.80:  # a year
        return {"from": f"{d.year}"}
    if roll < 0.88:  # a span of months, known to the month
        months = rng.randint(2, 18)
        end_month = d.month - 1 + months
        end = min(date(d.year + end_month // 12, end_month % 12 + 1, 1), date(LAST_YEAR, 12, 1))
        return {"from": f"{d.year}-{d.month:02d}", "to": f"{end.year}-{end.month:02d}"}
    if roll < 0.93:  # "last week": a span of possible days for the start
        last = d + timedelta(days=6)
        return {"from": f"{d.isoformat()}..{last.isoformat()}"}
    if roll < 0.98:  # since then, still going as of the source
        return {"from": f"{d.year}-{d.month:02d}", "to": "open"}
    # unknown start, known end
    _, days = calendar.monthrange(d.year, d.month)
    return {"from": f"..{d.year}-{d.month:02d}-{days:02d}", "to": f"{d.year}-{d.month:02d}"}


def claims(sizes: Sizes, seed: int = 20141808) -> Iterator[dict[str, Any]]:
    """M claims, deterministic for a given seed (ids syn-claim-0000000...)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    kinds = [k for k, _, _ in KINDS]
    kind_weights = [w for _, _, w in KINDS]
    roles = {k: r for k, r, _ in KINDS}
    statuses = [s for s, _ in STATUSES]
    status_weights = [w for _, w in STATUSES]
    # a few actors take part in much more than the rest (governments, big coalitions): Zipf-like
    weights = [1.0 / (1 + n) ** 0.6 for n in range(sizes.actors)]
    for n in range(sizes.claims):
        kind = rng.choices(kinds, kind_weights)[0]
        picked = rng.choices(range(sizes.actors), weights, k=3)
        while len(set(picked)) < 3:
            picked = rng.choices(range(sizes.actors), weights, k=3)
        ids = [actor_id(a) for a in picked]
        shape = roles[kind]
        parties: dict[str, Any] = {"side": ids[:2]} if shape is None else dict(zip(shape, ids, strict=False))
        cited = rng.sample(range(sizes.sources), rng.randint(1, 3))
        yield {
            "id": f"syn-claim-{n:07d}",
            "kind": kind,
            "parties": parties,
            "valid": _valid(rng),
            "status": rng.choices(statuses, status_weights)[0],
            "confidence": round(rng.uniform(0.2, 1.0), 2),
            "citations": [{"source": source_id(s), "quote": f"Synthetic quote {n}.{i}"} for i, s in enumerate(cited)],
        }
