"""The floor plan holds: imports run one way, casoteca -> api, web -> gateway -> service -> index -> ingest,
read from the source files themselves (every import statement, also those inside functions and under
TYPE_CHECKING), so a shortcut or a cycle fails here before anyone trips on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# What each package may import of the project's packages (itself aside). api/ and web/ are thin: they
# reach the engine only through the service, and never each other.
ALLOWED = {
    "casoteca": {"api", "web", "gateway", "service", "index", "ingest"},
    "api": {"gateway", "service"},
    "web": {"gateway", "service"},
    "gateway": {"service"},
    "service": {"index", "ingest"},
    "index": {"ingest"},
    "ingest": set(),
}
# What no layer below the web may import: the engine never knows it is served.
WEB_LIBRARIES = {"fastapi", "starlette", "uvicorn", "jinja2"}
BELOW_THE_WEB = ("service", "index", "ingest")


def imports_in(source: str, package: str) -> set[str]:
    """The top-level names of every module `source` imports (relative imports resolve to `package`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(package if node.level else (node.module or "").split(".")[0])
    return names


def imports_of(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT).parts[0])


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if name in ALLOWED and name != package and name not in ALLOWED[package]
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("package", BELOW_THE_WEB)
def test_the_engine_and_the_service_never_import_the_web_framework(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if name in WEB_LIBRARIES
    }
    assert not wrong, sorted(wrong)


def test_the_guard_sees_imports_inside_functions_and_relative_ones() -> None:
    source = "import json\ndef f():\n    from api.deps import audit\n    from . import errors\n"
    assert imports_in(source, "service") == {"json", "api", "service"}


def test_every_package_of_the_project_is_placed() -> None:
    """A new top-level package must be given its place in the floor plan (ALLOWED) to be guarded."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()} - {
        "tests",
        "bench",
        "scripts",
    }
    assert packages <= set(ALLOWED), sorted(packages - set(ALLOWED))
