"""Layering and deployment rules that keep the app safe and maintainable."""

from __future__ import annotations

import ast
import inspect
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from stakeholders.analysis.service import assess
from stakeholders.councils.compose import compose

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ["geodata", "stakeholders", "mapping", "i18n", "bench"]


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


def _module_graph() -> dict[str, set[str]]:
    """Module → modules it imports anywhere, function-local imports included (they only hide a cycle).

``if TYPE_CHECKING`` blocks are left out: they never run.
"""
    modules: dict[str, Path] = {}
    for package in CORE_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import):
                    edges.update(a.name for a in sub.names if a.name in modules)
                elif isinstance(sub, ast.ImportFrom) and sub.module and not sub.level:
                    for alias in sub.names:
                        full = f"{sub.module}.{alias.name}"
                        edges.add(full if full in modules else sub.module)
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_between_core_modules() -> None:
    graph = _module_graph()
    assert graph["stakeholders.repository"], "the graph must see real imports"
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]  # the detector detects
    assert _cycles(graph) == []


# ------------------------------------------------------------------ one spreadsheet writer

#: Files people open are written by stakeholders/tabular/write.py only. Allowed elsewhere: the
#: sample's own data files and the benchmark's inputs (not files people open).
SPREADSHEET_CALLS = re.compile(r"\.to_csv\([^)]*index=|\.to_excel\(|ExcelWriter\(|\bWorkbook\(|csv\.writer\(")
NOT_USER_FILES = {"stakeholders/sample/store.py", "bench/importacion.py"}
#: Still writing on their own, in files owned by other branches; the lead moves them to the writer.
PENDING_WRITERS = {"stakeholders/importing/templates.py", "ui/comparar.py"}


def test_spreadsheets_are_written_by_the_tabular_writer_only() -> None:
    writers = {
        str(path.relative_to(ROOT))
        for package in [*CORE_PACKAGES, "ui"]
        for path in (ROOT / package).rglob("*.py")
        if SPREADSHEET_CALLS.search(path.read_text(encoding="utf-8"))
    }
    assert writers - NOT_USER_FILES - PENDING_WRITERS == {"stakeholders/tabular/write.py"}


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
