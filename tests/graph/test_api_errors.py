"""Bad input gets a clear problem+json answer that says what to fix, never a stack trace or a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum
from tests.helpers import problem


@pytest.mark.parametrize(
    ("url", "params", "status", "says"),
    [
        ("/relationships", {"during": "2014-02-30"}, 422, "February 2014 has 28 days, not 30"),
        ("/relationships", {"during": "August 2014"}, 422, "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/relationships", {"during": "2014-09/2014-08"}, 422, "ends (2014-08) before it starts (2014-09)"),
        ("/relationships", {"during": "2014-08/"}, 422, "write start/end"),
        ("/relationships", {"kind": "friendship"}, 422, "'alliance', 'cooperation', 'hostility'"),
        ("/relationships", {"mode": "maybe"}, 422, "'possibly' or 'certainly'"),
        ("/relationships", {"status": "rumoured"}, 422, "'alleged'"),
        ("/relationships", {"min_confidence": "2"}, 422, "less than or equal to 1"),
        ("/relationships", {"limit": "100000"}, 422, "at most 500 items per page"),
        ("/relationships", {"limit": "0"}, 422, "greater than or equal to 1"),
        ("/relationships", {"cursor": "not-a-cursor"}, 422, "not a cursor this API gave out"),
        ("/relationships", {"actor": "no-such-actor"}, 404, "no actor with id 'no-such-actor'"),
        ("/relationships", {"source": "no-such-source"}, 404, "No source with id 'no-such-source'"),
        ("/relationships/no-such-claim", {}, 404, "No relationship (claim) with id 'no-such-claim'"),
        ("/actors/no-such-actor", {}, 404, "No actor with id 'no-such-actor'"),
        ("/actors/islamic-state/timeline", {"with": "no-such-actor"}, 404, "no-such-actor"),
        ("/actors", {"q": "!!!"}, 422, "give letters or digits"),
        ("/graph", {"at": "2014-08-15", "during": "2014-08"}, 422, "either at or during"),
        ("/graph", {"at": "2014-13-01"}, 422, "month 13 does not exist"),
        ("/paths", {"from": "islamic-state"}, 422, "to: Field required"),
        ("/paths", {"from": "islamic-state", "to": "islamic-state"}, 422, "another actor than from"),
        ("/paths", {"from": "islamic-state", "to": "nobody"}, 404, "to: No actor with id 'nobody'"),
        ("/paths", {"from": "islamic-state", "to": "al-qaeda", "max_length": 9}, 422, "less than or equal to 6"),
        ("/sources/no-such-source", {}, 404, "No source with id"),
        ("/no/such/endpoint", {}, 404, "See /docs"),
    ],
)
def test_bad_requests_say_what_to_fix(
    api: TestClient, seeded: Driver, url: str, params: dict[str, str], status: int, says: str
) -> None:
    body = problem(api.get(url, params=params), status)
    assert says in body["detail"], body


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/graph", {"as_recorded": "2014-07-04T02:39:26-20:38", "stale_after": "51", "format": "csv"}),
        ("/relationships", {"as_recorded": "2026-11-30T12:00:00+19:00"}),
    ],
)
def test_as_recorded_with_an_offset_neo4j_cannot_store_is_asked_in_utc(
    api: TestClient, seeded: Driver, url: str, params: dict[str, str]
) -> None:
    """ISO 8601 allows offsets up to 24 h, Neo4j up to 18 h: such a time was a 500 from the database."""
    response = api.get(url, params=params)
    assert response.status_code == 200, response.text
    utc = api.get(url, params={**params, "as_recorded": "2026-11-29T17:00:00Z"})
    if url == "/relationships":  # 2026-11-30T12:00+19:00 is 2026-11-29T17:00Z: the same answer
        assert response.json() == utc.json()


def _forged(position: object, filters: dict[str, object]) -> str:
    """A cursor built by hand with a valid fingerprint: its contents must still be checked."""
    import base64
    import json

    from app.api.cursors import fingerprint

    payload = json.dumps({"p": position, "f": fingerprint(filters)})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("url", "position"),
    [
        ("/relationships", {"from": 123, "id": "x"}),
        ("/relationships", {"from": "2014-08-01"}),
        ("/relationships", {"from": "August", "id": "x"}),
        ("/relationships", "abc"),
        ("/relationships", {"skip": 5}),
        ("/actors", {"skip": "abc"}),
        ("/actors", {"skip": 10**30}),
        ("/actors", {"skip": -5}),
        ("/actors", {"from": "2014-08-01", "id": "x"}),
        ("/sources", {"skip": -5}),
    ],
)
def test_a_forged_cursor_is_refused_not_a_500(api: TestClient, seeded: Driver, url: str, position: object) -> None:
    filters: dict[str, object]
    if url == "/relationships":
        from app.domain.queries import ClaimFilter

        filters = ClaimFilter().fingerprint_fields()
    else:
        filters = {"q": None, "kind": None} if url == "/actors" else {"kind": None}
    body = problem(api.get(url, params={"cursor": _forged(position, filters)}), 422)
    assert "not a cursor this API gave out" in body["detail"]


def _without_fingerprint(cursor: str) -> str:
    """A cursor the API gave out, its filter fingerprint (`f`) taken away: only its position (`p`) left."""
    import base64
    import json

    raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    assert set(raw) == {"p", "f"}, raw
    payload = json.dumps({"p": raw["p"]})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/relationships", {"limit": 2, "during": "2014-08"}),
        ("/actors/islamic-state/relationships", {"limit": 2}),
        ("/actors", {"limit": 2}),
        ("/sources", {"limit": 2}),
    ],
)
def test_a_cursor_without_its_filter_fingerprint_is_refused(
    api: TestClient, seeded: Driver, url: str, params: dict[str, object]
) -> None:
    first = api.get(url, params=params)
    assert first.status_code == 200, first.text
    cursor = first.json()["next_cursor"]
    assert cursor, "the seed holds more than one page of these"
    assert api.get(url, params={**params, "cursor": cursor}).status_code == 200
    body = problem(api.get(url, params={**params, "cursor": _without_fingerprint(cursor)}), 422)
    assert "not a cursor this API gave out" in body["detail"]


def test_paths_take_no_actor_or_source_filter(api: TestClient, seeded: Driver) -> None:
    spec = api.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/paths"]["get"]["parameters"]}
    assert {"from", "to", "kind", "during", "mode"} <= names
    assert not {"actor", "source"} & names


def test_a_cursor_cannot_be_reused_with_other_filters(api: TestClient, seeded: Driver) -> None:
    first = api.get("/relationships", params={"limit": 2}).json()
    body = problem(
        api.get("/relationships", params={"limit": 2, "kind": "alliance", "cursor": first["next_cursor"]}), 422
    )
    assert "other filters" in body["detail"]


def test_a_write_method_on_a_read_endpoint_is_refused_and_changes_nothing(
    api: TestClient, seeded: Driver, settings: Settings
) -> None:
    before = graph_checksum(seeded, settings.neo4j_database)
    problem(api.post("/relationships", json={"kind": "alliance"}), 401)  # a write route: it needs a key
    problem(api.put("/relationships", json={"kind": "alliance"}), 405)
    problem(api.delete("/actors/islamic-state"), 405)
    assert graph_checksum(seeded, settings.neo4j_database) == before


def test_text_that_looks_like_cypher_is_only_ever_a_value(api: TestClient, seeded: Driver, settings: Settings) -> None:
    before = graph_checksum(seeded, settings.neo4j_database)
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    assert api.get("/actors", params={"q": evil}).status_code == 200
    problem(api.get(f"/actors/{evil}"), 404)
    problem(api.get("/relationships", params={"actor": evil}), 404)
    assert graph_checksum(seeded, settings.neo4j_database) == before
