"""Query-string parsing, as FastAPI dependencies: windows, filters, limits and cursors arrive in routes and
services already parsed, and anything unreadable is a 422 from FastAPI's own validation path.

A parameter the endpoint does not take is refused too (`known_parameters`, on every route): a typo such as
`durring=2014-08` would otherwise be ignored and answer every claim with a 200."""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from app.api import cursors
from app.api.deps import SettingsDep
from app.api.errors import invalid
from app.config import Settings
from app.domain.model import RELATIONSHIP_KINDS, ClaimKind, Status
from app.domain.queries import ClaimFilter, ClaimPage, Mode
from app.domain.text import clip
from app.domain.timebounds import TimeError, Window, parse_window

DEFAULT_LIMIT = 100
MAX_ACTORS = 20  # `actor` repeated: every one must be a party of the claim
NAME_LIMIT = 40  # characters of an unknown parameter's name quoted back


_declared: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}


def declared_parameters(route: APIRoute) -> tuple[str, ...]:
    """The query parameters a route takes, by the names clients write (aliases), from FastAPI's own
    description of its dependencies: the same list the OpenAPI document shows. Kept per path and methods."""
    key = (route.path_format, frozenset(route.methods or ()))
    if key not in _declared:
        _declared[key] = tuple(sorted(_query_names(route.dependant)))
    return _declared[key]


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def known_parameters(request: Request) -> None:
    """422 naming the allowed parameters when the query string has one the route does not declare."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the pages (viewer, docs) keep their state in their own query string
    allowed = declared_parameters(route)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in allowed]
    if not unknown:
        return
    takes = f"this endpoint takes {', '.join(allowed)}" if allowed else "this endpoint takes no query parameters"
    errors = []
    for name in unknown[:5]:
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        message = f"unknown parameter{hint}; {takes}"
        errors.append({"loc": ("query", clip(name, NAME_LIMIT)), "msg": message, "type": "extra"})
    raise RequestValidationError(errors)


KindQ = Annotated[
    list[ClaimKind] | None,
    Query(
        description="relationship kinds, repeatable (`kind=hostility&kind=alliance`; `cooperation`: fought on the "
        "same side, without a declared alliance); default all but `identity`"
    ),
]
DuringQ = Annotated[
    str | None,
    Query(
        description="time window: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or an ISO 8601 interval `start/end` of those "
        "(a day that exists; the end not before the start)",
        examples=["2014-08"],
        max_length=40,
    ),
]
AtQ = Annotated[
    str | None,
    Query(
        description="one day, month or year (`2014-08-15`); instead of `during`, not with it (422)",
        max_length=40,
        examples=["2014-08-15"],
    ),
]
ModeQ = Annotated[
    Mode,
    Query(
        description="`possibly`: the claim's range can overlap the window, given its precision; "
        "`certainly`: the claim surely holds over the whole window"
    ),
]
ActorQ = Annotated[
    list[Annotated[str, StringConstraints(max_length=120)]] | None,
    Query(
        description=f"actor id, repeatable (at most {MAX_ACTORS}): every listed actor must be a party (any side)",
        max_length=MAX_ACTORS,
    ),
]
StatusQ = Annotated[list[Status] | None, Query(description="status, repeatable")]
MinConfidenceQ = Annotated[float, Query(ge=0, le=1, description="lowest confidence, 0..1")]
SourceQ = Annotated[str | None, Query(description="only claims citing this source id", max_length=120)]
LimitQ = Annotated[
    int | None,
    Query(ge=1, description="page size: default 100 (or API_MAX_LIMIT if lower); at most API_MAX_LIMIT (500)"),
]


def _an_iso_time(value: object) -> object:
    """pydantic would also read a number as a Unix timestamp (`as_recorded=0.5`); the schema says date-time."""
    if isinstance(value, str) and "-" not in value:
        raise ValueError("an ISO 8601 date and time, such as 2026-11-01T12:00:00Z")
    return value


MAX_OFFSET = timedelta(hours=18)  # Neo4j's widest UTC offset; ISO 8601 and Python take up to 24 h


def _a_known_offset(value: datetime) -> datetime:
    """The same instant with an offset Neo4j can store: one of -20:38 (a valid ISO 8601 time) reached the
    database as it was and failed there (a 500), so such a time is asked in UTC."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        return value.astimezone(UTC)
    return value


AsRecordedQ = Annotated[
    Annotated[datetime, BeforeValidator(_an_iso_time), AfterValidator(_a_known_offset)] | None,
    Query(
        description="what the graph said at this time (ISO 8601; UTC when no offset is given): the claims as they "
        "were recorded then, retracted ones and later changes not yet made",
        examples=["2026-11-01T12:00:00Z"],
    ),
]
STALE_DEFAULT_VIEWER = 24  # months: what the viewer asks for unless told otherwise (docs/data-model.md)
StaleAfterQ = Annotated[
    int | None,
    Query(
        ge=0,
        le=1200,
        description="months: leave out claims whose time is unknown (precision `unknown`), and claims asked about "
        "more than this many months after their last evidence (the latest of their own dates, their sources' "
        "publication dates and their events' dates: a 2014 article's open-ended claim leaves windows starting "
        "after 2016-08 with `stale_after=24`); default: none left out. The viewer asks 24",
        examples=[STALE_DEFAULT_VIEWER],
    ),
]
CursorQ = Annotated[
    str | None,
    Query(
        description="`next_cursor` of the previous page, with the same filters; any other value is refused (422)",
        max_length=500,
    ),
]
ResolveQ = Annotated[
    Literal["same_as"] | None,
    Query(
        description="`same_as`: fold actors that identity claims (kind `identity`, SAME_AS) say are one group: "
        "parties show the canonical actor (the actor named in `folded`), an actor asked for stands for its group "
        "(on /graph, the JSON slice only: not with `format`, 422)"
    ),
]


