"""A page of claims is rendered without building the models (app/domain/views.py, relationship_document):
the JSON must be byte for byte what the Relationship model renders, field order included.
tests/graph/test_api_relationships.py checks the same on the seeded graph through the API."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from app.domain.views import Relationship, relationship_document


def row(**changes: Any) -> dict[str, Any]:
    """A claim as claim_projection.cypher returns it (its keys in no particular order, as Neo4j's maps)."""
    base: dict[str, Any] = {
        "notes": None,
        "to_hi": "2014-08-31",
        "kind": "hostility",
        "citations": [
            {
                "note": None,
                "stance": "supports",
                "quote": "IS fought al-Nusra in Deir ez-Zor",
                "source": {
                    "url": "https://example.org/a",
                    "kind": "news_article",
                    "published": "2014-08-18",
                    "id": "article-2014-08-18",
                    "title": "A report",
                    "publisher": "Wire",
                    "author": None,
                    "account": None,
                    "licence": None,
                },
            }
        ],
        "id": "is-nusra-hostility",
        "from_lo": "2014-07-01",
        "from_hi": "2014-07-31",
        "to_lo": "2014-08-01",
        "from_precision": "month",
        "to_precision": "month",
        "precision": "month",
        "open_ended": False,
        "approximate": False,
        "valid_text": "since July",
        "status": "reported",
        "confidence": 0.8,
        "parties": [
            {"role": "side", "actor": {"kind": "armed_group", "name": "Islamic State", "id": "islamic-state"}},
            {"role": "side", "actor": {"kind": "armed_group", "name": "al-Nusra Front", "id": "al-nusra-front"}},
        ],
        "coalitions": [],
        "intensity": None,
        "recorded_at": "2026-11-25T02:40:59Z",
        "revision": 1,
    }
    return base | changes


def rendered(r: dict[str, Any]) -> bytes:
    return Relationship.model_validate(r).model_dump_json().encode()


CASES = {
    "plain": row(),
    "with intensity, coalitions, notes": row(
        intensity={"deaths_high": 40, "events": 3, "deaths_low": 12, "deaths_best": 20},
        coalitions=["Operation Inherent Resolve"],
        notes="two sources disagree on the month",
        revision=4,
    ),
    "recorded with microseconds (Neo4j drops trailing zeros)": row(recorded_at="2026-11-25T10:00:00.12345Z"),
    "recorded with whole microseconds": row(recorded_at="2026-11-25T10:00:00.000001Z"),
    "recorded with an offset (a seed or import keeps it as written)": row(recorded_at="2024-01-01T10:00:00.5+02:00"),
    "recorded with no zone": row(recorded_at="2024-01-01T10:00:00.25"),
    "open-ended, unknown start, no valid text, a whole-number confidence": row(
        from_lo="0001-01-01", to_hi="9999-12-31", open_ended=True, valid_text=None, confidence=1, precision="range"
    ),
    "several citations, a note and a stance against": row(
        citations=[
            {**row()["citations"][0], "stance": "contradicts", "note": "denies it"},
            {**row()["citations"][0], "quote": "second"},
        ]
    ),
    "no recorded_at": row(recorded_at=None),
}


@pytest.mark.parametrize("case", CASES)
def test_a_claim_document_is_the_json_its_model_renders(case: str) -> None:
    r = CASES[case]
    assert orjson.dumps(relationship_document(r)) == rendered(r)


def test_a_document_read_back_into_the_model_is_the_same_claim() -> None:
    r = CASES["with intensity, coalitions, notes"]
    assert Relationship.model_validate(relationship_document(r)) == Relationship.model_validate(r)
