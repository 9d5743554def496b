"""UCDP GED rows as graph rows: the dataset and the articles as sources, places, events."""

from __future__ import annotations

import re
from datetime import date

from app.domain.inputs import SourceInput
from app.domain.model import SourceKind
from app.domain.timebounds import Precision, ValidTime, bound_text, parse_bound
from app.importing.ged.codebook import (
    CITE,
    CONFIDENCE,
    DOWNLOADS,
    LICENCE,
    ORIGIN,
    PUBLISHER,
    STATUS,
    VIOLENCE,
    VIOLENCE_LABEL,
)
from app.importing.ged.reader import GedRow
from app.importing.ids import short_hash, slug
from app.seeding.rows import Row, time_props

_ARTICLE = re.compile(r"^(?P<office>[^,]*),(?P<date>\d{4}-\d{2}-\d{2}),(?P<headline>.*)$", re.DOTALL)


def dataset_source_id(release: str) -> str:
    return f"ucdp-ged-{slug(release, 40) or short_hash(release)}"


def dataset_source(release: str, file_name: str) -> SourceInput:
    return SourceInput(
        id=dataset_source_id(release),
        kind=SourceKind.DATASET,
        title=f"UCDP Georeferenced Event Dataset (GED) {release}",
        publisher=PUBLISHER,
        url=DOWNLOADS,
        licence=LICENCE,
        notes=f"Imported from {file_name}. {CITE}",
    )


def _articles(text: str | None) -> list[str]:
    """UCDP's source_article cell as its references: `"office,date,headline";"office,date,headline"`."""
    if not text:
        return []
    stripped = text.strip()
    if stripped.startswith('"') and stripped.endswith('"'):
        parts = re.split(r'"\s*;\s*"', stripped[1:-1])
    else:
        parts = [stripped]
    return [p.strip() for p in parts if p.strip()]


def article_source(reference: str) -> SourceInput:
    m = _ARTICLE.match(reference)
    published: date | None = None
    if m:
        try:
            published = date.fromisoformat(m.group("date"))
        except ValueError:
            published = None
    headline = m.group("headline").strip() if m else ""
    return SourceInput(
        id=f"ged-source-{short_hash(reference, 16)}",
        kind=SourceKind.NEWS_ARTICLE,
        title=headline or reference,
        publisher=(m.group("office").strip() or None) if m else None,
        published=published,
        notes=f"Cited by UCDP GED as: {reference}",
    )


def place_of(row: GedRow, release: str) -> Row | None:
    name = row.values.get("where_coordinates")
    lat, lon = row.values.get("latitude"), row.values.get("longitude")
    if not name and lat is None:
        return None
    label = name or f"{lat}, {lon}"
    place_id = f"ged-place-{slug(label, 60) or 'unnamed'}-{short_hash(f'{label}|{lat}|{lon}')}"
    return {
        "id": place_id,
        "within": None,
        "props": {
            "id": place_id,
            "name": label,
            "kind": "ged_location",
            "alt_names": [],
            "lat": lat,
            "lon": lon,
            "coordinates_source": f"UCDP GED {release}" if lat is not None else None,
            "adm_1": row.values.get("adm_1"),
            "adm_2": row.values.get("adm_2"),
            "country": row.values.get("country"),
            "where_prec": row.values.get("where_prec"),
            "origin": ORIGIN,
        },
    }


def event_valid(start: date, end: date, text: str | None = None, *, end_given: bool = True) -> ValidTime:
    """A moment known to lie between two days: a day, a calendar month or year, or a span of days. Without
    an end date in the file (`end_given` False) it is the start given, marked approximate, and says so."""
    precision = _precision(start, end)
    if not end_given:
        shown = start.isoformat() if start == end else f"{start}..{end}"
        text = f"{shown}: UCDP's date_start (the file gives no date_end; an event of several days is its first)"
    return ValidTime(
        from_lo=start,
        from_hi=end,
        to_lo=start,
        to_hi=end,
        from_precision=precision,
        to_precision=precision,
        open_ended=False,
        approximate=precision is Precision.RANGE or not end_given,
        text=text,
    )


def _precision(lo: date, hi: date) -> Precision:
    """A day, a calendar month or year, or else a span: the precision of the bound the input model writes."""
    return parse_bound(bound_text(lo, hi)).precision


def event_id(ged_id: int) -> str:
    return f"ged-{ged_id}"


def event_row(row: GedRow, actor_of: dict[str, str], release: str) -> tuple[Row, Row | None, list[SourceInput]]:
    """(the event for seed_events.cypher, its place, the article sources it cites)."""
    v = row.values
    place = place_of(row, release)
    references = _articles(v.get("source_article"))
    articles = [article_source(a) for a in references]
    participants: list[Row] = []
    role_a = "attacker" if row.violence == 3 else "side_a"
    for role, members in ((role_a, row.members_a), ("side_b", row.members_b)):
        for actor in dict.fromkeys(actor_of[m] for m in members):
            participants.append({"actor": actor, "role": role})
    dyad = v.get("dyad_name") or f"{row.side_a} - {row.side_b}"
    where = v.get("where_coordinates")
    deaths = _deaths_text(row.deaths("best"), row.deaths("low"), row.deaths("high"))
    description = f"UCDP GED {release}, event {row.ged_id}: {VIOLENCE_LABEL[row.violence]}, {dyad}"
    description += f", at {where}" if where else ""
    description += f"; {deaths}." if deaths else "."
    props: Row = {
        **time_props(event_valid(row.start, row.end, end_given=row.end_given)),
        "id": event_id(row.ged_id),
        "kind": VIOLENCE[row.violence],
        "title": f"{dyad}, {where}" if where else dyad,
        "description": description,
        "status": STATUS,
        "confidence": CONFIDENCE,
        "origin": ORIGIN,
        "ged_id": row.ged_id,
        "ged_release": release,
        "type_of_violence": row.violence,
        "side_a": row.side_a,
        "side_b": row.side_b,
        "deaths_low": v.get("low"),
        "deaths_best": v.get("best"),
        "deaths_high": v.get("high"),
        **{
            k: v.get(k)
            for k in (
                "side_a_new_id",
                "side_b_new_id",
                "dyad_new_id",
                "dyad_name",
                "conflict_new_id",
                "conflict_name",
                "date_prec",
                "event_clarity",
                "where_prec",
                "deaths_a",
                "deaths_b",
                "deaths_civilians",
                "deaths_unknown",
                "number_of_sources",
                "source_original",
            )
        },
    }
    event = {
        "id": props["id"],
        "place": place["id"] if place else None,
        "participants": participants,
        "citations": [
            {"source": s.id, "quote": ref, "stance": "supports", "note": None, "position": i}
            for i, (s, ref) in enumerate(zip(articles, references, strict=True))
        ]
        or [
            {
                "source": dataset_source_id(release),
                "quote": f"event {row.ged_id}",
                "stance": "supports",
                "note": "the file names no source article for this event: the release itself is cited",
                "position": 0,
            }
        ],
        "props": props,
    }
    return event, place, articles


def _deaths_text(best: int | None, low: int | None, high: int | None) -> str:
    if best is None:
        return ""
    if low is None or high is None:
        return f"deaths (best estimate) {best}"
    return f"deaths {best} (best estimate; low {low}, high {high})"
