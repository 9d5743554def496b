"""Kinds from a sentence's words, and which mention plays which role.

A cue is a word or phrase that says a relationship (`fighting`, `pledged allegiance to`, `led by`,
`affiliate`, `disowned by`); its parties are the nearest mentions on either side, skipping appositions and
brackets ("The al-Nusra Front, the official al-Qaeda affiliate in Syria, are said to be fighting IS": the
fighters are al-Nusra and IS), and the mentions joined to them by "and" or "or". A nominal cue ("al-Qaeda's
leader Ayman al-Zawahiri", "the official al-Qaeda affiliate") takes the name written before it as the
group. "The former" / "the latter" stand for the first / second of two actors joined by "and" before them.
A negated cue ("has not joined") proposes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.domain.model import ClaimKind
from app.extraction.gazetteer import Mention
from app.extraction.text import tokens

MAX_GAP = 25  # words between a cue and a party (appositions and brackets not counted)


@dataclass(frozen=True)
class CueRule:
    kind: ClaimKind
    pattern: re.Pattern[str]
    left: str  # the role of the party written before the cue
    right: str  # the role of the party written after it
    nominal: bool = False  # "X's leader Y", "the X affiliate": the name just before is the group


def _rule(kind: ClaimKind, words: str, left: str, right: str, nominal: bool = False) -> CueRule:
    return CueRule(kind, re.compile(rf"\b(?:{words})\b", re.IGNORECASE), left, right, nominal)


H, A, C, D = ClaimKind.HOSTILITY, ClaimKind.ALLIANCE, ClaimKind.COOPERATION, ClaimKind.DEFECTION
AF, M, S = ClaimKind.AFFILIATION, ClaimKind.MEMBERSHIP, ClaimKind.SPLIT
RULES: list[CueRule] = [
    # split before membership and hostility: "expelled by", "disowned by"
    _rule(
        S,
        r"split\s+(?:from|with)|splits?\s+from|broke\s+away\s+from|broken\s+away\s+from|breakaway\s+from"
        r"|splinter(?:ed)?\s+(?:group\s+)?(?:of|from)|disowned\s+by|expelled\s+by|broke\s+(?:ties\s+)?with"
        r"|cut\s+ties\s+with|parted\s+ways\s+with|renounced\s+by",
        "splinter",
        "parent",
    ),
    _rule(S, r"disowned|expelled\s+(?=the\s+\w+\s+from\s+its\s+ranks)|renounced", "parent", "splinter"),
    _rule(M, r"led\s+by|headed\s+by|commanded\s+by|run\s+by|founded\s+by", "group", "member"),
    _rule(
        M,
        r"(?:leader|leaders|commander|commanders|chief|head|emir|member|members|part|spokesman|founder|ranks)\s+of"
        r"|leads|heads|commands|belongs\s+to|belong\s+to",
        "member",
        "group",
    ),
    _rule(M, r"leader|commander|chief|emir|spokesman|founder", "group", "member", nominal=True),
    _rule(AF, r"affiliated\s+(?:with|to)|linked\s+to|loyal\s+to", "affiliate", "parent"),
    _rule(AF, r"affiliate|branch|franchise|wing|offshoot", "parent", "affiliate", nominal=True),
    _rule(
        D,
        r"defect(?:s|ed|ing|ion|ions)?(?:\s+from\s+[^,.;]{1,60}?)?\s+to|switch(?:ed|es|ing)?\s+(?:sides|allegiance)\s+to"
        r"|went\s+over\s+to|gone\s+over\s+to|joined|joining(?:\s+with)?|joins",
        "defector",
        "to",
    ),
    _rule(
        A,
        r"allied\s+(?:with|to)|alliance\s+with|allies?\s+(?:of|with)"
        r"|cooperat(?:e|es|ed|ing|ion)\s+with|coordinat(?:e|es|ed|ing|ion)\s+with|teamed\s+up\s+with"
        r"|(?:pledged|pledge|pledging|pledges|swore|sworn|swear)\s+(?:allegiance|loyalty)\s+to|merged\s+with"
        r"|truce\s+with|ceasefire\s+with",
        "side",
        "side",
    ),
    # fought together, no alliance declared (docs/data-model.md, "cooperation"): before hostility's "fought"
    _rule(
        C,
        r"(?:fought|fighting|fight|fights|battled|battling|operating|operated|advanced|advancing)\s+alongside"
        r"|alongside|join(?:ed|ing|s)?\s+forces\s+with|joint\s+(?:operation|operations|offensive|attack)\s+with"
        r"|(?:fought|fighting)\s+(?:together\s+)?with(?=\s+[^.;]{0,60}\bagainst\b)",
        "side",
        "side",
    ),
    _rule(
        H,
        r"fight(?:s|ing)?|fought|clash(?:es|ed|ing)?|attack(?:s|ed|ing)?|engag(?:e|es|ed|ing)|combat(?:s|ed|ing|ting)?"
        r"|battl(?:e|es|ed|ing)|bomb(?:ing|ings|ed|s)?\s+(?:against|on)|air\s?strikes?\s+(?:on|against)"
        r"|strikes?\s+(?:on|against)|offensive|expel(?:s|led|ling)?|drove\s+out|driven\s+out|chase\s+out"
        r"|ambush(?:ed|es|ing)?|shell(?:ed|ing)|besieg(?:e|ed|ing)|war\s+(?:on|with|against)|at\s+war"
        r"|hostilit(?:y|ies)|rivals?|rivalry|targeted|targeting|seized\s+\w+(?:\s+\w+)?\s+from|killed|assassinated",
        "side",
        "side",
    ),
]
_NEGATION = {"not", "never", "no", "nor", "without", "t"}  # "t": the tail of "didn't"
_BE = {"is", "are", "was", "were", "be", "been", "being", "still", "also", "now", "Is", "Are"}
_COORDINATED = re.compile(
    r"^[\s,]*(?:and|or|as\s+well\s+as)\b[\s,]*(?:(?:more|most|also|then|later|even|recently|especially"
    r"|particularly|the|its|their|by)\b[\s,]*){0,4}$",
    re.IGNORECASE,
)
_APPOSITION = re.compile(r"\s*,\s*(?:the|a|an|who|which|whose|its|their|led\s+by|once)\b[^,;]{0,140},", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]{0,200}\)")
_ANAPHOR = re.compile(r"\bthe\s+(former|latter)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    rule: CueRule
    start: int
    end: int
    text: str

    @property
    def progressive(self) -> bool:
        return self.text.split()[0].lower().endswith("ing")


@dataclass(frozen=True)
class Pairing:
    cue: Cue
    parties: tuple[tuple[str, Mention], ...]  # (role, mention) in the kind's role order where known
    ongoing: bool


def asides(text: str, start: int, end: int, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Appositions after a name (", the official al-Qaeda affiliate in Syria,") and brackets: stretches a
    verb's parties are not looked for in."""
    found = [(m.start(), m.end()) for m in _BRACKETS.finditer(text, start, end)]
    for m in mentions:
        a = _APPOSITION.match(text, m.end, end)
        if a:
            found.append((a.start(), a.end()))
    return found


