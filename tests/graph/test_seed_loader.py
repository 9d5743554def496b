"""The loader: validates everything first, writes all or nothing, and is idempotent."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from neo4j import AsyncDriver, Driver
from typer.testing import CliRunner

from app.cli import app as cli
from app.config import Settings
from app.repository import catalog
from app.repository.driver import open_driver, session
from app.repository.writer import GraphWriter
from app.seeding.reader import SeedInvalidError
from app.services import seeding
from tests.conftest import SEED_DIR, graph_checksum, load_seed_dir

ARTICLE_FILE = "mee-2014-08-18-aleppo.yaml"


def test_the_seed_is_valid() -> None:
    result = CliRunner().invoke(cli, ["seed", str(SEED_DIR), "--check"])
    assert result.exit_code == 0, result.output
    assert "seed is valid" in result.output


@pytest.mark.writes
def test_loading_twice_leaves_the_same_graph(seeded: Driver, settings: Settings) -> None:
    counts, checksum = graph_checksum(seeded, settings.neo4j_database)
    assert counts["Actor"] >= 10 and counts["Claim"] >= 15 and counts["Source"] >= 5
    load_seed_dir(settings)
    assert graph_checksum(seeded, settings.neo4j_database) == (counts, checksum)


EDGE_TYPES = {
    "alliance": ("ALLIED_WITH", "side", "side"),
    "hostility": ("HOSTILE_TO", "side", "side"),
    "defection": ("DEFECTED_TO", "defector", "to"),
    "affiliation": ("AFFILIATED_WITH", "affiliate", "parent"),
    "membership": ("MEMBER_OF", "member", "group"),
    "split": ("SPLIT_FROM", "splinter", "parent"),
}


def test_every_typed_edge_matches_its_claim(seeded: Driver, settings: Settings) -> None:
    records, _, _ = seeded.execute_query(
        """
        MATCH (c:Claim)
        CALL (c) {
          MATCH (c)-[p:PARTY]->(a:Actor)
          WITH p, a ORDER BY p.position
          RETURN collect([p.role, a.id]) AS parties
        }
        OPTIONAL MATCH (x:Actor)-[r]->(y:Actor) WHERE r.claim_id = c.id
        RETURN c {.id, .kind, .status, .confidence, .from_lo, .from_hi, .to_lo, .to_hi} AS claim, parties,
               collect({type: type(r), start: x.id, end: y.id,
                        props: r {.status, .confidence, .from_lo, .from_hi, .to_lo, .to_hi}}) AS edges
        """,
        database_=settings.neo4j_database,
    )
    assert len(records) >= 20
    for rec in records:
        claim = rec["claim"]
        assert len(rec["edges"]) == 1, f"claim {claim['id']} has {len(rec['edges'])} typed edges"
        edge = rec["edges"][0]
        rel_type, start_role, end_role = EDGE_TYPES[claim["kind"]]
        assert edge["type"] == rel_type
        starts = [a for role, a in rec["parties"] if role == start_role]
        ends = [a for role, a in rec["parties"] if role == end_role]
        if start_role == end_role:  # sides: the edge runs from the first to the second
            assert (edge["start"], edge["end"]) == (starts[0], starts[1])
        else:
            assert (edge["start"], edge["end"]) == (starts[0], ends[0])
        assert edge["props"] == {k: claim[k] for k in edge["props"]}


def test_a_claim_removed_from_its_file_is_removed_from_the_graph_with_its_edge(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    load_seed_dir(settings, seed)
    data = _article(seed)
    removed = data["claims"].pop(0)["id"]
    removed_event = data["events"].pop(0)["id"]
    for claim in data["claims"]:  # and no claim cites it as evidence any more
        if removed_event in claim.get("evidence", []):
            claim["evidence"].remove(removed_event)
    kept = data["claims"][0]["id"]
    _save(seed, data)
    load_seed_dir(settings, seed)
    left, _, _ = empty_graph.execute_query(
        "MATCH (c:Claim) WITH collect(c.id) AS claims "
        "OPTIONAL MATCH ()-[r]->() WHERE r.claim_id = $removed "
        "OPTIONAL MATCH (e:Event {id: $event}) "
        "RETURN claims, count(r) AS edges, count(e) AS events",
        removed=removed,
        event=removed_event,
        database_=settings.neo4j_database,
    )
    assert removed not in left[0]["claims"]
    assert kept in left[0]["claims"]
    assert (left[0]["edges"], left[0]["events"]) == (0, 0)


# ------------------------------------------------------------------------------------- bad seeds


def _article(seed: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((seed / ARTICLE_FILE).read_text())
    return data


def _save(seed: Path, data: dict[str, Any]) -> None:
    (seed / ARTICLE_FILE).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def unknown_actor(data: dict[str, Any]) -> str:
    claim = data["claims"][0]
    role = next(iter(claim["parties"]))
    who = claim["parties"][role]
    if isinstance(who, list):
        who[0] = "no-such-actor"
    else:
        claim["parties"][role] = "no-such-actor"
    return "unknown actor 'no-such-actor'"


def end_before_start(data: dict[str, Any]) -> str:
    data["claims"][0]["valid"] = {"from": "2014-08", "to": "2014-07"}
    return "before it starts"


def impossible_date(data: dict[str, Any]) -> str:
    data["claims"][0]["valid"] = {"from": "2014-02-30"}
    return "February 2014 has 28 days, not 30"


def unknown_kind(data: dict[str, Any]) -> str:
    data["claims"][0]["kind"] = "friendship"
    return "kind"


def citation_without_source(data: dict[str, Any]) -> str:
    del data["claims"][0]["citations"][0]["source"]
    return "citations[0].source: Field required"


@pytest.mark.parametrize(
    "spoil", [unknown_actor, end_before_start, impossible_date, unknown_kind, citation_without_source]
)
def test_a_bad_seed_names_the_entry_and_changes_nothing(
    spoil: Callable[[dict[str, Any]], str],
    seeded: Driver,
    settings: Settings,
    tmp_path: Path,
) -> None:
    before = graph_checksum(seeded, settings.neo4j_database)
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    data = _article(seed)
    claim_id = data["claims"][0]["id"]
    expected = spoil(data)
    _save(seed, data)

    result = CliRunner().invoke(cli, ["seed", str(seed)])
    assert result.exit_code == 1
    err = result.output
    assert "nothing was written" in err
    line = next(line for line in err.splitlines() if f"(id '{claim_id}')" in line)
    assert ARTICLE_FILE in line and "claims[0]" in line and expected in line
    assert "Traceback" not in err
    assert graph_checksum(seeded, settings.neo4j_database) == before


def test_one_bad_entry_among_good_ones_writes_nothing_at_all(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    data = _article(seed)
    data["claims"][-1]["confidence"] = 1.5
    _save(seed, data)
    with pytest.raises(SeedInvalidError) as raised:
        load_seed_dir(settings, seed)
    assert any("confidence" in str(p) for p in raised.value.problems)
    counts, _ = graph_checksum(empty_graph, settings.neo4j_database)
    assert counts == {}


@pytest.mark.writes
def test_the_api_starting_while_the_seed_loads_does_not_fail_either(empty_graph: Driver, settings: Settings) -> None:
    """On a new database, processes applying the schema while others write the seed: Neo4j may pick one as
    a deadlock victim (CI once lost a run to it); each tries again and all of them finish, with the whole
    seed written and every index and constraint made."""
    seed = seeding.read([SEED_DIR])
    database = settings.neo4j_database
    expected = {m[1] for m in re.finditer(r"CREATE (?:CONSTRAINT|INDEX) (\w+)", " ".join(catalog.statements("schema")))}

    async def apply_schema(driver: AsyncDriver) -> None:
        async with session(driver, settings) as s:
            await GraphWriter(s, settings).apply_schema()

    async def load_seed(driver: AsyncDriver) -> None:
        async with session(driver, settings) as s:
            await seeding.load(GraphWriter(s, settings), seed)

    async def main() -> None:
        driver = open_driver(settings)
        try:
            for _ in range(3):
                _drop_schema(empty_graph, database)
                await asyncio.gather(*(apply_schema(driver) for _ in range(4)), load_seed(driver), load_seed(driver))
        finally:
            await driver.close()

    asyncio.run(main())
    counts, _ = graph_checksum(empty_graph, database)
    assert counts["Claim"] == seed.counts()["claims"]
    assert expected <= _schema(empty_graph, database)


def _schema(db: Driver, database: str) -> set[str]:
    indexes, _, _ = db.execute_query("SHOW INDEXES YIELD name RETURN name", database_=database)
    constraints, _, _ = db.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database)
    return {r["name"] for r in indexes} | {r["name"] for r in constraints}


def _drop_schema(db: Driver, database: str) -> None:
    """Constraints first (each owns an index), then the indexes, but not Neo4j's own lookup indexes."""
    constraints, _, _ = db.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database)
    for row in constraints:
        db.execute_query(f"DROP CONSTRAINT `{row['name']}`", database_=database)
    indexes, _, _ = db.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for row in indexes:
        db.execute_query(f"DROP INDEX `{row['name']}`", database_=database)
