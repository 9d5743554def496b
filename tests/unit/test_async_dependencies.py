"""No request waits for a thread to get its parameters: FastAPI runs a dependency written as a plain
function in a worker thread (a hop per dependency, per request; on the month page at 1M those hops were a
few percent of the API's time, docs/performance.md). Every `Depends(...)` of the API names a coroutine."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import app.api


def _depends_targets() -> list[tuple[str, str, object]]:
    """(module, name, object) of every `Depends(name)` written in app/api/."""
    found = []
    modules = [app.api.__name__] + [m.name for m in pkgutil.walk_packages(app.api.__path__, app.api.__name__ + ".")]
    for name in modules:
        module = importlib.import_module(name)
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Depends" and node.args:
                target = ast.unparse(node.args[0])
                found.append((name, target, eval(target, vars(module))))  # noqa: S307 - our own source's names
    return found


def test_every_dependency_of_the_api_runs_on_the_event_loop() -> None:
    targets = _depends_targets()
    assert len(targets) > 10, targets
    threaded = []
    for module, name, obj in targets:
        call = obj if inspect.isroutine(obj) else type(obj).__call__  # an instance: its __call__ (HTTPBearer)
        if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)):
            threaded.append(f"{module}: {name}")
    assert not threaded, threaded
