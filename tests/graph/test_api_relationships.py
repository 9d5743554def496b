"""The query API, asked the questions it exists for (issue: the query API)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.api import cursors
from app.api.schemas import ActorRelationships, GraphSlice, RelationshipPage, Timeline, WindowOut
from app.config import Settings
from app.domain.model import ClaimKind
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import parse_window
from app.domain.views import ActorRef, Relationship, relationship_document
from app.main import create_app
from app.repository.reader import claims_page_query
from app.services.reading import ClaimsPage, document_position, graph_slice
from tests.conftest import SEED_DIR, load_seed_dir
from tests.helpers import dyad, ids, ok, party

IS, NUSRA = "islamic-state", "al-nusra-front"
YEAR_ONLY = Path(__file__).parent.parent / "data" / "year-only-2014.yaml"
EARLIER_ALLIANCE = Path(__file__).parent.parent / "data" / "is-nusra-alliance-2013.yaml"

AUGUST_2014_HOSTILITIES = {
    frozenset({IS, NUSRA}),
    frozenset({"free-syrian-army", IS}),
    frozenset({"islamic-front", IS}),
    frozenset({"syrian-army", IS}),
    frozenset({"united-states", IS}),
    frozenset({"kurdish-forces-iraq", IS}),
    frozenset({IS, "aleppo-rebels"}),
    frozenset({"syrian-army", "aleppo-rebels"}),
    frozenset({"syrian-government", "aleppo-rebels"}),
}


def test_who_fought_whom_in_august_2014(api: TestClient, seeded: Driver) -> None:
    page = ok(api.get("/relationships", params={"kind": "hostility", "during": "2014-08"}))
    assert page["window"] == {"start": "2014-08-01", "end": "2014-08-31", "mode": "possibly", "text": "2014-08"}
    assert {dyad(i) for i in page["items"]} == AUGUST_2014_HOSTILITIES
    for item in page["items"]:
        assert item["kind"] == "hostility"
        assert [p["role"] for p in item["parties"]] == ["side", "side"]
        assert item["citations"] and item["valid"]["start"]["earliest"] <= "2014-08-31"


@pytest.mark.writes
def test_no_is_al_nusra_alliance_comes_back_for_august_2014(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    load_seed_dir(settings, SEED_DIR, EARLIER_ALLIANCE)  # they were allied in early 2013
    spring_2013 = ok(api.get("/relationships", params={"kind": "alliance", "during": "2013-02"}))
    assert frozenset({IS, NUSRA}) in {dyad(i) for i in spring_2013["items"]}
    page = ok(api.get("/relationships", params={"kind": "alliance", "during": "2014-08"}))
    assert frozenset({IS, NUSRA}) not in {dyad(i) for i in page["items"]}
    assert page["items"], "the alleged alliance of the Aleppo groups with IS should be there"


@pytest.mark.writes
def test_possibly_and_certainly_differ_where_precision_demands(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    load_seed_dir(settings, SEED_DIR, YEAR_ONLY)  # adds an alliance known only to the year 2014
    claim = "test-fsa-islamic-front-alliance-2014"
    query = {"kind": "alliance", "during": "2014-08", "actor": "free-syrian-army"}
    assert claim in ids(ok(api.get("/relationships", params=query))["items"])
    assert claim not in ids(ok(api.get("/relationships", params={**query, "mode": "certainly"}))["items"])
    # "in 2014" may have been a single day of it: not certain even over the whole year, possible in it
    whole_year = {**query, "during": "2014"}
    assert claim in ids(ok(api.get("/relationships", params=whole_year))["items"])
    assert claim not in ids(ok(api.get("/relationships", params={**whole_year, "mode": "certainly"}))["items"])


def test_since_2012_is_certain_in_2013_but_only_possible_in_march_2012(api: TestClient, seeded: Driver) -> None:
    claim = "syrian-government-rebels-hostility-aleppo-since-2012"
    query = {"kind": "hostility", "actor": "syrian-government"}
    certain_2013 = ok(api.get("/relationships", params={**query, "during": "2013", "mode": "certainly"}))
    assert claim in ids(certain_2013["items"])
    possible_march = ok(api.get("/relationships", params={**query, "during": "2012-03"}))
    certain_march = ok(api.get("/relationships", params={**query, "during": "2012-03", "mode": "certainly"}))
    assert claim in ids(possible_march["items"])
    assert claim not in ids(certain_march["items"])


def test_an_interval_window_and_the_status_and_confidence_filters(api: TestClient, seeded: Driver) -> None:
    both_months = ok(api.get("/relationships", params={"kind": "hostility", "during": "2014-07/2014-08-15"}))
    assert "is-nusra-hostility-deir-ezzor-2014-07" in ids(both_months["items"])
    claimed = ok(api.get("/relationships", params={"status": "claimed"}))["items"]
    assert claimed
    assert {i["status"] for i in claimed} == {"claimed"}
    sure = ok(api.get("/relationships", params={"min_confidence": 0.8}))["items"]
    assert sure
    assert all(i["confidence"] >= 0.8 for i in sure)


def test_claims_citing_one_source(api: TestClient, seeded: Driver) -> None:
    tweet = "tweet-truthsmaster-501272338243932161"
    items = ok(api.get("/relationships", params={"source": tweet}))["items"]
    assert "aleppo-groups-defect-to-is" in ids(items)
    assert all(any(c["source"]["id"] == tweet for c in i["citations"]) for i in items)


def test_one_relationship_with_its_citations_and_evidence(api: TestClient, seeded: Driver) -> None:
    detail = ok(api.get("/relationships/is-nusra-hostility-deir-ezzor-2014-07"))
    assert dyad(detail) == {IS, NUSRA}
    assert detail["valid"]["start"] == {"earliest": "2014-07-01", "latest": "2014-07-31", "precision": "month"}
    assert detail["valid"]["open_ended"] is False
    assert any("Deir Ezzor in July" in c["quote"] for c in detail["citations"])
    [event] = detail["evidence"]
    assert event["kind"] == "expulsion"
    assert event["place"]["name"].startswith("Deir")


def test_one_actors_relationships_whichever_side_it_stands_on(api: TestClient, seeded: Driver) -> None:
    answer = ok(api.get("/actors/al-nusra-front/relationships", params={"during": "2014-08"}))
    assert answer["actor"]["id"] == NUSRA
    kinds = {i["kind"] for i in answer["items"]}
    assert {"hostility", "affiliation", "defection"} <= kinds
    assert all(NUSRA in dyad(i) for i in answer["items"])
    defection = next(i for i in answer["items"] if i["kind"] == "defection")
    assert party(defection, "from") == NUSRA  # al-Nusra on the "from" side of a defection


@pytest.mark.writes
def test_how_is_and_al_nusra_went_from_partners_to_enemies(api: TestClient, seeded: Driver, settings: Settings) -> None:
    load_seed_dir(settings, SEED_DIR, EARLIER_ALLIANCE)
    timeline = ok(api.get(f"/actors/{IS}/timeline", params={"with": NUSRA}))
    assert timeline["other"]["id"] == NUSRA
    items = timeline["items"]
    assert len(items) >= 4
    assert all(dyad(i) >= {IS, NUSRA} for i in items)
    order = [(i["valid"]["start"]["latest"], i["valid"]["start"]["earliest"]) for i in items]
    assert order == sorted(order)
    assert ids(items).index("is-nusra-hostility-deir-ezzor-2014-07") < ids(items).index(
        "is-nusra-hostility-north-of-aleppo"
    )
    assert items[0]["id"] == "test-is-nusra-alliance-2013"  # partners first ...
    assert items[0]["kind"] == "alliance"
    assert {i["kind"] for i in items[1:]} <= {"hostility", "defection"}  # ... then enemies
    # local al-Nusra fighters joining IS: a defection whose typed edge runs from the fighters to IS, not
    # between the pair, found from the two sides' defection PARTY edges (timeline_from_one.cypher)
    left = next(i for i in items if i["kind"] == "defection")
    assert (party(left, "from"), party(left, "to")) == (NUSRA, IS)
    # the same story told from al-Nusra's side (the claims are found from the actor with fewer of them)
    mirrored = ok(api.get(f"/actors/{NUSRA}/timeline", params={"with": IS}))
    assert mirrored["actor"]["id"] == NUSRA and ids(mirrored["items"]) == ids(items)


def test_a_long_timeline_is_read_page_by_page_to_its_end(api: TestClient, seeded: Driver) -> None:
    """Islamic State's timeline, two claims a page: every claim of the one-page answer, in its order, each
    once; the last page says there is no more. A cursor of IS's timeline does not page al-Nusra's."""
    whole = ok(api.get(f"/actors/{IS}/timeline", params={"limit": 500}))
    assert whole["next_cursor"] is None and len(whole["items"]) > 4
    paged: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 2}
    for _ in range(len(whole["items"])):  # a page that never ends fails below, not by hanging
        page = ok(api.get(f"/actors/{IS}/timeline", params=params))
        assert 1 <= len(page["items"]) <= 2
        paged += page["items"]
        if page["next_cursor"] is None:
            break
        params = {"limit": 2, "cursor": page["next_cursor"]}
    assert ids(paged) == ids(whole["items"])
    first = ok(api.get(f"/actors/{IS}/timeline", params={"limit": 2}))
    other = api.get(f"/actors/{NUSRA}/timeline", params={"limit": 2, "cursor": first["next_cursor"]})
    assert other.status_code == 422 and "other filters" in other.json()["detail"]
    assert api.get(f"/actors/{IS}/timeline", params={"limit": 501}).status_code == 422


def test_the_alliance_picture_on_15_august_2014_as_nodes_and_links(api: TestClient, seeded: Driver) -> None:
    picture = ok(api.get("/graph", params={"at": "2014-08-15"}))
    assert picture["window"]["start"] == picture["window"]["end"] == "2014-08-15"
    node_ids = {n["id"] for n in picture["nodes"]}
    assert {IS, NUSRA, "syrian-army", "al-qaeda"} <= node_ids
    for link in picture["links"]:
        assert link["source"] in node_ids
        assert link["target"] in node_ids
        assert link["citations"]
    hostile = {frozenset((lk["source"], lk["target"])) for lk in picture["links"] if lk["type"] == "HOSTILE_TO"}
    assert frozenset({IS, NUSRA}) in hostile
    affiliated = [(lk["source"], lk["target"]) for lk in picture["links"] if lk["type"] == "AFFILIATED_WITH"]
    assert (NUSRA, "al-qaeda") in affiliated
    july = ok(api.get("/graph", params={"during": "2014-07", "kind": "hostility"}))
    assert "is-nusra-hostility-north-of-aleppo" not in {lk["id"] for lk in july["links"]}
    assert "is-nusra-hostility-deir-ezzor-2014-07" in {lk["id"] for lk in july["links"]}


def test_how_the_islamic_front_is_connected_to_the_syrian_army(api: TestClient, seeded: Driver) -> None:
    answer = ok(api.get("/paths", params={"from": "islamic-front", "to": "syrian-army", "during": "2014-08"}))
    assert answer["from"]["id"] == "islamic-front"
    assert answer["to"]["id"] == "syrian-army"
    assert answer["paths"], "no path in August 2014"
    shortest = answer["paths"][0]
    assert shortest["length"] == 2
    assert [a["id"] for a in shortest["actors"]] == ["islamic-front", IS, "syrian-army"]
    assert {s["type"] for s in shortest["steps"]} == {"HOSTILE_TO"}
    assert all(s["relationship"]["citations"] for s in shortest["steps"])
    # over alliances alone they are not connected
    allied = ok(api.get("/paths", params={"from": "islamic-front", "to": "syrian-army", "kind": "alliance"}))
    assert allied["paths"] == []


def test_a_lower_api_max_limit_caps_the_default_page(settings: Settings, seeded: Driver) -> None:
    with TestClient(create_app(settings.model_copy(update={"api_max_limit": 5}))) as small:
        assert len(ok(small.get("/relationships"))["items"]) == 5
        assert len(ok(small.get("/graph", params={"at": "2014-08-15"}))["links"]) == 5
        assert small.get("/relationships", params={"limit": 6}).status_code == 422


def test_paging_is_stable_across_pages(api: TestClient, seeded: Driver) -> None:
    everything = ids(ok(api.get("/relationships", params={"limit": 500}))["items"])
    assert len(everything) > 7
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params: dict[str, str | int] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = ok(api.get("/relationships", params=params))
        assert len(page["items"]) <= 3
        seen += ids(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything
    assert len(set(seen)) == len(seen)


FAST_PAGES: dict[
    str, tuple[dict[str, str | int], ClaimFilter]
] = {  # the query string, and the same question as the repository's filter
    "hostility in August 2014": (
        {"kind": "hostility", "during": "2014-08"},
        ClaimFilter(kinds=(ClaimKind.HOSTILITY,), window=parse_window("2014-08")),
    ),
    "everything, certainly in 2013": (
        {"during": "2013", "mode": "certainly"},
        ClaimFilter(window=parse_window("2013"), mode="certainly"),
    ),
    "everything IS was party to": ({"actor": IS}, ClaimFilter(actors=(IS,))),
    "every claim in the graph": ({"limit": 500}, ClaimFilter()),
    "the first three, with a cursor to the next": ({"limit": 3}, ClaimFilter()),
}


def _model_page(seeded: Driver, settings: Settings, flt: ClaimFilter, limit: int) -> tuple[list[Relationship], Any]:
    """The page the model path gives: the same statement's rows validated into models, and the next position."""
    query, query_params = claims_page_query(ClaimPage(flt, limit + 1))
    record = seeded.execute_query(query, query_params, database_=settings.neo4j_database).records[0]
    by_id = {r["id"]: r for r in record["claims"]}
    rows = [by_id[i] for i in record["ids"]]
    after = document_position(relationship_document(rows[limit - 1])) if len(rows) > limit else None
    return [Relationship.model_validate(r) for r in rows[:limit]], after


