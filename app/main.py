"""The application factory: one async Neo4j driver for the app's life, routes, problem+json errors.

The only module of `app` that imports `app.api` (tests/unit/test_layers.py checks it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app.api.auth import declare_open_reads, read_access
from app.api.availability import Outage
from app.api.cache import ResponseCache
from app.api.errors import install_problem_handlers
from app.api.limits import HeadLimits, InFlightLimit, TrustedHosts
from app.api.params import declare_limits, known_parameters
from app.api.routes import actors, analysis, curation, extract, graph, health, relationships, sources, viewer
from app.api.routes.graph import declare_exports
from app.api.security import SecurityHeaders
from app.assembly import Parts
from app.config import Settings, get_settings
from app.lifecycle import settle_heap, start_warming

DESCRIPTION = """
Who allied with, fought or defected to whom, when, and on whose word.

Every relationship is a **claim** with a time range (four bounds: the earliest and latest each end can be)
and its **citations** (source, quote, stance). Errors are RFC 9457 `application/problem+json`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.parts = Parts(settings)
        app.state.schema_applied = False
        app.state.warm = False
        app.state.warming = None
        settle_heap()
        start_warming(app.state)  # in the background: /health/ready says "warming" until it is done
        try:
            yield
        finally:
            if app.state.warming is not None:
                app.state.warming.cancel()
            await app.state.parts.close()

    # /docs is served by the viewer routes with Swagger UI from the package (no CDN); ReDoc is not served.
    app = FastAPI(
        title="Actor alliance knowledge graph",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(known_parameters)],  # an unknown query parameter is a 422, not ignored
    )
    login = f"user '{settings.neo4j_user}' at {settings.neo4j_uri}, database '{settings.neo4j_database}'"
    app.state.outage = Outage(settings.api_retry_after, settings.api_auth_retry_after, login)
    install_problem_handlers(app)
    # the last added is the outermost: security headers on every answer, the limits' 503 and 400 included
    app.add_middleware(ResponseCache, settings=settings)  # innermost: a cached answer passes the limits too
    app.add_middleware(
        InFlightLimit,
        limit=settings.api_max_in_flight,
        retry_after=settings.api_retry_after,
        wait=settings.api_queue_wait,
    )
    app.add_middleware(TrustedHosts, hosts=settings.trusted_hosts())
    app.add_middleware(HeadLimits)
    app.add_middleware(SecurityHeaders)
    for module in (health, viewer, curation):  # curation: writes need an editor's key (app/api/auth.py)
        app.include_router(module.router)
    for module in (actors, relationships, graph, sources, analysis, extract):  # reads: open unless API_READS_NEED_KEY=1
        app.include_router(module.router, dependencies=[Depends(read_access)])
    openapi = app.openapi
    app.openapi = lambda: declare_exports(declare_limits(declare_open_reads(openapi(), settings), settings))  # type: ignore[method-assign]
    # after the routes, so that /static/browser/style.grass (a route) is matched first
    app.mount("/static", StaticFiles(packages=[("app", "static")]), name="static")
    return app


app = create_app()
