"""Who is asking: the API key of a request (`Authorization: Bearer <key>` or `X-API-Key: <key>`), resolved
to a name and a role (app/services/keys.py). Writes need an editor's key (401 without a key, with
`WWW-Authenticate`; 403 with a reader's); reads are open unless `API_READS_NEED_KEY=1`.

A key is never logged, echoed in an error, or kept beyond the request: only its owner's name is."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from app.api.deps import SettingsDep
from app.api.errors import ProblemError
from app.config import Settings
from app.services.keys import KeyRing, Principal, Role

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="an API key (`alliance keys create --name NAME --role editor`) as `Authorization: Bearer <key>`",
)
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="apiKey", description="the same API key in the X-API-Key header"
)

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="alliance"'}


async def keyring(request: Request, settings: SettingsDep) -> KeyRing:
    ring: KeyRing | None = getattr(request.app.state, "keyring", None)
    if ring is None:
        ring = request.app.state.keyring = KeyRing(settings)
    return ring


async def principal(
    ring: Annotated[KeyRing, Depends(keyring)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    header_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal | None:
    """The key's owner; None when no key was given; 401 for a key that is not one."""
    key = credentials.credentials if credentials is not None else header_key
    if not key:
        return None
    found = ring.lookup(key)
    if found is None:
        raise ProblemError(401, "The API key is not valid.", title="Unauthorized", headers=CHALLENGE)
    return found


def _need(who: Principal | None, role: Role) -> Principal:
    if who is None:
        raise ProblemError(
            401,
            f"This needs an API key with the role {role.value} (Authorization: Bearer <key> or X-API-Key).",
            title="Unauthorized",
            headers=CHALLENGE,
        )
    if not who.role.allows(role):
        raise ProblemError(
            403, f"The key '{who.name}' has the role {who.role.value}; this needs {role.value}.", title="Forbidden"
        )
    return who


async def editor(who: Annotated[Principal | None, Depends(principal)]) -> Principal:
    return _need(who, Role.EDITOR)


async def read_access(settings: SettingsDep, who: Annotated[Principal | None, Depends(principal)]) -> None:
    """Reads are open, unless API_READS_NEED_KEY=1: then any valid key (reader, editor, admin)."""
    if settings.api_reads_need_key:
        _need(who, Role.READER)


EditorDep = Annotated[Principal, Depends(editor)]
READ_ONLY = "x-read-only"  # openapi_extra of a POST that only reads (POST /extract): its key is optional too


def declare_open_reads(spec: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The OpenAPI document says a key is optional for reads (GETs, and POSTs marked READ_ONLY) while
    API_READS_NEED_KEY is off (an empty security requirement first): FastAPI lists the key schemes only, as
    if every read needed one."""
    if settings.api_reads_need_key:
        return spec
    for operations in spec.get("paths", {}).values():
        for method, read in operations.items():
            if method != "get" and not read.get(READ_ONLY):
                continue
            if read.get("security") and {} not in read["security"]:
                read["security"] = [{}, *read["security"]]
    return spec
