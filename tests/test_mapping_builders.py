"""Map builders on the sample data: layers, counts, escaping, and no external URL anywhere."""

from __future__ import annotations

import copy
import json
import re

import folium
import pandas as pd
import pytest
import streamlit_folium

import geodata
from mapping.assets import VENDOR_DIR, external_urls, localize, missing_vendor_files, referenced_urls, walk
from mapping.basemap import tiles_from_env
from mapping.layers import SectorPoints
from mapping.legend import MapLegend, sector_legend_html
from mapping.local import commune_layers, commune_map
from mapping.national import national_layers, national_map
from mapping.popups import area_tooltip, org_popup, org_tooltip
from mapping.regional import gap_labels, regional_layers, regional_map
from mapping.view import mapa_frame, tag_areas
from stakeholders.indicators import counts_by, coverage_gaps

XSS = "<script>alert('xss')</script> Sindicato de prueba"


@pytest.fixture(scope="module")
def orgs(sample_orgs: pd.DataFrame) -> pd.DataFrame:
    return sample_orgs


@pytest.fixture(scope="module")
def region_codes() -> list[str]:
    return list(geodata.regions()["region_cut"])


@pytest.fixture(scope="module")
def national(orgs, region_codes) -> tuple[folium.Map, str]:
    counts = counts_by(orgs, "region", region_codes)
    m = national_map(counts, geodata.web_geojson("regiones"), geodata.national_bounds())
    return m, m.get_root().render()


def _geojson_layers(m: folium.Map) -> list[folium.GeoJson]:
    """Every GeoJSON layer of the map, inside layer groups too, in drawing order."""
    return [c for c in walk(m) if isinstance(c, folium.GeoJson)]


def _points(m: folium.Map) -> list[SectorPoints]:
    return [c for c in walk(m) if isinstance(c, SectorPoints)]


def _assert_offline(html: str) -> None:
    assert external_urls(html) == []
    for url in referenced_urls(html):
        assert url.startswith(("/app/static/", "#", "data:")) or not re.match(r"^[a-z]+:|^//", url), url


def test_vendored_assets_and_licences_present():
    assert missing_vendor_files() == []
    assert "BSD 2-Clause" in (VENDOR_DIR / "leaflet" / "LICENSE").read_text()


def test_national_map_has_16_regions_with_counts(orgs, national, region_codes):
    m, html = national
    layers = _geojson_layers(m)
    assert len(layers) == 1
    features = layers[0].data["features"]
    assert len(features) == 16
    # Counts on the map equal a direct pandas count of presence (located or chapter).
    for feature in features:
        code = feature["properties"]["region_cut"]
        located = orgs["region_cut"] == code
        chapter = orgs["regiones_presencia"].map(lambda rs, c=code: c in rs)
        present = orgs[located | chapter]
        assert feature["properties"]["total"] == len(present)
        assert feature["properties"]["trabajadores"] == int((present["sector_tripartito"] == "trabajadores").sum())
    assert any(isinstance(c, MapLegend) for c in walk(m))
    _assert_offline(html)


def test_national_map_is_aggregated_and_small(national):
    _, html = national
    assert "SectorPoints" not in html and "markerClusterGroup" not in html
    assert len(html.encode()) < 2_000_000


def test_rendered_html_only_references_the_app(national):
    _, html = national
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts and all(s.startswith("/app/static/vendor/") for s in scripts)
    assert styles and all(s.startswith("/app/static/vendor/") for s in styles)
    assert not any(("jquery" in s or "bootstrap" in s or "awesome" in s) for s in scripts + styles)


def test_regional_map_layers_points_and_gaps(orgs):
    region = "13"
    here = orgs[orgs["region_cut"] == region]
    communes = pd.DataFrame(geodata.communes().drop(columns="geometry"))
    gaps = gap_labels(coverage_gaps(here, communes[communes["region_cut"] == region]))
    m = regional_map(here, geodata.web_geojson("provincias", region), geodata.web_geojson("comunas", region),
                     geodata.region_bounds(region), gaps=gaps)
    html = m.get_root().render()
    layers = _geojson_layers(m)
    # communes (interactive), province outlines, then the gap outline: white casing + dashed red line
    assert len(layers) == 4
    commune_features = layers[0].data["features"]
    assert {f["properties"]["comuna_cut"][:2] for f in commune_features} == {region}
    by_commune = here.groupby("comuna_cut").size()
    for f in commune_features:
        assert f["properties"]["organizaciones"] == int(by_commune.get(f["properties"]["comuna_cut"], 0))
        assert f["properties"]["_style"].get("dashArray") is None  # the dashed line is its own layer
    casing, line = layers[2], layers[3]
    assert casing.options["interactive"] is False and line.options["interactive"] is False
    outlined = {f["properties"]["comuna_cut"] for f in line.data["features"]}
    assert outlined == set(gaps) == {f["properties"]["comuna_cut"] for f in casing.data["features"]}
    assert all(f["properties"]["_style"]["dashArray"] for f in line.data["features"])
    assert all(f["properties"]["_style"]["weight"] > 5 for f in casing.data["features"])
    points = _points(m)
    assert len(points) == 1 and points[0].cluster
    assert points[0].count == int(here[["latitud", "longitud"]].notna().all(axis=1).sum())
    assert "leaflet.markercluster.js" in html
    _assert_offline(html)


