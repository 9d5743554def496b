"""The pages people open: the viewer at /viewer (and / pointing to it), the API docs at /docs with Swagger
UI served from the package (no CDN: they work offline), and the Neo4j Browser style file. None of these is
part of the OpenAPI description."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from pydantic import BaseModel

from app.api.deps import ReadServiceDep
from app.api.security import csp

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"
STYLE_PATH = "/static/browser/style.grass"  # Browser's post-connect command and docs/neo4j-browser.md load it here
NO_CACHE = {"Cache-Control": "no-cache"}
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@cache
def _viewer_page() -> str:
    return resources.files("app").joinpath("static", "viewer", "index.html").read_text("utf-8")


@cache
def _review_page() -> str:
    return resources.files("app").joinpath("static", "viewer", "review.html").read_text("utf-8")


@cache
def _style() -> str:
    return resources.files("app.cypher").joinpath("browser", "style.grass").read_text("utf-8")


class TimespanOut(BaseModel):
    first: date | None
    last: date | None
    claims: int


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("/viewer", status_code=307)


@router.get("/viewer", response_class=HTMLResponse)
async def viewer() -> HTMLResponse:
    return HTMLResponse(_viewer_page(), headers=NO_CACHE)


@router.get("/viewer/review", response_class=HTMLResponse)
async def review() -> HTMLResponse:
    """Paste or upload an article, review the claims POST /extract proposes, accept (written with an
    editor key through the curation endpoints) or reject each (docs/extraction.md)."""
    return HTMLResponse(_review_page(), headers=NO_CACHE)


@router.get("/viewer/timespan")
async def viewer_timespan(svc: ReadServiceDep) -> TimespanOut:
    span = await svc.timespan()
    return TimespanOut(first=span.first, last=span.last, claims=span.claims)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: API",
        swagger_js_url=f"{VENDOR}/swagger-ui-dist/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui-dist/swagger-ui.css",
        swagger_favicon_url=f"{VENDOR}/swagger-ui-dist/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": False},
    )
    html = bytes(page.body).decode("utf-8")
    hashes = tuple(
        base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        for script in INLINE_SCRIPT.findall(html)
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": csp(script_hashes=hashes), **NO_CACHE})


@router.get(STYLE_PATH)
async def browser_style() -> PlainTextResponse:
    """The GraSS file for Neo4j Browser (app/cypher/browser/style.grass). Browser fetches it from its own
    origin (the Neo4j server's port), so any origin may read it: it is public and holds no data."""
    return PlainTextResponse(_style(), headers={"Access-Control-Allow-Origin": "*", **NO_CACHE})
