"""Points land in exactly one commune, are snapped near the coast, or are rejected with a reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geodata import SNAP_DISTANCE_M, _source, assign_points, communes, raw_overlap_count
from geodata.assign import OUTPUT_COLUMNS, format_distance

PLACES = {  # (lat, lon) -> commune
    "Plaza de Armas de Santiago": ((-33.4378, -70.6505), "13101"),
    "Punta Arenas": ((-53.1638, -70.9171), "12101"),
    "Concepción": ((-36.827, -73.050), "08101"),
    "Hanga Roa": ((-27.15, -109.43), "05201"),
    "Arica": ((-18.4783, -70.3126), "15101"),
    "Puerto Montt": ((-41.4693, -72.9424), "10101"),
}


def _one(lat: float, lon: float, **kwargs: float) -> pd.Series:
    return assign_points([lon], [lat], **kwargs).iloc[0]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_known_places(place: str) -> None:
    (lat, lon), code = PLACES[place]
    row = _one(lat, lon)
    assert row["comuna_cut"] == code and row["estado"] == "dentro"
    assert row["provincia_cut"] == code[:3] and row["region_cut"] == code[:2]
    assert row["distancia_m"] == 0.0 and row["motivo"] is None and not row["coordenadas_invertidas"]


def test_output_shape_and_types() -> None:
    lat = pd.Series([-33.4378, np.nan], index=[10, 20])
    lon = pd.Series([-70.6505, -70.0], index=[10, 20])
    out = assign_points(lon, lat)
    assert list(out.columns) == OUTPUT_COLUMNS
    assert list(out.index) == [0, 1]
    assert out.loc[1, "comuna_cut"] is None and out.loc[1, "region_cut"] is None
    assert out["coordenadas_invertidas"].dtype == bool and out["distancia_m"].dtype == float
    assert assign_points([], []).shape == (0, len(OUTPUT_COLUMNS))
    assert assign_points(-70.6505, -33.4378).loc[0, "comuna_cut"] == "13101"


@pytest.mark.parametrize(("lat", "lon"), [(-32.89, -68.83), (-30.0, -85.0)])
def test_mendoza_and_the_open_pacific_are_rejected(lat: float, lon: float) -> None:
    row = _one(lat, lon)
    assert row["estado"] == "rechazado" and row["comuna_cut"] is None
    assert "en el mar o fuera de Chile" in row["motivo"]
    assert row["distancia_m"] > 50_000
    assert not row["coordenadas_invertidas"]


def test_swapped_coordinates_are_detected_not_assigned() -> None:
    out = assign_points([-33.4378, -27.15], [-70.6505, -109.43])  # lon and lat columns swapped
    assert (out["estado"] == "rechazado").all() and out["coordenadas_invertidas"].all()
    assert out["comuna_cut"].isna().all()
    assert "invertidas" in out.loc[0, "motivo"] and "Santiago" in out.loc[0, "motivo"]
    assert "Isla de Pascua" in out.loc[1, "motivo"]  # latitude -109 was out of range, but swapped it fits


def test_invalid_values_get_a_reason() -> None:
    out = assign_points([None, "abc", -70.0, 10.0, np.inf], [-33.0, "x", 95.0, 10.0, -33.0])
    assert (out["estado"] == "rechazado").all() and not out["coordenadas_invertidas"].any()
    assert out.loc[0, "motivo"] == "Coordenadas vacías o no numéricas."
    assert out.loc[1, "motivo"] == "Coordenadas vacías o no numéricas."
    assert out.loc[2, "motivo"].startswith("Coordenadas fuera de rango")
    assert out.loc[3, "motivo"].startswith("El punto está fuera del recuadro que contiene a Chile")
    assert out.loc[4, "motivo"] == "Coordenadas vacías o no numéricas."


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="no tienen la misma cantidad"):
        assign_points([-70.0, -71.0], [-33.0])


def _geodesic_to_commune(lat: float, lon: float, code: str) -> float:
    """Exact metres from the point to the commune: azimuthal equidistant projection centred on it."""
    geom = communes().set_index("comuna_cut").geometry[[code]]
    local = geom.to_crs(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    return float(local.distance(shapely.Point(0, 0)).iloc[0])


def test_point_at_sea_near_the_coast_is_snapped_within_the_limit() -> None:
    lat, lon = -33.0, -71.58  # off Viña del Mar, about 2.6 km from the simplified coastline
    assert _one(lat, lon)["estado"] == "rechazado"  # default limit: 2 km
    row = _one(lat, lon, snap_m=3_000)
    assert row["estado"] == "ajustado" and row["comuna_cut"] == "05109"
    assert row["distancia_m"] == pytest.approx(_geodesic_to_commune(lat, lon, "05109"), rel=0.002)
    assert "se asignó a la comuna más cercana, Viña del Mar, a 2," in row["motivo"]
    assert _one(lat, lon, snap_m=0)["estado"] == "rechazado"


def test_coastal_points_default_snap() -> None:
    assert SNAP_DISTANCE_M == 2_000
    rng = np.random.default_rng(5)
    coast = shapely.get_coordinates(shapely.boundary(communes().set_index("comuna_cut").geometry["05101"]))
    base = coast[rng.integers(0, len(coast), 400)]
    out = assign_points(base[:, 0] - 0.004, base[:, 1])  # ~370 m west of Valparaíso's boundary
    snapped = out[out["estado"] == "ajustado"]
    assert len(snapped) > 20
    assert (snapped["distancia_m"] > 0).all() and (snapped["distancia_m"] <= SNAP_DISTANCE_M).all()
    assert snapped["motivo"].str.contains("se asignó a la comuna más cercana").all()
    assert (out["estado"] != "rechazado").all()


def test_points_in_a_source_overlap_get_the_lower_code_once() -> None:
    raw = _source.read_source().set_index("CUT_COM").geometry
    overlap = shapely.intersection(raw["02301"], raw["02302"])
    point = shapely.point_on_surface(overlap)
    assert raw_overlap_count([point.x], [point.y]) == 1
    out = assign_points([point.x, point.x], [point.y, point.y])
    assert out["comuna_cut"].tolist() == ["02301", "02301"] and (out["estado"] == "dentro").all()


def _land_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    frame = communes()
    x, y = rng.uniform(-75.5, -66.5, n * 6), rng.uniform(-56.0, -17.5, n * 6)
    inside = shapely.intersects_xy(shapely.coverage_union_all(np.asarray(frame.geometry.values)), x, y)
    return x[inside][:n], y[inside][:n]


def test_assignment_is_stable_and_order_independent() -> None:
    x, y = _land_points(20_000, 9)
    first = assign_points(x, y)
    assert first.equals(assign_points(x, y))
    order = np.random.default_rng(1).permutation(len(x))
    shuffled = assign_points(x[order], y[order])
    assert (shuffled["comuna_cut"].to_numpy() == first["comuna_cut"].to_numpy()[order]).all()
    assert len(first) == len(x) and (first["estado"] == "dentro").all()
    assert raw_overlap_count(x, y) > 0  # the raw source would put some of them in two communes


def test_format_distance() -> None:
    assert format_distance(np.array([349.6, 1_234.0, 95_200.0])).tolist() == ["350 m", "1,2 km", "95,2 km"]


def test_snapping_near_an_oceanic_island() -> None:
    pascua = communes().set_index("comuna_cut").geometry["05201"]
    coords = shapely.get_coordinates(pascua)
    west = coords[np.argmin(coords[:, 0])]
    lon, lat = west[0] - 0.005, west[1]  # ~500 m west of the island, outside the lookup grid
    row = _one(lat, lon)
    assert row["estado"] == "ajustado" and row["comuna_cut"] == "05201"
    assert row["distancia_m"] == pytest.approx(_geodesic_to_commune(lat, lon, "05201"), rel=0.01)
