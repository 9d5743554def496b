"""The API's documentation page is served."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_docs_page_is_served(api: TestClient) -> None:
    assert api.get("/docs").status_code == 200
    assert api.get("/openapi.json").json()["info"]["title"] == "Actor alliance knowledge graph"
