"""Signed-network analysis of a time slice: camps, balance, brokers, turning points. Pure functions over
claims already read; no database (tests/unit/test_signed.py).

The signed graph (docs/analysis.md): one node per actor, one edge per pair of actors, carrying the summed
weight of the claims that put them on the same side (`pos`: alliance, cooperation, affiliation) and on opposite sides
(`neg`: hostility), with those claims' ids. A claim weighs its confidence, times `1 + ln(events)` when an
event dataset counted the events behind it (UCDP GED's monthly hostility claims).

Camps are a partition of the actors that minimises **frustration**: the weight of hostility inside a camp
plus the weight of alliance across camps (Doreian & Mrvar 1996, with alpha = 1/2; the number of camps is
free, as in correlation clustering, so a three-sided war is three camps). Each connected component is
solved on its own: exactly, by branch and bound over set partitions, when it has at most
`EXACT_LIMIT` actors (and the search stays within its node budget); otherwise by seeded local search
(greedy placement in a random order, then single-actor moves and camp merges while frustration falls,
`RESTARTS` times), which finds a local optimum, not necessarily the best partition.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

import networkx as nx

from app.domain.model import ClaimKind

SIGN: dict[ClaimKind, int] = {
    ClaimKind.ALLIANCE: 1,
    ClaimKind.COOPERATION: 1,  # fought on the same side: a positive tie unless the request leaves it out
    ClaimKind.AFFILIATION: 1,
    ClaimKind.HOSTILITY: -1,
}
SIGNED_KINDS: tuple[ClaimKind, ...] = tuple(SIGN)


def signed_kinds(cooperation: bool = True) -> tuple[ClaimKind, ...]:
    """The kinds an analysis reads as ties: every signed kind, or all but cooperation (`include_cooperation=false`:
    declared alliances and affiliations only on the positive side)."""
    return SIGNED_KINDS if cooperation else tuple(k for k in SIGNED_KINDS if k is not ClaimKind.COOPERATION)


EXACT_LIMIT = 12  # actors in a component solved exactly
EXACT_BUDGET = 500_000  # search nodes before the exact search gives way to local search
RESTARTS = 20
SEED = 20140818
EPS = 1e-9
CAMP_COST = 1e-6  # what opening a camp costs: among partitions of equal frustration, the fewest camps win

Method = Literal["exact", "local-search"]


@dataclass(frozen=True)
class Tie:
    """One claim as a signed tie between two actors."""

    claim_id: str
    a: str
    b: str
    sign: int
    weight: float


def claim_weight(confidence: float, events: int | None) -> float:
    """A claim's weight: its confidence, times 1 + ln(events) when events were counted (1 event: 1x)."""
    return confidence * (1.0 + math.log(events)) if events is not None and events > 1 else confidence


def ties_of(claim_id: str, kind: ClaimKind, parties: Sequence[tuple[str, str]], weight: float) -> list[Tie]:
    """The signed ties a claim makes: between its two sides (alliance, cooperation, hostility) or its affiliate
    and parent.
    Other kinds make none."""
    sign = SIGN.get(kind)
    actors = list(dict.fromkeys(actor for _, actor in parties))
    if sign is None or len(actors) != 2:
        return []
    return [Tie(claim_id, actors[0], actors[1], sign, weight)]


def signed_graph(ties: Iterable[Tie]) -> nx.Graph[str]:
    """Actors as nodes; per pair, `pos` and `neg` weights and the claim ids behind each."""
    g: nx.Graph[str] = nx.Graph()
    for t in ties:
        if t.a == t.b:
            continue
        if not g.has_edge(t.a, t.b):
            g.add_edge(t.a, t.b, pos=0.0, neg=0.0, pos_claims=[], neg_claims=[])
        data = g.edges[t.a, t.b]
        side = "pos" if t.sign > 0 else "neg"
        data[side] += t.weight
        data[f"{side}_claims"].append(t.claim_id)
    return g


def net_sign(g: nx.Graph[str], u: str, v: str) -> int:
    """+1 when the pair's alliance outweighs its hostility, -1 the other way, 0 when they are equal."""
    diff = g.edges[u, v]["pos"] - g.edges[u, v]["neg"]
    return 1 if diff > EPS else -1 if diff < -EPS else 0


# ------------------------------------------------------------------------------------------- partitions
@dataclass(frozen=True)
class Partition:
    camps: list[list[str]]  # each sorted; largest camp first, then by first member
    frustration: float
    method: Method

    def assignment(self) -> dict[str, int]:
        return {actor: i for i, camp in enumerate(self.camps) for actor in camp}


def frustration(g: nx.Graph[str], camp_of: Mapping[str, int]) -> float:
    """Hostility inside camps plus alliance across camps."""
    total = 0.0
    for u, v, data in g.edges(data=True):
        total += data["neg"] if camp_of[u] == camp_of[v] else data["pos"]
    return total


