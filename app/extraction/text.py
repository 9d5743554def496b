"""Sentences and word tokens of a text, each with its character offsets in the text as given."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.text import search_key

_TOKEN = re.compile(r"[^\W_]+")  # runs of letters and digits (any script): the words a name is made of
_LINE = re.compile(r"[^\n]+")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
# A sentence ends at . ! ? (and a closing quote or bracket after it) followed by a space and a capital, a
# digit or an opening quote; a few abbreviations do not end one.
_END = re.compile('[.!?]["\'\u201d\u2019)\\]]*(?=\\s+["\u201c\u2018(]?[A-Z0-9])')
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "st", "no", "vs", "u.s", "u.n"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # search_key of the text: case- and diacritic-insensitive


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group(), search_key(m.group())) for m in _TOKEN.finditer(text, start, stop)]


def sentences(text: str) -> list[Span]:
    """Each line is a block (headlines and captions have no full stop); blocks are cut after . ! ? when the
    next word starts a sentence. Lines that are only a web address are left out. Offsets index `text`."""
    found: list[Span] = []
    for line in _LINE.finditer(text):
        if _URL_LINE.match(line.group()) or not line.group().strip():
            continue
        begin = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            word = re.search(r"([\w.]+)\.$", text[begin : end.start() + 1])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            found.append(_trimmed(text, begin, end.end()))
            begin = end.end()
        if text[begin : line.end()].strip():
            found.append(_trimmed(text, begin, line.end()))
    return [s for s in found if s.text]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])
