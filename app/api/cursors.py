"""Opaque page cursors: a position plus a fingerprint of the filters it belongs to.

A cursor is checked field by field when it comes back: one that was forged or tampered with, or reused
with other filters, is refused with a 422 (never a 500).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from app.domain.queries import After, ClaimFilter
from app.domain.timebounds import TimeError, parse_point

MAX_SKIP = 1_000_000
NOT_OURS = "not a cursor this API gave out; start again without it"
OTHER_FILTERS = "it belongs to a query with other filters; keep them unchanged"


class CursorError(ValueError):
    pass


def fingerprint(filters: dict[str, Any]) -> str:
    blob = json.dumps(filters, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def encode(position: dict[str, Any], filters: dict[str, Any]) -> str:
    payload = json.dumps({"p": position, "f": fingerprint(filters)}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _position(cursor: str, filters: dict[str, Any]) -> dict[str, Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        position, fp = raw["p"], raw["f"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise CursorError(NOT_OURS) from None
    if not isinstance(position, dict):
        raise CursorError(NOT_OURS)
    if fp != fingerprint(filters):
        raise CursorError(OTHER_FILTERS)
    return position


def decode_skip(cursor: str, filters: dict[str, Any]) -> int:
    """The offset an offset cursor holds (actors, sources)."""
    skip = _position(cursor, filters).get("skip")
    if type(skip) is not int or not 0 <= skip <= MAX_SKIP:
        raise CursorError(NOT_OURS)
    return skip


def decode_after(cursor: str, filters: dict[str, Any]) -> After:
    """The keyset position a claim cursor holds."""
    position = _position(cursor, filters)
    after, claim_id = position.get("from"), position.get("id")
    if not isinstance(after, str) or not isinstance(claim_id, str):
        raise CursorError(NOT_OURS)
    try:
        return After(parse_point(after).lo, claim_id)
    except TimeError:
        raise CursorError(NOT_OURS) from None


def encode_after(after: After, filters: dict[str, Any]) -> str:
    return encode({"from": after.from_lo.isoformat(), "id": after.id}, filters)


def next_claims(after: After | None, flt: ClaimFilter) -> str | None:
    """The cursor of the next page of claims (None on the last), bound to the filter."""
    return encode_after(after, flt.fingerprint_fields()) if after is not None else None
