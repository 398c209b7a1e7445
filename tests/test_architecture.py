"""Layering and deployment rules that keep the app safe and maintainable."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

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
