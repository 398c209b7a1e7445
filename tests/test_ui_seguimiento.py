"""Page "Seguimiento" with Streamlit's AppTest, on the bundled sample (with its sample dialogues)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[1] / "ui" / "seguimiento.py"


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    monkeypatch.delenv("MAPA_REGION", raising=False)
    return AppTest.from_file(str(PAGE), default_timeout=180)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_national_and_regional_follow_up_from_the_sample(app):
    at = app.run()
    assert not at.exception
    assert any("DATOS DE EJEMPLO" in w.value for w in at.warning)
    values = metric_values(at)
    assert int(values["Diálogos y sesiones"]) == 32  # two per region
    assert int(values["Compromisos vencidos"]) > 0
    status = at.tabs[0].dataframe[0].value
    assert list(status["Estado"]) == ["Recibida", "En análisis", "Comprometida", "Implementada", "Descartada"]
    late = at.tabs[1].dataframe[0].value
    assert (late["Días de atraso"] > 0).all() and late["Días de atraso"].is_monotonic_decreasing
    top = at.tabs[2].dataframe[0].value
    assert top["Votos acumulados (proporción)"].iloc[-1] >= 0.3 > top["Votos acumulados (proporción)"].iloc[-2]
    words = at.tabs[3].dataframe[0].value
    assert "cursos" in set(words["Palabra"]) and words["Veces"].is_monotonic_decreasing
    assert [type(e).__name__ for e in at.tabs[3].children.values()].count("Image") <= 1

    at.selectbox(key="seg_region").set_value("11").run()
    assert not at.exception
    assert int(metric_values(at)["Diálogos y sesiones"]) == 2
    per_org = at.tabs[4].dataframe[0].value
    assert len(per_org) > 0 and (per_org["Ideas"] > 0).all()
    assert at.tabs[6].get("download_button")  # public report buttons for a region


def test_status_change_through_the_form_and_forbidden_jump_is_refused(app):
    at = app.run()
    at.selectbox(key="seg_region").set_value("05").run()
    ideas = at.tabs[0].dataframe[1].value
    received = int(ideas.loc[ideas["Estado"] == "Recibida", "N.º"].iloc[0])
    at.selectbox(key="seg_idea").set_value(received)
    at.selectbox(key="seg_estado").set_value("implementada")
    at.tabs[5].button[0].click().run()
    assert not at.exception
    assert any("no puede pasar directo a implementada" in e.value for e in at.error)
    at.selectbox(key="seg_idea").set_value(received)
    at.selectbox(key="seg_estado").set_value("en_analisis")
    at.tabs[5].button[0].click().run()
    assert any("quedó en estado «En análisis»" in s.value for s in at.success)
    ideas = at.tabs[0].dataframe[1].value
    assert ideas.loc[ideas["N.º"] == received, "Estado"].item() == "En análisis"


def test_new_dialogue_form_records_dialogue_and_ideas(app):
    at = app.run()
    at.selectbox(key="seg_region").set_value("11").run()
    before = int(metric_values(at)["Diálogos y sesiones"])
    at.text_input(key="seg_n_nombre").input("Diálogo Coyhaique <b>2026</b>")
    at.text_input(key="seg_n_tema").input("Empleo juvenil")
    at.number_input(key="seg_n_personas").set_value(25)
    at.number_input(key="seg_n_mujeres").set_value(14)
    at.tabs[7].button[0].click().run()
    assert not at.exception
    assert any("Se registró el diálogo con 0 ideas" in s.value for s in at.success)
    assert int(metric_values(at)["Diálogos y sesiones"]) == before + 1
    at.number_input(key="seg_n_mujeres").set_value(40)
    at.text_input(key="seg_n_nombre").input("Otro")
    at.text_input(key="seg_n_tema").input("Otro")
    at.tabs[7].button[0].click().run()
    assert any("más que el total de 25" in e.value for e in at.error)
