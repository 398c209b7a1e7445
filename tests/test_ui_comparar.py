"""Page logic of "Comparar regiones" with Streamlit's AppTest, on the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[1] / "ui" / "comparar.py")


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    return AppTest.from_file(PAGE, default_timeout=300)


def _texts(at: AppTest) -> list[str]:
    return [el.value for el in at.text]


def test_all_regions_one_indicator_then_another(app):
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="comparar_indicador").value == "org_por_100k_hab"
    ranking, table, national = (at.dataframe[i].value for i in range(3))
    assert len(ranking) == 16 and ranking["Posición"].tolist() == list(range(1, 17))
    assert len(table) == 16 and "Organizaciones por 100.000 hab." in table.columns
    assert "Índice de equilibrio tripartito" in table.columns and "Consejo equilibrado posible" in table.columns
    assert national["Región"].tolist() == ["Chile (nacional)"]
    # Regions far from the median are said in words (▲/▼ sentences), not only by colour.
    far = [s for s in _texts(at) if s.startswith(("▲", "▼"))]
    marked = table[table["Marca"] != ""]
    assert len(far) == len(marked) and {s.split(":")[0][2:] for s in far} == set(marked["Región"])
    assert any("Censo de Población y Vivienda 2017" in c.value for c in at.caption)  # the page says the year

    at.selectbox(key="comparar_familia").set_value("equilibrio").run()
    assert not at.exception
    assert at.selectbox(key="comparar_indicador").value == "pct_gobierno"
    at.selectbox(key="comparar_indicador").set_value("indice_equilibrio").run()
    at.radio(key="comparar_escala").set_value("divergente").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 16


def test_two_regions_side_by_side(app):
    at = app.run()
    at.selectbox(key="comparar_a").set_value("15").run()
    at.selectbox(key="comparar_b").set_value("12").run()
    assert not at.exception
    pair = next(df.value for df in at.dataframe if "Chile (nacional)" in df.value.columns)
    assert list(pair.columns) == ["Arica y Parinacota", "Magallanes", "Chile (nacional)"]
    assert "Cambio mínimo para el consejo" in pair.index
    balance = next(df.value for df in at.dataframe if list(df.value.columns)[:2] == ["Gobierno", "Empleadores"])
    assert list(balance.index) == ["Arica y Parinacota", "Magallanes", "Chile (nacional)"]
    assert balance.sum(axis=1).round(0).tolist() == [100.0, 100.0, 100.0]
    assert any("Comunas de Arica y Parinacota" in s for s in _texts(at))
    labels = [b.label for b in at.get("download_button")]
    assert any("XLSX" in x for x in labels) and any("CSV" in x for x in labels)
    at.button(key="comparar_preparar_pdf").click().run()
    assert not at.exception
    assert any("PDF" in b.label for b in at.get("download_button"))
