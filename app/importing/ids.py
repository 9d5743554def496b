"""Ids made from the data, so that importing the same data twice names the same nodes."""

from __future__ import annotations

import hashlib
import re

from app.domain.text import search_key

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

MAX_ID = 120  # the API takes ids of at most 120 characters


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


def slug(text: str, limit: int = MAX_ID) -> str:
    """'Government of Syria' -> 'government-of-syria': ASCII letters and digits (diacritics dropped), the
    rest a hyphen; cut at `limit` characters on a hyphen where possible. May be empty (Arabic script)."""
    out = _NOT_SLUG.sub("-", search_key(text)).strip("-")
    if len(out) > limit:
        cut = out[:limit]
        out = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
    return out.strip("-")


def id_slug(text: str, limit: int = MAX_ID) -> str:
    """`slug`, where it can stand alone as an id (app/domain/inputs.py Slug: two characters at least); else
    empty (the caller then makes an id of its own: a group named "M" is not the actor id "m")."""
    out = slug(text, limit)
    return out if len(out) >= 2 else ""


def bounded_id(prefix: str, rest: str) -> str:
    """`prefix-rest`, or `prefix-<hash of rest>` when that would be longer than the API takes."""
    full = f"{prefix}-{rest}"
    if len(full) <= MAX_ID:
        return full
    return f"{prefix}-{short_hash(rest, 16)}"
