"""An import that gives an existing actor new names is a change like an analyst's: the actor's revision (its
ETag) goes up and a Change record says which import did it, so an editor still holding the older ETag cannot
overwrite the names the import just added; the same import again changes nothing (CLI against the real Neo4j)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from app.config import Settings
from tests.conftest import load_seed_dir, wipe
from tests.curation_support import Keyed
from tests.helpers import ok, problem
from tests.import_support import ged_row, run_cli, write_csv

pytestmark = pytest.mark.writes
MMP_COLUMNS = ["unique_id", "type", "group1_id", "group2_id", "date", "description", "group1_name", "group2_name"]


@pytest.fixture
def seeded_fresh(db: Driver, settings: Settings) -> Driver:
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    return db


def mmp_table(tmp_path: Path) -> Path:
    """One MMP row naming the seed's Islamic Front as MMP writes it ("The Islamic Front")."""
    row = (1, "all", 10, 11, "8/29/14", "The Islamic Front and Alpha fought IS together.", "The Islamic Front", "Alpha")
    return write_csv(tmp_path / "mmp.csv", [dict(zip(MMP_COLUMNS, row, strict=True))], MMP_COLUMNS)


def ged_file(tmp_path: Path) -> Path:
    """One GED event naming the seed's Islamic Front (UCDP 5575) by a spelling the seed does not have."""
    row = ged_row(1, 2, "Jabhat al-Islamiyya", "IS", "2014-08-20", side_a_id=5575, side_b_id=234)
    return write_csv(tmp_path / "ged.csv", [row])


def changes(db: Driver, settings: Settings, actor: str) -> list[dict[str, Any]]:
    found, _, _ = db.execute_query(
        "MATCH (c:Change)-[:CHANGED]->(:Actor {id: $id}) RETURN c.author AS author, c.op AS op, c.fields AS fields "
        "ORDER BY c.at",
        id=actor,
        database_=settings.neo4j_database,
    )
    return [dict(r) for r in found]


@pytest.mark.parametrize(
    ("command", "write", "alias", "fields"),
    [
        (["import", "mmp"], mmp_table, "The Islamic Front", ["aliases", "mmp_ids", "search_keys"]),
        (["import", "ucdp-ged", "--release", "test 1"], ged_file, "Jabhat al-Islamiyya", ["aliases", "search_keys"]),
    ],
    ids=["mmp", "ucdp-ged"],
)
def test_an_editor_holding_the_etag_from_before_an_import_cannot_overwrite_the_aliases_it_added(
    seeded_fresh: Driver,
    settings: Settings,
    keyed: Keyed,
    tmp_path: Path,
    command: list[str],
    write: Any,
    alias: str,
    fields: list[str],
) -> None:
    before = keyed.client.get("/actors/islamic-front")
    assert before.headers["etag"] == '"1"' and alias not in ok(before)["aliases"]
    path = write(tmp_path)

    result = run_cli(settings, *command, path)
    assert result.exit_code == 0, result.output
    after = keyed.client.get("/actors/islamic-front")
    assert alias in ok(after)["aliases"] and after.headers["etag"] == '"2"'
    assert changes(seeded_fresh, settings, "islamic-front") == [
        {"author": f"alliance import {command[1]}", "op": "import", "fields": fields}
    ]

    stale = keyed.client.patch(
        "/actors/islamic-front",
        json={"aliases": ok(before)["aliases"] + ["IF"], "reason": "an alias, on the page read before the import"},
        headers=keyed.as_editor | {"If-Match": before.headers["etag"]},
    )
    assert "revision 2, not 1" in problem(stale, 412)["detail"]
    assert alias in ok(keyed.client.get("/actors/islamic-front"))["aliases"]

    again = run_cli(settings, *command, path)
    assert again.exit_code == 0, again.output
    assert keyed.client.get("/actors/islamic-front").headers["etag"] == '"2"'
    assert len(changes(seeded_fresh, settings, "islamic-front")) == 1
