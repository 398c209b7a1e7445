"""AppTest of the Consejo page on a small registry (no sample, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import council_registry as _registry


@pytest.fixture
def page_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'ui.sqlite'}"
    _registry(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    monkeypatch.setenv("MAPA_REGION", "11")
    monkeypatch.setenv("MAPA_ROL", "planificador")  # saving a proposal needs a planner of the region


def test_consejo_page_proposes_and_saves(page_env: None) -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "ui" / "consejo.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Consejo"
    propose = next(b for b in at.button if b.label == "Proponer consejo")
    propose.click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any(s.value == "Propuesta" for s in at.subheader)
    save = next(b for b in at.button if b.label == "Guardar como propuesta numerada")
    save.click().run()
    assert not at.exception
    assert any("Propuesta n.º 1" in s.value for s in at.success)
