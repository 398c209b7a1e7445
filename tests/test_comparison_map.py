"""The indicator choropleth (mapping/comparison.py): classes, legend in words, ▲/▼ badges, hostile text inert."""

from __future__ import annotations

import html
import json

import folium
import numpy as np
import pandas as pd

import geodata
from mapping.comparison import (
    DIVERGING,
    FarBadges,
    class_of,
    colour,
    diverging_breaks,
    indicator_map,
    legend_html,
    sequential_breaks,
)
from mapping.palette import NO_DATA, SEQUENTIAL, contrast_ratio
from tests.factories import hostile_names

LABELS = {"hasta": "hasta", "desde": "desde", "sin_dato": "Sin dato", "lejos": "lejos de la mediana",
          "arriba": "▲ Muy por sobre la mediana", "abajo": "▼ Muy por debajo de la mediana"}


def _fmt(v: float) -> str:
    return "—" if pd.isna(v) else f"{v:.1f}".replace(".", ",")


def test_zero_is_a_value_and_missing_is_its_own_class():
    values = pd.Series([0.0, 1.0, 2.0, 3.0, 4.0, np.nan])
    breaks = sequential_breaks(values)
    assert breaks == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert colour(0.0, breaks, False) == SEQUENTIAL[0] and colour(4.0, breaks, False) == SEQUENTIAL[-1]
    assert colour(np.nan, breaks, False) == NO_DATA
    two = sequential_breaks(pd.Series([5.0, 10.0]))
    assert colour(10.0, two, False) == SEQUENTIAL[-1]  # fewer classes still end on the darkest colour


def test_diverging_scale_is_centred_on_the_median():
    values = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0])
    breaks = diverging_breaks(values, 30.0)
    assert [class_of(v, breaks, True) for v in values] == [0, 1, 2, 3, 4]
    assert colour(30.0, breaks, True) == DIVERGING[2]


def test_legend_states_classes_in_words_and_the_far_mark():
    html = legend_html("Índice", [1.0, 2.0], False, _fmt, LABELS)
    assert "hasta 1,0" in html and "1,0 – 2,0" in html and "Sin dato" in html and "▲ ▼" in html
    assert "▲ ▼" not in legend_html("Índice", [1.0], False, _fmt, LABELS, show_far=False)


def test_sequential_colours_are_distinguishable_from_no_data():
    assert all(c != NO_DATA for c in SEQUENTIAL + DIVERGING)
    assert contrast_ratio(SEQUENTIAL[-1], "#ffffff") >= 3


def test_national_map_has_16_regions_values_in_tooltips_and_badges(tmp_path):
    regions = geodata.regions()
    values = pd.Series(np.arange(16, dtype=float), index=regions["region_cut"].to_numpy())
    values["11"] = 500.0
    values["12"] = np.nan
    flags = pd.Series(0, index=values.index)
    flags["11"] = 1
    m = indicator_map(values, geodata.web_geojson("regiones"), geodata.national_bounds(), level="regiones",
                      title="Organizaciones por 100.000 hab.", fmt=_fmt, labels=LABELS, flags=flags)
    out = m.get_root().render()
    features = json.loads(geodata.web_geojson("regiones"))["features"]
    assert len(features) == 16
    badges = [c for c in m._children.values() if isinstance(c, FarBadges)]
    assert len(badges) == 1 and [b[2:4] for b in json.loads(badges[0].badges_json)] == [
        ["▲", "▲ Muy por sobre la mediana"]]  # one badge, on Aysén, said in words
    assert "L.divIcon" in out and "marker-icon" not in out  # never Leaflet's default marker image
    layer = next(c for c in m._children.values() if isinstance(c, folium.GeoJson))
    tips = {f["properties"]["codigo"]: f["properties"]["_tooltip"] for f in layer.data["features"]}
    assert len(tips) == 16
    assert tips["11"].endswith("500,0<br>▲ Muy por sobre la mediana")  # value and the far mark in words
    assert tips["12"].endswith(": —")  # not available, said so
    assert "cdn" not in out.lower() and "https://" not in out.split("leaflet")[0]


def test_hostile_commune_and_title_text_is_inert(tmp_path):
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    data = json.loads(geodata.web_geojson("comunas", "15"))
    for feature, name in zip(data["features"], names, strict=False):
        feature["properties"]["nombre"] = name
    values = pd.Series(1.0, index=[f["properties"].get("comuna_cut") or f["properties"].get("codigo") or ""
                                   for f in data["features"]])
    m = indicator_map(values, data, geodata.region_bounds("15"), level="comunas", title=names[0], fmt=_fmt,
                      labels={**LABELS, "sin_dato": names[1]})
    out = m.get_root().render()
    assert not marker.exists()
    layer = next(c for c in m._children.values() if isinstance(c, folium.GeoJson))
    shown = [html.unescape(f["properties"]["_tooltip"]) for f in layer.data["features"]]
    for name, tip in zip(names, shown, strict=False):
        assert f"<b>{name.replace(chr(0), chr(0xFFFD))}</b>" in tip  # shown literally once the browser decodes it
    assert "{{ lipsum" not in out and "{{ cycler" not in out and "</script><script>alert" not in out
