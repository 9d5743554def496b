"""The extractor on the seed article, against the claims written by hand for it (seed/mee-2014-08-18-aleppo.yaml).

    .venv/bin/python -m bench.extract [--json]

The gazetteer is what the graph holds after `alliance seed` (seed/actors.yaml, read here without a
database) plus UCDP's actor list, as POST /extract builds it. A candidate *matches* a hand-written claim when
the kind is the same, every party it names has the same role there, and its sentence holds one of that
claim's quotes (or is held by one). Figures:
- recall: hand-written claims matched by a candidate; also by kind and actors only, in any sentence;
- precision: candidates that match a hand-written claim;
- verbatim: candidates whose quote is text[start:end] and is the citation of its `claim` (must be all);
- dates: of the matched pairs, those whose start and end bounds lie within the hand-written ones (and
  those that at least overlap them); status: same status.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from app.config import Settings
from app.domain.inputs import ActorInput, ClaimInput
from app.domain.timebounds import ValidTime
from app.extraction.extractor import Candidate, Extraction, extract
from app.extraction.gazetteer import Gazetteer, GraphActor
from app.services.extraction import ucdp_names

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "sources" / "mee-2014-08-18-aleppo.txt"
SEED = ROOT / "seed" / "mee-2014-08-18-aleppo.yaml"
ACTORS = ROOT / "seed" / "actors.yaml"
SOURCE = {
    "title": "IS, government forces close in on Aleppo as splits emerge in opposition",
    "publisher": "Middle East Eye",
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Figures:
    seed_claims: int
    found: int
    found_any_sentence: int
    candidates: int
    correct: int
    verbatim: int
    pairs: int
    dates_within: int
    dates_overlap: int
    same_status: int
    missed: list[str]
    extra: list[str]

    def lines(self) -> list[str]:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "0/0"

        return [
            f"recall     {pct(self.found, self.seed_claims)} hand-written claims found in their sentence "
            f"({pct(self.found_any_sentence, self.seed_claims)} by kind and actors in any sentence)",
            f"precision  {pct(self.correct, self.candidates)} candidates match a hand-written claim",
            f"verbatim   {pct(self.verbatim, self.candidates)} quotes are text[start:end] and the claim's citation",
            f"dates      {pct(self.dates_within, self.pairs)} matched pairs within the hand-written bounds, "
            f"{pct(self.dates_overlap, self.pairs)} overlapping them",
            f"status     {pct(self.same_status, self.pairs)} matched pairs with the same status",
            "missed     " + ("; ".join(self.missed) or "none"),
            "extra      " + ("; ".join(self.extra) or "none"),
        ]


def gazetteer(settings: Settings) -> tuple[Gazetteer, set[str]]:
    actors = [ActorInput.model_validate(a) for a in yaml.safe_load(ACTORS.read_text("utf-8"))["actors"]]
    graph = [GraphActor(a.id, a.name, a.kind.value, tuple(a.aliases), a.external_ids.ucdp) for a in actors]
    return Gazetteer.build(graph, ucdp_names(settings.extract_ucdp_actors)), {a.id for a in actors}


def seed_claims() -> tuple[date, list[ClaimInput]]:
    doc = yaml.safe_load(SEED.read_text("utf-8"))
    as_of = date.fromisoformat(str(doc["as_of"]))
    return as_of, [ClaimInput.model_validate(c) for c in doc["claims"]]


def _agrees(c: Candidate, s: ClaimInput) -> bool:
    roles: dict[str, set[str]] = {}
    for role, actor in s.party_list():
        roles.setdefault(role, set()).add(actor)
    return c.kind == s.kind and len(c.parties) >= 2 and all(p.actor in roles.get(p.role, set()) for p in c.parties)


def _same_sentence(c: Candidate, s: ClaimInput) -> bool:
    sentence = _flat(c.sentence.text)
    return any(_flat(q.quote) in sentence or sentence in _flat(q.quote) for q in s.citations)


def _within(a: ValidTime, b: ValidTime) -> bool:
    return b.from_lo <= a.from_lo and a.from_hi <= b.from_hi and b.to_lo <= a.to_lo and a.to_hi <= b.to_hi


def _overlap(a: ValidTime, b: ValidTime) -> bool:
    return a.from_lo <= b.from_hi and b.from_lo <= a.from_hi and a.to_lo <= b.to_hi and b.to_lo <= a.to_hi


def _valid(c: Candidate) -> ValidTime:
    t = c.time
    return ValidTime(t.from_lo, t.from_hi, t.to_lo, t.to_hi, t.precision, t.precision, t.open_ended, False)  # type: ignore[arg-type]


def _label(kind: str, parties: list[tuple[str, str]]) -> str:
    return f"{kind} " + ", ".join(f"{r}={a}" for r, a in parties)


def measure(text: str, result: Extraction, as_of: date, claims: list[ClaimInput]) -> Figures:
    matched: dict[str, Candidate] = {}
    correct = 0
    for c in result.candidates:  # one hand-written claim per candidate: the one quoting its cue first
        hits = [s for s in claims if _agrees(c, s) and _same_sentence(c, s) and s.id not in matched]
        hits.sort(key=lambda s: not any(c.cue.text in q.quote for q in s.citations))
        correct += any(_agrees(c, s) and _same_sentence(c, s) for s in claims)
        if hits:
            matched[hits[0].id] = c
    anywhere = sum(1 for s in claims if any(_agrees(c, s) for c in result.candidates))
    verbatim = sum(
        1
        for c in result.candidates
        if text[c.quote.start : c.quote.end] == c.quote.text == c.claim["citations"][0]["quote"]
    )
    by_id = {s.id: s for s in claims}
    within = overlap = status = 0
    for sid, c in matched.items():
        seed_valid = by_id[sid].valid.resolve(as_of)
        within += _within(_valid(c), seed_valid)
        overlap += _overlap(_valid(c), seed_valid)
        status += c.hedge.status == by_id[sid].status.value
    extra = [
        _label(c.kind.value, [(p.role, p.actor) for p in c.parties])
        for c in result.candidates
        if not any(_agrees(c, s) and _same_sentence(c, s) for s in claims)
    ]
    return Figures(
        seed_claims=len(claims),
        found=len(matched),
        found_any_sentence=anywhere,
        candidates=len(result.candidates),
        correct=correct,
        verbatim=verbatim,
        pairs=len(matched),
        dates_within=within,
        dates_overlap=overlap,
        same_status=status,
        missed=[s.id for s in claims if s.id not in matched],
        extra=extra,
    )


def run(settings: Settings | None = None) -> Figures:
    settings = settings or Settings()
    text = ARTICLE.read_text("utf-8")
    g, taken = gazetteer(settings)
    as_of, claims = seed_claims()
    return measure(text, extract(text, as_of, SOURCE, g, taken), as_of, claims)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args()
    figures = run()
    if args.json:
        print(json.dumps(figures.__dict__, indent=2))
        return
    print(f"extractor on {ARTICLE.name} against {SEED.relative_to(ROOT)}")
    for line in figures.lines():
        print(line)


if __name__ == "__main__":
    main()
