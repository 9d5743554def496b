"""Actor names and aliases found in a text, with their offsets: the graph's actors first, then UCDP's actor
list (an actor UCDP lists and the graph holds, by its UCDP id, is the graph's), then names shaped like an
armed group's that neither knows (a candidate new actor).

Matching is by word tokens (app/extraction/text.py), case- and diacritic-insensitive, longest name first;
a short name written in capitals (IS, US, FSA) matches only in capitals, so the verb "is" is not Islamic
State. A mention followed by "supporters", "fans"... or preceded by "anti-" names the actor without making
it a party (`party` false).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from app.domain.text import search_key
from app.extraction.text import Token, tokens

GRAPH, UCDP, NEW = "graph", "ucdp", "new"
_ACRONYM = 5  # a name word this short, all in capitals, is matched in capitals only
_NOT_PARTY_AFTER = {"supporter", "supporters", "fan", "fans", "sympathiser", "sympathisers", "sympathizer"}
_NOT_PARTY_AFTER |= {"sympathizers", "media", "propaganda", "video", "videos", "account", "accounts"}
_NOT_PARTY_BEFORE = {"anti", "pro", "non", "ex"}


@dataclass(frozen=True)
class Name:
    """One way an actor is written. `actor` is a graph actor id (None for a UCDP actor not in the graph)."""

    text: str
    actor: str | None
    actor_name: str
    origin: str
    ucdp_id: int | None = None
    kind: str | None = None


@lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[tuple[str, str], ...]:
    """(word as written, its search key) of a name: remembered, since every request builds the gazetteer
    again from the same few thousand names."""
    return tuple((t.text, t.key) for t in tokens(text))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    actor: str | None  # a graph actor id; None: not in the graph (see `key`)
    name: str  # the actor's name (the graph's or UCDP's), or the text for a new one
    origin: str  # graph | ucdp | new
    ucdp_id: int | None = None
    kind: str | None = None
    party: bool = True
    inner: tuple[str, ...] = ()  # graph actors named inside this mention ("local al-Nusra fighters")

    @property
    def key(self) -> str:
        """The actor this mention stands for: a graph id, `ucdp:<id>` or `new:<search key>`."""
        if self.actor:
            return self.actor
        if self.ucdp_id is not None:
            return f"ucdp:{self.ucdp_id}"
        return f"new:{search_key(self.name)}"


@dataclass(frozen=True)
class GraphActor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    ucdp_id: int | None = None


@dataclass(frozen=True)
class ListedName:
    """A UCDP actor: its id, its names (NameData first), its Org code (4: a government)."""

    ucdp_id: int
    names: tuple[str, ...]
    org: int | None = None


@dataclass
class Gazetteer:
    by_words: dict[tuple[str, ...], list[Name]] = field(default_factory=dict)
    longest: int = 1
    graph_actors: int = 0
    ucdp_actors: int = 0

    def add(self, name: Name) -> None:
        words = tuple(key for _, key in name_words(name.text))
        if not words:
            return
        entries = self.by_words.setdefault(words, [])
        if all((e.actor, e.ucdp_id) != (name.actor, name.ucdp_id) or e.text != name.text for e in entries):
            entries.append(name)
        self.longest = max(self.longest, len(words))

    @classmethod
    def build(cls, actors: Iterable[GraphActor], listed: Iterable[ListedName] = ()) -> Gazetteer:
        g = cls()
        by_ucdp: dict[int, GraphActor] = {}
        for a in actors:
            g.graph_actors += 1
            if a.ucdp_id is not None:
                by_ucdp.setdefault(a.ucdp_id, a)
            for text in (a.name, *a.aliases):
                g.add(Name(text, a.id, a.name, GRAPH, a.ucdp_id, a.kind))
        for entry in listed:
            g.ucdp_actors += 1
            known = by_ucdp.get(entry.ucdp_id)
            kind = "state" if entry.org == 4 else "armed_group"
            for text in entry.names:
                if "," in text or len(text) < 3:  # a coalition of names, or too short to tell from a word
                    continue
                if known is not None:
                    g.add(Name(text, known.id, known.name, GRAPH, entry.ucdp_id, known.kind))
                else:
                    g.add(Name(text, None, entry.names[0], UCDP, entry.ucdp_id, kind))
        return g

    def _fits(self, name: Name, found: Sequence[Token]) -> bool:
        for (written, _), seen in zip(name_words(name.text), found, strict=True):
            short_caps = len(written) <= _ACRONYM and written.isupper() and written.isalpha()
            if short_caps and seen.text != written:
                return False
        return True

    def _best(self, found: Sequence[Token]) -> Name | None:
        names = [n for n in self.by_words.get(tuple(t.key for t in found), []) if self._fits(n, found)]
        names.sort(key=lambda n: (n.origin != GRAPH, n.text != n.actor_name))
        return names[0] if names else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """The names of text[start:end], longest first, none overlapping (offsets into `text`)."""
        words = tokens(text, start, end)
        found: list[Mention] = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                span = words[i : i + n]
                name = self._best(span)
                if name is None or not _contiguous(text, span):
                    continue
                s, e = span[0].start, span[-1].end
                inner = tuple(m.actor for m in self.find(text, s + 1, e) if m.actor and m.actor != name.actor)
                if n == 1:
                    inner = ()
                found.append(
                    Mention(
                        s,
                        e,
                        text[s:e],
                        name.actor,
                        name.actor_name,
                        name.origin,
                        name.ucdp_id,
                        name.kind,
                        _is_party(text, words, i, i + n),
                        inner,
                    )
                )
                i += n
                break
            else:
                i += 1
        return found


_JOINER = re.compile("[\\s\\-\u2010'\u2019]{1,3}")  # spaces, hyphens, apostrophes


def _contiguous(text: str, span: Sequence[Token]) -> bool:
    """Words of one name are separated by spaces, hyphens or apostrophes, not by a sentence's punctuation."""
    return all(_JOINER.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(span))


