"""Candidate claims from a text, for review (no write): the graph's actors and aliases (read through the
repository) and UCDP's actor list are the gazetteer; app/extraction/ does the rest. Accepting a candidate
is posting its `claim` with its source and new actors to the keyed write path (POST /extract/accept)."""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from pydantic import BeforeValidator, Field

from app.domain.errors import InvalidInput
from app.domain.inputs import Slug, Strict, Text
from app.domain.model import SourceKind
from app.extraction.extractor import Extraction, extract
from app.extraction.gazetteer import Gazetteer, GraphActor, ListedName
from app.importing.files import UnusableFile
from app.importing.ged.actor_list import read_actor_list
from app.repository.reader import GraphReader

__all__ = ["ExtractRequest", "Extraction", "ExtractionService", "SourceFields", "check_text"]

MAX_CHARS = 200_000  # a long article is 20,000 characters; a book is not a source to extract at once
TEXT_PATTERN = (
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"  # no control character but tab, LF, CR
)
MAX_ACTORS = 50_000  # names read from the graph for the gazetteer


class SourceFields(Strict):
    """The source the text is: its fields as POST /sources takes them (an id is made when none is given)."""

    id: Slug | None = None
    kind: SourceKind = SourceKind.NEWS_ARTICLE
    title: Text | None = None
    publisher: Text | None = None
    author: Text | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None


def _iso_day(value: object) -> object:
    """A day written YYYY-MM-DD: not a number (which pydantic would read as seconds since 1970)."""
    if not isinstance(value, str | date):
        raise ValueError("a date written YYYY-MM-DD")
    return value


class ExtractRequest(Strict):
    text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_CHARS,
            description="the article's text: no control characters but tab and line breaks (a binary file is refused)",
            # said in the schema for clients and the fuzzer; checked by check_text, whose 422 says what is wrong
            json_schema_extra={"pattern": TEXT_PATTERN},
        ),
    ]
    published: Annotated[date, BeforeValidator(_iso_day)] = Field(
        description="the source's publication date, YYYY-MM-DD: relative dates are resolved against it"
    )
    source: SourceFields = SourceFields()


def check_text(text: str) -> str:
    """The text, or InvalidInput when it is empty or is not text (a NUL or other control characters: a
    binary file read as text)."""
    if not text.strip():
        raise InvalidInput("text: the text is empty", field="text")
    if len(text) > MAX_CHARS:
        raise InvalidInput(f"text: {len(text)} characters, at most {MAX_CHARS}: split the text", field="text")
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls:
        raise InvalidInput(
            f"text: {controls} control character(s) (such as NUL): this looks like a binary file, not text",
            field="text",
        )
    return text


@lru_cache(maxsize=4)
def _ucdp(path: str, mtime: float) -> tuple[ListedName, ...]:
    listed = read_actor_list(Path(path), Path(path).name)
    return tuple(ListedName(a.ucdp_id, a.names, a.org) for a in listed.by_id.values())


def ucdp_names(path: Path | None) -> tuple[ListedName, ...]:
    """UCDP's actors from the actor list file (read once per file version); none when there is no file."""
    if path is None or not path.is_file():
        return ()
    try:
        return _ucdp(str(path.resolve()), path.stat().st_mtime)
    except UnusableFile:
        return ()


def graph_actors(rows: list[dict[str, Any]]) -> list[GraphActor]:
    return [GraphActor(r["id"], r["name"], r["kind"], tuple(r.get("aliases") or ()), r.get("ucdp_id")) for r in rows]


class ExtractionService:
    def __init__(self, reader: GraphReader, ucdp_path: Path | None) -> None:
        self.reader = reader
        self.ucdp_path = ucdp_path

    async def extract(self, body: ExtractRequest) -> Extraction:
        text = check_text(body.text)
        actors = graph_actors(await self.reader.actor_names(MAX_ACTORS))
        gazetteer = Gazetteer.build(actors, ucdp_names(self.ucdp_path))
        source = body.source.model_dump(mode="json", exclude_none=True)
        taken = {a.id for a in actors}
        # CPU work (up to MAX_CHARS of text): in a worker thread, so the event loop serves other requests
        return await anyio.to_thread.run_sync(extract, text, body.published, source, gazetteer, taken)
