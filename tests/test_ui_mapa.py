"""Page logic of "Mapa" with Streamlit's AppTest (the map iframe itself is tested in tests/e2e)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.importing import import_file
from stakeholders.repository import load_organizations
from tests.factories import org

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "ui" / "mapa.py")
XSS = "<script>alert('xss')</script> Sindicato de prueba"
TIMEOUT = 180


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    monkeypatch.delenv("MAP_TILES_URL", raising=False)
    return AppTest.from_file(PAGE, default_timeout=TIMEOUT)


def _caption_total(at: AppTest) -> int:
    text = next(c.value for c in at.caption if "filtros actuales" in c.value)
    return int(text.split(":")[-1].strip().replace(".", ""))


def _table(at: AppTest, first_column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if first_column in d.value.columns)


def test_national_view_table_and_filters(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Mapa de actores"
    national = at.dataframe[0].value
    assert len(national) == 16
    before = _caption_total(at)
    at.multiselect(key="mapa_f_sector").set_value(["trabajadores"]).run()
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


def test_sector_filter_does_not_change_the_coverage_gaps(app, tmp_path):
    """Gaps come from the whole registry: Sector = Trabajadores only changes what is drawn."""
    at = app.run()
    at.selectbox(key="mapa_region").set_value("16").run()
    gaps_all = _table(at, "Sin empleadores")
    at.multiselect(key="mapa_f_sector").set_value(["trabajadores"]).run()
    assert not at.exception
    gaps_filtered = _table(at, "Sin empleadores")
    pd.testing.assert_frame_equal(gaps_all, gaps_filtered)
    # Hand check against the registry: a commune listed "Sin empleadores" has no employer at all.
    orgs = load_organizations(make_engine(f"sqlite:///{tmp_path / 'registro.sqlite'}"), "16")
    employers = set(orgs.loc[orgs["sector_tripartito"] == "empleadores", "comuna_cut"])
    flagged = set(gaps_filtered.loc[gaps_filtered["Sin empleadores"] == "Sí", "Código"])
    assert flagged and not flagged & employers
    with_employers = set(gaps_filtered["Código"]) & employers
    assert all(gaps_filtered.set_index("Código").loc[c, "Sin empleadores"] == "No" for c in with_employers)


def test_map_click_drills_down_via_pending_navigation(app):
    at = app.run()
    at.session_state["_mapa_pendiente"] = ("05", None, None)
    at.run()
    assert not at.exception
    assert at.selectbox(key="mapa_region").value == "05"
    at.session_state["_mapa_pendiente"] = ("05", "05101", None)
    at.run()
    assert at.selectbox(key="mapa_comuna").value == "05101"


def test_deep_link_and_hostile_name_in_detail(app):
    app.query_params["region"] = "13"
    app.query_params["comuna"] = "13101"
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="mapa_region").value == "13"
    assert at.selectbox(key="mapa_comuna").value == "13101"
    search = next(s for s in at.selectbox if s.label == "Buscar organización")
    label = next(o for o in search.options if o.startswith(XSS))
    search.select_index(search.options.index(label)).run()
    assert not at.exception
    assert XSS in [x.value for x in at.text]  # st.text: shown literally, never as Markdown
    assert not [m.value for m in at.markdown if "alert" in m.value]
    shown = " ".join(x.value for x in at.text)
    assert "nan" not in shown.split() and "None" not in shown.split()


def test_search_from_chile_opens_the_commune_of_the_organization(app):
    at = app.run()
    search = next(s for s in at.selectbox if s.label == "Buscar organización")
    label = next(o for o in search.options if o.startswith(XSS))
    search.select_index(search.options.index(label)).run()
    assert not at.exception
    assert at.selectbox(key="mapa_region").value == "13"
    assert at.selectbox(key="mapa_comuna").value == "13101"
    assert XSS in [x.value for x in at.text]


def test_a_write_by_another_user_is_seen_on_the_next_rerun(monkeypatch, tmp_path):
    """Two sessions on one database: an import by one (here the importer, as the CLI or the Datos
    page run it) shows in the other's Ñuble counts on its next rerun, with no action on its side."""
    url = f"sqlite:///{tmp_path / 'registro.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    viewer = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    viewer.query_params["region"] = "16"
    viewer.run()
    assert not viewer.exception
    before = int(_table(viewer, "Total").loc["16101", "Total"])
    rows = [org(nombre=f"Sindicato Chillán {i}", rut="", region="Ñuble", comuna="Chillán", latitud="", longitud="")
            for i in range(3)]
    data = pd.DataFrame(rows).to_csv(index=False).encode("utf-8")
    done = import_file(make_engine(url), data, User("otra.persona", "central", None), name="nuble.csv")
    assert done.ok and done.written
    viewer.run()
    assert not viewer.exception
    assert int(_table(viewer, "Total").loc["16101", "Total"]) == before + 3


def test_region_level_organizations_are_counted_not_placed(monkeypatch, tmp_path):
    """Known only at region level (e.g. the union registry): counted on the region's map and in a
    table of their own, never drawn as a point at an invented commune."""
    url = f"sqlite:///{tmp_path / 'registro.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    rows = [org(nombre=f"Sindicato regional {i}", rut="", region="Ñuble", comuna="", latitud="", longitud="",
                escala="regional") for i in range(2)]
    rows.append(org(nombre="Sindicato Chillán", rut="", region="Ñuble", comuna="Chillán", latitud="", longitud=""))
    data = pd.DataFrame(rows).to_csv(index=False).encode("utf-8")
    done = import_file(make_engine(url), data, User("otra.persona", "central", None), name="sindicatos.csv")
    assert done.ok and done.written
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["region"] = "16"
    at.run()
    assert not at.exception
    assert "Organizaciones sin comuna (2)" in [h.value for h in at.subheader]
    unplaced = next(d.value for d in at.dataframe if "Sindicato regional 0" in set(d.value.get("Nombre", [])))
    assert sorted(unplaced["Nombre"]) == ["Sindicato regional 0", "Sindicato regional 1"]
    assert int(_table(at, "Total")["Total"].sum()) == 1  # the commune table counts only the placed one


def test_ties_drawn_on_request_in_a_region(app):
    at = app.run()
    at.selectbox(key="mapa_region").set_value("16").run()
    assert not at.exception
    toggle = at.toggle(key="mapa_vinculos")
    assert toggle.label == "Mostrar vínculos entre organizaciones" and toggle.value is False
    toggle.set_value(True).run()
    assert not at.exception
