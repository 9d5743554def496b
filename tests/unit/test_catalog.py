"""The Cypher catalog: every file ships in the package, every slot is filled, every variant exists."""

from __future__ import annotations

import itertools

import pytest

from app.repository import catalog
from app.repository.reader import SELECTIONS

CLAIM_SLOTS = {
    "window": ["possibly", "certainly", "any"],
    "status": ["some", "any"],
    "source": ["one", "any"],
    "stale": ["any", "undated", "cut"],
}


def test_every_file_renders_with_no_slot_left() -> None:
    choices = {
        "window": "any",
        "status": "any",
        "source": "any",
        "after": "none",
        "stale": "any",
        "timeline_from": "none",
        "selection": "window",
        "named": "none",
    }
    for name in catalog.names():
        text = catalog.query(name, **choices, actor_kind="any", source_kind="any", label="actor", parties="any")
        assert not catalog.SLOT.search(text), name


@pytest.mark.parametrize("select", ["claims_select", "actor_claims_select"])
def test_each_filter_choice_gives_its_own_query_text_without_optional_parameters(select: str) -> None:
    texts = set()
    for window, status, source, after, stale in itertools.product(
        CLAIM_SLOTS["window"], CLAIM_SLOTS["status"], CLAIM_SLOTS["source"], ["key", "none"], CLAIM_SLOTS["stale"]
    ):
        text = catalog.query(select, window=window, status=status, source=source, after=after, stale=stale)
        assert not catalog.SLOT.search(text) and "IS NULL OR" not in text and "CASE $" not in text
        assert ("$stale_since" in text) == (stale == "cut")
        texts.add(text)
    assert len(texts) == 3 * 2 * 2 * 2 * 3


def test_the_window_predicate_is_written_once() -> None:
    possibly = catalog.texts()["window_possibly"].splitlines()[-1].strip()
    holders = [n for n, t in catalog.texts().items() if possibly in t]
    assert holders == ["window_possibly"]
    assert possibly in catalog.query(
        "claims_select", window="possibly", status="any", source="any", after="none", stale="any"
    )
    assert possibly in catalog.query("paths", window="possibly", status="any")


def test_an_unknown_query_or_variant_is_a_programming_error() -> None:
    with pytest.raises(catalog.CatalogError):
        catalog.query("no_such_query")
    with pytest.raises(catalog.CatalogError):
        catalog.query("claims_select", window="sometimes", status="any", source="any", after="none", stale="any")


def test_a_page_of_claims_is_selected_and_hydrated_in_one_statement() -> None:
    """Each selection of a page, as it is alone, then the one hydration every list of claims ends with."""
    choices = {
        "window": "possibly",
        "status": "any",
        "source": "any",
        "after": "key",
        "stale": "any",
        "timeline_from": "one",
    }

    def body(name: str, **chosen: str) -> str:  # an included file arrives without its comments
        return "\n".join(line for line in catalog.query(name, **chosen).splitlines() if not line.startswith("//"))

    hydration = body("claims_hydration", **choices).strip()
    named = body("named_some").strip()
    for name, select in SELECTIONS.items():
        page = catalog.query("claims_page", selection=name, named="some", **choices)
        assert body(select, **choices).strip() in page
        assert hydration in page and "{{" not in page
        assert named in page, "the named actors and source are looked up in the page's statement"
    assert hydration in catalog.query("claims_by_ids")
