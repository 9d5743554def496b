"""Curation over HTTP against the real Neo4j: keyed writes (401, 403, 2xx), bad bodies (422, the graph's
checksum unchanged), unknown references (404), taken ids (409), stale updates (412), idempotent
creation under concurrency, retraction and `as_recorded`, a claim's history."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import Driver

from app.config import Settings
from app.domain.queries import ClaimFilter, ClaimPage
from app.domain.timebounds import parse_window
from app.main import create_app
from app.repository.reader import claims_query
from tests.conftest import graph_checksum, load_seed_dir, wipe
from tests.curation_support import Keyed
from tests.helpers import ids, ok, problem
from tests.import_support import run_cli, write_ndjson

pytestmark = pytest.mark.writes

CLAIM: dict[str, Any] = {
    "kind": "hostility",
    "parties": {"side": ["islamic-state", "al-nusra-front"]},
    "valid": {"from": "2014-08-16", "text": "on Saturday"},
    "status": "alleged",
    "confidence": 0.4,
    "citations": [{"source": "mee-2014-08-18-aleppo", "quote": "IS fighters clashed with Nusra near Akhtarin"}],
    "reason": "test claim",
}
WINDOW = "/relationships?during=2014-08-16&actor=islamic-state&actor=al-nusra-front&kind=hostility"


@pytest.fixture
def fresh(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    return db


def checksum(db: Driver, settings: Settings) -> tuple[dict[str, int], str]:
    return graph_checksum(db, settings.neo4j_database)


def now() -> str:
    time.sleep(0.01)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    time.sleep(0.01)
    return stamp


def create(keyed: Keyed, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = keyed.client.post("/relationships", json=body or CLAIM, headers=keyed.as_editor)
    assert response.status_code == 201, response.text
    return dict(response.json())


WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("POST", "/actors", {"id": "new-group", "name": "New group", "kind": "armed_group", "description": "A group"}),
    ("PATCH", "/actors/islamic-front", {"aliases": ["IF"], "reason": "alias"}),
    ("POST", "/sources", {"id": "new-article", "kind": "news_article", "title": "An article"}),
    ("POST", "/relationships", CLAIM),
    ("PATCH", "/relationships/is-nusra-hostility-deir-ezzor-2014-07", {"confidence": 0.7, "reason": "re-read"}),
    (
        "POST",
        "/relationships/is-nusra-hostility-deir-ezzor-2014-07/citations",
        {"source": "mee-2014-08-18-aleppo", "quote": "fighting in Deir ez-Zor", "reason": "another quote"},
    ),
    (
        "POST",
        "/relationships/is-nusra-hostility-deir-ezzor-2014-07/status",
        {"status": "confirmed", "reason": "two sources"},
    ),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_each_write_needs_an_editors_key(
    keyed: Keyed, fresh: Driver, settings: Settings, method: str, path: str, body: dict[str, Any]
) -> None:
    before = checksum(fresh, settings)
    no_key = keyed.client.request(method, path, json=body)
    problem(no_key, 401)
    assert no_key.headers["www-authenticate"].startswith("Bearer")
    problem(keyed.client.request(method, path, json=body, headers=keyed.auth(keyed.reader)), 403)
    problem(keyed.client.request(method, path, json=body, headers=keyed.auth("alk_nonsense")), 401)
    assert checksum(fresh, settings) == before
    headers = keyed.as_editor | ({"If-Match": '"1"'} if method == "PATCH" else {})
    done = keyed.client.request(method, path, json=body, headers=headers)
    assert done.status_code in (200, 201), done.text
    assert checksum(fresh, settings) != before
    assert keyed.client.request(method, path, json=body, headers=keyed.auth(keyed.admin) | headers).status_code < 500


BAD_CLAIMS: list[tuple[str, dict[str, Any]]] = [
    ("unknown kind", CLAIM | {"kind": "friendship"}),
    ("roles of another kind", CLAIM | {"parties": {"defector": "islamic-state", "to": "al-nusra-front"}}),
    ("one side twice", CLAIM | {"parties": {"side": ["islamic-state", "islamic-state"]}}),
    ("30 February", CLAIM | {"valid": {"from": "2014-02-30"}}),
    ("ends before it starts", CLAIM | {"valid": {"from": "2014-08", "to": "2014-07"}}),
    ("open end without as_of", CLAIM | {"valid": {"from": "2014-08", "to": "open"}}),
    ("confidence above 1", CLAIM | {"confidence": 1.5}),
    ("no citation", CLAIM | {"citations": []}),
    ("unknown status", CLAIM | {"status": "rumoured"}),
    ("unknown field", CLAIM | {"colour": "red"}),
    ("bad id", CLAIM | {"id": "Not A Slug"}),
]


@pytest.mark.parametrize(("why", "body"), BAD_CLAIMS, ids=[w for w, _ in BAD_CLAIMS])
def test_bad_claims_are_422_and_write_nothing(
    keyed: Keyed, fresh: Driver, settings: Settings, why: str, body: dict[str, Any]
) -> None:
    before = checksum(fresh, settings)
    found = problem(keyed.client.post("/relationships", json=body, headers=keyed.as_editor), 422)
    assert found["errors"], why
    assert checksum(fresh, settings) == before


def test_bad_patches_statuses_actors_and_sources_are_422(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    before = checksum(fresh, settings)
    claim = "/relationships/is-nusra-hostility-deir-ezzor-2014-07"
    tag = {"If-Match": '"1"'} | keyed.as_editor
    problem(keyed.client.patch(claim, json={"reason": "nothing to change"}, headers=tag), 422)
    problem(keyed.client.patch(claim, json={"valid": {"from": "2014-13"}, "reason": "x"}, headers=tag), 422)
    problem(keyed.client.patch(claim, json={"confidence": 0.5}, headers=tag), 422)  # no reason
    problem(keyed.client.post(f"{claim}/status", json={"status": "retracted"}, headers=keyed.as_editor), 422)
    problem(keyed.client.post(f"{claim}/status", json={"status": "gone", "reason": "x"}, headers=keyed.as_editor), 422)
    problem(
        keyed.client.post(f"{claim}/citations", json={"source": "mee-2014-08-18-aleppo"}, headers=keyed.as_editor), 422
    )
    problem(
        keyed.client.post("/actors", json={"id": "x-y", "name": "X", "kind": "tribe"}, headers=keyed.as_editor), 422
    )
    problem(
        keyed.client.post("/sources", json={"id": "s-1", "kind": "rumour", "title": "t"}, headers=keyed.as_editor), 422
    )
    problem(keyed.client.post("/relationships", content=b"{not json", headers=keyed.as_editor), 422)
    assert checksum(fresh, settings) == before


def test_unknown_references_are_404_and_taken_ids_409(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    before = checksum(fresh, settings)
    editor = keyed.as_editor
    body = problem(
        keyed.client.post(
            "/relationships", json=CLAIM | {"parties": {"side": ["islamic-state", "isis"]}}, headers=editor
        ),
        404,
    )
    assert body["errors"] == [{"field": "actors", "message": "unknown actor isis"}]
    cites = [{"source": "no-such-source", "quote": "q"}]
    problem(keyed.client.post("/relationships", json=CLAIM | {"citations": cites}, headers=editor), 404)
    problem(
        keyed.client.post(
            "/relationships/no-such-claim/status", json={"status": "retracted", "reason": "r"}, headers=editor
        ),
        404,
    )
    problem(
        keyed.client.post(
            "/actors",
            json={"id": "a-b", "name": "A", "kind": "armed_group", "description": "d", "part_of": "nobody"},
            headers=editor,
        ),
        404,
    )
    problem(
        keyed.client.post(
            "/sources", json={"id": "s-b", "kind": "tweet", "title": "t", "reported_in": "nowhere"}, headers=editor
        ),
        404,
    )
    taken = CLAIM | {"id": "is-nusra-hostility-deir-ezzor-2014-07"}
    assert problem(keyed.client.post("/relationships", json=taken, headers=editor), 409)["errors"][0]["field"] == "id"
    problem(
        keyed.client.post(
            "/actors",
            json={"id": "islamic-state", "name": "IS", "kind": "armed_group", "description": "d"},
            headers=editor,
        ),
        409,
    )
    problem(
        keyed.client.post(
            "/sources", json={"id": "mee-2014-08-18-aleppo", "kind": "tweet", "title": "t"}, headers=editor
        ),
        409,
    )
    assert checksum(fresh, settings) == before


def test_updates_need_the_current_etag(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    claim = "/relationships/is-nusra-hostility-deir-ezzor-2014-07"
    got = keyed.client.get(claim)
    assert got.headers["etag"] == '"1"'
    before = checksum(fresh, settings)
    problem(keyed.client.patch(claim, json={"confidence": 0.7, "reason": "r"}, headers=keyed.as_editor), 428)
    first = keyed.client.patch(
        claim, json={"confidence": 0.7, "reason": "r"}, headers=keyed.as_editor | {"If-Match": got.headers["etag"]}
    )
    assert first.status_code == 200, first.text
    assert first.headers["etag"] == '"2"' and first.json()["confidence"] == 0.7
    stale = keyed.client.patch(
        claim, json={"confidence": 0.1, "reason": "r"}, headers=keyed.as_editor | {"If-Match": '"1"'}
    )
    assert "revision 2" in problem(stale, 412)["detail"]
    after_first = checksum(fresh, settings)
    assert after_first != before
    problem(
        keyed.client.post(
            f"{claim}/status",
            json={"status": "confirmed", "reason": "r"},
            headers=keyed.as_editor | {"If-Match": '"1"'},
        ),
        412,
    )
    assert checksum(fresh, settings) == after_first
    actor = keyed.client.get("/actors/islamic-front")
    assert actor.headers["etag"] == '"1"'
    changed = keyed.client.patch(
        "/actors/islamic-front",
        json={"aliases": ["al-Jabhat al-Islamiyya"], "reason": "alias"},
        headers=keyed.as_editor | {"If-Match": '"1"'},
    )
    assert ok(changed)["aliases"] == ["al-Jabhat al-Islamiyya"] and changed.headers["etag"] == '"2"'
    assert ok(keyed.client.get("/actors?q=Jabhat al-Islamiyya"))["items"][0]["id"] == "islamic-front"
    problem(
        keyed.client.patch(
            "/actors/islamic-front", json={"name": "IF", "reason": "r"}, headers=keyed.as_editor | {"If-Match": '"1"'}
        ),
        412,
    )
    change = fresh.execute_query(
        "MATCH (c:Change)-[:CHANGED]->(:Actor {id: 'islamic-front'}) RETURN c.author AS author, c.reason AS reason, "
        "c.fields AS fields",
        database_=settings.neo4j_database,
    ).records
    assert [dict(r) for r in change] == [{"author": "editor-analyst", "reason": "alias", "fields": ["aliases"]}]


def test_a_new_claim_with_its_typed_edge_and_the_same_body_again(
    keyed: Keyed, fresh: Driver, settings: Settings
) -> None:
    made = create(keyed)
    assert made["id"].startswith("claim-hostility-") and made["status"] == "alleged" and made["revision"] == 1
    assert [c["source"]["id"] for c in made["citations"]] == ["mee-2014-08-18-aleppo"]
    again = keyed.client.post("/relationships", json=CLAIM, headers=keyed.as_editor)
    assert again.status_code == 200 and again.json()["id"] == made["id"]
    edges = fresh.execute_query(
        "MATCH (:Actor)-[r:HOSTILE_TO {claim_id: $id}]->(:Actor) RETURN r.status AS status, toString(r.from_lo) AS lo",
        id=made["id"],
        database_=settings.neo4j_database,
    ).records
    assert [dict(e) for e in edges] == [{"status": "alleged", "lo": "2014-08-16"}]
    assert made["id"] in ids(ok(keyed.client.get(WINDOW))["items"])


def test_fifty_concurrent_identical_posts_store_one_claim(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    # 50 at once in one process: above the default in-flight bound per worker (API_MAX_IN_FLIGHT, 503 beyond)
    app = create_app(settings.model_copy(update={"api_keys_file": keyed.file, "api_max_in_flight": 64}))

    async def main() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
                return await asyncio.gather(
                    *[client.post("/relationships", json=CLAIM, headers=keyed.as_editor) for _ in range(50)]
                )

    responses = asyncio.run(main())
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * 49 + [201], [r.text for r in responses if r.status_code not in (200, 201)]
    assert len({r.json()["id"] for r in responses}) == 1
    stored = fresh.execute_query(
        "MATCH (c:Claim {origin: 'api'}) RETURN count(c) AS claims, "
        "COUNT { MATCH (:Claim {origin: 'api'})-[:PARTY]->() } AS parties, "
        "COUNT { MATCH ()-[r:HOSTILE_TO]->() WHERE r.claim_id STARTS WITH 'claim-' } AS edges, "
        "COUNT { MATCH (:ClaimVersion) } AS versions",
        database_=settings.neo4j_database,
    ).records[0]
    assert dict(stored) == {"claims": 1, "parties": 2, "edges": 1, "versions": 0}


def test_a_retraction_leaves_default_answers_but_not_the_past(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    made = create(keyed)
    before = now()
    retract = keyed.client.post(
        f"/relationships/{made['id']}/status",
        json={"status": "retracted", "reason": "the outlet withdrew it"},
        headers=keyed.as_editor,
    )
    assert ok(retract)["status"] == "retracted"
    assert made["id"] not in ids(ok(keyed.client.get(WINDOW))["items"])
    assert made["id"] in ids(ok(keyed.client.get(WINDOW + "&status=retracted"))["items"])
    assert ok(keyed.client.get(f"/relationships/{made['id']}"))["status"] == "retracted"
    past = ok(keyed.client.get(f"{WINDOW}&as_recorded={before}"))["items"]
    assert made["id"] in ids(past)
    assert next(i for i in past if i["id"] == made["id"])["status"] == "alleged"
    graph_now = ok(keyed.client.get("/graph?during=2014-08-16"))["links"]
    graph_then = ok(keyed.client.get(f"/graph?during=2014-08-16&as_recorded={before}"))["links"]
    assert made["id"] not in ids(graph_now) and made["id"] in ids(graph_then)
    actor_then = ok(keyed.client.get(f"/actors/al-nusra-front/relationships?during=2014-08&as_recorded={before}"))
    assert made["id"] in ids(actor_then["items"])
    assert made["id"] not in ids(ok(keyed.client.get("/actors/al-nusra-front/relationships?during=2014-08"))["items"])
    # before the claim was made, it was not there; the seed's claims were
    earliest = ok(keyed.client.get(f"{WINDOW}&as_recorded=2026-11-24T12:00:00Z"))["items"]
    assert made["id"] not in ids(earliest) and "is-nusra-hostility-north-of-aleppo" in ids(earliest)
    assert ids(earliest) == [i for i in ids(ok(keyed.client.get(WINDOW))["items"])]


def test_the_history_of_a_claim_edited_three_times(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    made = create(keyed)
    path = f"/relationships/{made['id']}"
    t1 = now()
    patched = keyed.client.patch(
        path,
        json={
            "valid": {"from": "2014-08-15..2014-08-16", "text": "Friday or Saturday"},
            "reason": "the article hedges",
        },
        headers=keyed.as_editor | {"If-Match": '"1"'},
    )
    assert ok(patched)["valid"]["start"]["earliest"] == "2014-08-15"
    t2 = now()
    cited = keyed.client.post(
        f"{path}/citations",
        json={
            "source": "bbc-paul-wood-nusra-north-of-aleppo",
            "quote": "fighting near Akhtarin",
            "reason": "a second source",
        },
        headers=keyed.auth(keyed.admin),
    )
    assert len(ok(cited)["citations"]) == 2
    t3 = now()
    confirmed = keyed.client.post(
        f"{path}/status",
        json={"status": "confirmed", "reason": "two sources agree"},
        headers=keyed.as_editor | {"If-Match": '"3"'},
    )
    assert ok(confirmed)["revision"] == 4
    history = ok(keyed.client.get(f"{path}/history"))["states"]
    assert [(s["revision"], s["op"], s["author"], s["reason"]) for s in history] == [
        (1, "create", "editor-analyst", "test claim"),
        (2, "update", "editor-analyst", "the article hedges"),
        (3, "citation", "admin-analyst", "a second source"),
        (4, "status", "editor-analyst", "two sources agree"),
    ]
    assert [s["claim"]["status"] for s in history] == ["alleged", "alleged", "alleged", "confirmed"]
    assert [len(s["claim"]["citations"]) for s in history] == [1, 1, 2, 2]
    assert [s["claim"]["valid"]["start"]["earliest"] for s in history] == ["2014-08-16"] + ["2014-08-15"] * 3
    for earlier, later in itertools.pairwise(history):
        assert earlier["recorded_until"] == later["recorded_from"]
    assert history[-1]["recorded_until"] is None
    for stamp, revision in ((t1, 1), (t2, 2), (t3, 3)):
        then = ok(keyed.client.get(f"{WINDOW}&as_recorded={stamp}"))["items"]
        assert next(i for i in then if i["id"] == made["id"])["revision"] == revision
    seed_history = ok(keyed.client.get("/relationships/is-nusra-hostility-deir-ezzor-2014-07/history"))["states"]
    assert [(s["revision"], s["op"], s["author"]) for s in seed_history] == [
        (1, "create", "seed/mee-2014-08-18-aleppo.yaml")
    ]
    problem(keyed.client.get("/relationships/no-such-claim/history"), 404)


def test_the_default_read_still_seeks_the_window_index(keyed: Keyed, fresh: Driver, settings: Settings) -> None:
    flt = ClaimFilter(window=parse_window("2014-08"))
    query, params = claims_query(ClaimPage(flt, 101))
    assert "ClaimVersion" not in query and "recorded" not in query
    with fresh.session(database=settings.neo4j_database) as s:
        # after the tests' many wipes and reloads the index statistics are stale (a tiny graph, many deleted
        # entries) and a plan cached meanwhile may scan: sample the index again and plan afresh, as a
        # server does for a graph that grew
        s.run("CALL db.resampleIndex('claim_window_entry')").consume()
        s.run("CALL db.awaitIndexes(60)").consume()
        s.run("CALL db.clearQueryCaches()").consume()
        plan = s.run("PROFILE " + query, params).consume().profile
    found: list[str] = []

    def walk(op: dict[str, Any]) -> None:
        found.append(f"{op['operatorType']} {op.get('args', {}).get('Details', '')}")
        for child in op.get("children", []):
            walk(child)

    assert plan is not None
    walk(plan)
    seeks = [o for o in found if "Index" in o.split(" ")[0]]
    entry = "Claim(kind, span, from_lo, id, to_hi, from_hi, to_lo, status, confidence)"  # claim_window_entry
    assert any("IndexSeek" in o and entry in o for o in seeks), seeks
    recorded, _ = claims_query(ClaimPage(ClaimFilter(window=flt.window, as_recorded=datetime.now(UTC)), 101))
    assert "ClaimVersion" in recorded


def test_same_as_folds_actors_and_its_retraction_undoes_the_fold(keyed: Keyed, fresh: Driver) -> None:
    editor = keyed.as_editor
    group = {"id": "ad-dawla", "name": "ad-Dawla", "kind": "armed_group", "description": "'The State', as fighters say"}
    assert keyed.client.post("/actors", json=group, headers=editor).status_code == 201
    fight = create(keyed, CLAIM | {"parties": {"side": ["ad-dawla", "al-nusra-front"]}, "id": "dawla-nusra-clash"})
    same = create(
        keyed,
        {
            "kind": "identity",
            "parties": {"alias": "ad-dawla", "canonical": "islamic-state"},
            "valid": {"from": "2014-08-18", "text": "IS fighters call their group ad-Dawla"},
            "status": "reported",
            "confidence": 0.9,
            "citations": [{"source": "mee-2014-08-18-aleppo", "quote": "fighters of the Islamic State, ad-Dawla"}],
            "reason": "the article names IS so",
        },
    )
    assert same["kind"] == "identity" and same["id"].startswith("claim-identity-")
    problem(
        keyed.client.post(
            "/relationships",
            json=CLAIM | {"kind": "identity", "parties": {"alias": "ad-dawla", "canonical": "ad-dawla"}},
            headers=editor,
        ),
        422,
    )
    pair = "/relationships?during=2014-08&actor=islamic-state&actor=al-nusra-front&kind=hostility"
    actor = "/actors/islamic-state/relationships?during=2014-08&kind=hostility"

    def folded_parties(url: str) -> list[tuple[str, str | None]] | None:
        items = ok(keyed.client.get(url))["items"]
        found = [i for i in items if i["id"] == fight["id"]]
        return [(p["actor"]["id"], (p["folded"] or {}).get("id")) for p in found[0]["parties"]] if found else None

    # apart without resolve; the identity claim is not a relationship of the default kinds
    assert folded_parties(pair) is None and folded_parties(actor) is None
    assert same["id"] not in ids(ok(keyed.client.get("/relationships?during=2014-08-18"))["items"])
    assert same["id"] in ids(ok(keyed.client.get("/relationships?kind=identity"))["items"])
    # folded with it
    assert folded_parties(pair + "&resolve=same_as") == [("islamic-state", "ad-dawla"), ("al-nusra-front", None)]
    assert folded_parties(actor + "&resolve=same_as") == [("islamic-state", "ad-dawla"), ("al-nusra-front", None)]
    dawla = ok(keyed.client.get("/actors/ad-dawla/relationships?during=2014-08&resolve=same_as"))
    assert dawla["actor"]["id"] == "islamic-state" and fight["id"] in ids(dawla["items"])
    graph = ok(keyed.client.get("/graph?during=2014-08-16&resolve=same_as"))
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert "ad-dawla" not in nodes and [f["id"] for f in nodes["islamic-state"]["folded"]] == ["ad-dawla"]
    link = next(link for link in graph["links"] if link["id"] == fight["id"])
    assert {link["source"], link["target"]} == {"islamic-state", "al-nusra-front"}
    apart = {n["id"] for n in ok(keyed.client.get("/graph?during=2014-08-16"))["nodes"]}
    assert "ad-dawla" in apart
    # undone by retracting the identity claim; the history shows both states
    before = now()
    retract = {"status": "retracted", "reason": "ad-Dawla here was a local group, not IS"}
    ok(keyed.client.post(f"/relationships/{same['id']}/status", json=retract, headers=editor))
    assert folded_parties(pair + "&resolve=same_as") is None
    assert (
        ok(keyed.client.get("/actors/ad-dawla/relationships?during=2014-08&resolve=same_as"))["actor"]["id"]
        == "ad-dawla"
    )
    assert "ad-dawla" in {n["id"] for n in ok(keyed.client.get("/graph?during=2014-08-16&resolve=same_as"))["nodes"]}
    assert folded_parties(f"{pair}&resolve=same_as&as_recorded={before}") == [
        ("islamic-state", "ad-dawla"),
        ("al-nusra-front", None),
    ]
    history = ok(keyed.client.get(f"/relationships/{same['id']}/history"))["states"]
    assert [(s["op"], s["claim"]["status"], s["reason"]) for s in history] == [
        ("create", "reported", "the article names IS so"),
        ("status", "retracted", "ad-Dawla here was a local group, not IS"),
    ]
    problem(keyed.client.get("/graph?resolve=same_as&format=csv"), 422)


def test_an_imported_claims_history_names_the_file(
    keyed: Keyed, fresh: Driver, settings: Settings, tmp_path: Path
) -> None:
    record = {k: v for k, v in CLAIM.items() if k != "reason"} | {"type": "claim", "id": "imported-is-nusra-clash"}
    path = write_ndjson(tmp_path / "analysts-2014-08.ndjson", [record])
    done = run_cli(settings, "import", "claims", path)
    assert done.exit_code == 0, done.output
    states = ok(keyed.client.get("/relationships/imported-is-nusra-clash/history"))["states"]
    assert [(s["revision"], s["op"], s["author"]) for s in states] == [(1, "create", "analysts-2014-08.ndjson")]
