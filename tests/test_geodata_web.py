"""Browser GeoJSON: small, topologically clean, with codes, names and areas."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from geodata import regions, web_geojson
from geodata.web import MAX_BYTES, Parts, geometry_json


def _geoms(text: str) -> np.ndarray:
    return np.array([shapely.geometry.shape(f["geometry"]) for f in json.loads(text)["features"]], dtype=object)


def test_national_regions_fit_the_budget_and_keep_shared_borders() -> None:
    text = web_geojson("regiones")
    assert len(text.encode("utf-8")) <= MAX_BYTES
    data = json.loads(text)
    assert len(data["features"]) == 16
    props = {f["properties"]["region_cut"]: f["properties"] for f in data["features"]}
    assert props["13"]["nombre_corto"] == "Metropolitana" and props["13"]["area_km2"] > 10_000
    assert set(props["05"]) == {"region_cut", "nombre", "nombre_corto", "orden_norte_sur", "area_km2"}
    geoms = _geoms(text)
    assert shapely.coverage_is_valid(geoms)  # no overlaps, shared borders identical
    # Shared borders do not gap: the union has no holes.
    assert all(len(p.interiors) == 0 for p in shapely.get_parts(shapely.union_all(geoms)))


@pytest.mark.parametrize("region", [f"{i:02d}" for i in range(1, 17)])
def test_every_region_communes_fit_the_budget(region: str) -> None:
    text = web_geojson("comunas", region)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    features = json.loads(text)["features"]
    expected = {"comuna_cut", "provincia_cut", "region_cut", "nombre", "provincia", "region", "area_km2"}
    assert features and all(set(f["properties"]) == expected for f in features)
    assert {f["properties"]["region_cut"] for f in features} == {region}
    assert shapely.coverage_is_valid(_geoms(text))


def test_region_13_has_its_52_communes_and_4_decimals() -> None:
    text = web_geojson("comunas", "13")
    data = json.loads(text)
    assert len(data["features"]) == 52
    assert {f["id"] for f in data["features"]} >= {"13101", "13120"}
    coords = shapely.get_coordinates(_geoms(text))
    assert np.allclose(coords, np.round(coords, 4))


def test_provinces_and_codes_without_padding() -> None:
    data = json.loads(web_geojson("provincias"))
    assert len(data["features"]) == 56
    assert web_geojson("provincias", "5") == web_geojson("provincias", "05")
    assert len(json.loads(web_geojson("provincias", "05"))["features"]) == 8


def test_invalid_requests_raise_spanish_errors() -> None:
    with pytest.raises(ValueError, match="Nivel de mapa desconocido"):
        web_geojson("manzanas")
    with pytest.raises(ValueError, match="Región desconocida"):
        web_geojson("comunas", "99")


def test_islets_are_dropped_but_every_feature_keeps_its_largest_part() -> None:
    geoms = np.array([shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 0, 2.001, 0.001)]),
                      shapely.box(5, 5, 5.001, 5.001)], dtype=object)
    kept = Parts.of(geoms).without_islets(min_km2=1.0)
    assert [len(shapely.get_parts(g)) for g in kept] == [1, 1]
    assert kept[0].area == 1.0


def test_collapsed_rings_are_left_out() -> None:
    tiny = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(3, 3, 3.00001, 3.00001)])
    assert len(geometry_json(tiny)["coordinates"]) == 1


def test_regions_frame_matches_the_web_layer() -> None:
    codes = {f["id"] for f in json.loads(web_geojson("regiones"))["features"]}
    assert codes == set(regions()["region_cut"])