def test_hostile_name_is_escaped_everywhere(orgs):
    hostile = orgs[orgs["nombre"] == XSS]
    assert len(hostile) == 1, "the sample must contain the hostile organization"
    row = hostile.iloc[0]
    region, commune = row["region_cut"], row["comuna_cut"]
    here = orgs[orgs["region_cut"] == region]
    m = commune_map(here, geodata.web_geojson("comunas", region), commune)
    html = m.get_root().render()
    assert "<script>alert" not in html
    assert "alert('xss')" not in html  # quotes escaped too
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html.replace("\\u0026", "&")
    for fragment in (org_tooltip(row), org_popup(row), area_tooltip(XSS, [("n", XSS)]), sector_legend_html(XSS)):
        assert "<script>" not in fragment and "&lt;script&gt;" in fragment
    _assert_offline(html)


def test_script_payloads_cannot_close_the_script_tag():
    rows = [[-33.4, -70.6, 0, 1, "</script><script>alert(1)</script>"]]
    m = folium.Map(tiles=None)
    SectorPoints(rows, cluster=False).add_to(m)
    MapLegend("</script><b>x</b>").add_to(m)
    html = localize(m).get_root().render()
    assert "</script><script>alert(1)" not in html and "</script><b>" not in html


def test_commune_view_shows_individual_points(orgs):
    row = orgs.dropna(subset=["comuna_cut", "latitud"]).iloc[0]
    region = row["region_cut"]
    m = commune_map(orgs[orgs["region_cut"] == region], geodata.web_geojson("comunas", region), row["comuna_cut"])
    points = _points(m)[0]
    assert not points.cluster
    assert points.count == int(((orgs["comuna_cut"] == row["comuna_cut"]) & orgs["latitud"].notna()).sum())


def test_tiles_are_optional_and_configurable(orgs, region_codes):
    assert tiles_from_env({}) is None
    cfg = tiles_from_env({"MAP_TILES_URL": "/tiles/{z}/{x}/{y}.png", "MAP_TILES_ATTRIBUTION": "© IDE Chile"})
    assert cfg is not None and cfg.attribution == "© IDE Chile"
    counts = counts_by(orgs, "region", region_codes)
    m = national_map(counts, geodata.web_geojson("regiones"), geodata.national_bounds(), tiles=cfg)
    assert "/tiles/{z}/{x}/{y}.png" in m.get_root().render()


def test_geojson_input_is_not_mutated(orgs, region_codes):
    data = json.loads(geodata.web_geojson("regiones"))
    before = json.dumps(data, sort_keys=True)
    national_map(counts_by(orgs, "region", region_codes), data, geodata.national_bounds(), metric="trabajadores",
                 area_km2=geodata.regions().set_index("region_cut")["area_km2"])
    assert json.dumps(data, sort_keys=True) == before


def test_regional_map_counts_region_level_organizations_without_points():
    rows = pd.DataFrame({
        "id": [1, 2, 3], "nombre": ["A", "B", "C"], "sector_tripartito": ["trabajadores"] * 3,
        "tipo_actor": ["sindicato"] * 3, "region_cut": ["16"] * 3, "provincia_cut": ["161", None, "161"],
        "comuna_cut": ["16101", None, None], "latitud": [-36.6, None, None], "longitud": [-72.1, None, None],
        "nivel_ubicacion": ["comuna", "region", "provincia"],
    })
    m = regional_map(rows, geodata.web_geojson("provincias", "16"), geodata.web_geojson("comunas", "16"),
              geodata.region_bounds("16"))
    html = m.get_root().render()
    points = _points(m)
    assert points[0].count == 1
    assert "Solo región: 1" in html and "Solo provincia: 1" in html


