"""Writes over HTTP, behind an editor's key: actors, sources, claims, citations, status; and a claim's
history. Each write is one transaction (app/repository/curator.py); bad bodies are 422 problem+json and
write nothing; the key's name is the author of the change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Response

from app.api.auth import EditorDep, read_access
from app.api.deps import PartsDep, ReadServiceDep
from app.api.errors import PROBLEM_JSON
from app.api.examples import documented
from app.api.schemas import AcceptedOut, ModelResponse, Out
from app.domain.views import Actor, ClaimState, RelationshipDetail, SourceDetail
from app.services.curation import (
    Acceptance,
    ActorPatch,
    ClaimPatch,
    CurationService,
    NewActor,
    NewCitation,
    NewClaim,
    NewSource,
    StatusChange,
    etag,
    parse_if_match,
)

router = APIRouter(tags=["curation"])


async def curation(parts: PartsDep, reads: ReadServiceDep, who: EditorDep) -> AsyncIterator[CurationService]:
    async with parts.curation(reads, who.name) as service:
        yield service


CurationDep = Annotated[CurationService, Depends(curation)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='the ETag of the version you changed (`"3"`): 412 when someone changed it since',
        examples=['"1"'],
    ),
]
ClaimId = Annotated[str, Path(max_length=120, examples=["is-nusra-hostility-deir-ezzor-2014-07"])]
ActorId = Annotated[str, Path(max_length=120, examples=["islamic-state"])]


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {
        401: "no key, or not a key (with WWW-Authenticate)",
        403: "the key's role may not write (a reader's key)",
        404: "an actor, source, event or claim named does not exist",
        409: "the id is taken",
        412: "If-Match is not the current ETag: someone changed it since you read it",
        422: "the body is not valid (nothing was written)",
        428: "If-Match is missing",
    }
    return {c: {"description": what[c], "content": {PROBLEM_JSON: {}}} for c in codes}


WRITE = _problems(401, 403, 404, 422)
REVISE = _problems(401, 403, 404, 412, 422)

CLAIM_EXAMPLE = {
    "kind": "hostility",
    "parties": {"side": ["islamic-state", "al-nusra-front"]},
    "valid": {"from": "2014-08-16", "text": "on Saturday"},
    "status": "alleged",
    "confidence": 0.4,
    "citations": [
        {"source": "mee-2014-08-18-aleppo", "quote": "IS fighters reportedly clashed with Nusra near Akhtarin"}
    ],
    "reason": "new article on the Akhtarin clashes",
}


def _with_tag(model: Any, revision: int, status: int = 200, location: str | None = None) -> Response:
    response = ModelResponse(model, status_code=status)
    response.headers["ETag"] = etag(revision)
    if location:
        response.headers["Location"] = location
    return response


# claims -----------------------------------------------------------------------------------------------
@router.post(
    "/relationships",
    status_code=201,
    response_model=RelationshipDetail,
    responses={200: {"description": "the same body had made this claim before: nothing written"}, **WRITE},
    summary="Record a claim: its parties, time range, status, confidence and citations",
)
async def create_relationship(
    svc: CurationDep, body: Annotated[NewClaim, Body(openapi_examples={"hostility": {"value": CLAIM_EXAMPLE}})]
) -> Response:
    claim, created = await svc.create_claim(body)
    return _with_tag(claim, claim.revision, 201 if created else 200, f"/relationships/{claim.id}")


@router.post(
    "/extract/accept",
    status_code=201,
    response_model=AcceptedOut,
    responses={200: {"description": "the same claim body had made this claim before"}, **WRITE, **_problems(409)},
    summary="Accept one reviewed claim with its new source and actors, in one transaction",
    description="What the review page (/viewer/review) sends when a candidate of POST /extract is accepted: the "
    "source and the new actors it names are created unless their ids exist (then cited as they are), and the "
    "claim is written as POST /relationships writes it, all in ONE transaction: a refused claim (404, 409, 422) "
    "leaves neither the source nor the actors behind.",
)
async def accept_claim(
    svc: CurationDep,
    body: Annotated[
        Acceptance,
        Body(
            openapi_examples={
                "candidate": {
                    "value": {
                        "source": {
                            "id": "reuters-2014-08-20-akhtarin",
                            "kind": "news_article",
                            "title": "Islamic State seizes villages near Turkish border",
                            "publisher": "Reuters",
                            "published": "2014-08-20",
                        },
                        "actors": [],
                        "claim": CLAIM_EXAMPLE
                        | {"citations": [{"source": "reuters-2014-08-20-akhtarin", "quote": "IS fought Nusra"}]},
                    }
                }
            }
        ),
    ],
) -> Response:
    claim, done = await svc.accept(body)
    out = AcceptedOut(claim=claim, created=done.created, entities_created=done.made, entities_kept=done.kept)
    return _with_tag(out, claim.revision, 201 if done.created else 200, f"/relationships/{claim.id}")


@router.patch(
    "/relationships/{claim_id}",
    response_model=RelationshipDetail,
    responses={**REVISE, **_problems(428)},
    summary="Correct a claim's bounds, confidence, notes or evidence (If-Match required)",
)
async def update_relationship(
    svc: CurationDep,
    claim_id: ClaimId,
    body: Annotated[
        ClaimPatch,
        Body(
            openapi_examples={
                "bounds": {
                    "value": {"valid": {"from": "2014-07", "text": "in July"}, "reason": "the article says July"}
                }
            }
        ),
    ],
    if_match: IfMatch = None,
) -> Response:
    claim = await svc.update_claim(claim_id, body, parse_if_match(if_match))
    return _with_tag(claim, claim.revision)


@router.post(
    "/relationships/{claim_id}/citations",
    response_model=RelationshipDetail,
    responses=REVISE,
    summary="Add a citation (source, quote, stance) to a claim",
)
async def add_citation(
    svc: CurationDep,
    claim_id: ClaimId,
    body: Annotated[
        NewCitation,
        Body(
            openapi_examples={
                "quote": {
                    "value": {
                        "source": "bbc-paul-wood-nusra-north-of-aleppo",
                        "quote": "Nusra fighters were seen fighting IS north of Aleppo",
                        "stance": "supports",
                        "reason": "a second source",
                    }
                }
            }
        ),
    ],
    if_match: IfMatch = None,
) -> Response:
    claim = await svc.add_citation(claim_id, body, parse_if_match(if_match))
    return _with_tag(claim, claim.revision)


@router.post(
    "/relationships/{claim_id}/status",
    response_model=RelationshipDetail,
    responses=REVISE,
    summary="Change a claim's status (confirm, dispute, retract) with a reason",
)
async def set_status(
    svc: CurationDep,
    claim_id: ClaimId,
    body: Annotated[
        StatusChange,
        Body(
            openapi_examples={
                "retract": {"value": {"status": "retracted", "reason": "the outlet withdrew the report"}},
                "confirm": {"value": {"status": "confirmed", "reason": "confirmed by two independent sources"}},
            }
        ),
    ],
    if_match: IfMatch = None,
) -> Response:
    claim = await svc.set_status(claim_id, body, parse_if_match(if_match))
    return _with_tag(claim, claim.revision)


class History(Out):
    id: str
    states: list[ClaimState]


@router.get(
    "/relationships/{claim_id}/history",
    response_model=History,
    responses=documented("history"),
    dependencies=[Depends(read_access)],
    summary="A claim's versions, oldest first, with who recorded each, when, and why",
)
async def relationship_history(reads: ReadServiceDep, claim_id: ClaimId) -> Response:
    return ModelResponse(History(id=claim_id, states=await reads.claim_history(claim_id)))


# actors and sources -----------------------------------------------------------------------------------
@router.post(
    "/actors",
    status_code=201,
    response_model=Actor,
    responses={**WRITE, **_problems(409)},
    summary="Add an actor (the seed's fields)",
)
async def create_actor(
    svc: CurationDep,
    body: Annotated[
        NewActor,
        Body(
            openapi_examples={
                "group": {
                    "value": {
                        "id": "liwa-al-tawhid",
                        "name": "Liwa al-Tawhid",
                        "kind": "armed_group",
                        "description": "Rebel brigade of Aleppo province, part of the Islamic Front",
                        "aliases": ["Tawhid Brigade"],
                        "reason": "named in a new article",
                    }
                }
            }
        ),
    ],
) -> Response:
    actor = await svc.create_actor(body)
    return _with_tag(actor, actor.revision, 201, f"/actors/{actor.id}")


@router.patch(
    "/actors/{actor_id}",
    response_model=Actor,
    responses={**REVISE, **_problems(428)},
    summary="Change an actor's name, kind, aliases, external ids, description or part_of (If-Match required)",
)
async def update_actor(
    svc: CurationDep,
    actor_id: ActorId,
    body: Annotated[
        ActorPatch,
        Body(openapi_examples={"alias": {"value": {"aliases": ["ISIS", "ISIL", "Daesh"], "reason": "add Daesh"}}}),
    ],
    if_match: IfMatch = None,
) -> Response:
    actor = await svc.update_actor(actor_id, body, parse_if_match(if_match))
    return _with_tag(actor, actor.revision)


@router.post(
    "/sources",
    status_code=201,
    response_model=SourceDetail,
    responses={**WRITE, **_problems(409)},
    summary="Add a source (article, tweet, agency report, broadcast, video, statement, dataset)",
)
async def create_source(
    svc: CurationDep,
    body: Annotated[
        NewSource,
        Body(
            openapi_examples={
                "article": {
                    "value": {
                        "id": "reuters-2014-08-20-akhtarin",
                        "kind": "news_article",
                        "title": "Islamic State seizes villages near Turkish border",
                        "publisher": "Reuters",
                        "published": "2014-08-20",
                    }
                }
            }
        ),
    ],
) -> Response:
    source = await svc.create_source(body)
    response = ModelResponse(source, status_code=201)
    response.headers["Location"] = f"/sources/{source.id}"
    return response
