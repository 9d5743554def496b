"""The questions the read side answers, as values: what to filter, which page. Built by the API from the
query string (already validated), read by services and the repository."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from app.domain.model import RELATIONSHIP_KINDS, ClaimKind, Status
from app.domain.timebounds import Window

Mode = Literal["possibly", "certainly"]


@dataclass(frozen=True)
class After:
    """A keyset position: the last claim of the previous page, in (from_lo, id) order."""

    from_lo: date
    id: str


@dataclass(frozen=True)
class ClaimFilter:
    """What every claim must satisfy."""

    kinds: tuple[ClaimKind, ...] = RELATIONSHIP_KINDS
    window: Window | None = None
    mode: Mode = "possibly"
    actors: tuple[str, ...] = ()  # every listed actor must be a party (any role)
    statuses: tuple[Status, ...] = ()
    min_confidence: float = 0.0
    source: str | None = None
    as_recorded: datetime | None = None  # what the graph said then (None: now)
    # leave out claims whose time is unknown, and those asked about more than this many months after their
    # last evidence (docs/data-model.md, "Undated and stale claims"); None: keep them (the default)
    stale_after: int | None = None

    def fingerprint_fields(self) -> dict[str, object]:
        """What a cursor is bound to: the same filters, in a stable form."""
        return {
            "kinds": sorted(k.value for k in self.kinds),
            "start": self.window.start.isoformat() if self.window else None,
            "end": self.window.end.isoformat() if self.window else None,
            "mode": self.mode,
            "actors": list(self.actors) or None,
            "statuses": sorted(s.value for s in self.statuses) or None,
            "min_confidence": self.min_confidence,
            "source": self.source,
            **({"as_recorded": self.as_recorded.isoformat()} if self.as_recorded else {}),
            **({"stale_after": self.stale_after} if self.stale_after is not None else {}),
        }


@dataclass(frozen=True)
class ClaimPage:
    """One page of claims: `after` is where it starts (None: the first page), `limit` its size."""

    filter: ClaimFilter = field(default_factory=ClaimFilter)
    limit: int = 100
    after: After | None = None
