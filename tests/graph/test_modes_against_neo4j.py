"""Every query that filters by time agrees with a plain-Python reference of the two modes (hypothesis).

Generated claims go through the real write path (app/cypher/write_claims.cypher) and are asked back
through each API route whose query filters by time: GET /relationships (no actor: claims_select),
GET /actors/{id}/relationships (actor_claims_select), GET /graph (the slice) and GET /paths (over the
typed edges). The expected answer comes from tests/reference.py (day by day, from the spans as written).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from neo4j import Driver

from app.config import Settings
from app.domain.model import ClaimKind
from app.domain.timebounds import TimeError, parse_window, resolve_valid
from app.repository import catalog
from app.seeding.rows import claim_row
from tests import reference
from tests.conftest import wipe
from tests.strategies import bounds, windows

AS_OF = date(2014, 8, 18)
A, B = "hyp-actor-a", "hyp-actor-b"
RECORDED = datetime(2026, 11, 24, tzinfo=UTC)

ranges = st.lists(st.tuples(bounds(), st.one_of(st.none(), st.just("open"), bounds())), min_size=1, max_size=12)


def _answers(api: TestClient, window: str, mode: str) -> dict[str, set[str]]:
    """The claim ids each time-filtering route gives for the window and mode."""

    def get(url: str, **params: Any) -> Any:
        response = api.get(url, params={"during": window, "mode": mode, **params})
        assert response.status_code == 200, f"{url}: {response.text}"
        return response.json()

    paths = get("/paths", **{"from": A, "to": B, "max_length": 1, "limit": 50})["paths"]
    return {
        "relationships": {i["id"] for i in get("/relationships", limit=500)["items"]},
        "actor relationships": {i["id"] for i in get(f"/actors/{A}/relationships", limit=500)["items"]},
        "graph": {link["id"] for link in get("/graph", limit=500)["links"]},
        "paths": {step["relationship"]["id"] for p in paths for step in p["steps"]},
    }


@pytest.mark.writes
@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=ranges, window=windows(), mode=st.sampled_from(["possibly", "certainly"]))
def test_every_time_filtering_query_matches_the_reference(
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
        "CREATE (:Actor {id: $a, name: 'A', kind: 'armed_group', description: 'generated', search_keys: ['a']}),"
        " (:Actor {id: $b, name: 'B', kind: 'armed_group', description: 'generated', search_keys: ['b']}),"
        " (:Source {id: 'hyp-source', kind: 'dataset', title: 'generated'})",
        a=A,
        b=B,
        database_=database,
    )
    rows = []
    written: dict[str, tuple[str, str | None]] = {}
    for n, (start, end) in enumerate(generated):
        try:
            valid = resolve_valid(start, end, AS_OF)
        except TimeError:
            continue
        claim_id = f"hyp-claim-{n}"
        written[claim_id] = (start, end)
        rows.append(
            claim_row(
                claim_id=claim_id,
                kind=ClaimKind.HOSTILITY,
                parties=[("side", A), ("side", B)],
                valid=valid,
                status="reported",
                confidence=0.5,
                citations=[{"source": "hyp-source", "quote": "generated", "stance": "supports", "position": 0}],
                recorded_at=RECORDED,
                origin="test",
            )
        )
    db.execute_query(catalog.query("write_claims"), claims=rows, database_=database)

    w = parse_window(window)
    holds = reference.possibly if mode == "possibly" else reference.certainly
    expected = {
        claim_id
        for claim_id, (start, end) in written.items()
        if holds(*reference.spans(start, end, AS_OF), w.start, w.end)
    }
    for route, answer in _answers(api, window, mode).items():
        assert answer == expected, f"{route} disagrees with the reference for {window} ({mode})"