def _canonical(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    camps = [sorted(c) for c in groups if c]
    return sorted(camps, key=lambda c: (-len(c), c[0]))


class _Component:
    """One connected component with its weights as dense lists (index by position in `nodes`)."""

    def __init__(self, g: nx.Graph[str], nodes: list[str]) -> None:
        self.nodes = nodes
        index = {n: i for i, n in enumerate(nodes)}
        self.nbrs: list[list[tuple[int, float, float]]] = [[] for _ in nodes]
        for u, v, data in g.subgraph(nodes).edges(data=True):
            i, j = index[u], index[v]
            self.nbrs[i].append((j, data["pos"], data["neg"]))
            self.nbrs[j].append((i, data["pos"], data["neg"]))

    def cost(self, camp: list[int]) -> float:
        return sum(n if camp[i] == camp[j] else p for i in range(len(camp)) for j, p, n in self.nbrs[i] if i < j)

    def move_costs(self, i: int, camp: list[int], camps: int, opening: float = CAMP_COST) -> list[float]:
        """The cost of actor i's ties to placed actors (camp >= 0) if i joined each camp (index `camps`: a new
        one, which costs `opening` more)."""
        placed_pos = 0.0
        inside = [0.0] * (camps + 1)
        for j, p, n in self.nbrs[i]:
            c = camp[j]
            if c < 0 or j == i:
                continue
            placed_pos += p
            inside[c] += n - p
        inside[camps] += opening
        return [placed_pos + inside[c] for c in range(camps + 1)]


def _local_search(comp: _Component, rng: random.Random) -> tuple[float, list[int]]:
    best_cost, best = math.inf, [0] * len(comp.nodes)
    for _ in range(RESTARTS):
        order = list(range(len(comp.nodes)))
        rng.shuffle(order)
        camp = [-1] * len(order)
        used = 0
        for i in order:  # greedy: the camp that costs least so far; a new camp only when strictly better
            costs = comp.move_costs(i, camp, used)
            c = min(range(used + 1), key=lambda k: (costs[k], k))
            camp[i] = c
            used = max(used, c + 1)
        improved = True
        while improved:
            improved = False
            for i in order:  # move one actor to the camp where its ties cost least
                here = camp[i]
                camp[i] = -1
                costs = comp.move_costs(i, camp, used)
                c = min(range(used + 1), key=lambda k: (costs[k], k))
                if costs[c] < costs[here] - EPS:
                    improved = True
                    camp[i] = c
                    used = max(used, c + 1)
                else:
                    camp[i] = here
            camp, used = _relabel(camp)
            merged = _merge_once(comp, camp, used)
            if merged is not None:
                camp, used = _relabel(merged)
                improved = True
        cost = comp.cost(camp) + CAMP_COST * used
        if cost < best_cost - EPS:
            best_cost, best = cost, camp
    return best_cost, best


def _merge_once(comp: _Component, camp: list[int], used: int) -> list[int] | None:
    """Merge the two camps whose merging lowers frustration most (alliance between them >= hostility: equal
    frustration with one camp fewer is better)."""
    between = {(a, b): 0.0 for a in range(used) for b in range(a + 1, used)}  # untied camps: 0, merged
    for i, ties in enumerate(comp.nbrs):
        for j, p, n in ties:
            a, b = camp[i], camp[j]
            if i < j and a != b:
                key = (min(a, b), max(a, b))
                between[key] = between.get(key, 0.0) + p - n
    gains = [(gain, key) for key, gain in between.items() if gain > -EPS]
    if not gains:
        return None
    _, (a, b) = max(gains, key=lambda x: (x[0], (-x[1][0], -x[1][1])))
    return [a if c == b else c for c in camp]


def _relabel(camp: list[int]) -> tuple[list[int], int]:
    labels: dict[int, int] = {}
    out = [labels.setdefault(c, len(labels)) for c in camp]
    return out, len(labels)


def _exact(comp: _Component, upper: float, start: list[int]) -> tuple[float, list[int], bool]:
    """Branch and bound over set partitions (a new camp is always the next index, so each partition is
    met once), from the local search's answer as the bound to beat. Returns (cost, camps, finished)."""
    n = len(comp.nodes)
    strength = [sum(p + q for _, p, q in comp.nbrs[i]) for i in range(n)]
    order = sorted(range(n), key=lambda i: (-strength[i], comp.nodes[i]))
    best_cost = [upper]
    best_camp = [list(start)]
    camp = [-1] * n
    budget = [EXACT_BUDGET]

    def bound(k: int, used: int) -> float:
        # a lower bound of what the unplaced actors add: their ties to placed ones only, and no camp
        # opening charged (several may share one new camp)
        return sum(min(comp.move_costs(i, camp, used, opening=0.0)) for i in order[k:])

    def search(k: int, used: int, cost: float) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if k == n:
            if cost < best_cost[0] - EPS:
                best_cost[0], best_camp[0] = cost, list(camp)
            return True
        i = order[k]
        costs = comp.move_costs(i, camp, used)
        for c in sorted(range(used + 1), key=lambda c: (costs[c], c)):
            new_cost = cost + costs[c]
            if new_cost >= best_cost[0] - EPS:
                continue
            camp[i] = c
            if new_cost + bound(k + 1, max(used, c + 1)) < best_cost[0] - EPS and not search(
                k + 1, max(used, c + 1), new_cost
            ):
                camp[i] = -1
                return False
            camp[i] = -1
        return True

    finished = search(0, 0, 0.0)
    return best_cost[0], best_camp[0], finished


def partition(g: nx.Graph[str], *, seed: int = SEED, exact_limit: int = EXACT_LIMIT) -> Partition:
    """Camps minimising frustration; method "exact" when every component was solved exactly."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible search order, not a secret
    groups: list[list[str]] = []
    total = 0.0
    method: Method = "exact"
    for nodes in sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: c[0]):
        comp = _Component(g, nodes)
        score, camp = _local_search(comp, rng)
        if len(nodes) <= exact_limit:
            _, camp, finished = _exact(comp, score + EPS, camp)
            if not finished:
                method = "local-search"
        else:
            method = "local-search"
        cost = comp.cost(camp)
        by_camp: dict[int, list[str]] = {}
        for i, c in enumerate(camp):
            by_camp.setdefault(c, []).append(nodes[i])
        groups.extend(by_camp.values())
        total += cost
    return Partition(_canonical(groups), round(total, 9), method)


@dataclass(frozen=True)
class Frustrated:
    """A tie that breaks a camp: hostility inside it (sign -1) or alliance with another camp (sign +1)."""

    a: str
    b: str
    sign: int
    weight: float
    claims: list[str]


def frustrated_ties(g: nx.Graph[str], camp_of: Mapping[str, int]) -> list[Frustrated]:
    found = []
    for u, v, data in g.edges(data=True):
        a, b = sorted((u, v))
        if camp_of[u] == camp_of[v] and data["neg"] > 0:
            found.append(Frustrated(a, b, -1, data["neg"], sorted(data["neg_claims"])))
        elif camp_of[u] != camp_of[v] and data["pos"] > 0:
            found.append(Frustrated(a, b, 1, data["pos"], sorted(data["pos_claims"])))
    return sorted(found, key=lambda f: (-f.weight, f.a, f.b))


def stability(members: Iterable[str], here: Mapping[str, int], there: Mapping[str, int]) -> tuple[float | None, int]:
    """Of the pairs (a member, any other actor) present in both slices, the share whose same-camp or
    other-camp status is the same in both; and how many pairs were compared (0: None)."""
    pairs = {(min(m, o), max(m, o)) for m in members if m in there for o in here if o != m and o in there}
    if not pairs:
        return None, 0
    kept = sum((here[a] == here[b]) == (there[a] == there[b]) for a, b in pairs)
    return kept / len(pairs), len(pairs)


# ------------------------------------------------------------------------------------------- balance
@dataclass(frozen=True)
class Triangle:
    actors: tuple[str, str, str]
    signs: tuple[int, int, int]  # of the pairs (0,1), (0,2), (1,2)
    claims: tuple[list[str], list[str], list[str]]

    @property
    def balanced(self) -> bool:
        """Cartwright & Harary: the product of the signs is positive (+++ or +--)."""
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    @property
    def weakly_balanced(self) -> bool:
        """Davis: also --- (three mutual enemies); only ++- is unbalanced."""
        return self.balanced or self.signs == (-1, -1, -1)


@dataclass(frozen=True)
class Balance:
    triangles: list[Triangle]
    undetermined: int  # triangles with a pair whose alliance and hostility weigh the same

    @property
    def balanced(self) -> int:
        return sum(t.balanced for t in self.triangles)

    @property
    def weakly_balanced(self) -> int:
        return sum(t.weakly_balanced for t in self.triangles)


def _claims(g: nx.Graph[str], u: str, v: str, sign: int) -> list[str]:
    return sorted(g.edges[u, v]["pos_claims" if sign > 0 else "neg_claims"])


def balance(g: nx.Graph[str]) -> Balance:
    """Every triangle of the graph with the net sign of each pair (the claims of that sign behind it)."""
    found: list[Triangle] = []
    undetermined = 0
    for u in sorted(g):
        higher = {v for v in g[u] if v > u}
        for v in sorted(higher):
            for w in sorted(x for x in g[v] if x > v and x in higher):
                signs = (net_sign(g, u, v), net_sign(g, u, w), net_sign(g, v, w))
                if 0 in signs:
                    undetermined += 1
                    continue
                claims = (_claims(g, u, v, signs[0]), _claims(g, u, w, signs[1]), _claims(g, v, w, signs[2]))
                found.append(Triangle((u, v, w), signs, claims))
    return Balance(found, undetermined)


# ------------------------------------------------------------------------------------------- brokers
@dataclass(frozen=True)
class Broker:
    actor: str
    camps: tuple[int, int]  # indexes into the partition's camps
    allies: tuple[list[str], list[str]]  # the broker's allies in each camp that fight each other
    alliance_claims: list[str]
    hostility_claims: list[str]  # between those allies (at most HOSTILITY_SHOWN)


HOSTILITY_SHOWN = 20


def brokers(g: nx.Graph[str], parts: Partition) -> list[Broker]:
    """Actors allied (net positive tie) with members of two camps that fight each other: two of its allies,
    one in each camp, are enemies (net negative tie), the + + - triad with the broker at its apex. Its own
    camp may be one of the two."""
    camp_of = parts.assignment()
    found = []
    for actor in sorted(g):
        allies: dict[int, list[str]] = {}
        for other in sorted(g[actor]):
            if net_sign(g, actor, other) > 0:
                allies.setdefault(camp_of[other], []).append(other)
        for a in sorted(allies):
            for b in sorted(c for c in allies if c > a):
                fights = [(x, y) for x in allies[a] for y in allies[b] if g.has_edge(x, y) and net_sign(g, x, y) < 0]
                if not fights:
                    continue
                left = sorted({x for x, _ in fights})
                right = sorted({y for _, y in fights})
                claims = sorted({c for o in left + right for c in g.edges[actor, o]["pos_claims"]})
                hostile = sorted({c for x, y in fights for c in g.edges[x, y]["neg_claims"]})
                found.append(Broker(actor, (a, b), (left, right), claims, hostile[:HOSTILITY_SHOWN]))
    return found


# ------------------------------------------------------------------------------------------- turning points
@dataclass(frozen=True)
class TimedClaim:
    """A claim of one actor, as the turning points read it, in time order."""

    id: str
    kind: ClaimKind
    parties: list[tuple[str, str]]  # (role, actor id)
    start_latest: dt.date  # when it had surely begun
    end_earliest: dt.date  # the earliest it can have ended


@dataclass(frozen=True)
class Turn:
    other: str
    change: Literal["ally_to_enemy", "enemy_to_ally", "defection"]
    date: dt.date  # the latest the new relation can have begun
    since: dt.date | None  # the earliest the old relation can have ended (its last claim's); None: a defection
    before: list[str] = field(default_factory=list)  # the claims of the old relation (or before the defection)
    after: list[str] = field(default_factory=list)  # the claims of the new relation (the defection)
    defection: dict[str, str] | None = None  # roles of the defection claim: defector, from, to


def turning_points(actor: str, claims: Sequence[TimedClaim]) -> list[Turn]:
    """Where the sign of `actor`'s relation with each other actor changes from one claim to the next (in
    the order given), and every defection it takes part in (other: the group joined, for the defector and
    the group left; the group left, for the group joined)."""
    runs: dict[str, list[tuple[int, list[TimedClaim]]]] = {}  # per other actor: runs of one sign
    turns: list[Turn] = []
    for claim in claims:
        if claim.kind == ClaimKind.DEFECTION:
            roles = dict(claim.parties)
            other = roles.get("from") if roles.get("to") == actor else roles.get("to")
            if other is None or other == actor:
                continue
            before = [c.id for c in runs.get(other, [(0, [])])[-1][1]]
            turns.append(Turn(other, "defection", claim.start_latest, None, before, [claim.id], roles))
            continue
        sign = SIGN.get(claim.kind)
        others = [a for _, a in claim.parties if a != actor]
        if sign is None or len(others) != 1:
            continue
        seq = runs.setdefault(others[0], [])
        if seq and seq[-1][0] == sign:
            seq[-1][1].append(claim)
        else:
            seq.append((sign, [claim]))
    for other, seq in runs.items():
        for (old, old_claims), (_, new_claims) in pairwise(seq):
            turns.append(
                Turn(
                    other,
                    "ally_to_enemy" if old > 0 else "enemy_to_ally",
                    new_claims[0].start_latest,
                    old_claims[-1].end_earliest,
                    [c.id for c in old_claims],
                    [c.id for c in new_claims],
                )
            )
    return sorted(turns, key=lambda t: (t.date, t.other, t.change, t.after))
