"""`alliance import ucdp-actors` against the real Neo4j: the shipped UCDP Actor Dataset on the seed (IS lands on
the seed's Islamic State with its renames in order; Jabhat Fateh al-Sham's membership in HTS and Ahrar
al-Sham's split are claims citing the release), time narrowed by GED events in the graph, a repeat that
changes nothing, and bad rows reported by line with nothing of them written."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir
from tests.helpers import ok
from tests.import_support import SHIPPED_ACTORS, ged_row, run_cli, write_csv

pytestmark = pytest.mark.writes

ACTOR_COLUMNS = [
    "ActorId",
    "NameData",
    "NameOrig",
    "NameOrigFull",
    "NameOrigFullEng",
    "NameChange",
    "NewName",
    "NewNameFullMotherTongue",
    "NewNameFullEng",
    "Org",
    "Splinter",
    "NamePrev",
    "ActorIdPrev",
    "SplitTemp",
    "NameSplitTemp",
    "ActorIdSplitTemp",
    "Alliance",
    "NameAlliance",
    "ActorIdAlliance",
    "JoinGroup",
    "GroupName",
    "ActorIdGroup",
    "Version",
]


def actor_row(ucdp_id: int | str, name: str, **cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(ACTOR_COLUMNS, "")
    row.update(ActorId=ucdp_id, NameData=name, NameOrig=name, Org=1, Version="22.1")
    for flag in ("NameChange", "Splinter", "SplitTemp", "Alliance", "JoinGroup"):
        row[flag] = 0
    row.update(cells)
    return row


def write_actors(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=ACTOR_COLUMNS)
        out.writeheader()
        out.writerows(rows)
    return path


def relationships(api: TestClient, actor: str, *kinds: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(
        api.get(f"/actors/{actor}/relationships", params={"kind": list(kinds), "limit": 500})
    )["items"]
    return found


def parties(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["role"], p["actor"]["id"]) for p in item["parties"]]


def test_the_shipped_actor_dataset_on_the_seed_renames_is_and_ties_nusra_and_ahrar_al_sham_citing_the_release(
    empty_graph: Driver, settings: Settings, api: TestClient
) -> None:
    load_seed_dir(settings)
    result = run_cli(settings, "import", "ucdp-actors", SHIPPED_ACTORS, "--progress", "none")
    assert result.exit_code == 0, result.output
    assert "1,725 rows, 1,725 loaded, 0 rejected" in result.output
    assert "IS (234, by ucdp id) -> islamic-state" in result.output
    assert "Jabhat Fateh al-Sham (1170, by ucdp id) -> al-nusra-front" in result.output
    # the names with a comma inside that cannot be paired, and RIRA's split from itself, are reported by line
    assert "ucdp-actor-22.1.csv.gz:717 (id '734'): NewNameFullMotherTongue: 'Movimiento 26, de Julio'" in result.output
    assert "ucdp-actor-22.1.csv.gz:281 (id '283'): NamePrev: names RIRA (283) itself" in result.output

    # IS: the seed's Islamic State, its former names as aliases and its renames in UCDP's order
    names = ok(api.get("/actors/islamic-state/names"))
    assert names["actor"] == {"id": "islamic-state", "name": "Islamic State", "kind": "armed_group"}
    [succession] = names["successions"]
    assert [n["name"] for n in succession["names"]] == ["Jama’at Al-Tawhid wa Al-Jihad", "TQJBR", "ISI", "ISIS", "IS"]
    assert succession["source"]["id"] == "ucdp-actor-dataset-22-1" and succession["source"]["kind"] == "dataset"
    assert 'NewName "TQJBR, ISI, ISIS, IS"' in succession["quote"]
    for former in ("TQJBR", "Jama'at al-Tawhid wa al-Jihad", "Islamic State of Iraq"):
        assert [a["id"] for a in ok(api.get("/actors", params={"q": former}))["items"]] == ["islamic-state"], former
    seed_is = ok(api.get("/actors/islamic-state"))
    assert seed_is["name"] == "Islamic State" and "TQJBR" in seed_is["aliases"]
    assert ok(api.get("/actors/syrian-army/names"))["successions"] == []
    assert api.get("/actors/no-such-actor/names").status_code == 404

    # Jabhat Fateh al-Sham (the seed's al-Nusra Front) in HTS: a membership citing the actor dataset, undated
    [hts] = [i for i in relationships(api, "al-nusra-front", "membership") if ("group", "hts") in parties(i)]
    assert parties(hts) == [("member", "al-nusra-front"), ("group", "hts")]
    assert [c["source"]["id"] for c in hts["citations"]] == ["ucdp-actor-dataset-22-1"]
    assert hts["citations"][0]["quote"] == (
        'ActorId 1170 "Jabhat Fateh al-Sham": Alliance 1, NameAlliance "HTS", ActorIdAlliance "6815"'
    )
    assert hts["valid"]["start"]["precision"] == "unknown" and hts["valid"]["end"]["precision"] == "unknown"
    assert "gives no date" in hts["valid"]["text"]

    # Ahrar al-Sham: UCDP codes it a splinter of the Islamic Front (seed's islamic-front), and part of it
    ahrar = relationships(api, "ahrar-al-sham", "split", "membership")
    by_kind = {(i["kind"], parties(i)[1][1]) for i in ahrar if parties(i)[0][1] == "ahrar-al-sham"}
    assert by_kind == {
        ("split", "islamic-front"),
        ("membership", "islamic-front"),
        ("membership", "syrian-liberation-front"),
    }
    [split] = [i for i in ahrar if i["kind"] == "split" and parties(i)[0][1] == "ahrar-al-sham"]
    assert split["citations"][0]["quote"] == (
        'ActorId 5554 "Ahrar al-Sham": Splinter 1, NamePrev "Islamic Front", ActorIdPrev "5575"'
    )
    # its membership of the Islamic Front is stated twice: by its own row, and by the Islamic Front's GroupName
    [member] = [i for i in ahrar if i["kind"] == "membership" and parties(i)[1][1] == "islamic-front"]
    assert len(member["citations"]) == 2 and "the other way round" in member["citations"][1]["note"]

    # a second run changes nothing
    before = graph_checksum(empty_graph, settings.neo4j_database, ignore={"Import": ["first_finished_at"]})
    again = run_cli(settings, "import", "ucdp-actors", SHIPPED_ACTORS, "--progress", "none")
    assert again.exit_code == 0, again.output
    assert "claims unchanged 457" in again.output and "claims created" not in again.output
    assert graph_checksum(empty_graph, settings.neo4j_database, ignore={"Import": ["first_finished_at"]}) == before


def test_a_tie_is_placed_where_ged_events_show_both_groups_active_and_left_undated_otherwise(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    ged = write_csv(
        tmp_path / "ged.csv",
        [
            ged_row(1, 2, "Jabhat Fateh al-Sham", "IS", "2016-03-01", side_a_id=1170, side_b_id=234),
            ged_row(2, 2, "Jabhat Fateh al-Sham", "IS", "2017-02-14", side_a_id=1170, side_b_id=234),
            ged_row(3, 2, "HTS", "IS", "2016-04-05", "2016-04-07", side_a_id=6815, side_b_id=234),
            ged_row(4, 2, "HTS", "IS", "2019-11-07", side_a_id=6815, side_b_id=234),
        ],
    )
    assert run_cli(settings, "import", "ucdp-ged", ged, "--release", "test").exit_code == 0
    actors = write_actors(
        tmp_path / "actors.csv",
        [
            actor_row(1170, "Jabhat Fateh al-Sham", Alliance=1, NameAlliance="HTS", ActorIdAlliance=6815),
            actor_row(6815, "HTS"),
            actor_row(234, "IS"),
            actor_row(7000, "Liwa Test", Splinter=1, NamePrev="IS", ActorIdPrev=234),
        ],
    )
    result = run_cli(settings, "import", "ucdp-actors", actors, "--progress", "none")
    assert result.exit_code == 0, result.output
    assert "claims created 2" in result.output and "claims narrowed by GED events 1" in result.output
    [hts] = relationships(api, "hts", "membership")
    assert hts["valid"]["start"] == {"earliest": "2016-04-05", "latest": "2017-02-14", "precision": "range"}
    assert hts["valid"]["end"] == {"earliest": "2016-04-05", "latest": "2017-02-14", "precision": "range"}
    assert hts["valid"]["text"] == (
        "the UCDP Actor Dataset 22.1 gives no date; placed in 2016-04-05..2017-02-14, when GED events show both active"
    )
    assert "Jabhat Fateh al-Sham from 2016-03-01 to 2017-02-14 (2 events)" in hts["notes"]
    assert "HTS from 2016-04-05 to 2019-11-07 (2 events)" in hts["notes"]
    in_2018 = ok(api.get("/relationships", params={"kind": "membership", "during": "2018"}))["items"]
    assert in_2018 == [], "placed where both are active: not in 2018, after Jabhat Fateh al-Sham's last event"
    [splinter] = relationships(api, "liwa-test", "split")
    assert splinter["valid"]["start"]["precision"] == "unknown"
    assert "no GED events of Liwa Test in the graph" in splinter["valid"]["text"]

    # --known-only: nothing new is created, and a tie to an actor not in the graph is not written
    wider = write_actors(
        tmp_path / "wider.csv",
        [
            actor_row(1170, "Jabhat Fateh al-Sham", Alliance=1, NameAlliance="HTS", ActorIdAlliance=6815),
            actor_row(6815, "HTS"),
            actor_row(8000, "Not Here", JoinGroup=1, GroupName="HTS", ActorIdGroup=6815),
        ],
    )
    known = run_cli(settings, "import", "ucdp-actors", wider, "--known-only", "--release", "test")
    assert known.exit_code == 0, known.output
    assert "actors created" not in known.output and "claims created 1" in known.output
    assert ok(api.get("/actors", params={"q": "Not Here"}))["items"] == []


def test_bad_rows_are_reported_by_line_and_field_and_nothing_of_them_is_written(
    empty_graph: Driver, settings: Settings, api: TestClient, tmp_path: Path
) -> None:
    load_seed_dir(settings)
    actors = write_actors(
        tmp_path / "bad.csv",
        [
            actor_row(234, "IS", NameOrig="Tawhid", NameChange=1, NewName="ISI, IS"),  # line 2: good
            actor_row("x1", "Bad Id"),  # line 3
            actor_row(9001, "Two Parents", Splinter=1, NamePrev="IS, HTS", ActorIdPrev=234),  # line 4
            actor_row(9002, "Flag Off", Alliance=0, NameAlliance="HTS", ActorIdAlliance=6815),  # line 5
            actor_row(234, "IS again"),  # line 6
            actor_row(9003, ""),  # line 7
            actor_row(9004, "Interahamwe, ex-FAR", JoinGroup=1, GroupName="ALiR", ActorIdGroup=1128),  # line 8: good
            actor_row(9005, "Comma Child", Splinter=1, NamePrev="Interahamwe, ex-FAR", ActorIdPrev=9004),  # 9: good
        ],
    )
    result = run_cli(settings, "import", "ucdp-actors", actors, "--progress", "none")
    assert result.exit_code == 1, result.output
    assert "8 rows, 3 loaded, 5 rejected" in result.output
    for expected in (
        "bad.csv:3 (id 'x1'): ActorId: 'x1' is not a whole number",
        "bad.csv:4 (id '9001'): ActorIdPrev: '234' gives 1 id(s) for the 2 name(s) of NamePrev 'IS, HTS'",
        "bad.csv:5 (id '9002'): Alliance: is 0, but NameAlliance names 'HTS'",
        "bad.csv:6 (id '234'): ActorId: 234 is used again (first on line 2)",
        "bad.csv:7 (id '9003'): NameData: empty",
    ):
        assert expected in result.output, expected
    for absent in ("Two Parents", "Flag Off", "IS again"):
        assert ok(api.get("/actors", params={"q": absent}))["items"] == [], absent
    # the good rows are loaded: a name with a comma in it is one group, in its own row and in another's tie
    [child] = relationships(api, "comma-child", "split")
    assert parties(child) == [("splinter", "comma-child"), ("parent", "interahamwe-ex-far")]
    [joined] = relationships(api, "interahamwe-ex-far", "membership")
    assert parties(joined) == [("member", "interahamwe-ex-far"), ("group", "alir")]
    names = ok(api.get("/actors/islamic-state/names"))["successions"][0]["names"]
    assert [n["name"] for n in names] == ["Tawhid", "ISI", "IS"]
