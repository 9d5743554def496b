"""Read models: what the graph answers, validated straight from the records of the named Cypher queries.

The Cypher projections (app/cypher/claim_projection.cypher and the others) return maps shaped like these
models, so the repository validates records without mapping them by hand. Time bounds are stored flat on
nodes (from_lo, from_hi, to_lo, to_hi, ...) for the indexes; `Timed` folds them into `valid`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain.model import ActorKind, ClaimKind, SourceKind, Stance, Status
from app.domain.timebounds import Precision


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class ActorRef(View):
    id: str
    name: str
    kind: ActorKind


class Actor(ActorRef):
    description: str
    aliases: list[str]
    external_ids: dict[str, str | int | list[int]] = Field(
        description="wikidata, ucdp where known; mmp: the Mapping Militant Organizations group ids landed on it"
    )
    part_of: ActorRef | None = Field(description="the actor this one is an organ of (the army of a state)")
    parts: list[ActorRef] = []
    revision: int = Field(default=1, description="1 as first recorded, +1 at each change (its ETag)")

    @model_validator(mode="before")
    @classmethod
    def _external_ids(cls, data: Any) -> Any:
        if isinstance(data, dict) and "external_ids" not in data:
            data = dict(data)
            ids = {
                "wikidata": data.pop("wikidata_id", None),
                "ucdp": data.pop("ucdp_id", None),
                "mmp": data.pop("mmp_ids", None) or None,
            }
            data["external_ids"] = {k: v for k, v in ids.items() if v is not None}
            data["aliases"] = data.get("aliases") or []
        return data


class Party(View):
    actor: ActorRef
    role: str = Field(
        description="side | defector, from, to | member, group | affiliate, parent | splinter, parent | "
        "alias, canonical"
    )
    folded: ActorRef | None = Field(
        default=None, description="with resolve=same_as: the actor the claim names, folded into `actor` (its canonical)"
    )


class Bound(View):
    earliest: date
    latest: date
    precision: Precision


class Valid(View):
    start: Bound
    end: Bound
    precision: Precision = Field(description="the start's precision (the end's when the start is unknown)")
    open_ended: bool = Field(description="still holding as of the source: end.latest is 9999-12-31")
    approximate: bool = Field(description="a bound was given as a span of possible dates ('last week')")
    text: str | None = Field(description="the source's own words for the time")


TIME_PROPERTIES = (
    "from_lo",
    "from_hi",
    "to_lo",
    "to_hi",
    "from_precision",
    "to_precision",
    "precision",
    "open_ended",
    "approximate",
    "valid_text",
)


class Timed(View):
    """A record with a time range: the flat stored bounds become `valid` (each subclass places the field)."""

    @model_validator(mode="before")
    @classmethod
    def _fold_time(cls, data: Any) -> Any:
        if isinstance(data, dict) and "valid" not in data and "from_lo" in data:
            data = {k: v for k, v in data.items() if k not in TIME_PROPERTIES} | {
                "valid": {
                    "start": {
                        "earliest": data["from_lo"],
                        "latest": data["from_hi"],
                        "precision": data["from_precision"],
                    },
                    "end": {"earliest": data["to_lo"], "latest": data["to_hi"], "precision": data["to_precision"]},
                    "precision": data["precision"],
                    "open_ended": data["open_ended"],
                    "approximate": data["approximate"],
                    "text": data.get("valid_text"),
                }
            }
        return data


class SourceRef(View):
    id: str
    kind: SourceKind
    title: str
    publisher: str | None = None
    author: str | None = None
    account: str | None = None
    url: str | None = Field(default=None, description="only where known: never invented")
    published: date | None = None
    licence: str | None = Field(default=None, description="terms of reuse, where the source states them")


class Citation(View):
    source: SourceRef
    quote: str
    stance: Stance
    note: str | None = None


class Intensity(View):
    """How much fighting evidences a claim: from the events of an event dataset (UCDP GED)."""

    events: int
    deaths_low: int | None = None
    deaths_best: int | None = None
    deaths_high: int | None = None


class Relationship(Timed):
    id: str
    kind: ClaimKind
    parties: list[Party]
    valid: Valid
    status: Status
    confidence: float
    citations: list[Citation]
    intensity: Intensity | None = Field(default=None, description="events and deaths behind it, where known")
    coalitions: list[str] = Field(default=[], description="the coalitions (as the data names them) it was fought in")
    recorded_at: datetime | None = None
    notes: str | None = None
    revision: int = Field(default=1, description="its revision: 1 as first recorded, +1 at each change (ETag)")


class ClaimState(View):
    """One state of a claim in its history: as it was recorded, by whom, when, what was done and why."""

    revision: int
    recorded_from: datetime | None = Field(description="when this state was recorded")
    recorded_until: datetime | None = Field(description="when the next one replaced it (null: current)")
    author: str | None = Field(description="the API key's name, or the seed file or import that loaded it")
    op: str = Field(description="create, update, status, citation; create for what the seed or an import loaded")
    reason: str | None
    claim: Relationship


class Place(View):
    id: str
    name: str
    kind: str | None = None
    alt_names: list[str] = []
    lat: float | None = None
    lon: float | None = None


class Event(Timed):
    id: str
    kind: str
    title: str
    description: str | None = None  # optional in the seed and import formats
    valid: Valid
    place: Place | None
    participants: list[Party]
    status: Status
    confidence: float
    citations: list[Citation]
    deaths_low: int | None = None
    deaths_best: int | None = None
    deaths_high: int | None = None


class RelationshipDetail(Relationship):
    evidence: list[Event] = Field(description="events the claim cites as evidence (the first 500)")


class GraphNode(ActorRef):
    folded: list[ActorRef] = Field(default=[], description="with resolve=same_as: the actors folded into this one")


class GraphLink(Relationship):
    """A claim drawn as one link: `id` is the claim's id, `source` and `target` the typed edge's ends."""

    source: str = Field(description="actor id at the start of the typed edge")
    target: str = Field(description="actor id at its end")
    type: str = Field(
        description="ALLIED_WITH, FOUGHT_ALONGSIDE, HOSTILE_TO, DEFECTED_TO, AFFILIATED_WITH, MEMBER_OF, SPLIT_FROM"
    )


class PathStep(View):
    start: ActorRef
    end: ActorRef
    type: str
    relationship: Relationship


class Path(View):
    length: int
    actors: list[ActorRef]
    steps: list[PathStep]


class SourceSummary(SourceRef):
    claims: int = Field(description="how many claims cite it")
    reported_in: str | None = Field(description="id of the source through which this one is known")


class SourceDetail(SourceRef):
    published_at: datetime | None = None
    notes: str | None = None
    reported_in: SourceRef | None
    reports: list[SourceRef] = Field(description="sources known through this one")
    claims: list[Relationship] = Field(description="the claims it backs (the first 1,000)")


class Timespan(View):
    """The dates the claims cover: the earliest known start and the latest known end (None: no claims)."""

    first: date | None
    last: date | None
    claims: int


# ------------------------------------------------------------------------------ documents (the fast path)
# The busiest read, a page of claims, skips building the models above: the rows the Cypher projection
# (claim_projection.cypher) returns are already typed by the graph and were validated when written, so
# they are rearranged straight into the JSON `Relationship` renders, in the same field order. The price:
# a value written around the API (typed in Neo4j Browser, say) that the model would refuse is passed on
# as it is on this path, where the model path would answer an error. On a page
# of 101 claims at 1M this took about 1 ms where validating and rendering the models took 6 to 9
# (docs/performance.md). tests/unit/test_documents.py and tests/graph/test_api_relationships.py check
# that `relationship_document(row)` equals `Relationship.model_validate(row).model_dump(mode="json")`.

Document = dict[str, Any]
SOURCE_FIELDS = tuple(SourceRef.model_fields)


def relationship_document(row: dict[str, Any]) -> Document:
    """A claim_projection row as the JSON of its `Relationship` (see the comment above)."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "parties": [
            {"actor": {"id": a["id"], "name": a["name"], "kind": a["kind"]}, "role": p["role"], "folded": None}
            for p in row["parties"]
            for a in (p["actor"],)
        ],
        "valid": {
            "start": {"earliest": row["from_lo"], "latest": row["from_hi"], "precision": row["from_precision"]},
            "end": {"earliest": row["to_lo"], "latest": row["to_hi"], "precision": row["to_precision"]},
            "precision": row["precision"],
            "open_ended": row["open_ended"],
            "approximate": row["approximate"],
            "text": row.get("valid_text"),
        },
        "status": row["status"],
        "confidence": float(row["confidence"]),
        "citations": [
            {
                "source": {k: c["source"].get(k) for k in SOURCE_FIELDS},
                "quote": c["quote"],
                "stance": c["stance"],
                "note": c.get("note"),
            }
            for c in row["citations"]
        ],
        "intensity": _intensity(row.get("intensity")),
        "coalitions": row.get("coalitions") or [],
        "recorded_at": _instant(row.get("recorded_at")),
        "notes": row.get("notes"),
        "revision": row.get("revision") or 1,
    }


