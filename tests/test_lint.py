"""Ruff and mypy are part of the suite, so CI enforces style, banned imports and types."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Packages mypy checks in strict mode (pyproject's [tool.mypy] files); grow this list, never shrink it.
STRICT = ("geodata", "stakeholders/tabular", "stakeholders/registry")
#: ``# type: ignore`` comments that predate the rule "say why"; the count per file may only go down.
UNEXPLAINED_IGNORES = {
    "ui/analisis.py": 1, "stakeholders/sample/synthetic.py": 1, "stakeholders/sample/store.py": 3,
    "stakeholders/councils/records.py": 1, "stakeholders/councils/infeasibility.py": 0,
    "stakeholders/importing/links.py": 1, "stakeholders/analysis/sample.py": 1,
    "stakeholders/analysis/service.py": 1, "stakeholders/analysis/suggest.py": 2, "stakeholders/db.py": 1,
    "mapping/regional.py": 1,
}
_IGNORE = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?(?P<rest>.*)$")


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args], capture_output=True,
                          text=True, input=stdin, cwd=ROOT)


def test_ruff_is_clean() -> None:
    result = _ruff(str(ROOT))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("path", "banned"), [("stakeholders/probe.py", True), ("mapping/probe.py", True),
                                              ("ui/probe.py", False)])
def test_ruff_bans_streamlit_below_the_ui(path: str, banned: bool) -> None:
    result = _ruff("--select", "TID251", "--stdin-filename", path, "-",
                   stdin="import streamlit as st\nfrom streamlit_folium import st_folium\n")
    assert ("TID251" in result.stdout) is banned, result.stdout


def test_ruff_reports_unused_noqa() -> None:
    result = _ruff("--stdin-filename", "stakeholders/probe.py", "-", stdin="X = 1  # noqa: E501\n")
    assert "RUF100" in result.stdout, result.stdout


def test_mypy_strict_packages_are_clean() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and set(STRICT) <= set(config["files"])  # make lint checks the same
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", *config["files"]],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _unexplained_ignores() -> dict[str, int]:
    counts: dict[str, int] = {}
    for folder in ("geodata", "stakeholders", "mapping", "ui", "i18n", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                match = _IGNORE.search(line)
                if match and not (match.group(1) and match.group("rest").strip(" #-")):
                    key = str(path.relative_to(ROOT))
                    counts[key] = counts.get(key, 0) + 1
    return counts


def test_no_new_type_ignore_without_a_reason() -> None:
    """``# type: ignore[code]  # why`` — a bare or reasonless ignore may not be added anywhere."""
    counts = _unexplained_ignores()
    grown = {f: n for f, n in counts.items() if n > UNEXPLAINED_IGNORES.get(f, 0)}
    assert grown == {}, grown
    assert not any(f.startswith(STRICT) for f in counts), counts
