"""Page logic of "Comparar regiones" with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    return AppTest.from_file(str(Path(__file__).resolve().parents[1] / "ui" / "comparar.py"), default_timeout=180)


def test_two_regions_side_by_side_then_four(app):
    at = app.run()
    assert not at.exception
    chooser = at.multiselect(key="comparar_regiones")
    assert chooser.value == ["13", "05"]
    table = at.dataframe[0].value
    assert table.shape[1] == 2  # regions as columns, indicators as rows
    assert "Total" in table.index and "% comunas con brecha" in table.index
    chooser.set_value(["15", "13", "08", "12"]).run()
    assert not at.exception
    assert at.dataframe[0].value.shape[1] == 4


def test_fewer_than_two_regions_asks_for_more(app):
    at = app.run()
    at.multiselect(key="comparar_regiones").set_value(["13"]).run()
    assert not at.exception
    assert any("al menos 2" in i.value for i in at.info)
