"""Layer counts, columns, codes and dissolves."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata import commune_table, communes, country, provinces, regions
from geodata.clean import overlap_area
from geodata.layers import representative_points


def test_counts_and_columns() -> None:
    assert list(communes().columns) == [
        "comuna_cut", "provincia_cut", "region_cut", "nombre", "provincia", "region", "area_km2", "geometry",
    ]
    assert list(provinces().columns) == ["provincia_cut", "region_cut", "nombre", "region", "area_km2", "geometry"]
    assert list(regions().columns) == [
        "region_cut", "nombre", "nombre_corto", "orden_norte_sur", "area_km2", "geometry",
    ]
    assert list(country().columns) == ["nombre", "area_km2", "geometry"]
    assert (len(communes()), len(provinces()), len(regions()), len(country())) == (345, 56, 16, 1)
    assert len(commune_table()) == 346


def test_crs_and_zero_padded_codes() -> None:
    frame = communes()
    assert frame.crs.to_epsg() == 4326
    assert frame["comuna_cut"].is_unique and frame["comuna_cut"].is_monotonic_increasing
    assert frame["comuna_cut"].str.fullmatch(r"\d{5}").all()
    assert (frame["comuna_cut"].str[:3] == frame["provincia_cut"]).all()
    assert (frame["provincia_cut"].str[:2] == frame["region_cut"]).all()
    assert provinces()["provincia_cut"].str.fullmatch(r"\d{3}").all()
    assert regions()["region_cut"].str.fullmatch(r"\d{2}").all()


def test_known_names() -> None:
    names = communes().set_index("comuna_cut")["nombre"]
    assert names["13101"] == "Santiago" and names["08101"] == "Concepción"
    assert names["12101"] == "Punta Arenas" and names["05201"] == "Isla de Pascua"
    regs = regions().set_index("region_cut")
    assert regs.loc["16", "nombre_corto"] == "Ñuble" and regs.loc["08", "nombre_corto"] == "Biobío"
    assert regs.loc["06", "nombre"] == "Libertador General Bernardo O'Higgins"


def test_north_to_south_order() -> None:
    order = regions().sort_values("orden_norte_sur")["region_cut"].tolist()
    assert order == ["15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12"]
    assert sorted(regions()["orden_norte_sur"]) == list(range(1, 17))


def test_dissolves_are_valid_and_add_up() -> None:
    for frame in (provinces(), regions(), country()):
        assert shapely.is_valid(frame.geometry.values).all()
        assert frame["area_km2"].sum() == pytest.approx(communes()["area_km2"].sum(), rel=1e-9)
    assert overlap_area(np.asarray(regions().geometry.values)) < 1e-9
    santiago = regions().set_index("region_cut").geometry["13"]
    assert santiago.contains(shapely.Point(-70.6505, -33.4378))
    assert provinces().set_index("provincia_cut").loc["122", "nombre"] == "Antártica Chilena"


def test_commune_table_includes_antartica_without_geometry() -> None:
    table = commune_table()
    assert table["comuna_cut"].is_unique and table["comuna_cut"].is_monotonic_increasing
    antartica = table.set_index("comuna_cut").loc["12202"]
    assert antartica["nombre"] == "Antártica" and bool(antartica["sin_geometria"])
    assert antartica["provincia_cut"] == "122" and antartica["region_cut"] == "12"
    assert np.isnan(antartica["lat"]) and np.isnan(antartica["lon"])
    assert int(table["sin_geometria"].sum()) == 1


def test_representative_points_lie_inside_each_commune() -> None:
    table = commune_table().set_index("comuna_cut")
    frame = communes().set_index("comuna_cut")
    points = shapely.points(table.loc[frame.index, "lon"], table.loc[frame.index, "lat"])
    assert shapely.intersects(np.asarray(frame.geometry.values), points).all()
    valparaiso = table.loc["05101"]  # on the mainland part, not on an island far offshore
    assert -72.0 < valparaiso["lon"] < -71.0


def test_representative_point_of_a_horseshoe_is_inside() -> None:
    horseshoe = shapely.Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    point = representative_points(np.array([horseshoe]))[0]
    assert horseshoe.contains(point)


def test_returned_frames_are_copies() -> None:
    frame = communes()
    frame.loc[0, "nombre"] = "cambiado"
    assert communes().loc[0, "nombre"] != "cambiado"
