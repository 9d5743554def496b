"""`POST /extract`: candidate claims from a text, for review. Writes nothing: accepting a candidate is
posting its `claim` with its `source` and new actors to POST /extract/accept (one transaction,
app/api/routes/curation.py), with an editor's key, as the review page (/viewer/review) does.
docs/extraction.md."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from app.api.auth import READ_ONLY
from app.api.deps import ExtractionServiceDep
from app.api.errors import PROBLEM_JSON
from app.api.schemas import ModelResponse
from app.services.extraction import Extraction, ExtractRequest

router = APIRouter(tags=["extraction"])

EXAMPLE = {
    "text": "One IS-supporter on Twitter has claimed that al-Nusra conducted a suicide bombing against an IS "
    "checkpoint on Monday.",
    "published": "2014-08-18",
    "source": {"kind": "news_article", "publisher": "Middle East Eye", "title": "IS, government forces close in"},
}


@router.post(
    "/extract",
    response_model=Extraction,
    responses={
        422: {
            "description": "empty text, too long, not text, or a date that does not exist (nothing is written)",
            "content": {PROBLEM_JSON: {}},
        }
    },
    openapi_extra={READ_ONLY: True},
    summary="Propose claims from a text (parties, kind, status, time range, verbatim quote): nothing is written",
)
async def extract(
    extraction: ExtractionServiceDep,
    body: Annotated[ExtractRequest, Body(openapi_examples={"sentence": {"value": EXAMPLE}})],
) -> Response:
    found = await extraction.extract(body)
    return ModelResponse(found)