@pytest.mark.parametrize("case", FAST_PAGES)
def test_a_page_of_claims_is_exactly_the_json_the_models_render(
    api: TestClient, seeded: Driver, settings: Settings, case: str
) -> None:
    """/relationships renders its page without building the models (app/domain/views.py, documents):
    on the seeded graph its whole answer is what the models render for the same rows, byte for byte."""
    params, flt = FAST_PAGES[case]
    response = api.get("/relationships", params=params)
    assert ok(response)["items"]
    models, after = _model_page(seeded, settings, flt, int(params.get("limit", 100)))
    expected = RelationshipPage(
        window=WindowOut.of(flt.window, flt.mode), items=models, next_cursor=cursors.next_claims(after, flt)
    )
    assert response.content == expected.model_dump_json(by_alias=True).encode()


def test_an_actors_page_is_exactly_the_json_the_models_render(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    flt = ClaimFilter(window=parse_window("2014"), actors=(IS,))
    response = api.get(f"/actors/{IS}/relationships", params={"during": "2014", "limit": 5})
    assert ok(response)["next_cursor"]  # a page with more after it
    models, after = _model_page(seeded, settings, flt, 5)
    found = seeded.execute_query(
        "MATCH (a:Actor {id: $id}) RETURN a.name AS name, a.kind AS kind", id=IS, database_=settings.neo4j_database
    ).records[0]
    expected = ActorRelationships(
        actor=ActorRef(id=IS, name=found["name"], kind=found["kind"]),
        window=WindowOut.of(flt.window, flt.mode),
        items=models,
        next_cursor=cursors.next_claims(after, replace(flt, actors=())),  # bound to the query as asked
    )
    assert response.content == expected.model_dump_json(by_alias=True).encode()


def test_a_pair_timeline_is_exactly_the_json_the_models_render(api: TestClient, seeded: Driver) -> None:
    """/actors/{id}/timeline renders without the models too: its answer, read back into the model and
    rendered again, is the same bytes."""
    response = api.get(f"/actors/{IS}/timeline", params={"with": NUSRA})
    assert ok(response)["items"]
    assert response.content == Timeline.model_validate_json(response.content).model_dump_json(by_alias=True).encode()


def test_the_graph_slice_is_exactly_the_json_the_models_render(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    """/graph, like /relationships, renders without the models; its whole answer is what graph_slice of the
    validated claims renders (nodes, links with their ends and type, truncated)."""
    for limit in (500, 5):  # all of the month, and a truncated slice
        response = api.get("/graph", params={"during": "2014-08", "limit": limit})
        ok(response)
        flt = ClaimFilter(window=parse_window("2014-08"))
        query, query_params = claims_page_query(ClaimPage(flt, limit + 1))
        record = seeded.execute_query(query, query_params, database_=settings.neo4j_database).records[0]
        by_id = {r["id"]: r for r in record["claims"]}
        rows = [by_id[i] for i in record["ids"]]
        models = [Relationship.model_validate(r) for r in rows[:limit]]
        more = document_position(relationship_document(rows[limit - 1])) if len(rows) > limit else None
        found = graph_slice(ClaimsPage(models, more))
        expected = GraphSlice(
            window=WindowOut.of(flt.window, flt.mode), nodes=found.nodes, links=found.links, truncated=found.truncated
        )
        assert found.links and found.truncated == (limit == 5)
        assert response.content == expected.model_dump_json(by_alias=True).encode()
