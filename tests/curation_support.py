"""An API with keys: a key file made with the real `alliance keys` code, one key of each role, and a
TestClient of the application reading it (against the tests' real Neo4j)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from app.services import keys as keystore


@dataclass(frozen=True)
class Keyed:
    client: TestClient
    file: Path
    reader: str
    editor: str
    admin: str

    def auth(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    @property
    def as_editor(self) -> dict[str, str]:
        return self.auth(self.editor)


def make_keys(folder: Path) -> tuple[Path, dict[str, str]]:
    file = folder / "api-keys.json"
    made = {role.value: keystore.create(file, f"{role.value}-analyst", role) for role in keystore.Role}
    return file, made
