"""Page logic of "Red" with Streamlit's AppTest, on the bundled sample in a temporary SQLite file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[1] / "ui" / "red.py"
XSS = "<script>alert('xss')</script> Sindicato de prueba"


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'registro.sqlite'}")
    monkeypatch.delenv("MAPA_REGION", raising=False)
    return AppTest.from_file(str(PAGE), default_timeout=300)


def tab_table(at: AppTest, tab: int):
    """The table of a tab: 0 brokers, 1 over-convened, 2 isolated, 3 communities, 4 all metrics, 5 summary."""
    return at.tabs[tab].dataframe[0].value


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def view_data(at: AppTest) -> dict:
    """The JSON the interactive view draws, read back from the iframe's HTML."""
    frames = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    assert frames, "no interactive view on the page"
    html = frames[0].proto.srcdoc
    return json.loads(re.search(r"const DATA = (.*?);\n", html).group(1))


def test_region_network_view_discover_and_tables(app):
    at = app.run()
    assert not at.exception
    assert at.selectbox(key="red_region").value == "13"
    values = metric_values(at)
    assert int(values["Organizaciones"].replace(".", "")) > 2_000
    assert int(values["Sobreconvocadas"]) >= 4
    data = view_data(at)
    assert len(data["nodes"]) > 2_000 and len(data["edges"]) > 10_000
    assert XSS in {n["label"] for n in data["nodes"]}  # data, drawn as canvas text, never parsed as HTML
    assert {n["shape"] for n in data["nodes"]} == {"ellipse", "rectangle", "triangle", "diamond"}
    brokers = tab_table(at, 0)
    assert brokers["Intermediación intersectorial"].is_monotonic_decreasing
    assert brokers.iloc[0]["Organización"] == "Dirección Regional de SENCE, Región Metropolitana de Santiago"
    tired = tab_table(at, 1)
    assert "CUT Región Metropolitana de Santiago" in set(tired["Organización"])
    assert (tired["Sesiones en la ventana"] >= 6).all()
    everything = tab_table(at, 4)
    assert XSS in set(everything["Organización"])  # kept as text; st.dataframe never renders it as HTML
    assert {"PageRank", "Comunidad", "Enlace", "Restricción (Burt)"} <= set(everything.columns)
    assert tab_table(at, 3)["Organizaciones"].sum() == len(everything)
    assert [b.label for b in at.tabs[4].get("download_button")] == [
        "Descargar CSV", "Descargar Excel", "Descargar GEXF (Gephi)", "Descargar GraphML"]

    at.radio(key="red_descubrir").set_value("aisladas").run()
    assert not at.exception
    data = view_data(at)
    assert data["highlight"] is True
    marked = {n["id"] for n in data["nodes"] if n["mark"]}
    isolated = at.dataframe[0].value  # the list under the graph comes before the tabs
    assert len(marked) == len(isolated) == int(metric_values(at)["Aisladas"])

    at.selectbox(key="red_region").set_value("11").run()
    assert not at.exception
    assert int(metric_values(at)["Organizaciones"].replace(".", "")) < 200
    assert "Aysén" in tab_table(at, 1)["Organización"].str.cat()


def test_threshold_and_tie_types_change_the_reading(app):
    at = app.run()
    at.selectbox(key="red_region").set_value("12").run()
    before = metric_values(at)
    at.number_input(key="red_umbral").set_value(20.0).run()
    assert not at.exception
    assert int(metric_values(at)["Sobreconvocadas"]) < int(before["Sobreconvocadas"])
    at.multiselect(key="red_tipos").set_value(["alianza"]).run()
    assert not at.exception
    after = metric_values(at)
    assert int(after["Vínculos"].replace(".", "")) < int(before["Vínculos"].replace(".", ""))
    assert int(after["Aisladas"]) > int(before["Aisladas"])
