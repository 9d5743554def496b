"""RFC 9457 problem details: every 4xx and 5xx the API sends is application/problem+json.

The one place where errors become HTTP: domain errors (app/domain/errors.py) map to their status here,
request validation to 422, database outages and timeouts to 503 with Retry-After (and the outage breaker
opened, app/api/availability.py); anything else is a logged 500 that tells nothing of the inside.
An error quotes at most a short prefix of what the client sent (app.domain.text.clip), and only once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from neo4j.exceptions import (
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from app.api.availability import UNAVAILABLE, outage_of
from app.assembly import refused_credentials
from app.domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from app.domain.text import clip

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("app.api")

STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    PreconditionRequired: 428,
}


class ProblemError(Exception):
    """An HTTP-level problem raised by the API layer itself (health checks): rendered as problem+json."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = dict(headers or {})
        if retry_after is not None:
            self.headers["Retry-After"] = str(retry_after)


def invalid(field: str, message: str, value: object = None) -> RequestValidationError:
    """A 422 for one query parameter, raised from a dependency: rendered like FastAPI's own validation."""
    error: dict[str, Any] = {"loc": ("query", clip(field)), "msg": message, "type": "value_error"}
    if isinstance(value, str | int | float):
        error["input"] = value
    return RequestValidationError([error])


MAX_INSTANCE = 200  # a longer path is not repeated back as the problem's `instance`


def instance_of(request: Request) -> str | None:
    path = request.url.path
    return path if len(path) <= MAX_INSTANCE else None


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def unavailable(
    detail: str, retry_after: int, *, title: str = "Database unavailable", instance: str | None = None
) -> JSONResponse:
    """503 with Retry-After: the client may try the same request again after that many seconds."""
    return problem_response(503, detail, title=title, instance=instance, headers={"Retry-After": str(retry_after)})


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]  # where it came from; a parameter may itself be called `query`
    return ".".join(parts) or "request"


def _methods(routes: Sequence[BaseRoute], scope: Scope) -> set[str]:
    """The methods of every route whose path matches, inside included routers too."""
    found: set[str] = set()
    for route in routes:
        if route.matches(scope)[0] is Match.NONE:
            continue
        inner = getattr(getattr(route, "original_router", None), "routes", None)
        if inner is not None:
            found |= _methods(inner, scope)
        elif isinstance(route, APIRoute):
            found |= route.methods or set()
    return found


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        extra: dict[str, Any] = {"errors": exc.errors} if exc.errors else {}
        return problem_response(status, exc.detail, title=exc.title, instance=instance_of(request), **extra)

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status, exc.detail, title=exc.title, instance=instance_of(request), headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": _field(e.get("loc", ())),
                "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
                **({"input": clip(str(e["input"]))} if isinstance(e.get("input"), str | int | float) else {}),
            }
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(
            422, f"Invalid request. {detail}", title="Invalid request", instance=instance_of(request), errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {clip(request.url.path)}. See /docs for the endpoints."
        # 405 carries Allow (the methods the path takes); Starlette's router names only the first route that
        # matched the path, so a path served by several routes (GET and POST /relationships) is asked again
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            methods = _methods(request.app.router.routes, request.scope)
            if methods:
                headers["Allow"] = ", ".join(sorted(methods))
        return problem_response(exc.status_code, detail, instance=instance_of(request), headers=headers or None)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    @app.exception_handler(TransientError)
    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        outage = outage_of(request.app)
        if isinstance(exc, TransientError) and "DatabaseUnavailable" not in (exc.code or ""):
            # a lock or memory limit on a busy server: this request failed, the database is up
            log.warning("transient database error on %s: %s", request.url.path, exc)
            return unavailable(
                "The graph database is busy. Retry shortly.",
                outage.retry_after,
                title="Database busy",
                instance=instance_of(request),
            )
        log.warning("database unavailable: %s", exc)
        outage.trip()
        return unavailable(UNAVAILABLE, outage.retry_after, instance=instance_of(request))

    @app.exception_handler(ClientError)
    async def _client(request: Request, exc: ClientError) -> JSONResponse:
        if refused_credentials(exc):  # a configuration error: 503, logged once per period (availability.py)
            outage = outage_of(request.app)
            if not outage.refused:
                outage.refuse()
            return unavailable(
                outage.detail, outage.refused_retry_after, title=outage.title, instance=instance_of(request)
            )
        if exc.code and "TransactionTimedOut" in exc.code:
            return unavailable(
                _timed_out(request),
                outage_of(request.app).retry_after,
                title="Query timed out",
                instance=instance_of(request),
            )
        log.error("Neo4j client error on %s: %s", request.url.path, exc)
        return problem_response(500, "The server could not run this query.", instance=instance_of(request))

    @app.exception_handler(Neo4jError)
    @app.exception_handler(DriverError)
    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return problem_response(500, "An unexpected error occurred. It has been logged.", instance=instance_of(request))


def _timed_out(request: Request) -> str:
    """What a transaction timeout means: before the query plans are warm, the server's start; after, a busy
    server or (when it keeps happening for the same request) a question too broad for the timeout."""
    settings = request.app.state.settings
    if not getattr(request.app.state, "warm", False):
        return (
            "The database is still starting (planning its queries) and did not answer within "
            f"{settings.neo4j_query_timeout:g} s. Retry in a few seconds."
        )
    return (
        f"The query did not finish within {settings.neo4j_query_timeout:g} s. The database may be busy: retry "
        "shortly. If this request keeps timing out while others answer, it asks too much at once: give a "
        "shorter window (during), fewer kinds, or a smaller limit."
    )
