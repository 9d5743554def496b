"""The HTTP contract: response models (apart from the graph's records, which services map into these)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.model import ActorKind, ClaimKind, SourceKind, Stance, Status
from app.domain.timebounds import Precision


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ActorRef(Out):
    id: str
    name: str
    kind: ActorKind


class Actor(ActorRef):
    description: str
    aliases: list[str]
    external_ids: dict[str, str | int] = Field(description="wikidata, ucdp where known")
    part_of: ActorRef | None = Field(description="the actor this one is an organ of (the army of a state)")
    parts: list[ActorRef] = []


class ActorPage(Out):
    items: list[Actor]
    next_cursor: str | None


class Party(Out):
    actor: ActorRef
    role: str = Field(description="side | defector, from, to | member, group | affiliate, parent | splinter, parent")


class Bound(Out):
    earliest: date
    latest: date
    precision: Precision


class Valid(Out):
    start: Bound
    end: Bound
    precision: Precision = Field(description="the start's precision (the end's when the start is unknown)")
    open_ended: bool = Field(description="still holding as of the source: end.latest is 9999-12-31")
    approximate: bool = Field(description="a bound was given as a span of possible dates ('last week')")
    text: str | None = Field(description="the source's own words for the time")


class SourceRef(Out):
    id: str
    kind: SourceKind
    title: str
    publisher: str | None = None
    author: str | None = None
    account: str | None = None
    url: str | None = Field(default=None, description="only where known: never invented")
    published: date | None = None


class Citation(Out):
    source: SourceRef
    quote: str
    stance: Stance
    note: str | None = None


class Relationship(Out):
    id: str
    kind: ClaimKind
    parties: list[Party]
    valid: Valid
    status: Status
    confidence: float
    citations: list[Citation]
    recorded_at: datetime | None = None
    notes: str | None = None


class WindowOut(Out):
    start: date
    end: date
    mode: Literal["possibly", "certainly"]
    text: str


class RelationshipPage(Out):
    window: WindowOut | None
    items: list[Relationship]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last")


class Place(Out):
    id: str
    name: str
    kind: str | None = None
    alt_names: list[str] = []
    lat: float | None = None
    lon: float | None = None


class Event(Out):
    id: str
    kind: str
    title: str
    description: str | None
    valid: Valid
    place: Place | None
    participants: list[Party]
    status: Status
    confidence: float
    citations: list[Citation]


class RelationshipDetail(Relationship):
    evidence: list[Event] = Field(description="events the claim cites as evidence")


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


class GraphNode(Out):
    id: str
    name: str
    kind: ActorKind


class GraphLink(Relationship):
    """A claim drawn as one link: `id` is the claim's id, `source` and `target` the typed edge's ends."""

    source: str = Field(description="actor id at the start of the typed edge")
    target: str = Field(description="actor id at its end")
    type: str = Field(description="ALLIED_WITH, HOSTILE_TO, DEFECTED_TO, AFFILIATED_WITH, MEMBER_OF, SPLIT_FROM")


class GraphSlice(Out):
    window: WindowOut | None
    nodes: list[GraphNode]
    links: list[GraphLink]
    truncated: bool = Field(description="true when more claims matched than `limit`")


class PathStep(Out):
    start: ActorRef
    end: ActorRef
    type: str
    relationship: Relationship


class Path(Out):
    length: int
    actors: list[ActorRef]
    steps: list[PathStep]


class Paths(Out):
    start: ActorRef = Field(serialization_alias="from")
    end: ActorRef = Field(serialization_alias="to")
    window: WindowOut | None
    paths: list[Path]


class SourceSummary(SourceRef):
    claims: int = Field(description="how many claims cite it")
    reported_in: str | None = Field(description="id of the source through which this one is known")


class SourcePage(Out):
    items: list[SourceSummary]
    next_cursor: str | None


class SourceDetail(SourceRef):
    published_at: datetime | None = None
    notes: str | None = None
    reported_in: SourceRef | None
    reports: list[SourceRef] = Field(description="sources known through this one")
    claims: list[Relationship] = Field(description="every claim it backs")
