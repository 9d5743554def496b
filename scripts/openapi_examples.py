"""Regenerates app/api/examples.json (the OpenAPI response examples) from a running API with the seed.

    python scripts/openapi_examples.py [http://127.0.0.1:8000]

Lists are cut to their first item so the examples stay readable.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

REQUESTS = {
    "actors": "/actors?q=ISIS",
    "actor": "/actors/syrian-army",
    "actor_relationships": "/actors/al-nusra-front/relationships?during=2014-08&kind=affiliation",
    "timeline": "/actors/islamic-state/timeline?with=al-nusra-front",
    "relationships": "/relationships?kind=hostility&during=2014-08&actor=islamic-state&actor=al-nusra-front",
    "relationship": "/relationships/is-nusra-hostility-deir-ezzor-2014-07",
    "history": "/relationships/is-nusra-hostility-deir-ezzor-2014-07/history",
    "graph": "/graph?at=2014-08-15&kind=affiliation",
    "paths": "/paths?from=islamic-front&to=syrian-army&during=2014-08",
    "sources": "/sources?kind=tweet",
    "source": "/sources/tweet-truthsmaster-501272338243932161",
    "camps": "/analysis/camps?during=2014-08",
    "brokers": "/analysis/brokers?during=2014-08",
    "balance": "/analysis/balance?from=2014-07&to=2014-08",
    "turning_points": "/actors/al-nusra-front/turning-points",
}


def trim(value: Any, depth: int = 0) -> Any:
    if isinstance(value, list):
        return [trim(v, depth + 1) for v in value[:1]]
    if isinstance(value, dict):
        return {k: trim(v, depth + 1) for k, v in value.items()}
    return value


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    examples = {}
    for name, path in REQUESTS.items():
        with urllib.request.urlopen(base + path) as response:  # noqa: S310 - a local API
            examples[name] = {"request": path, "response": trim(json.load(response))}
    out = Path(__file__).resolve().parent.parent / "app" / "api" / "examples.json"
    out.write_text(json.dumps(examples, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
