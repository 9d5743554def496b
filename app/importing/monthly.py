"""Claims by pair of actors and calendar month, from dated events: the rule the UCDP GED and ACLED imports
share. The events in which two actors met (fought each other, or on one side) are bucketed by the pair and
the calendar month the event lies within (or the event's own span when it crosses a month's end, so that a
claim never covers a month its events cannot fall in); a claim is dated by its first and last events and
names them in its quote. What makes a pair, and the words of the citation, are each dataset's own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from app.domain.inputs import TEXT_MAX, ValidInput
from app.domain.timebounds import bound_text


class Dated(Protocol):
    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


E = TypeVar("E", bound=Dated)
K = TypeVar("K", bound=Hashable)


def period_of(start: date, end: date) -> str:
    """A month `2016-08` when the event's dates lie within one calendar month; otherwise its own span
    `2016-07-31-to-2016-08-02`."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.isoformat()}-to-{end.isoformat()}"


@dataclass
class Bucket(Generic[E]):
    """A pair's events of one period (each once, in the order read) and what their pairs were tagged with."""

    events: list[E] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)


# what one event gives: (the claim's key, such as its kind; an actor id; another actor id; tags of the pair)
Pairs = Callable[[E], Iterable[tuple[K, str, str, Iterable[str]]]]


def by_pair_and_period(rows: Iterable[E], pairs: Pairs[E, K]) -> dict[tuple[K, str, str, str], Bucket[E]]:
    """(key, period, first actor, second actor, in sorted order) -> the bucket: each event counts once per
    pair; never an actor with itself."""
    buckets: dict[tuple[K, str, str, str], Bucket[E]] = defaultdict(Bucket)
    for row in rows:
        period = period_of(row.start, row.end)
        seen: set[tuple[K, str, str]] = set()
        for key, a, b, tags in pairs(row):
            if a == b:
                continue
            first, second = sorted((a, b))
            bucket = buckets[(key, period, first, second)]
            if (key, first, second) not in seen:
                seen.add((key, first, second))
                bucket.events.append(row)
            bucket.tags.update(tags)
    return buckets


def span_valid(events: Sequence[Dated], what: str, *, undated_ends: bool = False) -> ValidInput:
    """Began at the first event (between the earliest start and the earliest end of any event), ended at the
    last (between the latest start and the latest end); a bound that is a span of days is approximate. With
    `undated_ends` (the file gave no end dates: an event of several days stands as its first day) every bound
    is approximate, and the text says why."""
    from_lo, from_hi = min(r.start for r in events), min(r.end for r in events)
    to_lo, to_hi = max(r.start for r in events), max(r.end for r in events)
    n = len(events)
    text = f"{n} {what} event{'s' if n != 1 else ''} between {from_lo} and {to_hi}"
    if undated_ends:
        text += " (their first days: the file gives no end dates)"
    return ValidInput(
        from_=bound_text(from_lo, from_hi), to=bound_text(to_lo, to_hi), text=text, approximate=undated_ends
    )


def events_quote(ids: Sequence[str], after: str = "") -> str:
    """`events 1, 2, 3` and `after`, as long as a quote may be (TEXT_MAX); a longer list is cut to its first
    ids and how many more there are (the claim's evidence names every one)."""
    full = f"events {', '.join(ids)}{after}"
    if len(full) <= TEXT_MAX:
        return full
    shown: list[str] = []
    size = len("events ") + len(after) + len(", and 99999 more (all in the claim's evidence)")
    for ident in ids:
        size += len(ident) + 2
        if size > TEXT_MAX:
            break
        shown.append(ident)
    quote = f"events {', '.join(shown)}, and {len(ids) - len(shown)} more (all in the claim's evidence){after}"
    return quote if len(quote) <= TEXT_MAX else quote[: TEXT_MAX - 1] + "\u2026"
