"""From a text to candidate claims: each in the shape `POST /relationships` takes (`claim`), with the
mentions, cue, hedge, date phrase, quote and sentence it came from, as character offsets into the text."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from app.domain.model import CLAIM_SHAPES, RELATIONSHIP_KINDS, ClaimKind, SourceKind, Status
from app.domain.text import clip
from app.domain.timebounds import ValidTime, resolve_valid
from app.extraction.dates import DatePhrase, find_dates, valid_for
from app.extraction.gazetteer import GRAPH, NEW, UCDP, Gazetteer, Mention, unknown_groups
from app.extraction.hedges import Hedge, hedge_of
from app.extraction.rules import Pairing, pairings, resolve_anaphora
from app.extraction.text import Span, sentences
from app.importing.ids import bounded_id, short_hash, slug

_SIMPLE_PAST = ("ed", "fought", "drove", "seized", "broke", "split", "swore", "went", "led")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class SpanOut(Model):
    start: int
    end: int
    text: str


class MentionOut(SpanOut):
    actor: str  # a graph actor id, or the id proposed for a new actor (`new` true)
    name: str
    origin: str  # graph | ucdp | new
    new: bool
    ucdp_id: int | None = None
    party: bool = True


class PartyOut(Model):
    role: str
    actor: str
    name: str
    new: bool
    mention: SpanOut


class TimeOut(Model):
    text: str | None
    start: int | None
    end: int | None
    from_lo: date
    from_hi: date
    to_lo: date
    to_hi: date
    precision: str
    open_ended: bool


class HedgeOut(Model):
    status: str
    confidence: float
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Candidate(Model):
    id: str
    kind: ClaimKind
    parties: list[PartyOut]
    needs: list[str]  # roles no party was found for: fill them before accepting
    new_actors: list[str]  # ids of proposed actors (in `new_actors` of the answer) this claim names
    cue: SpanOut
    hedge: HedgeOut
    time: TimeOut
    quote: SpanOut
    sentence: SpanOut
    claim: dict[str, Any]  # the body of POST /relationships (parties of `needs` missing)


class NewActorOut(Model):
    actor: dict[str, Any]  # the body of POST /actors
    mentions: list[SpanOut]
    origin: str  # ucdp | new


class Extraction(Model):
    kinds: dict[str, list[str]]  # the roles of each kind (app/domain/model.py), for a reviewer changing the kind
    statuses: list[str]
    source: dict[str, Any]  # the body of POST /sources
    published: date
    gazetteer: dict[str, int]
    sentences: int
    mentions: list[MentionOut]
    new_actors: list[NewActorOut]
    candidates: list[Candidate]


def source_id(fields: dict[str, Any], published: date) -> str:
    """An id for a source given none: publisher, date and the title's first words."""
    who = slug(str(fields.get("publisher") or fields.get("author") or "source"), 40)
    title = slug(str(fields.get("title") or ""), 60)
    return bounded_id(f"{who}-{published.isoformat()}", title or short_hash(str(fields)))


def _span(s: int, e: int, text: str) -> SpanOut:
    return SpanOut(start=s, end=e, text=text[s:e])


def _ongoing(pairing: Pairing, phrase: DatePhrase | None) -> bool:
    """Still holding at publication: "since ...", a progressive ("is fighting"), or an undated state or act
    not told in the simple past."""
    if phrase is not None:
        return phrase.since or pairing.ongoing
    first = pairing.cue.text.split()[0].lower()
    return pairing.ongoing or not first.endswith(_SIMPLE_PAST)


def _nearest(phrases: list[DatePhrase], cue_start: int) -> DatePhrase | None:
    return min(phrases, key=lambda p: abs(p.start - cue_start), default=None)


def _owned(phrases: list[DatePhrase], cue_start: int, cue_starts: list[int]) -> list[DatePhrase]:
    """The date phrases nearer this cue than any other cue of the sentence that proposed a claim."""
    return [p for p in phrases if min(cue_starts, key=lambda c: abs(p.start - c)) == cue_start]


