"""Camps, balance, brokers and turning points (issue 13) through the HTTP API, against the real Neo4j:
small signed graphs with known answers, imported as NDJSON claims, and the article's seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import SEED_DIR, load_seed_dir
from tests.helpers import ok, problem
from tests.import_support import run_cli, write_ndjson

HEADER = {"type": "file", "as_of": "2014-12-31", "recorded_at": "2026-11-25T00:00:00Z"}
SOURCE = {"type": "source", "id": "test-wire", "kind": "news_agency_report", "title": "Test wire"}
EARLIER_ALLIANCE = Path(__file__).parent.parent / "data" / "is-nusra-alliance-2013.yaml"
IS, NUSRA = "islamic-state", "al-nusra-front"


def actor(actor_id: str) -> dict[str, Any]:
    return {"type": "actor", "id": actor_id, "name": actor_id.title(), "kind": "armed_group", "description": "test"}


def tie(claim_id: str, kind: str, a: str, b: str, confidence: float = 0.8, valid: str = "2014-08") -> dict[str, Any]:
    parties = {"side": [a, b]} if kind in ("alliance", "hostility") else {"affiliate": a, "parent": b}
    return {
        "type": "claim", "id": claim_id, "kind": kind, "parties": parties, "status": "reported",
        "confidence": confidence, "citations": [{"source": "test-wire", "quote": claim_id}],
        "valid": {"from": valid} if ".." not in valid else {"from": valid.split("..")[0], "to": valid.split("..")[1]},
    }  # fmt: skip


def load(settings: Settings, tmp_path: Path, actors: list[str], claims: list[dict[str, Any]]) -> None:
    path = write_ndjson(tmp_path / "claims.ndjson", [HEADER, SOURCE, *map(actor, actors), *claims])
    result = run_cli(settings, "import", "claims", path)
    assert result.exit_code == 0, result.output


def members(body: dict[str, Any]) -> list[list[str]]:
    return [[m["id"] for m in camp["members"]] for camp in body["camps"]]


def test_a_balanced_four_actor_graph_splits_into_its_two_camps_with_nothing_frustrated(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    claims = [
        tie("ab", "alliance", "aa", "bb"), tie("cd", "affiliation", "cc", "dd"),
        tie("ac", "hostility", "aa", "cc"), tie("ad", "hostility", "aa", "dd"),
        tie("bc", "hostility", "bb", "cc"), tie("bd", "hostility", "bb", "dd"),
    ]  # fmt: skip
    load(settings, tmp_path, ["aa", "bb", "cc", "dd"], claims)
    body = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    assert members(body) == [["aa", "bb"], ["cc", "dd"]]
    assert body["method"] == "exact"
    assert body["frustration"] == 0
    assert body["total_weight"] == pytest.approx(6 * 0.8)
    assert all(camp["frustrated"] == [] for camp in body["camps"])
    assert body["slice"] == {"claims": 6, "actors": 4, "capped": False, "max_claims": 2000}
    assert body["window"]["text"] == "2014-08"
    balance = ok(api.get("/analysis/balance", params={"from": "2014-07", "to": "2014-09"}))
    assert [(s["window"], s["triangles"], s["balanced"], s["share"]) for s in balance["steps"]] == [
        ("2014-07", 0, 0, None),
        ("2014-08", 4, 4, 1.0),
        ("2014-09", 0, 0, None),
    ]
    assert balance["unbalanced"] == []
    # the same slice asked with `at`, and nothing left when the confidence floor is above every claim
    assert members(ok(api.get("/analysis/camps", params={"at": "2014-08-15"}))) == [["aa", "bb"], ["cc", "dd"]]
    assert ok(api.get("/analysis/camps", params={"during": "2014-08", "min_confidence": 0.9}))["camps"] == []


def test_one_frustrated_triangle_keeps_its_allies_together_and_names_the_claim_that_breaks_it(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    claims = [
        tie("xy-allied", "alliance", "xx", "yy", 0.9),
        tie("yz-allied", "alliance", "yy", "zz", 0.8),
        tie("xz-fight", "hostility", "xx", "zz", 0.3),
    ]
    load(settings, tmp_path, ["xx", "yy", "zz"], claims)
    body = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    assert members(body) == [["xx", "yy", "zz"]]  # breaking the weakest tie (0.3) costs least
    assert body["frustration"] == pytest.approx(0.3)
    [broken] = body["camps"][0]["frustrated"]
    assert broken["sign"] == -1 and broken["claims"] == ["xz-fight"]
    assert [a["id"] for a in broken["actors"]] == ["xx", "zz"]
    balance = ok(api.get("/analysis/balance", params={"from": "2014", "to": "2014", "step": "year"}))
    assert [(s["window"], s["triangles"], s["balanced"], s["share"]) for s in balance["steps"]] == [("2014", 1, 0, 0.0)]
    [triad] = balance["unbalanced"]
    assert [a["id"] for a in triad["actors"]] == ["xx", "yy", "zz"]
    assert triad["signs"] == [1, -1, 1] and triad["claims"] == [["xy-allied"], ["xz-fight"], ["yz-allied"]]
    # the same slice above a confidence floor: the weak hostility is left out, nothing is frustrated
    assert ok(api.get("/analysis/camps", params={"during": "2014-08", "min_confidence": 0.5}))["frustration"] == 0


def test_a_broker_is_allied_with_two_camps_that_fight_each_other(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    claims = [
        tie("a1a2", "alliance", "a1", "a2", 0.9), tie("c1c2", "alliance", "c1", "c2", 0.9),
        tie("a1c1", "hostility", "a1", "c1", 0.9), tie("a2c2", "hostility", "a2", "c2", 0.9),
        tie("p-a1", "alliance", "pp", "a1", 0.3), tie("p-c1", "alliance", "pp", "c1", 0.2),
    ]  # fmt: skip
    load(settings, tmp_path, ["a1", "a2", "c1", "c2", "pp"], claims)
    body = ok(api.get("/analysis/brokers", params={"during": "2014-08"}))
    assert [[a["id"] for a in camp] for camp in body["camps"]] == [["a1", "a2", "pp"], ["c1", "c2"]]
    [broker] = body["brokers"]
    assert broker["actor"]["id"] == "pp" and broker["camps"] == [1, 2]
    assert [[a["id"] for a in side] for side in broker["allies"]] == [["a1"], ["c1"]]
    assert broker["alliance_claims"] == ["p-a1", "p-c1"]
    assert broker["hostility_claims"] == ["a1c1"]  # its allies a1 and c1 fight each other
    camps = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    assert camps["camps"][0]["frustrated"][0]["claims"] == ["p-c1"]  # its tie across the line breaks a camp


def test_a_side_switch_on_a_known_date_is_a_turning_point_and_unsettles_the_camps(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    claims = [
        tie("uv-allied", "alliance", "uu", "vv", 0.8, "2014-01..2014-05"),
        tie("uv-fight", "hostility", "uu", "vv", 0.7, "2014-06-14..open"),
        tie("uw-allied", "alliance", "uu", "ww", 0.6, "2014-01..open"),
    ]
    load(settings, tmp_path, ["uu", "vv", "ww"], claims)
    turns = ok(api.get("/actors/uu/turning-points"))
    assert turns["actor"]["id"] == "uu" and turns["capped"] is False
    [turn] = turns["items"]
    assert turn["other"]["id"] == "vv" and turn["change"] == "ally_to_enemy"
    assert turn["date"] == "2014-06-14" and turn["since"] == "2014-05-01"
    assert [c["id"] for c in turn["before"]] == ["uv-allied"] and [c["id"] for c in turn["after"]] == ["uv-fight"]
    assert [t["change"] for t in ok(api.get("/actors/vv/turning-points"))["items"]] == ["ally_to_enemy"]
    assert ok(api.get("/actors/ww/turning-points"))["items"] == []
    may = ok(api.get("/analysis/camps", params={"during": "2014-05"}))
    assert members(may) == [["uu", "vv", "ww"]]
    assert may["camps"][0]["stability"] == {"previous": 1.0, "next": pytest.approx(1 / 3, abs=1e-4),
                                            "pairs_previous": 3, "pairs_next": 3}  # fmt: skip
    assert members(ok(api.get("/analysis/camps", params={"during": "2014-07"}))) == [["uu", "ww"], ["vv"]]


def test_in_august_2014_the_islamic_state_is_in_a_camp_apart_from_its_rebel_enemies(
    api: TestClient, seeded: Driver
) -> None:
    body = ok(api.get("/analysis/camps", params={"during": "2014-08"}))
    camp_of = {m["id"]: camp["id"] for camp in body["camps"] for m in camp["members"]}
    for enemy in (NUSRA, "islamic-front", "free-syrian-army"):
        assert camp_of[enemy] != camp_of[IS], enemy
    assert body["method"] == "exact"
    # every frustrated tie names claims that exist
    for camp in body["camps"]:
        for broken in camp["frustrated"]:
            for claim_id in broken["claims"]:
                ok(api.get(f"/relationships/{claim_id}"))


def test_al_nusra_turning_point_against_the_islamic_state_is_found_from_its_claims(
    api: TestClient, seeded: Driver
) -> None:
    turns = ok(api.get(f"/actors/{NUSRA}/turning-points"))["items"]
    against_is = [t for t in turns if t["other"]["id"] == IS]
    assert [(t["change"], [c["id"] for c in t["after"]]) for t in against_is] == [
        ("defection", ["local-nusra-fighters-defect-to-is"])
    ]
    [turn] = against_is
    assert {role: a["id"] for role, a in turn["defection"].items()} == {
        "defector": "local-nusra-fighters",
        "from": NUSRA,
        "to": IS,
    }
    assert turn["date"] == "2014-08-18"


@pytest.mark.writes
def test_al_nusra_turns_from_ally_to_enemy_of_the_islamic_state_after_2013(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    load_seed_dir(settings, SEED_DIR, EARLIER_ALLIANCE)  # partners in early 2013 (a test fixture)
    turns = ok(api.get(f"/actors/{NUSRA}/turning-points"))["items"]
    [turn] = [t for t in turns if t["other"]["id"] == IS and t["change"] != "defection"]
    assert turn["change"] == "ally_to_enemy"
    assert [c["id"] for c in turn["before"]] == ["test-is-nusra-alliance-2013"]
    assert turn["after"][0]["id"] == "is-nusra-hostility-deir-ezzor-2014-07"
    assert (turn["since"], turn["date"]) == ("2013-04-01", "2014-07-31")


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/analysis/camps", {}, "during"),
        ("/analysis/camps", {"during": "2014-02-30"}, "during"),
        ("/analysis/camps", {"during": "2014-08", "at": "2014-08-15"}, "at"),
        ("/analysis/camps", {"during": "2014-08", "min_confidence": 2}, "min_confidence"),
        ("/analysis/camps", {"during": "2014-08", "mode": "maybe"}, "mode"),
        ("/analysis/brokers", {"at": "2014-13"}, "at"),
        ("/analysis/balance", {"from": "2000", "to": "2020"}, "to"),
        ("/analysis/balance", {"from": "2016", "to": "2012"}, "to"),
        ("/analysis/balance", {"from": "2012", "to": "2016", "step": "week"}, "step"),
        ("/analysis/balance", {"to": "2016"}, "from"),
    ],
)
def test_bad_parameters_are_422_problems(
    api: TestClient, seeded: Driver, path: str, params: dict[str, Any], field: str
) -> None:
    body = problem(api.get(path, params=params), 422)
    assert field in body["detail"]


def test_an_unknown_actor_has_no_turning_points(api: TestClient, seeded: Driver) -> None:
    problem(api.get("/actors/no-such-group/turning-points"), 404)
