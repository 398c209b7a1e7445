"""Areas come from an equal-area projection, in km²."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geodata import communes, regions
from geodata.areas import area_km2


def test_one_degree_cell_at_the_equator() -> None:
    cell = gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs="EPSG:4326")
    assert area_km2(cell)[0] == pytest.approx(12_308, rel=0.005)


def test_high_latitudes_are_not_inflated() -> None:
    cells = gpd.GeoSeries([shapely.box(-71, -34, -70, -33), shapely.box(-71, -54, -70, -53)], crs="EPSG:4326")
    central, southern = area_km2(cells)
    assert southern / central == pytest.approx(0.72, abs=0.02)  # ~cos(53.5°) / cos(33.5°)


def test_region_metropolitana_and_isla_de_pascua() -> None:
    rm = regions().set_index("region_cut").loc["13", "area_km2"]
    assert rm == pytest.approx(15_400, rel=0.10)
    pascua = communes().set_index("comuna_cut").loc["05201", "area_km2"]
    assert pascua == pytest.approx(164, rel=0.25)


def test_country_total_is_plausible() -> None:
    # Official continental + insular area is about 756,000 km² (without the Antarctic claim).
    assert communes()["area_km2"].sum() == pytest.approx(756_000, rel=0.03)
