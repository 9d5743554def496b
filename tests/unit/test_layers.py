"""Dependencies point one way: api -> services -> repository -> cypher, with domain below all.

Read from the source (no import-time side effects): every `import`/`from` of an `app.` module in each
file of the package is checked against the layer it belongs to.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent.parent / "app"

# What each layer may import from the package (besides itself). `app.config` is shared settings.
ALLOWED: dict[str, set[str]] = {
    "cypher": set(),  # the named Cypher files: no Python imports
    "domain": {"domain"},
    "config": set(),
    "repository": {"domain", "config", "repository"},
    "seeding": {"domain", "config", "repository", "seeding"},
    "importing": {"domain", "config", "repository", "seeding", "importing"},
    "extraction": {"domain", "seeding", "importing", "extraction"},  # pure logic: no database, no network
    "services": {"domain", "config", "repository", "seeding", "importing", "extraction", "services"},
    "lifecycle": {"domain", "config", "repository"},
    "api": {"domain", "config", "services", "repository", "lifecycle", "api"},
    "cli": {"domain", "config", "repository", "seeding", "importing", "services", "cli"},
    "main": {"api", "config", "lifecycle", "repository", "domain"},
}


def layer_of(path: Path) -> str:
    return path.relative_to(APP).parts[0].removesuffix(".py")


def imported_app_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [m for m in found if m == "app" or m.startswith("app.")]


def test_every_module_imports_only_from_its_own_layer_or_below() -> None:
    wrong = []
    files = [p for p in APP.rglob("*.py") if p.name != "__init__.py" or p.parent != APP]
    for path in files:
        layer = layer_of(path)
        assert layer in ALLOWED, f"{path.relative_to(APP)}: a new top-level module; add its layer to ALLOWED"
        for module in imported_app_modules(path):
            target = module.split(".")[1] if "." in module else "app"
            if target not in ALLOWED[layer] | {layer}:
                wrong.append(f"{path.relative_to(APP)} imports {module}")
    assert not wrong, "imports against the direction api -> services -> repository -> domain:\n" + "\n".join(wrong)


def test_only_main_imports_the_api() -> None:
    importers = {
        str(p.relative_to(APP))
        for p in APP.rglob("*.py")
        if layer_of(p) not in ("api", "main") and any(m.startswith("app.api") for m in imported_app_modules(p))
    }
    assert importers == set()
