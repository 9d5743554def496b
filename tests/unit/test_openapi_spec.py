"""The OpenAPI page documents every query endpoint with an example and its problem responses."""

from __future__ import annotations

from app.main import create_app


def test_every_query_endpoint_has_an_example_response_and_problem_responses() -> None:
    spec = create_app().openapi()
    for path, operations in spec["paths"].items():
        if path.startswith("/health"):
            continue
        if "get" not in operations:
            continue
        response = operations["get"]["responses"]
        assert "example" in response["200"]["content"]["application/json"], path
        assert response["200"]["description"].startswith("Example: `GET "), path
        assert "application/problem+json" in response["422"]["content"], path


def test_every_write_has_an_example_body_a_security_scheme_and_its_problems() -> None:
    spec = create_app().openapi()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "description": schemes["bearer"]["description"]}
    assert schemes["apiKey"]["in"] == "header" and schemes["apiKey"]["name"] == "X-API-Key"
    writes = [
        (path, method, op)
        for path, operations in spec["paths"].items()
        for method, op in operations.items()
        if method in ("post", "patch") and path != "/extract"  # a POST that writes nothing: below
    ]
    assert {(p, m) for p, m, _ in writes} == {
        ("/actors", "post"),
        ("/actors/{actor_id}", "patch"),
        ("/sources", "post"),
        ("/relationships", "post"),
        ("/relationships/{claim_id}", "patch"),
        ("/relationships/{claim_id}/citations", "post"),
        ("/relationships/{claim_id}/status", "post"),
        ("/extract/accept", "post"),  # a reviewed claim with its new source and actors, in one transaction
    }
    for path, method, op in writes:
        assert op["requestBody"]["content"]["application/json"]["examples"], (path, method)
        assert {"bearer": []} in op["security"] and {"apiKey": []} in op["security"], (path, method)
        for code in ("401", "403", "404", "422"):
            assert "application/problem+json" in op["responses"][code]["content"], (path, method, code)


def test_extract_is_a_post_that_writes_nothing_with_an_example_body_and_its_problems() -> None:
    op = create_app().openapi()["paths"]["/extract"]["post"]
    assert op["requestBody"]["content"]["application/json"]["examples"]
    assert "application/problem+json" in op["responses"]["422"]["content"]
    assert op["security"][0] == {}  # a key is optional, as for reads (API_READS_NEED_KEY=1: any key)
