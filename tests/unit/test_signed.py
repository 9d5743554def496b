"""The signed-network algorithms of app/domain/signed.py, without a database: partitions checked against
every set partition of small random graphs, balance, brokers and turning points on known answers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import networkx as nx
import pytest

from app.domain.model import ClaimKind
from app.domain.signed import (
    Tie,
    TimedClaim,
    balance,
    brokers,
    claim_weight,
    frustrated_ties,
    frustration,
    partition,
    signed_graph,
    stability,
    ties_of,
    turning_points,
)


def graph(edges: list[tuple[str, str, int, float]]) -> nx.Graph[str]:
    return signed_graph(Tie(f"c{i}", a, b, s, w) for i, (a, b, s, w) in enumerate(edges))


def set_partitions(items: list[str]) -> Iterator[list[list[str]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in set_partitions(rest):
        for i in range(len(part)):
            yield [*part[:i], [first, *part[i]], *part[i + 1 :]]
        yield [[first], *part]


def random_graph(rnd: random.Random, n: int, density: float) -> nx.Graph[str]:
    nodes = [f"n{i:02d}" for i in range(n)]
    edges = [
        (a, b, rnd.choice([1, -1]), round(rnd.random(), 2))
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if rnd.random() < density
    ]
    return graph(edges)


def test_the_exact_partition_is_the_least_frustrated_of_all_set_partitions() -> None:
    rnd = random.Random(7)
    for _ in range(40):
        g = random_graph(rnd, rnd.randint(3, 8), 0.7)
        if not g:
            continue
        scored = [
            (frustration(g, {a: i for i, camp in enumerate(p) for a in camp}), len(p))
            for p in set_partitions(sorted(g))
        ]
        best = min(f for f, _ in scored)
        fewest = min(n for f, n in scored if f < best + 1e-9)
        found = partition(g)
        assert found.method == "exact"
        assert found.frustration == pytest.approx(best)
        assert len(found.camps) == fewest  # among the least frustrated, the fewest camps
        assert frustration(g, found.assignment()) == pytest.approx(found.frustration)


def test_local_search_is_used_past_the_exact_limit_and_is_deterministic() -> None:
    g = random_graph(random.Random(3), 40, 0.2)
    first, again = partition(g), partition(g)
    assert first.method == "local-search"
    assert first == again
    assert frustration(g, first.assignment()) == pytest.approx(first.frustration)
    # on a small graph, forced to the heuristic, it still finds the optimum here
    small = random_graph(random.Random(5), 8, 0.6)
    assert partition(small, exact_limit=0).frustration == pytest.approx(partition(small).frustration)


def test_a_balanced_graph_has_no_frustration_and_a_three_sided_war_is_three_camps() -> None:
    two = graph([("a1", "a2", 1, 1), ("b1", "b2", 1, 1), ("a1", "b1", -1, 1), ("a2", "b2", -1, 1)])
    assert partition(two).camps == [["a1", "a2"], ["b1", "b2"]]
    assert partition(two).frustration == 0
    star = graph([("x", "a", -1, 1), ("x", "b", -1, 1), ("x", "c", -1, 1)])
    assert partition(star).camps == [["a", "b", "c"], ["x"]]  # the enemies of x: one camp, not three
    three = graph([("x", "y", -1, 1), ("x", "z", -1, 1), ("y", "z", -1, 1)])
    assert partition(three).camps == [["x"], ["y"], ["z"]]
    [triangle] = balance(three).triangles
    assert not triangle.balanced and triangle.weakly_balanced


def test_a_frustrated_triangle_breaks_its_weakest_tie() -> None:
    g = graph([("x", "y", 1, 0.9), ("y", "z", 1, 0.8), ("x", "z", -1, 0.3)])
    found = partition(g)
    assert found.camps == [["x", "y", "z"]] and found.frustration == pytest.approx(0.3)
    [broken] = frustrated_ties(g, found.assignment())
    assert (broken.a, broken.b, broken.sign, broken.claims) == ("x", "z", -1, ["c2"])
    [triangle] = balance(g).triangles
    assert triangle.signs == (1, -1, 1) and not triangle.balanced and not triangle.weakly_balanced


def test_alliance_and_hostility_of_one_pair_add_up_and_a_tie_cancelled_out_is_undetermined() -> None:
    g = graph([("x", "y", 1, 0.5), ("x", "y", -1, 0.5), ("y", "z", 1, 1), ("x", "z", 1, 1)])
    assert g.edges["x", "y"]["pos_claims"] == ["c0"] and g.edges["x", "y"]["neg_claims"] == ["c1"]
    found = balance(g)
    assert found.triangles == [] and found.undetermined == 1


def test_weights_come_from_confidence_and_events() -> None:
    assert claim_weight(0.5, None) == 0.5
    assert claim_weight(0.5, 1) == 0.5
    assert claim_weight(0.5, 10) == pytest.approx(0.5 * (1 + 2.302585))
    assert ties_of("c", ClaimKind.MEMBERSHIP, [("member", "a"), ("group", "b")], 1.0) == []
    assert ties_of("c", ClaimKind.AFFILIATION, [("affiliate", "a"), ("parent", "b")], 1.0)[0].sign == 1
    assert ties_of("c", ClaimKind.HOSTILITY, [("side", "a"), ("side", "b")], 1.0)[0].sign == -1


def test_stability_is_the_share_of_pairs_whose_camp_status_held() -> None:
    here = {"a": 0, "b": 0, "c": 1}
    assert stability(["a", "b"], here, {"a": 0, "b": 0, "c": 1}) == (1.0, 3)
    share, pairs = stability(["a", "b"], here, {"a": 0, "b": 1, "c": 1})
    assert share == pytest.approx(1 / 3)
    assert pairs == 3
    assert stability(["a"], here, {"x": 0}) == (None, 0)


def test_a_broker_is_allied_with_two_allies_who_fight_each_other() -> None:
    g = graph(
        [("a1", "a2", 1, 0.9), ("c1", "c2", 1, 0.9), ("a1", "c1", -1, 0.9), ("a2", "c2", -1, 0.9),
         ("p", "a1", 1, 0.3), ("p", "c1", 1, 0.2)]
    )  # fmt: skip
    [broker] = brokers(g, partition(g))
    assert broker.actor == "p" and broker.allies == (["a1"], ["c1"]) and broker.hostility_claims == ["c2"]


def claim(cid: str, kind: ClaimKind, parties: list[tuple[str, str]], start: str, end: str) -> TimedClaim:
    return TimedClaim(cid, kind, parties, date.fromisoformat(start), date.fromisoformat(end))


def test_turning_points_are_sign_changes_per_other_actor_and_defections() -> None:
    side = "side"
    moved = [("defector", "f"), ("from", "n"), ("to", "is")]
    claims = [
        claim("ally", ClaimKind.ALLIANCE, [(side, "n"), (side, "is")], "2013-03-31", "2013-04-01"),
        claim("fight-other", ClaimKind.HOSTILITY, [(side, "n"), (side, "army")], "2013-05-31", "2013-05-01"),
        claim("fight-1", ClaimKind.HOSTILITY, [(side, "n"), (side, "is")], "2014-07-31", "2014-07-01"),
        claim("fight-2", ClaimKind.HOSTILITY, [(side, "is"), (side, "n")], "2014-08-18", "2014-08-18"),
        claim("defect", ClaimKind.DEFECTION, moved, "2014-08-18", "2014-08-18"),
        claim("truce", ClaimKind.ALLIANCE, [(side, "n"), (side, "is")], "2015-01-31", "2015-01-01"),
    ]  # fmt: skip
    turns = turning_points("n", claims)
    assert [(t.other, t.change, t.date, t.since, t.before, t.after) for t in turns] == [
        ("is", "ally_to_enemy", date(2014, 7, 31), date(2013, 4, 1), ["ally"], ["fight-1", "fight-2"]),
        ("is", "defection", date(2014, 8, 18), None, ["fight-1", "fight-2"], ["defect"]),
        ("is", "enemy_to_ally", date(2015, 1, 31), date(2014, 8, 18), ["fight-1", "fight-2"], ["truce"]),
    ]
    # for the group joined, the other side of a defection is the group left
    [joined] = turning_points("is", [claims[4]])
    assert (joined.other, joined.change) == ("n", "defection")
