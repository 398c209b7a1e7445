"""The lookup grid answers exactly what a polygon-by-polygon test would."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geodata import communes
from geodata.bounds import continental_extent
from geodata.grid import MIXED, NO_COMMUNE, OUTSIDE_GRID, build_grid, locate, metres_per_degree, nearest_within


def _brute_force(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    which, cand = shapely.STRtree(geoms).query(shapely.points(x, y), predicate="intersects")
    out = np.full(len(x), 10**9)
    np.minimum.at(out, which, cand)
    out[out == 10**9] = NO_COMMUNE
    return out


def _toy() -> np.ndarray:
    # An L-shaped polygon, a triangle touching it, and a donut with an island in its hole.
    return np.array([
        shapely.Polygon([(0, 0), (3, 0), (3, 1), (1, 1), (1, 3), (0, 3)]),
        shapely.Polygon([(3, 0), (5, 0), (3, 1)]),
        shapely.Polygon([(6, 0), (9, 0), (9, 3), (6, 3)], [[(7, 1), (8, 1), (8, 2), (7, 2)]]),
        shapely.MultiPolygon([shapely.box(7.25, 1.25, 7.75, 1.75), shapely.box(10, 0, 10.2, 0.2)]),
    ], dtype=object)


def test_toy_coverage_matches_brute_force() -> None:
    geoms = _toy()
    grid = build_grid(geoms.copy(), (0.0, 0.0, 10.2, 3.0), step=0.37)
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-0.5, 10.7, 20_000), rng.uniform(-0.5, 3.5, 20_000)
    found = locate(grid, x, y)
    inside_grid = found != OUTSIDE_GRID
    assert inside_grid.mean() > 0.8
    assert (found[inside_grid] == _brute_force(geoms, x, y)[inside_grid]).all()
    assert (grid.labels == MIXED).any() and (grid.labels >= 0).any() and (grid.labels == NO_COMMUNE).any()


def test_points_on_a_shared_border_get_the_lower_index() -> None:
    geoms = _toy()
    grid = build_grid(geoms.copy(), (0.0, 0.0, 10.2, 3.0), step=0.25)
    found = locate(grid, np.array([3.0, 2.0]), np.array([0.5, 0.0]))
    assert found.tolist() == [0, 0]  # (3, 0.5) is on the L/triangle border; (2, 0) on the L's edge


def test_real_coverage_matches_brute_force() -> None:
    geoms = np.asarray(communes().geometry.values, dtype=object).copy()
    grid = build_grid(geoms, continental_extent(geoms))
    rng = np.random.default_rng(11)
    # Half uniform over the extent, half in the dense Santiago basin.
    x = np.concatenate([rng.uniform(-75.7, -66.5, 30_000), rng.uniform(-70.85, -70.45, 30_000)])
    y = np.concatenate([rng.uniform(-56.5, -17.5, 30_000), rng.uniform(-33.65, -33.3, 30_000)])
    found = locate(grid, x, y)
    assert (found != OUTSIDE_GRID).all()
    assert (found == _brute_force(geoms, x, y)).all()
    assert (found >= 0).sum() > 30_000


def test_nearest_within_measures_metres() -> None:
    geoms = _toy()
    grid = build_grid(geoms.copy(), (0.0, 0.0, 10.2, 3.0), step=0.25)
    # 0.01° south of the L at the equator ≈ 1,106 m; east of the triangle tip beyond reach.
    idx, dist = nearest_within(grid, np.array([2.0, 5.5]), np.array([-0.01, 0.0]), max_m=2_000)
    assert idx[0] == 0 and dist[0] == pytest.approx(0.01 * metres_per_degree(np.array([-0.01]))[1][0], rel=1e-3)
    assert idx[1] == NO_COMMUNE and np.isinf(dist[1])


def test_metres_per_degree() -> None:
    lon_m, lat_m = metres_per_degree(np.array([0.0, -33.0, -53.0]))
    assert lon_m[0] == pytest.approx(111_320, rel=1e-3) and lat_m[0] == pytest.approx(110_574, rel=1e-3)
    assert lon_m[1] == pytest.approx(93_453, rel=2e-3) and lon_m[2] == pytest.approx(67_137, rel=2e-3)
