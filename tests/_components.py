"""System components some tests need (PostgreSQL + PostGIS, Chromium).

On a developer laptop a missing component skips the test with a visible reason; in CI
(``CI=true``) it fails, so a green CI run always means the whole suite ran.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MAPA_CHROMIUM", "/usr/bin/chromium")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, reason: str) -> None:
    """Skip (laptop) or fail (CI) when a system component is missing."""
    if available:
        return
    if in_ci():
        pytest.fail(f"componente requerido ausente en CI: {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_bindir() -> Path | None:
    """Newest PostgreSQL server binaries installed by Debian's packages (or on PATH)."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def postgis_available(bindir: Path) -> bool:
    version = bindir.parent.name
    return bool(glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"))


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()