def resolve_anaphora(text: str, start: int, end: int, mentions: list[Mention]) -> list[Mention]:
    """Mentions for "the former" / "the latter" after "X and (the) Y" in the same sentence."""
    extra = []
    for a in _ANAPHOR.finditer(text, start, end):
        before = [m for m in mentions if m.end <= a.start() and m.party and m.actor]
        for x, y in zip(before[::-1][1:], before[::-1], strict=False):
            if re.fullmatch(r"\s+and\s+(?:the\s+)?", text[x.end : y.start], re.IGNORECASE):
                chosen = x if a.group(1).lower() == "former" else y
                extra.append(replace(chosen, start=a.start(), end=a.end(), text=a.group(), inner=()))
                break
    return sorted([*mentions, *extra], key=lambda m: m.start)


def _inside(pos: tuple[int, int], spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] <= pos[0] and pos[1] <= s[1]), None)


def _gap(text: str, a: int, b: int, spans: Sequence[tuple[int, int]]) -> int:
    """Words between offsets a < b, those of asides left out."""
    return sum(1 for t in tokens(text, a, b) if _inside((t.start, t.end), spans) is None)


def pairings(text: str, start: int, end: int, mentions: Sequence[Mention]) -> list[Pairing]:
    """Every (cue, parties) of the sentence text[start:end]."""
    parties = [m for m in mentions if m.party]
    spans = asides(text, start, end, parties)
    out: list[Pairing] = []
    every = cues(text, start, end)
    for cue in every:
        before = tokens(text, max(start, cue.start - 30), cue.start)[-3:]
        if any(t.key in _NEGATION for t in before):
            continue
        others = [(c.start, c.end) for c in every if c != cue and _inside((c.start, c.end), spans) is None]
        found = _parties(text, cue, parties, spans, others)
        if found is None:
            continue
        be = {t.text for t in before} & _BE  # "is" and "IS" differ here
        passive = cue.text.lower().endswith(" by") and bool(be - {"was", "were"})
        out.extend(Pairing(cue, p, (cue.progressive and bool(be)) or passive) for p in found)
    return out


