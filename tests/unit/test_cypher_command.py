"""`alliance cypher`: a reader sees each statement the app runs, exactly as the repository renders it."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app as cli
from app.repository import catalog
from app.services import cypher

APP = Path(__file__).resolve().parent.parent.parent / "app"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_a_query_is_printed_as_the_repository_renders_it() -> None:
    code, output = run("cypher", "paths", "--slot", "window=possibly", "--slot", "status=some")
    assert code == 0, output
    want = catalog.query("paths", window="possibly", status="some").strip()
    assert output == f"// paths.cypher status=some window=possibly\n{want}\n\n"
    assert "{{" not in output


def test_every_variant_of_a_query_is_printed() -> None:
    code, output = run("cypher", "paths")
    headers = [line for line in output.splitlines() if line.startswith("// paths.cypher")]
    assert code == 0 and len(headers) == 6  # status any|some x window any|certainly|possibly
    assert "// paths.cypher status=any window=certainly" in headers


def test_the_list_holds_every_query_the_code_names_and_no_fragment() -> None:
    code, output = run("cypher", "--list")
    listed = {line.split()[0] for line in output.splitlines()}
    assert code == 0
    named = set()
    for path in APP.rglob("*.py"):
        named |= set(re.findall(r'(?:catalog\.query|_run|_auto|_stream)\(\s*"([a-z_]+)"', path.read_text()))
    assert named and named <= listed, named - listed
    assert not {"window_possibly", "claim_projection", "label_actor", "source_any", "timeline_from_one"} & listed
    assert "claims_page  after=key|none  named=none|some  selection=actor|source|timeline|window" in output


def test_every_printed_text_is_whole() -> None:
    code, output = run("cypher")
    assert code == 0
    assert "{{" not in output
    assert output.count("// claims_page.cypher ") == len(cypher.rendered("claims_page"))


def test_only_the_choices_the_code_makes_are_printed() -> None:
    code, output = run("cypher", "claims_page")
    headers = [line.split()[2:] for line in output.splitlines() if line.startswith("// claims_page.cypher")]
    assert code == 0 and headers
    # the cut of stale claims needs a window; without one, stale_after leaves out the undated claims
    assert not any("stale=cut" in h and "window=any" in h for h in headers)
    assert not any("stale=undated" in h and "window=possibly" in h for h in headers)
    # a source named without a window is read from its citations: its selection never filters by source again
    assert not any("selection=source" in h and "source=one" in h for h in headers)
    assert len(headers) < len(catalog.choices("claims_page"))
    # curation writes actors and sources only
    code, output = run("cypher", "entity_rev")
    assert code == 0 and [line for line in output.splitlines() if line.startswith("// entity_rev.cypher")] == [
        "// entity_rev.cypher label=actor",
        "// entity_rev.cypher label=source",
    ]
    # a fragment holding a subquery's RETURN (the pair timeline's) is still a variant, not a query of its own
    code, output = run("cypher", "--list")
    assert "timeline_from=none|one" in output and "timeline_from_one" not in output.split()
    # a choice a slot offers but the code never makes is said to be one
    code, _ = run("cypher", "claims_page", "--slot", "selection=window", "--slot", "stale=cut", "--slot", "window=any")
    assert code == 2


def test_every_choice_the_reads_make_is_one_they_render() -> None:
    for name, choices in cypher.used().items():
        offered = catalog.choices(name)
        assert choices and all(c in offered for c in choices), name


def test_an_unknown_query_or_slot_is_a_usage_error() -> None:
    assert run("cypher", "no_such_query")[0] == 2
    assert run("cypher", "paths", "--slot", "window")[0] == 2
    assert run("cypher", "paths", "--slot", "window=sometimes")[0] == 2
