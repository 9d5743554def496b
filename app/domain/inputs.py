"""The input model: one set of validated shapes for every way data enters the graph (seed files, NDJSON and
CSV imports, the HTTP API's bodies, the UCDP GED / MMP / ACLED adapters, extraction), and `Origin`, where an
input came from (a file and its line, or a seed file's entry).

Validated with pydantic before anything is written. References between inputs (an actor id in a claim, a
source id in a citation) are checked by whoever reads a whole set (app/seeding/reader.py, the importers).
See docs/seed-format.md and docs/import-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.domain.model import CLAIM_SHAPES, ActorKind, ClaimKind, SourceKind, Stance, Status
from app.domain.timebounds import TimeError, ValidTime, parse_bound, resolve_valid

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$", max_length=120)]
TEXT_MAX = 4000  # the longest text a field holds (a quote, notes, a description)
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ExternalIds(Strict):
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    ucdp: int | None = Field(default=None, description="UCDP actor id (ActorId in the UCDP Actor Dataset)")


class ActorInput(Strict):
    id: Slug
    name: Text
    kind: ActorKind
    description: Text
    aliases: list[Text] = []
    part_of: Slug | None = Field(default=None, description="an actor this one is an organ of (the army of a state)")
    external_ids: ExternalIds = ExternalIds()


class PlaceInput(Strict):
    id: Slug
    name: Text
    kind: Text = "place"
    alt_names: list[Text] = []
    within: Slug | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    coordinates_source: Text | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> PlaceInput:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self


class SourceInput(Strict):
    id: Slug
    kind: SourceKind
    title: Text
    publisher: Text | None = None
    author: Text | None = None
    account: Text | None = Field(default=None, description="the account that posted it (tweets)")
    published: date | None = None
    published_at: datetime | None = Field(default=None, description="exact time where known (tweet ids carry it)")
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="only where known: never invented"
    )
    reported_in: Slug | None = Field(default=None, description="the source through which this one is known")
    licence: Text | None = Field(default=None, description="terms of reuse, where the source states them")
    notes: Text | None = None


class CitationInput(Strict):
    source: Slug
    quote: Text
    stance: Stance = Stance.SUPPORTS
    note: Text | None = None


class ValidInput(Strict):
    """`from` and `to` in the forms of app.domain.timebounds; `text` is what the source said."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)

    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    text: Text | None = None
    as_of: date | None = None
    approximate: bool = Field(
        default=False,
        description="the dates are approximate though written as days, months or years (a span A..B always is): "
        "UCDP GED events whose end the file does not give",
    )

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        # YAML reads 2014 as an int and 2014-08-16 as a date: take them back as the text written.
        if isinstance(value, int | date):
            return value.isoformat() if isinstance(value, date) else str(value)
        return value

    @field_validator("from_", "to")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is None or value.strip().lower() == "open":
            return value
        parse_bound(value)  # raises TimeError (a ValueError) with a message naming the problem
        return value

    def resolve(self, as_of: date | None) -> ValidTime:
        return resolve_valid(self.from_, self.to, self.as_of or as_of, self.text, self.approximate)


class ParticipantInput(Strict):
    actor: Slug
    role: Annotated[str, Field(pattern=r"^(attacker|target|side)$")] = "side"


class EventInput(Strict):
    id: Slug
    kind: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
    title: Text
    description: Text | None = None
    valid: ValidInput
    place: Slug | None = None
    participants: list[ParticipantInput] = Field(min_length=1)
    status: Status = Status.REPORTED
    confidence: float = Field(ge=0, le=1)
    citations: list[CitationInput] = Field(min_length=1)


class ClaimInput(Strict):
    id: Slug
    kind: ClaimKind
    parties: dict[str, Slug | list[Slug]]
    valid: ValidInput
    status: Status
    confidence: float = Field(ge=0, le=1)
    citations: list[CitationInput] = Field(min_length=1)
    evidence: list[Slug] = Field(default=[], description="ids of events that evidence the claim")
    notes: Text | None = None
    recorded_at: datetime | None = None

    @model_validator(mode="after")
    def _roles_fit_kind(self) -> ClaimInput:
        shape = CLAIM_SHAPES[self.kind]
        roles = set(self.parties)
        if roles != set(shape.roles):
            raise ValueError(
                f"a {self.kind.value} claim has the parties {', '.join(shape.roles)}; got {', '.join(sorted(roles))}"
            )
        for role, who in self.parties.items():
            many = isinstance(who, list)
            if shape.symmetric and (not many or len(who) != 2 or who[0] == who[1]):
                raise ValueError(f"'{role}' must list two different actors")
            if not shape.symmetric and many:
                raise ValueError(f"'{role}' is one actor id, not a list")
        if self.kind is ClaimKind.IDENTITY and self.parties["alias"] == self.parties["canonical"]:
            raise ValueError("an identity claim names two different actors: alias and canonical")
        return self

    def party_list(self) -> list[tuple[str, str]]:
        """(role, actor id) pairs in a stable order."""
        pairs: list[tuple[str, str]] = []
        for role in CLAIM_SHAPES[self.kind].roles:
            who = self.parties[role]
            pairs.extend((role, a) for a in (who if isinstance(who, list) else [who]))
        return pairs


@dataclass(frozen=True)
class Origin:
    """Where an input came from: the file (as shown to the user) and its line (NDJSON, CSV and GED rows)
    or its entry (`claims[3]` of a seed file)."""

    file: str
    line: int = 0
    entry: str = ""


@dataclass(frozen=True)
class DerivedClaim:
    """A claim a dataset adapter (UCDP GED, the UCDP Actor Dataset, ACLED, MMP) derived from its rows: the
    validated input, where it came from (the file; the row where one row states it), and the dataset's own
    properties kept on the claim beside the input's (a GED claim's event count and deaths, an MMP row's id)."""

    claim: ClaimInput
    origin: Origin
    properties: dict[str, Any] = field(default_factory=dict)


__all__ = [
    "TEXT_MAX",
    "ActorInput",
    "CitationInput",
    "ClaimInput",
    "DerivedClaim",
    "EventInput",
    "ExternalIds",
    "Origin",
    "ParticipantInput",
    "PlaceInput",
    "Slug",
    "SourceInput",
    "Strict",
    "Text",
    "TimeError",
    "ValidInput",
]
