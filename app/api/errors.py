"""RFC 9457 problem details: every 4xx and 5xx the API sends is application/problem+json.

The one place where errors become HTTP: domain errors (app/domain/errors.py) map to their status here,
request validation to 422, database outages and timeouts to 503; anything else is a logged 500 that
tells nothing of the inside.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain.errors import Conflict, DomainError, InvalidInput, NotFound

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("app.api")

STATUS: dict[type[DomainError], int] = {InvalidInput: 422, NotFound: 404, Conflict: 409}


class ProblemError(Exception):
    """An HTTP-level problem raised by the API layer itself (health checks): rendered as problem+json."""

    def __init__(
        self, status: int, detail: str, *, title: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers or {}


def invalid(field: str, message: str, value: object = None) -> RequestValidationError:
    """A 422 for one query parameter, raised from a dependency: rendered like FastAPI's own validation."""
    error: dict[str, Any] = {"loc": ("query", field), "msg": message, "type": "value_error"}
    if isinstance(value, str | int | float):
        error["input"] = value
    return RequestValidationError([error])


def problem_response(
    status: int, detail: str, *, title: str | None = None, instance: str | None = None, **extra: Any
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
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        extra = {"errors": exc.errors} if exc.errors else {}
        return problem_response(status, exc.detail, title=exc.title, instance=request.url.path, **extra)

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        response = problem_response(exc.status, exc.detail, title=exc.title, instance=request.url.path)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": _field(e.get("loc", ())),
                "message": str(e.get("msg", "invalid")).removeprefix("Value error, "),
                **({"input": e["input"]} if isinstance(e.get("input"), str | int | float) else {}),
            }
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(
            422, f"Invalid request. {detail}", title="Invalid request", instance=request.url.path, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}. See /docs for the endpoints."
        return problem_response(exc.status_code, detail, instance=request.url.path)

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return problem_response(
            503,
            "The graph database is unavailable. Retry shortly.",
            title="Database unavailable",
            instance=request.url.path,
        )

    @app.exception_handler(ClientError)
    async def _client(request: Request, exc: ClientError) -> JSONResponse:
        if exc.code and "TransactionTimedOut" in exc.code:
            return problem_response(
                503,
                "The query took longer than the configured timeout. Narrow it.",
                title="Query timed out",
                instance=request.url.path,
            )
        log.error("Neo4j client error on %s: %s", request.url.path, exc)
        return problem_response(500, "The server could not run this query.", instance=request.url.path)

    @app.exception_handler(Neo4jError)
    @app.exception_handler(DriverError)
    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return problem_response(500, "An unexpected error occurred. It has been logged.", instance=request.url.path)
