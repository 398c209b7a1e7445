"""Page logic of "Mapa" with Streamlit's AppTest (the map iframe itself is tested in tests/e2e)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
XSS = "<script>alert('xss')</script> Sindicato de prueba"
TIMEOUT = 180


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    monkeypatch.delenv("MAP_TILES_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "ui" / "mapa.py"), default_timeout=TIMEOUT)
    return at


def _caption_total(at: AppTest) -> int:
    text = next(c.value for c in at.caption if "filtros actuales" in c.value)
    return int(text.split(":")[-1].strip().replace(".", ""))


def test_national_view_table_and_filters(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Mapa de actores"
    assert len(at.dataframe) >= 1
    national = at.dataframe[0].value
    assert len(national) == 16
    before = _caption_total(at)
    at.sidebar.multiselect(key="mapa_f_sector").set_value(["trabajadores"]).run()
    assert not at.exception
    after = _caption_total(at)
    assert 0 < after < before
    assert at.dataframe[0].value["Total"].sum() < national["Total"].sum()


def test_selecting_a_region_shows_communes_gaps_and_organizations(app):
    at = app.run()
    at.selectbox(key="mapa_region").set_value("13").run()
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert "Organizaciones por comuna" in headers and "Brechas de cobertura" in headers
    assert any(h.startswith("Organizaciones (") for h in headers)
    communes_table = at.dataframe[0].value
    assert len(communes_table) == 52  # communes of the Metropolitan region


def test_map_click_drills_down_via_pending_navigation(app):
    at = app.run()
    at.session_state["_mapa_pendiente"] = ("05", None)
    at.run()
    assert not at.exception
    assert at.selectbox(key="mapa_region").value == "05"
    at.session_state["_mapa_pendiente"] = ("05", "05101")
    at.run()
    assert at.selectbox(key="mapa_comuna").value == "05101"


def test_deep_link_and_hostile_name_in_detail(app):
    app.query_params["region"] = "13"
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="mapa_region").value == "13"
    detail = next(s for s in at.selectbox if s.label == "Organización")
    assert XSS in detail.options
    detail.select_index(detail.options.index(XSS)).run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "alert" in m.value]
    assert shown and all("<script>" not in v for v in shown)  # markdown-escaped: shown as text