class _NewActors:
    """Actors the text names that the graph does not hold, each with one proposed id."""

    def __init__(self, taken: set[str], title: str) -> None:
        self.taken = taken
        self.title = title
        self.by_key: dict[str, tuple[str, Mention, list[SpanOut], str]] = {}

    def id_of(self, m: Mention, text: str, sentence: Span) -> str:
        got = self.by_key.get(m.key)
        if got is None:
            base = slug(m.name, 100) or f"actor-{short_hash(m.name)}"
            proposed, n = base, 2
            while proposed in self.taken:
                proposed, n = f"{base}-{n}", n + 1
            self.taken.add(proposed)
            got = (proposed, m, [], sentence.text)
            self.by_key[m.key] = got
        if all(s.start != m.start for s in got[2]):
            got[2].append(_span(m.start, m.end, text))
        return got[0]

    def out(self) -> list[NewActorOut]:
        found = []
        for proposed, m, spans, sentence in self.by_key.values():
            description = f"Named in '{clip(self.title, 200)}': '{clip(sentence, 600)}'"
            if m.origin == UCDP:
                description = f"UCDP actor {m.ucdp_id} '{m.name}'. " + description
            body: dict[str, Any] = {
                "id": proposed,
                "name": m.name,
                "kind": m.kind or "armed_group",
                "description": description,
                "aliases": sorted({s.text for s in spans} - {m.name}),
            }
            if m.ucdp_id is not None:
                body["external_ids"] = {"ucdp": m.ucdp_id}
            found.append(NewActorOut(actor=body, mentions=spans, origin=m.origin))
        return found


def extract(text: str, published: date, source: dict[str, Any], gazetteer: Gazetteer, taken: set[str]) -> Extraction:
    """Candidate claims of `text`, a source published on `published` (relative dates resolve against it).
    `source`: its fields (kind, title, publisher, author, url; id made when absent). `taken`: the graph's
    actor ids (a proposed new actor never reuses one)."""
    fields = {k: v for k, v in source.items() if v not in (None, "")}
    fields.setdefault("kind", SourceKind.NEWS_ARTICLE.value)
    fields["published"] = published.isoformat()
    fields.setdefault("id", source_id(fields, published))
    fields.setdefault("title", f"Source {fields['id']}")
    new = _NewActors(set(taken), str(fields["title"]))
    mentions_out: list[MentionOut] = []
    candidates: list[Candidate] = []
    split = sentences(text)
    for sentence in split:
        known = gazetteer.find(text, sentence.start, sentence.end)
        unknown = unknown_groups(text, sentence.start, sentence.end, known)
        named = sorted([*known, *unknown], key=lambda m: m.start)
        mentions = resolve_anaphora(text, sentence.start, sentence.end, named)
        ids = {m: (m.actor or new.id_of(m, text, sentence)) for m in mentions}
        for m in mentions:
            mentions_out.append(
                MentionOut(
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    actor=ids[m],
                    name=m.name,
                    origin=m.origin,
                    new=m.origin != GRAPH,
                    ucdp_id=m.ucdp_id,
                    party=m.party,
                )
            )
        phrases = find_dates(text, published, sentence.start, sentence.end)
        hedge = hedge_of(text, sentence.start, sentence.end)
        seen: set[tuple[str, frozenset[tuple[str, str]]]] = set()
        found = pairings(text, sentence.start, sentence.end, mentions)
        cue_starts = sorted({p.cue.start for p in found})
        for pairing in found:
            roles = _roles(pairing, ids)
            key = (pairing.cue.rule.kind.value, frozenset((r, ids.get(m) or m.actor or "") for r, m in roles))
            if key in seen:
                continue
            seen.add(key)
            phrase = _nearest(_owned(phrases, pairing.cue.start, cue_starts), pairing.cue.start)
            candidates.append(_candidate(text, sentence, pairing, roles, ids, phrase, hedge, published, fields))
    return Extraction(
        kinds={k.value: list(CLAIM_SHAPES[k].roles) for k in RELATIONSHIP_KINDS},
        statuses=[s.value for s in Status],
        source=fields,
        published=published,
        gazetteer={"graph_actors": gazetteer.graph_actors, "ucdp_actors": gazetteer.ucdp_actors},
        sentences=len(split),
        mentions=mentions_out,
        new_actors=new.out(),
        candidates=candidates,
    )


