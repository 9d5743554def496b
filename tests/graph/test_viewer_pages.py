"""The pages people open are served by the API, from the package alone: the viewer at / and /viewer, the API
docs at /docs with Swagger UI from app/static/vendor, the Neo4j Browser style; with security headers."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from tests.helpers import ok, problem

STATIC = Path(str(resources.files("app").joinpath("static")))
ROOT = Path(__file__).resolve().parents[2]


class Assets(HTMLParser):
    """Every address a page loads by itself: scripts, stylesheets, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        elif tag == "script":
            self.inline_scripts += 1
        elif tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))
        elif tag == "img" and found.get("src"):
            self.urls.append(str(found["src"]))


def assets(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


def test_the_root_opens_the_viewer(api: TestClient) -> None:
    response = api.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/viewer"
    assert api.get("/").url.path == "/viewer"


@pytest.mark.parametrize("path", ["/viewer", "/viewer/review"])
def test_the_viewer_pages_load_only_their_own_files_under_a_strict_policy(api: TestClient, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = assets(response.text)
    assert page.inline_scripts == 0
    assert page.urls and all(u.startswith("/static/") for u in page.urls), page.urls
    for url in page.urls:
        assert api.get(url).status_code == 200, url
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    for name in ("viewer.js", "viewer.css", "index.html", "review.js", "review.css", "review.html"):
        text = (STATIC / "viewer" / name).read_text("utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), f"{name} names an address elsewhere"


def test_the_docs_page_runs_swagger_ui_from_the_package(api: TestClient) -> None:
    response = api.get("/docs")
    assert response.status_code == 200
    page = assets(response.text)
    assert page.urls and all(u.startswith("/static/vendor/swagger-ui-dist/") for u in page.urls), page.urls
    for url in page.urls:
        assert api.get(url).status_code == 200, url
    # its one inline script (Swagger UI's start) is allowed by its hash, and nothing else inline
    [script] = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy and "unsafe-inline" not in policy
    assert api.get("/redoc").status_code == 404  # ReDoc would load its script and fonts from a CDN


def test_the_json_api_answers_carry_the_same_headers(api: TestClient, seeded: Driver) -> None:
    response = api.get("/actors", params={"q": "Daesh"})
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["x-frame-options"] == "DENY"
    problem(api.get("/no-such-page"), 404)


def test_the_timespan_the_month_slider_covers(api: TestClient, seeded: Driver) -> None:
    """From the earliest date a claim is known to have begun by to the latest it is known to hold, worked
    out here from every claim's four bounds (the CSV export), where 0001-01-01 and 9999-12-31 are unknown."""
    rows = list(csv.DictReader(io.StringIO(api.get("/graph", params={"format": "csv"}).text, newline="")))
    first = min(r["from_hi"] if r["from_lo"] == "0001-01-01" else r["from_lo"] for r in rows)
    last = max(r["to_lo"] if r["to_hi"] == "9999-12-31" else r["to_hi"] for r in rows)
    assert ok(api.get("/viewer/timespan")) == {"first": first, "last": last, "claims": len(rows)}
    assert first == "2012-01-01"  # the seed's government-rebel fighting "since 2012"


def test_the_neo4j_browser_style_is_served_to_any_origin(api: TestClient) -> None:
    response = api.get("/static/browser/style.grass", headers={"Origin": "http://127.0.0.1:7474"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.text == (ROOT / "cypher" / "browser" / "style.grass").read_text("utf-8")


def test_the_vendored_libraries_are_the_locked_npm_packages_with_their_licences() -> None:
    manifest = json.loads((STATIC / "vendor" / "MANIFEST.json").read_text("utf-8"))
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text("utf-8"))
    wanted = json.loads((ROOT / "frontend" / "package.json").read_text("utf-8"))["dependencies"]
    assert set(manifest) == set(wanted) == {"cytoscape", "swagger-ui-dist"}
    for name, entry in manifest.items():
        locked = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == locked["version"] == wanted[name]
        assert entry["integrity"] == locked["integrity"]
        assert "LICENSE" in entry["files"], f"{name}: no licence vendored"
        for file, sha in entry["files"].items():
            data = (STATIC / "vendor" / name / file).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha, f"{name}/{file} differs from what vendor.mjs copied"
    bundle = (STATIC / "vendor" / "cytoscape" / "cytoscape.min.js").read_text("utf-8")
    assert f'"{manifest["cytoscape"]["version"]}"' in bundle
