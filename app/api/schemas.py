"""The HTTP responses: pages and envelopes built in the API from the services' read models
(app/domain/views.py), with the cursors the API encodes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import orjson
from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field

from app.domain.analysis import BalanceSeries, Brokers, Camps
from app.domain.queries import Mode
from app.domain.timebounds import Window
from app.domain.views import (
    Actor,
    ActorRef,
    GraphLink,
    GraphNode,
    Path,
    Relationship,
    RelationshipDetail,
    SourceSummary,
)


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class WindowOut(Out):
    start: date
    end: date
    mode: Literal["possibly", "certainly"]
    text: str

    @classmethod
    def of(cls, window: Window | None, mode: Mode) -> WindowOut | None:
        return None if window is None else cls(start=window.start, end=window.end, mode=mode, text=window.text)


class ActorPage(Out):
    items: list[Actor]
    next_cursor: str | None


class RelationshipPage(Out):
    window: WindowOut | None
    items: list[Relationship]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


class ActorRelationships(Out):
    actor: ActorRef
    window: WindowOut | None
    items: list[Relationship]
    next_cursor: str | None


class Timeline(Out):
    actor: ActorRef
    other: ActorRef | None
    items: list[Relationship] = Field(
        description="ordered by the latest start (when it had surely begun), earliest start, end, id"
    )
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


class GraphSlice(Out):
    window: WindowOut | None
    nodes: list[GraphNode]
    links: list[GraphLink]
    truncated: bool = Field(description="true when more claims matched than `limit`")


class Paths(Out):
    start: ActorRef = Field(serialization_alias="from")
    end: ActorRef = Field(serialization_alias="to")
    window: WindowOut | None
    paths: list[Path]


class SourcePage(Out):
    items: list[SourceSummary]
    next_cursor: str | None


class ModelResponse(Response):
    """A response model rendered once, by pydantic-core (`model_dump_json`), instead of FastAPI's
    validate-then-serialize of the returned object: the routes' models are built from validated read
    models already, and at a page of hundreds of claims the second pass showed in the profile. Routes keep
    `response_model=` for the OpenAPI schema."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, BaseModel):
            return content.model_dump_json(by_alias=True).encode()
        return bytes(super().render(content))


class DocumentResponse(Response):
    """A response already in its JSON form (dicts, lists, strings, numbers: the page routes' fast path,
    app/domain/views.py `relationship_document`), rendered by orjson. The route's `response_model=` still
    describes it in the OpenAPI schema, and tests/graph/test_api_relationships.py checks it matches."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def window_json(window: Window | None, mode: Mode) -> dict[str, Any] | None:
    out = WindowOut.of(window, mode)
    return None if out is None else out.model_dump(mode="json")


class CampsOut(Camps):
    window: WindowOut | None


class BrokersOut(Brokers):
    window: WindowOut | None


class BalanceOut(BalanceSeries):
    mode: Literal["possibly", "certainly"]


class AcceptedOut(Out):
    """POST /extract/accept: the claim, and what the one transaction wrote."""

    claim: RelationshipDetail
    created: bool = Field(description="false: the same claim body had made this claim before (nothing new)")
    entities_created: list[str] = Field(description="the ids of the source and actors created now")
    entities_kept: list[str] = Field(description="the ids given that were in the graph already: cited as they are")
