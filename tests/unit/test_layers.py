"""Dependencies point one way, as the README says: api -> services -> repository -> cypher, with domain below
all, and nothing in app importing tools/ (the wheel ships only app).

Read from the source (no import-time side effects): every `import`/`from` of an `app.` module in each file
of the package is checked against the layer it belongs to; so are imports of `tools`, and the calls that
open a Neo4j session.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

APP = Path(__file__).resolve().parent.parent.parent / "app"

# What each layer may import from the package (besides itself), lowest first. `app.config` is the shared
# settings; the Cypher files (app/cypher/) are read by app/repository/catalog.py, never imported.
ALLOWED: dict[str, set[str]] = {
    "cypher": set(),  # the named Cypher files: no Python
    "domain": set(),  # the vocabulary, time bounds, the input model, read models: below all
    "config": set(),
    "repository": {"domain", "config"},  # sessions, one method per question or write
    "seeding": {"domain", "config"},  # reading seed files into the input model
    "importing": {"domain", "config", "seeding"},  # reading import files (GED, NDJSON, CSV) into rows
    "extraction": {"domain", "importing"},  # candidate claims from a text, pure logic: no database, no network
    "services": {"domain", "config", "repository", "seeding", "importing", "extraction"},  # domain logic
    "local_neo4j": {"config"},  # the project's local server and its bulk loader
    "assembly": {"domain", "config", "repository", "services"},  # the one place the parts are put together
    "lifecycle": {"domain", "config", "assembly"},  # start-up work, over the parts the app holds
    "api": {"domain", "config", "services", "lifecycle", "assembly"},  # thin routes
    "cli": {"domain", "config", "services", "importing", "seeding", "assembly", "local_neo4j"},
    "main": {"api", "config", "lifecycle", "assembly"},
}
# The only layers that open sessions or transactions on a driver (the others ask app/assembly.py).
SESSION_OPENERS = {"repository", "assembly", "local_neo4j"}
SESSION_CALLS = {"session", "begin_transaction", "execute_query"}


def layer_of(relative: Path) -> str:
    return relative.parts[0].removesuffix(".py")


def imported_modules(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def session_calls(tree: ast.AST) -> list[str]:
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SESSION_CALLS
    ]


def violations(files: Iterable[tuple[Path, str]]) -> list[str]:
    """What breaks the direction, for (path relative to app/, source) pairs."""
    wrong = []
    for relative, source in files:
        layer = layer_of(relative)
        if layer not in ALLOWED:
            wrong.append(f"{relative}: a new top-level module; add its layer to ALLOWED")
            continue
        tree = ast.parse(source)
        for module in imported_modules(tree):
            if module == "tools" or module.startswith("tools."):
                wrong.append(f"{relative} imports {module}: app never imports tools/")
            elif module == "app" or module.startswith("app."):
                target = module.split(".")[1] if "." in module else "app"
                if target not in ALLOWED[layer] | {layer}:
                    wrong.append(f"{relative} imports {module}")
        if layer not in SESSION_OPENERS:
            wrong.extend(f"{relative} calls .{call}(): ask app/assembly.py for a part" for call in session_calls(tree))
    return wrong


def app_files() -> list[tuple[Path, str]]:
    files = [p for p in APP.rglob("*.py") if p.name != "__init__.py" or p.parent != APP]
    return [(p.relative_to(APP), p.read_text(encoding="utf-8")) for p in sorted(files)]


def test_every_module_imports_only_from_its_own_layer_or_below() -> None:
    wrong = violations(app_files())
    assert not wrong, "against the direction api -> services -> repository -> cypher:\n" + "\n".join(wrong)


def test_a_bypass_is_caught() -> None:
    """The check itself: a route reading through the repository, a service opening the API, the CLI opening
    a session or importing the developer's launcher, each is reported."""
    bypasses = {
        Path("api/routes/actors.py"): "from app.repository.reader import GraphReader\n",
        Path("services/reading.py"): "from app.api.deps import ReadServiceDep\n",
        Path("repository/reader.py"): "import app.services.reading\n",
        Path("domain/model.py"): "from app.config import Settings\n",
        Path("cli/imports.py"): "from tools.neo4j_local import LocalNeo4j\n",
        Path("cli/export.py"): "async def f(driver):\n    async with driver.session() as s:\n        pass\n",
    }
    found = violations(bypasses.items())
    assert len(found) == len(bypasses), found
    for path in bypasses:
        assert any(f.startswith(str(path)) for f in found), path
    assert violations([(Path("api/routes/actors.py"), "from app.services.reading import ReadService\n")]) == []


def test_only_main_imports_the_api() -> None:
    importers = {
        str(relative)
        for relative, source in app_files()
        if layer_of(relative) not in ("api", "main")
        and any(m.startswith("app.api") for m in imported_modules(ast.parse(source)))
    }
    assert importers == set()
