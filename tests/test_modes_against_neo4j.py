"""The Cypher of the two modes agrees with a plain-Python reference over generated ranges (hypothesis).

Generated claims go through the real write path (cypher/write_claims.cypher) and are asked back through
GET /relationships; the expected answer comes from tests/reference.py (day by day, from the spans as
written).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from neo4j import Driver

from app.config import Settings
from app.cypher_library import get_library
from app.domain.timebounds import TimeError, parse_window, resolve_valid
from app.seed_format import SeedClaim
from app.services.seeding import claim_rows
from tests import reference
from tests.conftest import wipe
from tests.strategies import bounds, windows

AS_OF = date(2014, 8, 18)
A, B = "hyp-actor-a", "hyp-actor-b"


def _claim(n: int) -> SeedClaim:
    return SeedClaim.model_validate(
        {
            "id": f"hyp-claim-{n}",
            "kind": "hostility",
            "parties": {"side": [A, B]},
            "valid": {},
            "status": "reported",
            "confidence": 0.5,
            "citations": [{"source": "hyp-source", "quote": "generated"}],
        }
    )


ranges = st.lists(st.tuples(bounds(), st.one_of(st.none(), st.just("open"), bounds())), min_size=1, max_size=12)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=ranges, window=windows(), mode=st.sampled_from(["possibly", "certainly"]))
def test_the_query_modes_match_the_reference(
    api: TestClient,
    db: Driver,
    settings: Settings,
    generated: list[tuple[str, str | None]],
    window: str,
    mode: str,
) -> None:
    database = settings.neo4j_database
    wipe(db, database)
    db.execute_query(
        "CREATE (:Actor {id: $a, name: 'A', kind: 'armed_group', search_keys: ['a']}),"
        " (:Actor {id: $b, name: 'B', kind: 'armed_group', search_keys: ['b']}),"
        " (:Source {id: 'hyp-source', kind: 'dataset', title: 'generated'})",
        a=A,
        b=B,
        database_=database,
    )
    claims = []
    written: dict[str, tuple[str, str | None]] = {}
    for n, (start, end) in enumerate(generated):
        try:
            valid = resolve_valid(start, end, AS_OF)
        except TimeError:
            continue
        claims.append((_claim(n), valid))
        written[_claim(n).id] = (start, end)
    recorded = datetime(2026, 11, 24, tzinfo=UTC)
    rows = claim_rows(((c, v, recorded) for c, v in claims), origin="test")
    db.execute_query(get_library()["write_claims"], claims=rows, database_=database)

    w = parse_window(window)
    expected = set()
    for claim_id, (start, end) in written.items():
        starts, ends = reference.spans(start, end, AS_OF)
        holds = reference.possibly if mode == "possibly" else reference.certainly
        if holds(starts, ends, w.start, w.end):
            expected.add(claim_id)
    response = api.get("/relationships", params={"during": window, "mode": mode, "actor": A, "limit": 500})
    assert response.status_code == 200, response.text
    assert {i["id"] for i in response.json()["items"]} == expected