def _intensity(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {k: value.get(k) for k in ("events", "deaths_low", "deaths_best", "deaths_high")}


def _instant(text: str | None) -> str | None:
    """Neo4j's toString of a datetime as pydantic renders it: microseconds in six digits when there are any
    (Neo4j drops trailing zeros: .12345Z is pydantic's .123450Z), whatever follows (Z, an offset, nothing)."""
    if text is None or "." not in text:
        return text
    return _FRACTION.sub(lambda m: "." + m[1][:6].ljust(6, "0"), text, count=1)


_FRACTION = re.compile(r"\.(\d+)(?=Z|[+-]\d\d:\d\d|$)")


@dataclass(frozen=True)
class GraphActor:
    """An actor as the graph holds it, with what the dataset imports match on (its UCDP id, MMP group ids,
    name, aliases and search keys) and where it came from (ImportStore.actors, import_actors_all.cypher)."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    search_keys: tuple[str, ...] = ()
    ucdp_id: int | None = None
    mmp_ids: tuple[int, ...] = ()
    origin: str | None = None


class FormerName(View):
    name: str = Field(description="the name as the source writes it")
    full_name: str | None = Field(default=None, description="in full, in its own language, where the source gives it")
    english: str | None = Field(default=None, description="in English, where the source gives it")


class Succession(View):
    """An actor's names in order, old to new, as one source gives them (the UCDP Actor Dataset: NameOrig, then
    each NewName). The source dates none of the renames."""

    id: str
    names: list[FormerName] = Field(description="oldest first; the last is the name the source uses now")
    source: SourceRef
    quote: str | None = Field(default=None, description="the source's cells, verbatim")
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        if isinstance(data, dict) and "full_names" in data:
            data = dict(data)
            full, english = data.pop("full_names") or [], data.pop("english_names", None) or []
            data["names"] = [
                {
                    "name": n,
                    "full_name": (full[i] if i < len(full) else "") or None,
                    "english": (english[i] if i < len(english) else "") or None,
                }
                for i, n in enumerate(data.get("names") or [])
            ]
        return data


class ActorNames(View):
    """GET /actors/{id}/names: the actor's renames, one succession per source."""

    actor: ActorRef
    successions: list[Succession]
