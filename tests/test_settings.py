"""Settings are read when asked (never frozen at import) and all of them are documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from stakeholders import db, settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["stakeholders", "geodata", "mapping", "i18n", "bench", "ui"]


def test_default_database_follows_the_data_dir_at_call_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MAPA_DATA_DIR", str(tmp_path / "uno"))
    assert db.database_url() == f"sqlite:///{tmp_path / 'uno' / 'mapa_actores.sqlite'}"
    monkeypatch.setenv("MAPA_DATA_DIR", str(tmp_path / "dos"))
    assert db.database_url() == f"sqlite:///{tmp_path / 'dos' / 'mapa_actores.sqlite'}"
    assert (tmp_path / "dos").is_dir()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/d")
    assert db.database_url() == "postgresql+psycopg://u@h/d"


def test_typed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_REGION", "8")
    assert settings.local_region() == "08"
    monkeypatch.setenv("MAPA_SESION_MINUTOS", "abc")
    assert settings.idle_minutes() == 30
    monkeypatch.setenv("MAPA_SESION_MINUTOS", "5")
    assert settings.idle_minutes() == 5
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    assert settings.load_sample() is False
    monkeypatch.setenv("MAPA_VENDOR_URL", "/x/vendor/")
    assert settings.vendor_url() == "/x/vendor"
    monkeypatch.setenv("MAPA_CACHE_DIR", "off")
    assert settings.cache_dir() is None


def _environment_reads(path: Path) -> list[int]:
    """Line numbers where a module reads ``os.environ``/``os.getenv`` itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"} and (
            isinstance(node.value, ast.Name) and node.value.id == "os"
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_settings_module_reads_the_environment() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path.name != "settings.py" and (lines := _environment_reads(path))
    }
    assert offenders == {}


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.M))
    assert documented == {s.name for s in settings.SETTINGS}
    source = (ROOT / "stakeholders" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'_get\("([A-Z_]+)"\)|environ.get\("([A-Z_]+)"\)', source))
    assert {a or b for a, b in read} - {"USER"} <= documented  # USER: the OS login, a default only
