"""AppTest of the Consejo page on a small registry (no sample, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import council_page_env


@pytest.fixture
def page_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    council_page_env(tmp_path, monkeypatch, "ui")


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


def _page() -> AppTest:
    return AppTest.from_file(str(Path(__file__).resolve().parent.parent / "ui" / "consejo.py"), default_timeout=120)


def test_seed_only_in_sorteo_and_the_formula_only_in_optimizar(page_env: None) -> None:
    at = _page()
    at.run()
    labels = [n.label for n in at.number_input]
    assert "Semilla pública del sorteo" not in labels
    assert [s.label for s in at.slider if "Proporción máxima" in s.label]  # continuity is a share, in %
    at.radio(key="consejo_modo").set_value("sorteo").run()
    assert "Semilla pública del sorteo" in [n.label for n in at.number_input]
    next(b for b in at.button if b.label == "Proponer consejo").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not [c for c in at.caption if c.value.startswith("puntaje = (")]
    assert [c for c in at.caption if c.value.startswith("Paneles equiprobables")]
    frames = [d.value for d in at.dataframe]
    assert any("Por qué no puede integrar un consejo válido" in f.columns for f in frames)


def test_region_defaults_to_the_last_region_chosen_on_any_page(page_env: None) -> None:
    at = _page()
    at.session_state["region_actual"] = "16"
    at.run()
    assert at.selectbox(key="consejo_region").value == "16"
    at.selectbox(key="consejo_region").set_value("08").run()
    assert at.session_state["region_actual"] == "08"
    fresh = _page()
    fresh.run()
    assert fresh.selectbox(key="consejo_region").value == "11"  # MAPA_REGION: the user's own region
