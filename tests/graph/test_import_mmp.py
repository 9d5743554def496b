"""`alliance import mmp` against the real Neo4j, on MMP's real relationship table (read from ../shared/data/mmp,
never from the repository): the Ansar al-Islam merger and split of 29 August 2014, dates of a month and a year,
every rejected row reported, a repeat that changes nothing, the alliances of 2014 through the API with their
quotes, the graph the viewer draws and the camps; then, on fresh graphs, MMP's "until replaced" rule and bad
rows of a small file."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from app.config import Settings
from tests.conftest import graph_checksum, load_seed_dir, wipe
from tests.helpers import dyad, ok, party
from tests.import_support import MMP_KEY, MMP_RELATIONSHIPS, counts, ged_row, run_cli, write_csv

pytestmark = pytest.mark.writes
SOURCE = "mmp-dataset-2019-07"

# Every row of the shipped table that must be rejected, found by reading it (line: why). Empty descriptions
# leave nothing to quote; a duplicate repeats an earlier row's type, groups, date and description.
EMPTY = [27, 28, 84, 155, 156, 157, 158, 159, 160]
DUPLICATE_OF = {
    42: 39, 45: 39, 219: 39, 174: 173, 175: 173, 176: 173, 186: 35, 187: 35, 197: 195, 202: 195, 199: 196,
    215: 212, 428: 426, 524: 523, 525: 523, 526: 523, 527: 523, 528: 523, 529: 523, 562: 481, 575: 574,
    577: 576, 604: 603, 617: 616, 619: 618, 620: 618, 633: 632,
}  # fmt: skip


def table() -> dict[int, dict[str, str]]:
    """MMP's rows by line, read here with the csv module (not with the importer's reader)."""
    with MMP_RELATIONSHIPS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return {line: row for line, row in enumerate(reader, start=2)}


def kept() -> dict[int, dict[str, str]]:
    return {line: row for line, row in table().items() if line not in EMPTY and line not in DUPLICATE_OF}


def start_year(written: str) -> int:
    """The year of MMP's date, read plainly: 2014-09-00 -> 2014; 8/29/14 -> 2014, 1/1/68 -> 1968."""
    if "-" in written:
        return int(written[:4])
    yy = int(written.rsplit("/", 1)[1])
    return 2000 + yy if yy < 20 else 1900 + yy


def one(lines: dict[int, dict[str, str]], **match: str) -> dict[str, str]:
    found = [r for r in lines.values() if all(r[k].strip() == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def every_page(api: TestClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = ok(api.get("/relationships", params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})}))
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


@dataclass
class Imported:
    output: str
    exit_code: int
    report: Path


