"""The one vocabulary (app/domain/model.py) reaches every place that must name each relationship kind: the
viewer's kinds and colours, the Browser style, the typed-edge indexes, the path and Browser queries that
list the typed edges. Adding a kind without one of them fails here."""

from __future__ import annotations

import json
import re
from importlib import resources

from app.domain.model import CLAIM_SHAPES, REL_TYPES, RELATIONSHIP_KINDS, ClaimKind

APP = resources.files("app")
CYPHER = resources.files("app.cypher")
RELATIONSHIPS = {k.value for k in RELATIONSHIP_KINDS}
TYPED = {REL_TYPES[k] for k in RELATIONSHIP_KINDS}


def js_list(source: str, name: str) -> list[str]:
    found = re.search(rf"const {name} = (?:new Set\()?\[([^\]]*)\]", source)
    assert found, name
    return re.findall(r"'([a-z_]+)'", found.group(1))


def test_fought_together_is_its_own_symmetric_kind_with_its_own_edge() -> None:
    shape = CLAIM_SHAPES[ClaimKind.COOPERATION]
    assert (shape.roles, shape.rel_type, shape.symmetric) == (("side",), "FOUGHT_ALONGSIDE", True)
    assert ClaimKind.COOPERATION in RELATIONSHIP_KINDS


def test_the_viewer_knows_every_relationship_kind_and_colours_each() -> None:
    viewer = APP.joinpath("static", "viewer", "viewer.js").read_text("utf-8")
    assert set(js_list(viewer, "KINDS")) == RELATIONSHIPS
    assert set(js_list(viewer, "SYMMETRIC")) == {k.value for k in RELATIONSHIP_KINDS if CLAIM_SHAPES[k].symmetric}
    palette = json.loads(APP.joinpath("static", "viewer", "palette.json").read_text("utf-8"))
    assert set(palette["relationship"]) == RELATIONSHIPS
    assert len(set(palette["relationship"].values())) == len(RELATIONSHIPS), "two kinds share a colour"


def test_the_browser_style_the_indexes_and_the_edge_queries_cover_every_typed_edge() -> None:
    style = CYPHER.joinpath("browser", "style.grass").read_text("utf-8")
    schema = CYPHER.joinpath("schema.cypher").read_text("utf-8")
    for rel_type in TYPED:
        assert f"relationship.{rel_type} {{" in style, rel_type
        assert f"FOR ()-[r:{rel_type}]-() ON (r.from_lo, r.to_hi)" in schema, rel_type
        assert f"FOR ()-[r:{rel_type}]-() ON (r.claim_id)" in schema, rel_type
    for name in ("paths.cypher", "browser/actor_network_over_time.cypher"):
        text = CYPHER.joinpath(*name.split("/")).read_text("utf-8")
        listed = re.search(r"\[r?:([A-Z_|]+)", text)
        assert listed, name
        assert set(listed.group(1).split("|")) == TYPED, name
    # a pair's timeline reads every claim between the two from their typed edges, identity's too
    pair = re.search(r"\[r:([A-Z_|]+)\]", CYPHER.joinpath("timeline_from_one.cypher").read_text("utf-8"))
    assert pair and set(pair.group(1).split("|")) == set(REL_TYPES.values())
    three = [k for k, shape in CLAIM_SHAPES.items() if len(shape.roles) > 2]
    assert three == [ClaimKind.DEFECTION], "timeline_from_one finds the pairs a typed edge misses for defection only"