def test_tie_lines_join_the_drawn_organizations(orgs):
    from mapping.network import add_tie_layer
    from stakeholders import network

    region = "16"
    here = orgs[(orgs["region_cut"] == region) & orgs["latitud"].notna()]
    m = regional_map(here, geodata.web_geojson("provincias", region), geodata.web_geojson("comunas", region),
                     geodata.region_bounds(region))
    rels = pd.DataFrame({"origen_id": here["id"].iloc[[0, 1, 2]].to_numpy(),
                         "destino_id": here["id"].iloc[[1, 2, 3]].to_numpy(),
                         "tipo": "alianza", "peso": 1.0, "activo": True, "desde": None, "hasta": None})
    ties = network.tie_table(here, rels)
    group = add_tie_layer(m, here, ties)
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    assert len(lines) == 1 and len(lines[0].locations) == 3  # one layer holding the three ties
    first = here.set_index("id").loc[int(here["id"].iloc[0])]
    assert [float(first["latitud"]), float(first["longitud"])] in [list(map(float, p)) for seg in lines[0].locations
                                                                    for p in seg]


def _as_streamlit_folium_sends(frame: folium.Map, layers: folium.FeatureGroup) -> tuple[str, str]:
    """(component key, layer script) exactly as ``st_folium(frame, feature_group_to_add=layers)`` computes them.

    The browser keeps the map while the key stays the same and only evaluates the new layer script.
    """
    m = copy.deepcopy(frame)
    m.get_root().render()
    key = streamlit_folium.generate_js_hash(streamlit_folium._get_map_string(m), "mapa", False)
    return key, streamlit_folium._get_feature_group_string(copy.deepcopy(layers), m)


def test_every_level_and_filter_swaps_the_layers_but_keeps_the_map(orgs, region_codes):
    """Chile, a region, a commune, with and without a filter: one frame (the browser keeps the map,
    no reload of Leaflet) and a different layer script each, drawing exactly what it should."""
    region = "16"
    here = orgs[(orgs["region_cut"] == region) & orgs["latitud"].notna()]
    commune = here.groupby("comuna_cut").size().idxmax()
    workers = here[here["sector_tripartito"] == "trabajadores"]
    gaps = {commune: ["Sin empleadores"]}
    provinces, communes = geodata.web_geojson("provincias", region), geodata.web_geojson("comunas", region)
    frame = mapa_frame()
    levels = {
        "chile": (national_layers(counts_by(orgs, "region", region_codes), geodata.web_geojson("regiones"),
                                  geodata.national_bounds()), None),
        "region": (regional_layers(here, provinces, communes, geodata.region_bounds(region), gaps=gaps), len(here)),
        "region_workers": (regional_layers(workers, provinces, communes, geodata.region_bounds(region), gaps=gaps),
                           len(workers)),
        "commune": (commune_layers(here, communes, commune, gaps=gaps), int((here["comuna_cut"] == commune).sum())),
        "commune_workers": (commune_layers(workers, communes, commune, gaps=gaps),
                            int((workers["comuna_cut"] == commune).sum())),
    }
    keys, scripts = set(), set()
    for layers, expected in levels.values():
        key, script = _as_streamlit_folium_sends(frame, layers)
        keys.add(key)
        scripts.add(script)
        assert "fitBounds" in script and not external_urls(script)
        if expected is not None:
            drawn = json.loads(re.search(r"var rows = (\[.*?\]);\n", script).group(1))
            assert len(drawn) == expected > 0
    assert len(keys) == 1  # same component: no reload of the map
    assert len(scripts) == len(levels)
    # the frame loads the clustering library whatever the first level needs
    html = copy.deepcopy(frame).get_root().render()
    assert "leaflet.markercluster.js" in html and ".mapa-punto" in html
    _assert_offline(html)


def test_areas_carry_the_view_they_belong_to(orgs, region_codes):
    layers = national_layers(counts_by(orgs, "region", region_codes), geodata.web_geojson("regiones"),
                             geodata.national_bounds())
    first = _as_streamlit_folium_sends(mapa_frame(), tag_areas(copy.deepcopy(layers), "1|None|None"))[1]
    again = _as_streamlit_folium_sends(mapa_frame(), tag_areas(copy.deepcopy(layers), "3|None|None"))[1]
    assert '"_vista": "1|None|None"' in first and '"_vista": "3|None|None"' in again
    assert first.count('"_vista"') == len(region_codes)


def test_region_level_box_goes_with_its_layers():
    rows = pd.DataFrame({
        "id": [1, 2], "nombre": ["A", "B"], "sector_tripartito": ["trabajadores"] * 2,
        "tipo_actor": ["sindicato"] * 2, "region_cut": ["16"] * 2, "provincia_cut": ["161", None],
        "comuna_cut": ["16101", None], "latitud": [-36.6, None], "longitud": [-72.1, None],
        "nivel_ubicacion": ["comuna", "region"],
    })
    layers = regional_layers(rows, geodata.web_geojson("provincias", "16"), geodata.web_geojson("comunas", "16"),
                             geodata.region_bounds("16"))
    _, script = _as_streamlit_folium_sends(mapa_frame(), layers)
    assert "Solo región: 1" in script
    assert "group.on('remove'" in script  # removed with the group when a filter replaces it