def _is_party(text: str, words: Sequence[Token], i: int, j: int) -> bool:
    after = words[j].key if j < len(words) else ""
    before = words[i - 1].key if i > 0 else ""
    joined_before = i > 0 and text[words[i - 1].end : words[i].start] == "-"
    return after not in _NOT_PARTY_AFTER and not (before in _NOT_PARTY_BEFORE and joined_before)


# A name shaped like an armed group's: an Arabic group word and a name ("Liwa al-Tawhid", "Jaysh al-Islam"),
# or capitalised words ending in a group word ("Hazzm Movement", "Syrian Revolutionaries Front").
_CAP = "(?:(?:al|el|ad|ash|as|at|an|ar|az)[-\u2010\u2019' ])?[A-Z][\\w\u2019'\u2010-]*"
_ARABIC_HEAD = (
    r"(?:Liwa|Liwaa|Jaysh|Jaish|Jabhat|Harakat|Kataib|Katibat|Ahrar|Ansar|Jund|Faylaq|Tajammu|Hizb|Alwiya|Suqur"
    r"|Fursan)"
)
_ENGLISH_HEAD = (
    r"(?:Brigades?|Battalions?|Front|Army|Movement|Forces|Division|Legion|Militia|Regiment|Corps|Units|Guards?"
    r"|Mujahideen|Council|Party)"
)
_UNKNOWN = re.compile(
    rf"\b{_ARABIC_HEAD}\s+{_CAP}(?:\s+(?:{_CAP}|wa|of|al|fi))*(?<![\s,])"
    rf"|\b{_CAP}(?:\s+(?:of\s+the\s+|of\s+)?{_CAP}){{0,4}}\s+{_ENGLISH_HEAD}\b"
)
_NOT_A_NAME = {"The", "A", "An", "In", "On", "And", "But", "As", "At", "By", "For", "From", "Some", "Its", "Their"}


def unknown_groups(text: str, start: int, end: int, known: Sequence[Mention]) -> list[Mention]:
    """Group-shaped names of text[start:end] that overlap no known mention: candidate new actors."""
    found = []
    for m in _UNKNOWN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while True:  # "The Hazzm Movement": the name starts after a sentence's first word
            first = re.match(r"(\S+)\s+", text[s:e])
            if first is None or first.group(1) not in _NOT_A_NAME:
                break
            s += first.end()
        if any(s < k.end and k.start < e for k in known) or len(tokens(text, s, e)) < 2:
            continue
        found.append(Mention(s, e, text[s:e], None, text[s:e], NEW, kind="armed_group"))
    return found
