"""The "Análisis de actores" page, driven headless with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from stakeholders.analysis import sample, service
from stakeholders.db import make_engine
from tests.factories import make_orgs

PAGE = str(Path(__file__).resolve().parents[1] / "ui" / "analisis.py")
EVALUATE = "Evaluar y agregar actores"  # the label of the tab, as the user sees it


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Engine, int]:
    url = f"sqlite:///{tmp_path / 'ui.sqlite'}"
    engine = make_engine(url)
    make_orgs(engine)
    aid = sample.create_sample_analysis(engine)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    monkeypatch.setenv("MAPA_USUARIO", "ui.tester")
    monkeypatch.delenv("MAPA_HEADER_USUARIO", raising=False)
    return engine, aid


def _run(tab: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if tab is not None:
        at.session_state["analisis_pestana"] = tab  # what a click on the tab records
    at.run()
    return at


def test_page_shows_the_sample_analysis(registry: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAPA_REGION", raising=False)
    monkeypatch.setenv("MAPA_ROL", "central")
    at = _run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Análisis de actores"
    assert at.selectbox(key="analisis_region").value == "16"
    labels = [m.label for m in at.metric]
    assert "Actores" in labels and "Evaluados" in labels
    assert len(at.get("vega_lite_chart")) == 1  # the matrix
    tabs = [tab.label for tab in at.tabs]
    assert tabs[:3] == ["Matriz", "Mapa", "Tabla"]
    assert not any("Poder sugerido" in i.value for i in at.info)  # only the open tab runs
    at.session_state["analisis_pestana"] = EVALUATE
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 0
    assert any("Poder sugerido" in i.value for i in at.info)


def test_saving_an_assessment_appends_one(registry: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch) -> None:
    engine, aid = registry
    monkeypatch.setenv("MAPA_ROL", "central")
    at = _run(EVALUATE)
    before = len(service.load_history(engine, aid))
    org_id = at.selectbox(key="analisis_evaluar_org").value
    form_sliders = at.slider
    form_sliders[0].set_value(5)
    form_sliders[1].set_value(5)
    at.text_area[-1].input("Se comprometió en el taller")
    submit = [b for b in at.button if b.label == "Guardar evaluación"][0]
    submit.click()
    at.run()
    assert not at.exception, at.exception
    history = service.load_history(engine, aid)
    assert len(history) == before + 1
    last = history.iloc[-1]
    assert (last["organizacion_id"], last["poder"], last["interes"], last["autor"]) == (org_id, 5, 5, "ui.tester")
    assert last["poder_sugerido"] is not None
    assert any("guardada" in s.value for s in at.success)
    # The user stays on the tab where they saved (the form is still there, not the matrix).
    assert at.session_state["analisis_pestana"] == EVALUATE
    assert any(b.label == "Guardar evaluación" for b in at.button)
    assert len(at.get("vega_lite_chart")) == 0
    # And after a search in the same tab.
    at.text_input(key="analisis_buscar").input("sindicato").run()
    assert not at.exception, at.exception
    assert at.session_state["analisis_pestana"] == EVALUATE
    assert any(b.label == "Guardar evaluación" for b in at.button)


def test_create_analysis(registry: tuple[Engine, int], monkeypatch: pytest.MonkeyPatch) -> None:
    engine, _ = registry
    monkeypatch.setenv("MAPA_ROL", "central")
    at = _run()
    at.text_input[0].input("Mesa de empleo juvenil 2027")
    [b for b in at.button if b.label == "Crear análisis"][0].click()
    at.run()
    assert not at.exception, at.exception
    titles = set(service.list_analyses(engine, "16")["titulo"])
    assert "Mesa de empleo juvenil 2027" in titles


def test_regional_user_of_another_region_reads_only(registry: tuple[Engine, int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_ROL", "regional")
    monkeypatch.setenv("MAPA_REGION", "8")
    at = _run(EVALUATE)
    assert not at.exception, at.exception
    at.selectbox(key="analisis_region").set_value("16").run()
    assert not at.exception, at.exception
    assert any("solo el equipo central" in i.value for i in at.info)
    submit = [b for b in at.button if b.label == "Guardar evaluación"][0]
    assert submit.disabled


def test_an_analysis_created_in_one_session_shows_in_another(registry: tuple[Engine, int],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions on one database: B, already open, sees A's new analysis on its next rerun."""
    engine, _ = registry
    monkeypatch.setenv("MAPA_ROL", "central")
    other = _run()
    before = next(s for s in other.selectbox if s.label == "Análisis").options
    creator = _run()
    creator.text_input[0].input("Mesa de empleo juvenil 2027")
    [b for b in creator.button if b.label == "Crear análisis"][0].click()
    creator.run()
    assert not creator.exception, creator.exception
    other.run()
    assert not other.exception, other.exception
    after = next(s for s in other.selectbox if s.label == "Análisis").options
    assert len(after) == len(before) + 1
    assert sum("Mesa de empleo juvenil 2027" in o for o in after) == 1
    assert list(service.list_analyses(engine, "16")["titulo"]).count("Mesa de empleo juvenil 2027") == 1
