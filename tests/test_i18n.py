"""Every key the code asks for exists in the Spanish catalogue, and the catalogue loads cleanly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from i18n import MissingTranslationError, catalogue, t

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ["app.py", "ui", "geodata", "stakeholders", "mapping"]
# t("key") or t('key') with a complete literal first argument (not a prefix built with +).
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")


def _sources() -> list[Path]:
    files: list[Path] = []
    for entry in SOURCE_DIRS:
        path = ROOT / entry
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def test_catalogue_loads_and_is_not_empty() -> None:
    keys = catalogue("es")
    assert len(keys) > 20
    assert all(value.strip() for value in keys.values())


def test_every_literal_key_used_in_code_is_defined() -> None:
    keys = catalogue("es")
    missing = sorted(
        f"{path.relative_to(ROOT)}: {key}"
        for path in _sources()
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8"))
        if key not in keys
    )
    assert missing == []


def test_placeholders_are_filled() -> None:
    assert t("acceso.solo_lectura", usuario="ana") == (
        "El usuario «ana» tiene acceso de solo lectura y no puede modificar datos."
    )


def test_unknown_key_raises() -> None:
    with pytest.raises(MissingTranslationError):
        t("no.existe")
