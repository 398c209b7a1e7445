"""The licence file exists and every pinned dependency and vendored library is listed with its licence."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "THIRD_PARTY_LICENSES.md"


def _rows() -> dict[str, tuple[str, str]]:
    rows = re.findall(r"^\| ([A-Za-z0-9_.\-]+) \| ([0-9][^|]*) \| ([^|]+) \|", NOTICE.read_text(encoding="utf-8"), re.M)
    return {name.lower(): (version.strip(), licence.strip()) for name, version, licence in rows}


def _pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            out[re.sub(r"\[.*\]", "", name).strip().lower()] = version.strip()
    return out


def test_project_licence_is_mit() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_every_pinned_dependency_is_listed_with_its_version() -> None:
    rows = _rows()
    pins = _pins(ROOT / "requirements.txt") | _pins(ROOT / "requirements-dev.txt")
    assert pins, "no pins found"
    for name, version in pins.items():
        assert name in rows, f"{name} missing from THIRD_PARTY_LICENSES.md"
        assert rows[name][0] == version, (name, rows[name][0], version)
        assert "GPL" not in rows[name][1].replace("LGPL", ""), (name, rows[name][1])


def test_every_vendored_library_is_listed_and_ships_its_licence() -> None:
    rows = _rows()
    for folder in (ROOT / "static" / "vendor").iterdir():
        if folder.is_dir():
            assert folder.name in rows, folder.name
            assert (folder / "LICENSE").is_file(), folder
