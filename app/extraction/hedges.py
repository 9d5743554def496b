"""A claim's status and a first confidence, from the hedges of its sentence.

The strongest hedge of the sentence decides (denied > claimed > alleged > reported); a sentence without
one is the source's own report. The confidences are starting points for the reviewer, not measurements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.model import Status

_HEDGES: list[tuple[Status, float, re.Pattern[str]]] = [
    (
        Status.DISPUTED,
        0.2,
        re.compile(r"\b(?:denied|denies|deny|denying|denial|refuted|refutes|rejected\s+(?:the\s+)?claims?)\b", re.I),
    ),
    (
        Status.CLAIMED,
        0.3,
        re.compile(r"\b(?:claimed|claims?|claiming|purports?|purported(?:ly)?|boasted|boasts)\b", re.I),
    ),
    (
        Status.ALLEGED,
        0.4,
        re.compile(
            r"\b(?:allegedly|alleged|alleges?|unconfirmed|unverified|rumou?red|supposedly|suspected|apparently"
            r"|(?:said|thought|believed|understood|rumou?red)\s+to\s+(?:have|be|been|\w+))\b",
            re.I,
        ),
    ),
    (
        Status.REPORTED,
        0.6,
        re.compile(r"\b(?:reportedly|reports?|reported|according\s+to|sources?\s+(?:said|say)|said\s+that)\b", re.I),
    ),
]
PLAIN = 0.7  # stated by the source as fact, with no hedge


@dataclass(frozen=True)
class Hedge:
    status: Status
    confidence: float
    start: int | None = None
    end: int | None = None
    text: str | None = None


def hedge_of(text: str, start: int = 0, end: int | None = None) -> Hedge:
    """The strongest hedge in text[start:end] (offsets into `text`), or a plain report."""
    stop = len(text) if end is None else end
    for status, confidence, pattern in _HEDGES:
        m = pattern.search(text, start, stop)
        if m:
            return Hedge(status, confidence, m.start(), m.end(), m.group())
    return Hedge(Status.REPORTED, PLAIN)
