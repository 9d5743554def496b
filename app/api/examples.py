"""Example responses for the OpenAPI page, taken from the seed by scripts/openapi_examples.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES: dict[str, dict[str, Any]] = json.loads((Path(__file__).with_name("examples.json")).read_text("utf-8"))