@pytest.fixture(scope="module")
def imported(db: Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The seed, a small GED file (UCDP's Ahrar al-Sham and HTS), then MMP's whole table, as a user runs it."""
    wipe(db, settings.neo4j_database)
    load_seed_dir(settings)
    folder = tmp_path_factory.mktemp("mmp")
    ged = write_csv(
        folder / "ged.csv",
        [
            ged_row(1, 2, "Ahrar al-Sham", "IS", "2016-08-03", side_a_id=523, side_b_id=234),
            ged_row(2, 2, "Jaysh al-Islam", "IS", "2016-08-04"),
        ],
    )
    assert run_cli(settings, "import", "ucdp-ged", ged, "--release", "test").exit_code == 0
    local = folder / MMP_RELATIONSHIPS.name
    local.write_bytes(MMP_RELATIONSHIPS.read_bytes())  # the --report CSV goes next to the input
    result = run_cli(settings, "import", "mmp", local, "--key", MMP_KEY, "--report")
    return Imported(result.output, result.exit_code, folder / f"{local.name}.rejected.csv")


def test_the_import_loads_the_good_rows_and_prints_where_mmps_groups_landed(imported: Imported) -> None:
    assert imported.exit_code == 1, imported.output  # some rows were rejected: listed, the rest loaded
    assert "638 rows, 602 loaded, 36 rejected" in imported.output
    assert "claims created 602" in imported.output
    assert "MMP groups on existing actors:" in imported.output
    landed = dict(re.findall(r"^ {4}(.+) -> (\S+)$", imported.output, re.MULTILINE))
    assert landed["The Islamic State (MMP 1, by name 'Islamic State')"] == "islamic-state"
    nusra = next(k for k, v in landed.items() if v == "al-nusra-front")
    assert "Hay'at Tahrir al-Sham (Formerly Jabhat al-Nusra) (MMP 493, by name 'Jabhat al-Nusra')" in nusra
    assert "Al-Nusra (MMP 559, by name 'Al-Nusra')" in nusra
    assert landed["Ahrar al-Sham (MMP 523, by name 'Ahrar al-Sham')"] == "ahrar-al-sham"  # UCDP's actor
    assert landed["Jaysh al-Islam (MMP 533, by name 'Jaysh al-Islam')"] == "jaysh-al-islam"


def test_the_ansar_al_islam_merger_and_split_of_29_august_2014_are_day_claims_citing_mmp(
    imported: Imported, api: TestClient
) -> None:
    rows = kept()
    merger = one(rows, type="mer", date="8/29/14", group1_name="Ansar al-Islam")
    split = one(rows, type="spl", date="8/29/14", group1_name="Ansar al-Islam")
    claim = ok(api.get(f"/relationships/mmp-{merger['unique_id']}"))
    assert claim["kind"] == "membership"
    assert (party(claim, "member"), party(claim, "group")) == ("ansar-al-islam", "islamic-state")
    assert claim["valid"]["start"] == {"earliest": "2014-08-29", "latest": "2014-08-29", "precision": "day"}
    assert claim["valid"]["end"]["latest"] == "9999-12-31" and claim["valid"]["end"]["precision"] == "unknown"
    assert not claim["valid"]["open_ended"]
    [cited] = claim["citations"]
    assert cited["source"]["id"] == SOURCE and cited["source"]["kind"] == "dataset"
    assert cited["source"]["title"] == "MMP Dataset and Codebook"
    assert cited["quote"] == merger["description"].strip()
    assert "merger" in claim["notes"] and "membership" in claim["notes"]

    claim = ok(api.get(f"/relationships/mmp-{split['unique_id']}"))
    assert claim["kind"] == "split"
    assert (party(claim, "splinter"), party(claim, "parent")) == ("ansar-al-islam-syria", "ansar-al-islam")
    assert claim["valid"]["start"] == {"earliest": "2014-08-29", "latest": "2014-08-29", "precision": "day"}
    assert claim["citations"][0]["quote"] == split["description"].strip()
    assert claim["citations"][0]["source"]["id"] == SOURCE

    made = ok(api.get("/actors/ansar-al-islam"))
    assert made["external_ids"] == {"mmp": [13]} and made["kind"] == "armed_group"


def test_mmps_month_and_year_dates_keep_their_precision(imported: Imported, api: TestClient) -> None:
    rows = kept()
    month = one(rows, type="aff", date="2014-09-00", group1_name="Jund al-Khilafah")
    claim = ok(api.get(f"/relationships/mmp-{month['unique_id']}"))
    assert claim["valid"]["start"] == {"earliest": "2014-09-01", "latest": "2014-09-30", "precision": "month"}
    assert (party(claim, "affiliate"), party(claim, "parent")) == ("jund-al-khilafah", "islamic-state")
    year = one(rows, type="all", date="2007-00-00", group1_name="Kata'ib Hezbollah")
    claim = ok(api.get(f"/relationships/mmp-{year['unique_id']}"))
    assert claim["valid"]["start"] == {"earliest": "2007-01-01", "latest": "2007-12-31", "precision": "year"}
    rivalry = one(rows, type="riv", date="2014-05-00", group1_name="Ansar al-Islam")
    claim = ok(api.get(f"/relationships/mmp-{rivalry['unique_id']}"))
    assert claim["kind"] == "hostility" and "non-violent competition" in claim["notes"]


def test_every_rejected_row_is_in_the_report_and_none_of_them_in_the_graph(
    imported: Imported, api: TestClient, db: Driver, settings: Settings
) -> None:
    with imported.report.open(encoding="utf-8", newline="") as f:
        reported = {int(r["line"]): r for r in csv.DictReader(f)}
    assert set(reported) == set(EMPTY) | set(DUPLICATE_OF)
    rows = table()
    for line in EMPTY:
        assert reported[line]["field"] == "description" and reported[line]["reason"].startswith("empty")
    for line, first in DUPLICATE_OF.items():
        assert f"a duplicate of line {first} (unique_id {rows[first]['unique_id']})" in reported[line]["reason"]
    for line, r in reported.items():
        assert r["id"] == rows[line]["unique_id"] and r["file"].endswith(MMP_RELATIONSHIPS.name)
    ids = {f"mmp-{rows[line]['unique_id']}" for line in reported}
    stored, _, _ = db.execute_query(
        "MATCH (c:Claim {origin: 'mmp'}) RETURN c.id AS id", database_=settings.neo4j_database
    )
    stored_ids = {r["id"] for r in stored}
    assert len(stored_ids) == 602 and not stored_ids & ids
    assert stored_ids == {f"mmp-{r['unique_id']}" for r in kept().values()}


def test_mmps_alliances_of_2014_come_back_with_their_quotes(imported: Imported, api: TestClient) -> None:
    items = every_page(api, kind="alliance", during="2014", source=SOURCE)
    got = {i["id"]: i for i in items}
    alliances = {f"mmp-{r['unique_id']}": r for r in kept().values() if r["type"] == "all"}
    # begun in 2014, or earlier with no end given (possibly still holding)
    assert set(got) == {k for k, r in alliances.items() if start_year(r["date"]) <= 2014}
    of_2014 = {k for k, r in alliances.items() if start_year(r["date"]) == 2014}
    assert len(of_2014) >= 10
    for claim_id in of_2014:
        assert [c["quote"] for c in got[claim_id]["citations"]] == [alliances[claim_id]["description"].strip()]
    fsa_front = next(k for k in of_2014 if {"Islamic Front", "Free Syrian Army"} <= set(alliances[k].values()))
    assert dyad(got[fsa_front]) == {"islamic-front", "free-syrian-army"}


def test_the_viewers_graph_and_the_camps_show_mmps_ties(imported: Imported, api: TestClient) -> None:
    rows = kept()
    front = one(rows, type="all", date="2014-01-00", group1_name="Islamic Front")
    drawn = ok(api.get("/graph", params={"during": "2014-01", "kind": "alliance"}))
    [link] = [link for link in drawn["links"] if link["id"] == f"mmp-{front['unique_id']}"]
    assert {link["source"], link["target"]} == {"islamic-front", "free-syrian-army"}
    assert link["type"] == "ALLIED_WITH" and link["citations"][0]["quote"] == front["description"].strip()
    camps = ok(api.get("/analysis/camps", params={"during": "2014-01"}))
    camp_of = {m["id"]: c["id"] for c in camps["camps"] for m in c["members"]}
    # MMP's alliance (the Islamic Front and the FSA against ISIS) and rivalries (both against IS) of January 2014
    assert camp_of["islamic-front"] == camp_of["free-syrian-army"] != camp_of["islamic-state"]
    assert "ansar-al-islam" in camp_of  # an actor only MMP knows


def test_importing_the_same_table_again_changes_nothing(
    imported: Imported, db: Driver, settings: Settings, tmp_path: Path
) -> None:
    before = graph_checksum(db, settings.neo4j_database)
    again = run_cli(settings, "import", "mmp", MMP_RELATIONSHIPS, "--key", MMP_KEY)
    assert again.exit_code == 1 and "claims unchanged 602" in again.output, again.output
    assert graph_checksum(db, settings.neo4j_database) == before
    skipped = run_cli(settings, "import", "mmp", MMP_RELATIONSHIPS, "--key", MMP_KEY, "--skip-if-loaded")
    assert skipped.exit_code == 0 and "already loaded" in skipped.output, skipped.output
    assert graph_checksum(db, settings.neo4j_database) == before


# ------------------------------------------------------------------------------------------ fresh graphs


def test_until_replaced_ends_a_tie_when_the_next_tie_of_its_two_groups_begins(
    empty_graph: Driver, settings: Settings, api: TestClient
) -> None:
    result = run_cli(settings, "import", "mmp", MMP_RELATIONSHIPS, "--until-replaced")
    assert result.exit_code == 1 and "602 loaded" in result.output, result.output
    rows = kept()
    # IS and al-Nusra: allied in December 2013 (MMP 1221), rivals from January 2014 (1223)
    allied = one(rows, type="all", date="2013-12-00", group1_name="The Islamic State", group2_name="Al-Nusra")
    rivals = one(rows, type="riv", date="2014-01-00", group1_name="The Islamic State", group2_name="Al-Nusra")
    claim = ok(api.get(f"/relationships/mmp-{allied['unique_id']}"))
    assert claim["valid"]["start"] == {"earliest": "2013-12-01", "latest": "2013-12-31", "precision": "month"}
    assert claim["valid"]["end"] == {"earliest": "2014-01-01", "latest": "2014-01-31", "precision": "month"}
    assert f"mmp-{rivals['unique_id']}" in claim["notes"]
    assert ok(api.get(f"/relationships/mmp-{allied['unique_id']}"))["id"] not in {
        i["id"] for i in every_page(api, kind="alliance", during="2014-03", source=SOURCE)
    }
    # the last tie of a pair keeps an end MMP does not give
    last = ok(api.get(f"/relationships/mmp-{one(rows, type='mer', date='8/29/14')['unique_id']}"))
    assert last["valid"]["end"]["precision"] == "unknown"


def test_bad_rows_of_a_small_table_are_reported_by_line_and_field_and_write_nothing(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    columns = ["unique_id", "type", "group1_id", "group2_id", "date", "description", "group1_name", "group2_name"]
    values = [
        (1, "all", 10, 11, "8/29/14", "Alpha and Beta fought IS together.", "Alpha", "Beta"),  # line 2: good
        (2, "all", 12, 13, "13/40/14", "Gamma and Delta.", "Gamma", "Delta"),  # 3: no such day
        (3, "xyz", 14, 15, "2014-09-00", "Epsilon and Zeta.", "Epsilon", "Zeta"),  # 4: no such type
        (1, "riv", 16, 17, "2014-00-00", "Eta and Theta.", "Eta", "Theta"),  # 5: the id again
        (4, "riv", -99, 11, "2014-00-00", "Iota and Beta.", "Iota", "Beta"),  # 6: no group id
        (5, "aff", 10, 18, "2014-00-05", "Alpha and Kappa.", "Alpha", "Kappa"),  # 7: a day without a month
        (6, "spl", 19, 20, "2014-09-00", "   ", "Lambda", "Mu"),  # 8: nothing to quote
        (7, "all", 11, 10, "8/29/14", "Alpha and Beta fought IS together. ", "Beta", "Alpha"),  # 9: line 2 again
        (8, "mer", 10, 21, "2015-03-00", "Alpha merged into Nu.", "Alfa", "Nu"),  # 10: group 10 is Alpha
        (9, "mer", 22, 21, "2015-03-00", "Xi merged into Nu.", "Xi", "Nu"),  # 11: good
    ]
    path = write_csv(tmp_path / "mmp.csv", [dict(zip(columns, v, strict=True)) for v in values], columns)
    result = run_cli(settings, "import", "mmp", path, "--report")
    assert result.exit_code == 1, result.output
    assert "10 rows, 2 loaded, 8 rejected" in result.output
    report = [(int(r["line"]), r["field"]) for r in csv.DictReader((tmp_path / "mmp.csv.rejected.csv").open())]
    assert report == [
        (3, "date"),
        (4, "type"),
        (5, "unique_id"),
        (6, "group1_id"),
        (7, "date"),
        (8, "description"),
        (9, ""),
        (10, "group1_name"),
    ]
    names, _, _ = empty_graph.execute_query(
        "MATCH (a:Actor) RETURN a.name AS name ORDER BY name", database_=settings.neo4j_database
    )
    assert [r["name"] for r in names] == ["Alpha", "Beta", "Nu", "Xi"]
    assert counts(empty_graph, settings.neo4j_database)["Claim"] == 2


def test_a_table_that_is_not_mmps_or_is_missing_is_refused_with_where_to_get_it(
    empty_graph: Driver, settings: Settings, tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_text("name,value\nx,1\n")
    result = run_cli(settings, "import", "mmp", other)
    assert result.exit_code == 1 and "not MMP's relationship table: no column unique_id" in result.output
    missing = run_cli(settings, "import", "mmp", tmp_path / "Militant-Group-Relationships-clean.csv")
    assert missing.exit_code == 2
    assert "no such file" in missing.output and "https://cisac.fsi.stanford.edu/mappingmilitants" in missing.output
    assert "Traceback" not in result.output + missing.output
    assert counts(empty_graph, settings.neo4j_database) == {}
