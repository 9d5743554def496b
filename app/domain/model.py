"""The vocabulary of the graph: kinds, roles, statuses, and the typed edges drawn for browsing.

These whitelists are the only way a word from outside (a seed file, a query parameter) can choose a
label or a relationship type: Cypher never takes them from input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    STATE = "state"
    STATE_ARMED_FORCE = "state_armed_force"
    ARMED_GROUP = "armed_group"
    COALITION = "coalition"
    TRANSNATIONAL_ORGANISATION = "transnational_organisation"
    FOREIGN_STATE = "foreign_state"
    PERSON = "person"
    PLACEHOLDER = "placeholder"  # an unnamed party: "a number of opposition groups in Aleppo"


class ClaimKind(StrEnum):
    ALLIANCE = "alliance"
    # fought on the same side (co-belligerence) without a declared alliance: weaker than `alliance`, seen in
    # event data (UCDP GED coalition sides, ACLED's associated actors) or reported (docs/data-model.md)
    COOPERATION = "cooperation"
    HOSTILITY = "hostility"
    DEFECTION = "defection"
    AFFILIATION = "affiliation"
    MEMBERSHIP = "membership"
    SPLIT = "split"
    IDENTITY = "identity"  # two actors are one group (SAME_AS): a claim like any other, never a merge


class Status(StrEnum):
    REPORTED = "reported"  # a source reports it as fact
    CLAIMED = "claimed"  # claimed by a party to it, or by its supporters
    ALLEGED = "alleged"  # alleged, unconfirmed
    CONFIRMED = "confirmed"  # confirmed by independent sources
    DISPUTED = "disputed"  # sources contradict each other
    RETRACTED = "retracted"  # withdrawn by its source


class SourceKind(StrEnum):
    NEWS_ARTICLE = "news_article"
    TWEET = "tweet"
    NEWS_AGENCY_REPORT = "news_agency_report"
    BROADCAST = "broadcast"
    VIDEO = "video"
    STATEMENT = "statement"  # something a person told the reporter
    DATASET = "dataset"


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


@dataclass(frozen=True)
class KindShape:
    """The roles a claim of one kind has, and how its browsing edge is drawn."""

    roles: tuple[str, ...]  # every role a claim of this kind must have
    rel_type: str  # the typed Actor-to-Actor relationship
    edge_from: str  # role at the start of that relationship
    edge_to: str  # role at its end
    symmetric: bool = False  # alliance, cooperation, hostility: two "side" parties, order meaningless

    def edge_ends(self, parties: list[tuple[str, str]]) -> tuple[str, str]:
        """(start, end) actor ids of the typed edge, from (role, actor id) pairs in the claim's order."""
        if self.symmetric:
            sides = [actor for role, actor in parties if role == "side"]
            return sides[0], sides[1]
        by_role = dict(parties)
        return by_role[self.edge_from], by_role[self.edge_to]


CLAIM_SHAPES: dict[ClaimKind, KindShape] = {
    ClaimKind.ALLIANCE: KindShape(("side",), "ALLIED_WITH", "side", "side", symmetric=True),
    ClaimKind.COOPERATION: KindShape(("side",), "FOUGHT_ALONGSIDE", "side", "side", symmetric=True),
    ClaimKind.HOSTILITY: KindShape(("side",), "HOSTILE_TO", "side", "side", symmetric=True),
    ClaimKind.DEFECTION: KindShape(("defector", "from", "to"), "DEFECTED_TO", "defector", "to"),
    ClaimKind.AFFILIATION: KindShape(("affiliate", "parent"), "AFFILIATED_WITH", "affiliate", "parent"),
    ClaimKind.MEMBERSHIP: KindShape(("member", "group"), "MEMBER_OF", "member", "group"),
    ClaimKind.SPLIT: KindShape(("splinter", "parent"), "SPLIT_FROM", "splinter", "parent"),
    ClaimKind.IDENTITY: KindShape(("alias", "canonical"), "SAME_AS", "alias", "canonical"),
}

# What a query means by "every kind": the relationships between actors. Identity claims (SAME_AS) are
# asked for by name (`kind=identity`) and used by `resolve=same_as`.
RELATIONSHIP_KINDS: tuple[ClaimKind, ...] = tuple(k for k in ClaimKind if k is not ClaimKind.IDENTITY)

REL_TYPES: dict[ClaimKind, str] = {kind: shape.rel_type for kind, shape in CLAIM_SHAPES.items()}
