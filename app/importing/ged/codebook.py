"""UCDP GED: the publisher, the licence, the codebook columns the importer reads, and its codes."""

from __future__ import annotations

PUBLISHER = "Uppsala Conflict Data Program"
LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
CITE = (
    "Cite: Sundberg, Ralph and Erik Melander (2013), 'Introducing the UCDP Georeferenced Event Dataset', "
    "Journal of Peace Research 50(4): 523-532; and the GED codebook of the release."
)
DOWNLOADS = "https://ucdp.uu.se/downloads/"
ORIGIN = "ucdp-ged"
STATUS = "reported"
CONFIDENCE = 0.8  # the recorder's judgement for a curated event dataset; not derived from the data
CIVILIANS = "civilians"  # search key of UCDP's "Civilians": the target of one-sided violence, never an actor

REQUIRED = ("id", "type_of_violence", "side_a", "side_b")
# Every other codebook column the importer uses, in the codebook's order. Deaths may be named either way.
OPTIONAL = (
    "date_start",
    "date_end",
    "date_prec",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_b_new_id",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "event_clarity",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
)
DEATH_NAMES = {"low": ("low", "low_death"), "best": ("best", "best_death"), "high": ("high", "high_death")}
VIOLENCE = {1: "state_based_violence", 2: "non_state_violence", 3: "one_sided_violence"}
VIOLENCE_LABEL = {1: "state-based violence", 2: "non-state violence", 3: "one-sided violence"}
# type_of_violence written as text, as some subsets do ("State-based violence"): by search key
VIOLENCE_BY_TEXT = {"state based violence": 1, "non state violence": 2, "one sided violence": 3}

# What a file without these columns gives, said in the import's summary (the first absent column of a group
# speaks for it; docs/import-format.md, "A reduced layout").
ABSENT_MEANS = (
    (
        ("date_end",),
        "each event is dated by its date_start alone, taken as the day (or month) given: an event of several "
        "days stands as its first day, so events and their claims are marked approximate",
    ),
    (("date_prec",), "UCDP's own rating of each event's date precision is unknown (not kept on the events)"),
    (
        ("source_article",),
        "no article sources: each event cites the release itself (its dataset Source, quote 'event <id>'), as "
        "every claim does",
    ),
    (
        ("side_a_new_id", "side_b_new_id"),
        "a group's UCDP id comes only from the actor list (--actors: the one actor of that name); without it, "
        "groups are matched to actors by name and alias",
    ),
    (("low", "best", "high"), "no death estimates: a claim's intensity is its number of events only"),
    (("latitude", "longitude"), "events have no coordinates"),
    (("where_coordinates",), "places are named by their coordinates"),
    (("dyad_name",), "events are titled 'side_a - side_b'"),
)
