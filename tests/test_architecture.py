"""Layering and deployment rules that keep the app safe and maintainable."""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from stakeholders.analysis.service import assess
from stakeholders.councils.compose import compose

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ["geodata", "stakeholders", "mapping", "i18n", "bench"]
#: Cycles being broken elsewhere (none left).
KNOWN_CYCLES: list[list[str]] = []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_packages_below_the_ui_never_import_streamlit() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in CORE_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if {"streamlit", "streamlit_folium"} & _imports(path)
    ]
    assert offenders == []


def test_usage_statistics_are_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False


def test_runtime_requirements_are_pinned() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all("==" in line for line in lines), lines


# ------------------------------------------------------------------ import cycles


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    return {_module_name(p): p for package in [*CORE_PACKAGES, "ui"] for p in (ROOT / package).rglob("*.py")}


def _imported(node: ast.Import | ast.ImportFrom, package: str, modules: Mapping[str, Path]) -> set[str]:
    """Project modules an import statement loads (``from pkg import sub`` counts as ``pkg.sub``)."""

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    if isinstance(node, ast.Import):
        return {m for alias in node.names if (m := owner(alias.name))}
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    found = {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else owner(base) for a in node.names}
    return {m for m in found if m}


def import_graph() -> dict[str, set[str]]:
    """Module → project modules it imports, counting module-top *and* function-local imports."""
    modules = _project_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _imported(node, package, modules)
        graph[name] = edges - {name}
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_cycle_finder_on_a_hand_made_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}, "g": {"g"}}
    assert cycles(graph) == [["a", "b", "c"], ["e", "f"]]


def test_import_graph_sees_function_local_and_relative_imports() -> None:
    graph = import_graph()
    assert "stakeholders.tabular.write" in graph["stakeholders.exporting"]
    assert "stakeholders.auth.actor" in graph["stakeholders.councils.cli"]  # imported inside a function
    assert "geodata._source" in graph["geodata.places"]


def test_no_new_import_cycle() -> None:
    """Whatever else happens, no cycle beyond the two being broken on other branches."""
    assert [c for c in cycles(import_graph()) if c not in KNOWN_CYCLES] == []


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


# ------------------------------------------------------------------ one spreadsheet writer

#: Files people open are written by stakeholders/tabular/write.py only. Allowed elsewhere: the
#: sample's own data files and the benchmark's inputs (not files people open).
SPREADSHEET_CALLS = re.compile(r"\.to_csv\([^)]*index=|\.to_excel\(|ExcelWriter\(|\bWorkbook\(|csv\.writer\(")
NOT_USER_FILES = {"stakeholders/sample/store.py", "bench/importacion.py"}
#: Writes the rejected rows back in the user's own layout (separator, header spelling, numbers as typed),
#: so fixing and re-importing is trivial (#11 item 8); cells and headers still go through the neutraliser.
OWN_LAYOUT_WRITERS = {"stakeholders/importing/pipeline.py"}


def test_spreadsheets_are_written_by_the_tabular_writer_only() -> None:
    writers = {
        str(path.relative_to(ROOT))
        for package in [*CORE_PACKAGES, "ui"]
        for path in (ROOT / package).rglob("*.py")
        if SPREADSHEET_CALLS.search(path.read_text(encoding="utf-8"))
    }
    assert writers - NOT_USER_FILES - OWN_LAYOUT_WRITERS == {"stakeholders/tabular/write.py"}


# ------------------------------------------------------------------ wide signatures


@pytest.mark.parametrize(("function", "positional"), [
    (assess, ["engine", "user", "analysis_id", "organizacion_id"]),
    (compose, ["candidates", "params"]),
])
def test_wide_signatures_take_keywords(function: Callable[..., object], positional: list[str]) -> None:
    params = list(inspect.signature(function).parameters.values())
    assert [p.name for p in params if p.kind is not inspect.Parameter.KEYWORD_ONLY] == positional


def test_tests_share_helpers_through_factories_not_other_test_modules() -> None:
    """A test module imports shared data from tests/factories.py or fixtures, never from another test module."""
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("test_*.py")
        if any(name.startswith("tests.test_") or name.startswith("tests.e2e.test_")
               for name in _imported_names(path))
    )
    assert offenders == []


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names
def _imports_lazily_only(path: Path, package: str) -> bool:
    """Every import of ``package`` in ``path`` sits inside a function (a deliberate lazy import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        for sub in ast.walk(node) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else ():
            if isinstance(sub, ast.Import) and any(a.name.split(".")[0] == package for a in sub.names):
                return False
            if isinstance(sub, ast.ImportFrom) and sub.module and sub.module.split(".")[0] == package:
                return False
    return True


def test_the_registry_never_imports_the_drawing_layer() -> None:
    """Maps and charts live in mapping/ (which uses stakeholders); stakeholders never imports mapping.

    The only exception is a CLI command module (the CLI is a composition root, like
    ``stakeholders/cli.py`` running ``bench``): it may wire a renderer in, lazily inside a command.
    """
    offenders = []
    for path in (ROOT / "stakeholders").rglob("*.py"):
        if "mapping" not in _imports(path):
            continue
        is_cli = path.name == "cli.py" or path.name.endswith("_cli.py")
        if not (is_cli and _imports_lazily_only(path, "mapping")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
