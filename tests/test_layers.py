"""Imports in `explainer/` point one way: data -> trends -> settings -> charts | numbers |
tables | lists | widgets -> the build extension and the pages.

The checker reads every module's imports with `ast` (inside functions too) and fails on any
import of a layer at the same rank or above, other than the module's own package; a test runs
it on a synthetic package to show it catches a bad import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "explainer"

# Each module or subpackage of `explainer`, and its rank: a module may import only lower ranks
# (and modules of its own package).
LAYERS = {
    "explainer.data": 0,
    "explainer.style": 0,
    "explainer.expression": 0,
    "explainer.trends": 1,
    "explainer.settings": 2,
    "explainer.render": 2,
    "explainer.charts": 3,
    "explainer.numbers": 3,
    "explainer.tables": 3,
    "explainer.lists": 3,
    "explainer.widgets": 3,
    # `make update-metr`: reads METR's file, rewrites the data, reports the fit before and after.
    "explainer.metr_update": 3,
    "explainer.sphinx_offline": 4,
    "explainer.sphinx_publication": 4,
    "explainer.sphinx_downloads": 4,
    # Joins the chart loader's modules (static/loader/) for the build; reads `style` only.
    "explainer.loader_build": 1,
    # The pages' first cell: glue the numbers, and show them in a notebook.
    "explainer.notebook": 3,
    "explainer": 5,  # the package's own __init__
}
# The one import across a rank, on purpose: the JupyterLab panels draw their charts with the
# page charts' colours, dashes and wording, so they read them from the charts, not copies.
ALLOWED_ACROSS = {("explainer.widgets", "explainer.charts")}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str | None:
    """The longest `LAYERS` key that is ``module`` or a subpackage holding it (the package
    itself, `explainer`, holds only its own __init__)."""
    matches = [k for k in LAYERS if module == k or ("." in k and module.startswith(k + "."))]
    return max(matches, key=len) if matches else None


def _imported(tree: ast.AST, module: str, is_package: bool, root: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of a module of the package in ``tree``."""
    top = root.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == top]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            if base.split(".")[0] != top:
                continue
            for alias in node.names:
                # `from explainer import charts` imports the submodule `explainer.charts`.
                sub = root.parent.joinpath(*f"{base}.{alias.name}".split("."))
                is_module = sub.with_suffix(".py").exists() or (sub / "__init__.py").exists()
                found.append((node.lineno, f"{base}.{alias.name}" if is_module else base))
    return found


def layer_violations(root: Path = PACKAGE) -> list[str]:
    """Every import in the package at ``root`` against the direction, as readable lines."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        layer = _layer(module)
        if layer is None:
            problems.append(f"{path}: {module} is in no layer: add it to LAYERS")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, target in _imported(tree, module, path.name == "__init__.py", root):
            target_layer = _layer(target)
            if target_layer is None or target_layer == layer:
                continue
            if (layer, target_layer) in ALLOWED_ACROSS:
                continue
            if LAYERS[target_layer] >= LAYERS[layer]:
                problems.append(
                    f"{path.name}:{line}: {module} ({layer}, rank {LAYERS[layer]}) imports "
                    f"{target} ({target_layer}, rank {LAYERS[target_layer]})"
                )
    return problems


def test_imports_point_one_way():
    assert layer_violations() == []


def test_charts_and_numbers_do_not_import_each_other():
    """The issue's own rule, said directly (the ranks above imply it)."""
    assert LAYERS["explainer.charts"] == LAYERS["explainer.numbers"]
    assert ("explainer.charts", "explainer.numbers") not in ALLOWED_ACROSS
    assert ("explainer.numbers", "explainer.charts") not in ALLOWED_ACROSS


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "explainer"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


GOOD = {
    "__init__.py": "",
    "data.py": "",
    "trends.py": "from explainer import data\n",
    "settings.py": "from explainer import data, trends\n",
    "charts/__init__.py": "from explainer.charts.scenarios import x\n",
    "charts/scenarios.py": "from explainer import settings\nfrom . import _base\n",
    "charts/_base.py": "import explainer.settings\n",
    "numbers/__init__.py": "",
    "numbers/scenarios.py": "from explainer.settings import DEFAULTS\n",
}


def test_the_checker_passes_a_package_that_keeps_the_direction(tmp_path):
    assert layer_violations(_package(tmp_path, GOOD)) == []


@pytest.mark.parametrize(
    ("file", "line", "culprit"),
    [
        ("charts/scenarios.py", "from explainer.numbers import scenarios\n", "explainer.numbers"),
        ("numbers/scenarios.py", "from explainer.charts.scenarios import x\n", "explainer.charts"),
        ("numbers/scenarios.py", "from ..charts import scenarios\n", "explainer.charts"),
        ("trends.py", "def f():\n    import explainer.settings\n", "explainer.settings"),
        ("settings.py", "from explainer import charts\n", "explainer.charts"),
        ("data.py", "from explainer.trends import fit\n", "explainer.trends"),
    ],
)
def test_the_checker_catches_an_import_against_the_direction(tmp_path, file, line, culprit):
    files = dict(GOOD)
    files[file] = files[file] + line
    problems = layer_violations(_package(tmp_path, files))
    assert len(problems) == 1, problems
    assert culprit in problems[0] and file.split("/")[-1] in problems[0]


def test_the_checker_names_a_module_in_no_layer(tmp_path):
    problems = layer_violations(_package(tmp_path, GOOD | {"helpers.py": ""}))
    assert len(problems) == 1 and "explainer.helpers is in no layer" in problems[0]
