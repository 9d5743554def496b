"""schemathesis against the API's own /openapi.json, with the real Neo4j and the seed: every operation,
positive and negative cases, every check, a bounded number of examples. The API must answer every case as
its schema says (no 5xx, declared status codes and media types, bodies matching their schemas, valid
input accepted and invalid input refused)."""

from __future__ import annotations

import time
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from neo4j import Driver
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.main import create_app

# The rules an OpenAPI document cannot state, each said in its parameter's description: a cursor is only
# one this API gave for the same filters; `at` or `during`, not both; a window is a date that exists (no
# 2014-02-30) in one of the formats given (the API's own messages say which, rather than a regular
# expression's); paths `to` another actor than `from`; a timeline `with` another actor than the one in the
# path; /graph's `limit` at most API_MAX_LIMIT unless `format` asks for an export; a name search `q` has a
# letter or digit; /analysis/balance's `from` and `to` are months or years that exist; /graph's `resolve`
# is not with `format`. A schema-valid
# request may break one of them: then its 422 must name only those.
RULES_BEYOND_THE_SCHEMA = {"cursor", "at", "during", "from", "to", "with", "limit", "q", "resolve"}
EXAMPLES = 25  # per operation and phase: the whole run stays within about a minute


# The document /openapi.json serves (built without a database).
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case: Any, api: TestClient, seeded: Driver) -> None:
    _ready(api)
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    response = api.request(
        **{
            k: v for k, v in kwargs.items() if k in ("method", "url", "params", "headers", "json", "content")
        }  # no cookie parameters
    )
    case.validate_response(
        response, excluded_checks=[positive_data_acceptance], additional_checks=[accepted_unless_a_cross_rule]
    )


def _ready(api: TestClient) -> None:
    """The session's app has warmed its query plans (before that, /health/ready answers 503 by design)."""
    deadline = time.monotonic() + 60
    while api.get("/health/ready").status_code != 200:
        assert time.monotonic() < deadline, api.get("/health/ready").text
        time.sleep(0.2)


@schemathesis.check
def accepted_unless_a_cross_rule(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' positive_data_acceptance, but a 422 that names only cross-parameter rules passes."""
    if response.status_code == 422 and case.meta is not None and case.meta.generation.mode.is_positive:
        fields = {e.get("field") for e in response.json().get("errors", [])}
        if fields and fields <= RULES_BEYOND_THE_SCHEMA:
            return None
    return positive_data_acceptance(ctx, response, case)
