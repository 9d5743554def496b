"""Small readers for API answers, so tests read like the questions they ask."""

from __future__ import annotations

from typing import Any

import httpx


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, f"{response.status_code}: {response.text}"
    return response.json()


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def dyad(item: dict[str, Any]) -> frozenset[str]:
    return frozenset(p["actor"]["id"] for p in item["parties"])


def party(item: dict[str, Any], role: str) -> str:
    return str(next(p["actor"]["id"] for p in item["parties"] if p["role"] == role))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(i["id"]) for i in items]
