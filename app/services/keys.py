"""API keys: who may write, by name and role. A key is a high-entropy random token shown once when it is
made (`alliance keys create`); only its sha256 is stored (the key file, mode 600, or `API_KEYS` in the
environment). A key presented to the API is hashed and compared with every stored hash in constant time
(`hmac.compare_digest`); its name is the author of the changes it makes.

Roles: `reader` may read (when `API_READS_NEED_KEY=1`), `editor` may also write, `admin` may do anything."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.config import Settings
from app.domain.errors import Conflict, InvalidInput

PREFIX = "alk_"  # so that a key is recognisable in a config file or a secret scanner
NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"


class Role(StrEnum):
    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = (Role.READER, Role.EDITOR, Role.ADMIN)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class StoredKey:
    name: str
    role: Role
    sha256: str  # hex digest of the key
    created: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who a request's key says is asking: the name is the author of every change it makes."""

    name: str
    role: Role


class KeyFileError(InvalidInput):
    """The key file or API_KEYS cannot be read."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)  # 256 bits: a plain sha256 is enough (nothing to brute-force)


def _entry(raw: dict[str, Any], where: str) -> StoredKey:
    try:
        entry = StoredKey(str(raw["name"]), Role(raw["role"]), str(raw["sha256"]).lower(), raw.get("created"))
    except (KeyError, ValueError, TypeError) as exc:
        raise KeyFileError(f"{where}: every key needs name, role (reader, editor, admin) and sha256 ({exc})") from None
    if len(entry.sha256) != 64 or any(ch not in "0123456789abcdef" for ch in entry.sha256):
        raise KeyFileError(f"{where}: key '{entry.name}': sha256 must be 64 hex digits")
    return entry


def read_file(path: Path) -> list[StoredKey]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"{path}: not a readable key file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise KeyFileError(f'{path}: expected {{"keys": [...]}}')
    return [_entry(raw, str(path)) for raw in data["keys"]]


def parse_env(text: str) -> list[StoredKey]:
    """`name:role:sha256hex,...` (API_KEYS)."""
    entries = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        parts = item.split(":")
        if len(parts) != 3:
            raise KeyFileError("API_KEYS: each entry is name:role:sha256hex")
        entries.append(_entry({"name": parts[0], "role": parts[1], "sha256": parts[2]}, "API_KEYS"))
    return entries


def _write_file(path: Path, keys: list[StoredKey]) -> None:
    """Atomically, readable by the owner only (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"keys": [{"name": k.name, "role": k.role.value, "sha256": k.sha256, "created": k.created} for k in keys]}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".api-keys-", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out, indent=2)
            out.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    path.chmod(0o600)


def create(path: Path, name: str, role: Role) -> str:
    """Make a key named `name`, store its hash in `path`, and return the key (the only time it is seen)."""
    if not re.match(NAME_PATTERN, name):
        raise InvalidInput("name: letters, digits and _ . @ - (at most 64), starting with a letter or digit")
    keys = read_file(path)
    if any(k.name == name for k in keys):
        raise Conflict(f"a key named '{name}' exists in {path}; revoke it first or choose another name")
    key = new_key()
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    _write_file(path, [*keys, StoredKey(name, role, digest(key), created)])
    return key


def revoke(path: Path, name: str) -> bool:
    keys = read_file(path)
    kept = [k for k in keys if k.name != name]
    if len(kept) == len(keys):
        return False
    _write_file(path, kept)
    return True


class KeyRing:
    """The keys the API accepts: the key file (read again when it changes, so a key made while the API
    runs works at once) and API_KEYS."""

    def __init__(self, settings: Settings) -> None:
        self._path = settings.api_keys_file
        self._env = parse_env(settings.api_keys.get_secret_value()) if settings.api_keys else []
        self._stamp: tuple[int, int] | None = None
        self._file: list[StoredKey] = []

    def _keys(self) -> list[StoredKey]:
        try:
            st = self._path.stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._file = read_file(self._path) if stamp else []
            self._stamp = stamp
        return [*self._file, *self._env]

    def lookup(self, key: str) -> Principal | None:
        """The key's owner, or None. Every stored hash is compared (in constant time each)."""
        presented = digest(key)
        found = None
        for stored in self._keys():
            if hmac.compare_digest(presented, stored.sha256) and found is None:
                found = Principal(stored.name, stored.role)
        return found