def cues(text: str, start: int, end: int) -> list[Cue]:
    """The cues of text[start:end], none overlapping another (the rules' order decides), in text order."""
    found: list[Cue] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text, start, end):
            if not any(m.start() < c.end and c.start < m.end() for c in found):
                found.append(Cue(rule, m.start(), m.end(), m.group()))
    return sorted(found, key=lambda c: c.start)


def _parties(
    text: str,
    cue: Cue,
    mentions: Sequence[Mention],
    spans: Sequence[tuple[int, int]],
    others: Sequence[tuple[int, int]],
) -> list[tuple[tuple[str, Mention], ...]] | None:
    """Another cue between this one and a name after it claims the name ("IS attacks ... are led by Abu
    Wahib": Abu Wahib is the leader, not a target); a name before is shared (a subject of two verbs)."""
    own = _inside((cue.start, cue.end), spans)
    usable = [s for s in spans if s != own]

    def visible(m: Mention) -> bool:
        if _inside((m.start, m.end), usable) is not None:
            return False
        if m.end <= cue.start:
            return True
        return not any(cue.end <= s and e <= m.start for s, e in others)

    near = [m for m in mentions if visible(m)]
    left = [m for m in near if m.end <= cue.start and _gap(text, m.end, cue.start, usable) <= MAX_GAP]
    right = [m for m in near if m.start >= cue.end and _gap(text, cue.end, m.start, usable) <= MAX_GAP]
    rule = cue.rule
    if rule.nominal:
        return _nominal(text, cue, mentions, right)
    if not left and rule.left == rule.right and len(right) >= 2:  # "clashes between X and Y"
        left, right = right[:1], right[1:]
    if not left or not right:
        return None
    lefts = _coordinated(text, left[::-1], backwards=True) if rule.left == rule.right else [left[-1]]
    rights = _coordinated(text, right, backwards=False)
    pairs: list[tuple[tuple[str, Mention], ...]] = []
    for a in lefts:
        for b in rights:
            if a.key != b.key:
                pairs.append(((rule.left, a), (rule.right, b)))
    return pairs or None


def _coordinated(text: str, ordered: Sequence[Mention], *, backwards: bool) -> list[Mention]:
    """The nearest mention and those joined to it by "and" / "or", nearest first."""
    chosen = [ordered[0]]
    for m in ordered[1:]:
        last = chosen[-1]
        between = text[m.end : last.start] if backwards else text[last.end : m.start]
        if not _COORDINATED.match(between):
            break
        chosen.append(m)
    return chosen


def _nominal(
    text: str, cue: Cue, mentions: Sequence[Mention], right: Sequence[Mention]
) -> list[tuple[tuple[str, Mention], ...]] | None:
    """ "X's leader Y" / "Y, the X leader": the group is the name just before the cue (at most three words
    away); the other party is the name just after it, else the name the apposition describes."""
    rule = cue.rule
    near = [m for m in mentions if m.end <= cue.start and len(tokens(text, m.end, cue.start)) <= 3]
    if not near:
        return None
    group = near[-1]
    other = None
    if right and len(tokens(text, cue.end, right[0].start)) <= 2:
        other = right[0]
    else:
        earlier = [m for m in mentions if m.end <= group.start]
        if earlier and re.match(r"\s*,", text[earlier[-1].end : group.start]):
            other = earlier[-1]
    if other is None or other.key == group.key:
        return None
    return [((rule.left, group), (rule.right, other))]
