"""The OpenAPI page documents every query endpoint with an example and its problem responses."""

from __future__ import annotations

from app.main import create_app


def test_every_query_endpoint_has_an_example_response_and_problem_responses() -> None:
    spec = create_app().openapi()
    for path, operations in spec["paths"].items():
        if path.startswith("/health"):
            continue
        response = operations["get"]["responses"]
        assert "example" in response["200"]["content"]["application/json"], path
        assert response["200"]["description"].startswith("Example: `GET "), path
        assert "application/problem+json" in response["422"]["content"], path
