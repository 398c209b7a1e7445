"""Every map builder renders a corpus of hostile organization names as inert text.

branca compiles each element's rendered script again as a Jinja2 template, so a name such as
``{{ lipsum.__globals__.os.popen(...) }}`` would run on the server. Here each builder gets the
corpus; the test renders it (what Streamlit does), checks the payload's file was not created,
that no user text left a Jinja delimiter or a live ``${`` in the output, and that each name's
visible text survives.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
import streamlit_folium

import geodata
from mapping.actors import actors_map
from mapping.council import council_map
from mapping.local import commune_map
from mapping.regional import regional_layers, regional_map
from mapping.safe import html_text, script_json
from mapping.view import mapa_frame
from tests.factories import hostile_names


@pytest.fixture(scope="module")
def orgs(sample_orgs: pd.DataFrame) -> pd.DataFrame:
    return sample_orgs


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "pwned"


def _renamed(orgs: pd.DataFrame, region: str, names: list[str], commune: str | None = None) -> pd.DataFrame:
    here = orgs[(orgs["region_cut"] == region) & orgs["latitud"].notna()]
    if commune is not None:
        here = here[here["comuna_cut"] == commune]
    assert len(here) >= len(names), "the sample needs enough located organizations"
    here = here.copy()
    here.iloc[: len(names), here.columns.get_loc("nombre")] = names
    return here


def _assert_inert(out: str, names: list[str], marker) -> None:
    assert not marker.exists(), "a template payload in a name ran on the server"
    for name in names:
        for token in ("{{", "{%", "{#", "${"):
            if token in name:
                # The payload's own text must not appear with its delimiter intact.
                inner = name.split(token, 1)[1][:25]
                assert token + inner not in out, f"user text kept a live {token!r}: {name[:60]!r}"
    assert "<script>alert" not in out and "</script><script>" not in out


def test_regional_map_with_hostile_names(orgs, marker):
    names = hostile_names(marker)
    here = _renamed(orgs, "13", names)
    m = regional_map(here, geodata.web_geojson("provincias", "13"), geodata.web_geojson("comunas", "13"),
                     geodata.region_bounds("13"), gaps={})
    out = m.get_root().render()
    _assert_inert(out, names, marker)
    rows = json.loads(re.search(r"var rows = (\[.*?\]);\n", out).group(1))
    labels = {html.unescape(r[4]) for r in rows}
    for name in names:
        assert name.replace("\x00", "\ufffd") in labels, f"name not shown literally: {name[:60]!r}"


def test_commune_map_with_hostile_names(orgs, marker):
    names = hostile_names(marker)[:5]
    commune = orgs[orgs["region_cut"] == "13"].groupby("comuna_cut").size().idxmax()
    here = _renamed(orgs, "13", names, commune)
    out = commune_map(here, geodata.web_geojson("comunas", "13"), commune).get_root().render()
    _assert_inert(out, names, marker)


def test_council_map_with_hostile_names(orgs, marker):
    names = hostile_names(marker)
    members = _renamed(orgs, "08", names).assign(asiento="trabajadores")
    out = council_map(members, geodata.web_geojson("provincias", "08"), "08").get_root().render()
    _assert_inert(out, names, marker)
    assert "L.popup" not in out and "$(" not in out  # no jQuery-dependent popups (jQuery is not vendored)
    rows = json.loads(re.search(r"var rows = (\[.*?\]);\n", out).group(1))
    labels = {html.unescape(r[4]) for r in rows}
    for name in names:
        shown = f"{name.replace(chr(0), chr(0xFFFD))} · Trabajadores"
        assert shown in labels, f"name not shown literally: {name[:60]!r}"
    icons = json.loads(re.search(r"var icons = (\[.*?\]);\n", out).group(1))
    assert "polygon" in icons[2]  # workers: a triangle, not a colour-only circle


def test_analysis_actors_map_with_hostile_names(orgs, marker):
    names = hostile_names(marker)
    here = _renamed(orgs, "16", names).assign(organizacion_id=lambda f: f["id"], cuadrante=None, posicion=None)
    out = actors_map(here, "16").get_root().render()
    _assert_inert(out, names, marker)


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% raw %}", "${x}", "`y`", "</script>", "a\u2028b"])
def test_escapers_keep_the_value(text):
    assert html.unescape(html_text(text)) == text
    assert json.loads(script_json([text, {"k": text}])) == [text, {"k": text}]
    assert "{" not in script_json(text) and "{" not in html_text(text)


def test_region_layers_swapped_into_the_running_map_with_hostile_names(orgs, marker):
    """The app passes a region's layers to the running map (``st_folium(feature_group_to_add=…)``):
    that script is rendered apart from the map, so it gets the corpus too."""
    names = hostile_names(marker)
    here = _renamed(orgs, "13", names)
    frame = mapa_frame()
    frame.get_root().render()
    layers = regional_layers(here, geodata.web_geojson("provincias", "13"), geodata.web_geojson("comunas", "13"),
                             geodata.region_bounds("13"), gaps={})
    out = streamlit_folium._get_feature_group_string(layers, frame)
    _assert_inert(out, names, marker)
    rows = json.loads(re.search(r"var rows = (\[.*?\]);\n", out).group(1))
    labels = {html.unescape(r[4]) for r in rows}
    for name in names:
        assert name.replace("\x00", "\ufffd") in labels, f"name not shown literally: {name[:60]!r}"
