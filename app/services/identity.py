"""Reversible identity: "these two actors are one group" is an identity claim (kind `identity`, parties
`alias` and `canonical`, typed edge SAME_AS) with its sources, status and history, never a merge of nodes.

`resolve=same_as` folds such actors together in an answer: every party is shown as its canonical actor,
with the actor the claim names in `folded`; asking for an actor asks for its whole group. The fold is
made per request from the identity claims that are not retracted (as recorded at `as_recorded`, when
given), so retracting the identity claim undoes it, and nothing in the graph is rewritten either way.
Chains fold to the end (a -> b -> c: a and b fold into c); a claim that would close a cycle is ignored.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain.errors import InvalidInput
from app.domain.model import ClaimKind
from app.domain.queries import After, ClaimFilter, ClaimPage
from app.domain.views import ActorRef, Party, Relationship
from app.services.reading import ClaimsPage, GraphSlice, ReadService, graph_slice

MAX_IDENTITIES = 500  # identity claims read for one fold (one page of the claims query)
MAX_COMBINATIONS = 16  # actor filters expanded to their groups: at most this many queries


@dataclass
class Fold:
    parent: dict[str, str] = field(default_factory=dict)
    refs: dict[str, ActorRef] = field(default_factory=dict)

    def root(self, actor_id: str) -> str:
        seen = 0
        while actor_id in self.parent and seen < len(self.parent) + 1:
            actor_id = self.parent[actor_id]
            seen += 1
        return actor_id

    def add(self, alias: ActorRef, canonical: ActorRef) -> None:
        self.refs[alias.id] = alias
        self.refs[canonical.id] = canonical
        if self.root(canonical.id) != alias.id and alias.id not in self.parent:
            self.parent[alias.id] = canonical.id

    def group(self, actor_id: str) -> list[str]:
        """The actor's root and every actor folded into it, root first."""
        top = self.root(actor_id)
        return [top, *sorted(a for a in self.parent if self.root(a) == top and a != top)]

    def party(self, p: Party) -> Party:
        top = self.root(p.actor.id)
        if top == p.actor.id:
            return p
        return p.model_copy(update={"actor": self.refs[top], "folded": p.actor})

    def claim(self, rel: Relationship) -> Relationship:
        return rel.model_copy(update={"parties": [self.party(p) for p in rel.parties]})


class IdentityService:
    """Answers with actors folded along their identity claims (`resolve=same_as`)."""

    def __init__(self, reads: ReadService) -> None:
        self.reads = reads

    async def fold(self, as_recorded: datetime | None) -> Fold:
        flt = ClaimFilter(kinds=(ClaimKind.IDENTITY,), as_recorded=as_recorded)
        found = await self.reads.reader.claims(ClaimPage(flt, MAX_IDENTITIES))
        fold = Fold()
        for rel in found:
            roles = {p.role: p.actor for p in rel.parties}
            fold.add(roles["alias"], roles["canonical"])
        return fold

    async def claims(self, page: ClaimPage, fold: Fold | None = None) -> ClaimsPage:
        """The page with every named actor standing for its group, and every party folded. Several groups
        are several queries from the same position, merged in (from_lo, id) order: keyset paging holds."""
        fold = fold or await self.fold(page.filter.as_recorded)
        groups = [fold.group(a) for a in page.filter.actors]
        combos = list(itertools.islice(itertools.product(*groups), MAX_COMBINATIONS + 1))
        if len(combos) > MAX_COMBINATIONS:
            raise InvalidInput(
                f"resolve=same_as: the actors named stand for more than {MAX_COMBINATIONS} combinations of "
                "their folded names; name fewer actors",
                field="actor",
            )
        pages = [
            await self.reads.claims(replace(page, filter=replace(page.filter, actors=tuple(dict.fromkeys(combo)))))
            for combo in combos
        ]
        merged = {rel.id: rel for p in pages for rel in p.items}
        ordered = sorted(merged.values(), key=lambda r: (r.valid.start.earliest, r.id))
        items = ordered[: page.limit]
        more = len(ordered) > page.limit or any(p.next is not None for p in pages)
        last = items[-1] if items else None
        after = After(last.valid.start.earliest, last.id) if more and last is not None else None
        return ClaimsPage([fold.claim(r) for r in items], after)

    async def actor_claims(self, actor_id: str, page: ClaimPage) -> tuple[ActorRef, ClaimsPage]:
        await self.reads.actor(actor_id)  # 404 for an unknown actor
        fold = await self.fold(page.filter.as_recorded)
        actors = tuple(dict.fromkeys((actor_id, *page.filter.actors)))
        found = await self.claims(replace(page, filter=replace(page.filter, actors=actors)), fold)
        top = fold.root(actor_id)
        ref = fold.refs.get(top) or _ref(await self.reads.actor(top))
        return ref, found

    async def graph(self, flt: ClaimFilter, limit: int) -> GraphSlice:
        return graph_slice(await self.claims(ClaimPage(flt, limit)))


def _ref(actor: ActorRef) -> ActorRef:
    return ActorRef(id=actor.id, name=actor.name, kind=actor.kind)