def window(text: str | None, field: str) -> Window | None:
    if text is None:
        return None
    try:
        return parse_window(text)
    except TimeError as exc:
        raise invalid(field, f"{field}: {exc}", text) from None


async def page_limit(settings: SettingsDep, limit: LimitQ = None) -> int:
    """The page size: the client's, refused above the maximum; when not given, the default capped at it."""
    maximum = settings.api_max_limit
    if limit is None:
        return min(DEFAULT_LIMIT, maximum)
    if limit > maximum:
        raise invalid("limit", f"at most {maximum} items per page; use the cursor for more", limit)
    return limit


def graph_limit(
    settings: SettingsDep,
    limit: Annotated[
        int | None, Query(ge=1, description="most links (claims): default and maximum API_MAX_LIMIT")
    ] = None,
) -> int:
    maximum = settings.api_max_limit
    if limit is not None and limit > maximum:
        raise invalid("limit", f"at most {maximum} items per page; use the cursor for more", limit)
    return limit or maximum


Limit = Annotated[int, Depends(page_limit)]


async def edge_filter(
    kind: KindQ = None,
    during: DuringQ = None,
    mode: ModeQ = "possibly",
    status: StatusQ = None,
    min_confidence: MinConfidenceQ = 0.0,
) -> ClaimFilter:
    """What every relationship must satisfy: kind, window and mode, status, confidence."""
    return edge_conditions(kind, during, mode, status, min_confidence)


def edge_conditions(
    kind: list[ClaimKind] | None, during: str | None, mode: Mode, status: list[Status] | None, min_confidence: float
) -> ClaimFilter:
    """`edge_filter` as a function (the dependency is async: FastAPI runs a plain function in a thread)."""
    return ClaimFilter(
        kinds=tuple(dict.fromkeys(kind)) if kind else RELATIONSHIP_KINDS,
        window=window(during, "during"),
        mode=mode,
        statuses=tuple(dict.fromkeys(status or ())),
        min_confidence=min_confidence,
    )


EdgeFilter = Annotated[ClaimFilter, Depends(edge_filter)]


async def claim_filter(
    edges: EdgeFilter,
    actor: ActorQ = None,
    source: SourceQ = None,
    as_recorded: AsRecordedQ = None,
    stale_after: StaleAfterQ = None,
) -> ClaimFilter:
    """The edge filter, plus the actors that must all be parties, the source that must be cited, the
    time the graph is asked about (as_recorded: None for now) and whether stale claims are left out."""
    if as_recorded is not None and as_recorded.tzinfo is None:
        as_recorded = as_recorded.replace(tzinfo=UTC)
    return ClaimFilter(
        **{
            **edges.__dict__,
            "actors": tuple(dict.fromkeys(actor or ())),
            "source": source,
            "as_recorded": as_recorded,
            "stale_after": stale_after,
        }
    )


Filter = Annotated[ClaimFilter, Depends(claim_filter)]


def with_at(flt: ClaimFilter, at: str | None) -> ClaimFilter:
    """The filter with its window given as `at` (one day, month or year) instead of `during`."""
    if at is None:
        return flt
    if flt.window is not None:
        raise invalid("at", "give either at or during, not both", at)
    return replace(flt, window=window(at, "at"))


async def slice_filter(
    during: DuringQ = None,
    at: AtQ = None,
    mode: ModeQ = "possibly",
    status: StatusQ = None,
    min_confidence: MinConfidenceQ = 0.0,
    stale_after: StaleAfterQ = None,
) -> ClaimFilter:
    """The edge filter without `kind` (the analysis chooses the kinds it reads), with `at` or `during`, and
    whether stale claims are left out."""
    flt = edge_conditions(None, during, mode, status, min_confidence)
    return replace(with_at(flt, at), stale_after=stale_after)


SliceFilter = Annotated[ClaimFilter, Depends(slice_filter)]


async def claim_page(flt: Filter, limit: Limit, cursor: CursorQ = None) -> ClaimPage:
    """A page of claims: the filter, the size, and where the cursor says the page starts."""
    if cursor is None:
        return ClaimPage(flt, limit)
    try:
        return ClaimPage(flt, limit, cursors.decode_after(cursor, flt.fingerprint_fields()))
    except cursors.CursorError as exc:
        raise invalid("cursor", f"cursor: {exc}") from None


ClaimPageDep = Annotated[ClaimPage, Depends(claim_page)]


def skip_from(cursor: str | None, filters: dict[str, object]) -> int:
    """The offset of an offset-paged list (actors, sources)."""
    if cursor is None:
        return 0
    try:
        return cursors.decode_skip(cursor, filters)
    except cursors.CursorError as exc:
        raise invalid("cursor", f"cursor: {exc}") from None


def next_skip(skip: int, limit: int, more: bool, filters: dict[str, object]) -> str | None:
    return cursors.encode({"skip": skip + limit}, filters) if more else None


def declare_limits(spec: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """In the OpenAPI document, a page's `limit` has API_MAX_LIMIT as its maximum (a setting, so not in the
    parameter's annotation). /graph's has none: an export (`format`) takes any."""
    for path, operations in spec.get("paths", {}).items():
        for parameter in operations.get("get", {}).get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter["name"] == "limit" and path != "/graph" and "maximum" not in schema:
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "integer":
                        option["maximum"] = settings.api_max_limit
    return spec