def _roles(pairing: Pairing, ids: dict[Mention, str]) -> list[tuple[str, Mention]]:
    """The parties in the kind's role order; a defection's `from` taken from a group named inside the
    defector ("local al-Nusra fighters") where there is one."""
    kind = pairing.cue.rule.kind
    found = list(pairing.parties)
    if kind is ClaimKind.DEFECTION:
        defector = dict(found)["defector"]
        inner = [a for a in defector.inner if a not in {ids.get(m) or m.actor for _, m in found}]
        if inner:
            found.append(("from", Mention(defector.start, defector.end, defector.text, inner[0], inner[0], GRAPH)))
    order = CLAIM_SHAPES[kind].roles
    return sorted(found, key=lambda rm: order.index(rm[0]))


def _candidate(
    text: str,
    sentence: Span,
    pairing: Pairing,
    roles: list[tuple[str, Mention]],
    ids: dict[Mention, str],
    phrase: DatePhrase | None,
    hedge: Hedge,
    published: date,
    source: dict[str, Any],
) -> Candidate:
    kind = pairing.cue.rule.kind
    shape = CLAIM_SHAPES[kind]

    def actor_of(m: Mention) -> str:
        return ids.get(m) or m.actor or ""

    parties_out = [
        PartyOut(role=r, actor=actor_of(m), name=m.name, new=m.origin != GRAPH, mention=_span(m.start, m.end, text))
        for r, m in roles
    ]
    needs = [r for r in shape.roles if r not in {p.role for p in parties_out}]
    parties: dict[str, Any] = {}
    for p in parties_out:
        if shape.symmetric:
            parties.setdefault(p.role, []).append(p.actor)
        else:
            parties[p.role] = p.actor
    ongoing = _ongoing(pairing, phrase)
    start, stop, said = valid_for(phrase, published, ongoing)
    valid: dict[str, Any] = {"from": start, "as_of": published.isoformat()}
    if stop:
        valid["to"] = stop
    if said:
        valid["text"] = said
    resolved: ValidTime = resolve_valid(start, stop, published, said)
    quote = _span(sentence.start, sentence.end, text)
    claim = {
        "kind": kind.value,
        "parties": parties,
        "valid": valid,
        "status": hedge.status.value,
        "confidence": hedge.confidence,
        "citations": [{"source": source["id"], "quote": quote.text}],
        "reason": f"proposed by the extractor from '{clip(str(source['title']), 120)}', reviewed",
    }
    digest = short_hash(f"{sentence.start}|{kind.value}|{sorted(parties.items())}", 12)
    return Candidate(
        id=f"cand-{digest}",
        kind=kind,
        parties=parties_out,
        needs=needs,
        new_actors=sorted({p.actor for p in parties_out if p.new}),
        cue=_span(pairing.cue.start, pairing.cue.end, text),
        hedge=HedgeOut(
            status=hedge.status.value, confidence=hedge.confidence, text=hedge.text, start=hedge.start, end=hedge.end
        ),
        time=TimeOut(
            text=phrase.text if phrase else None,
            start=phrase.start if phrase else None,
            end=phrase.end if phrase else None,
            from_lo=resolved.from_lo,
            from_hi=resolved.from_hi,
            to_lo=resolved.to_lo,
            to_hi=resolved.to_hi,
            precision=resolved.precision.value,
            open_ended=resolved.open_ended,
        ),
        quote=quote,
        sentence=quote,
        claim=claim,
    )


__all__ = ["NEW", "Candidate", "Extraction", "extract", "source_id"]
