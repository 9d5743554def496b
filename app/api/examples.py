"""Example responses for the OpenAPI page, taken from the seed by scripts/openapi_examples.py."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

EXAMPLES: dict[str, dict[str, Any]] = json.loads(
    resources.files("app.api").joinpath("examples.json").read_text("utf-8")
)

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}


def documented(name: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses: the example request (in the description) and its real response, from the seed."""
    example = EXAMPLES[name]
    ok = {
        "description": f"Example: `GET {example['request']}` (lists cut to one item)",
        "content": {"application/json": {"example": example["response"]}},
    }
    return {200: ok, 404: PROBLEM, 422: PROBLEM}
