"""A lookup grid that answers "which commune contains this point?" with array indexing.

Testing a million points against polygons one pair at a time is slow even in GEOS; most
points, however, lie far from any border. The grid classifies every cell of a regular
lon/lat raster once: a cell that no border crosses belongs wholly to one commune (or to none),
so its points are answered by indexing a NumPy array. Only points in cells that a border
crosses ("mixed" cells) are tested exactly, and only against the few communes whose border
passes through that cell (prepared polygons, ``shapely.intersects_xy``).

Why it is exact: every cell that a border segment passes through is found by walking the
segment across the grid lines (its end cells plus both cells at each line crossing), so a cell
that is not mixed contains no border and lies wholly in the commune containing its centre,
which a scanline fill (even-odd rule per commune) computes for all cells at once. A commune
that touches a mixed cell either has a border in it (so it is a candidate) or would contain
the whole cell, leaving no room for the border that made it mixed; the centre's commune is
added as well, as a guard against rounding at cell edges.
Points outside the grid's extent (oceanic islands, garbage) return :data:`OUTSIDE_GRID`.

The same cell -> border-segment lists answer "which commune is nearest, within a few km?" for
points that fall just outside the polygons (:func:`nearest_within`), measuring in metres.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import shapely

#: Cell size in degrees (~1.1 km x 0.9 km in central Chile).
DEFAULT_STEP: Final[float] = 0.01
NO_COMMUNE: Final[int] = -1
MIXED: Final[int] = -2
OUTSIDE_GRID: Final[int] = -3


@dataclass(frozen=True)
class GridIndex:
    """Cell labels (commune index, :data:`NO_COMMUNE` or :data:`MIXED`) and, per mixed cell,
    the candidate communes and the border segments crossing it (CSR lists)."""

    x0: float
    y0: float
    step: float
    nx: int
    ny: int
    labels: np.ndarray  # int16, shape (ny * nx,)
    mixed_cells: np.ndarray  # int64, sorted flat ids of the mixed cells
    cand_ptr: np.ndarray  # int64, len(mixed_cells) + 1
    cand_idx: np.ndarray  # int32 commune indices, ascending within each cell
    seg_ptr: np.ndarray  # int64, len(mixed_cells) + 1
    seg_idx: np.ndarray  # int32 segment indices crossing each mixed cell
    seg_a: np.ndarray  # float (n_segments, 2): segment start (lon, lat)
    seg_b: np.ndarray  # float (n_segments, 2): segment end
    seg_owner: np.ndarray  # int32 commune of each segment
    geoms: np.ndarray  # prepared commune geometries (index = commune index)


def ragged(count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expand rows of sizes ``count``: the row of each item and its position within the row."""
    count = np.asarray(count, dtype=np.int64)
    row = np.repeat(np.arange(len(count)), count)
    return row, np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)


def rings_of(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every exterior and interior ring of (multi)polygons, with the index of its geometry."""
    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    return rings, part_owner[ring_part]


def _ring_edges(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start points, end points and owning geometry of every ring edge."""
    rings, owner = rings_of(geoms)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[:-1] == ring_of[1:]
    return coords[:-1][same], coords[1:][same], owner[ring_of[:-1][same]]


def _scanline_labels(a: np.ndarray, b: np.ndarray, owner: np.ndarray, x0: float, y0: float, step: float,
                     nx: int, ny: int) -> np.ndarray:
    """Label of each cell centre by the even-odd rule per geometry (``NO_COMMUNE`` if none)."""
    ylo, yhi = np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])
    # Rows whose centre y satisfies ylo <= y < yhi: the same formula for a shared vertex on both
    # edges keeps the crossing count exact even under rounding.
    r_lo = np.ceil((ylo - y0) / step - 0.5).astype(np.int64)
    r_hi = np.ceil((yhi - y0) / step - 0.5).astype(np.int64) - 1
    edge, offset = ragged(np.clip(r_hi - r_lo + 1, 0, None))
    row = r_lo[edge] + offset
    t = (y0 + (row + 0.5) * step - a[edge, 1]) / (b[edge, 1] - a[edge, 1])
    xc = a[edge, 0] + t * (b[edge, 0] - a[edge, 0])
    order = np.lexsort((xc, row, owner[edge]))
    xs, rows, who = xc[order], row[order], owner[edge][order]
    start, end, rows, who = xs[0::2], xs[1::2], rows[0::2], who[0::2]  # each (geometry, row) has even crossings
    c_lo = np.clip(np.ceil((start - x0) / step - 0.5).astype(np.int64), 0, nx)
    c_hi = np.clip(np.ceil((end - x0) / step - 0.5).astype(np.int64), 0, nx)
    keep = (rows >= 0) & (rows < ny) & (c_hi > c_lo)
    interval, offset = ragged(c_hi[keep] - c_lo[keep])
    labels = np.full(nx * ny, NO_COMMUNE, dtype=np.int16)
    labels[(rows[keep] * nx + c_lo[keep])[interval] + offset] = who[keep][interval].astype(np.int16)
    return labels


def _line_crossings(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each segment (cell units) crosses the integer lines of its first coordinate:
    (segment index, line k, other coordinate at the crossing)."""
    lo, hi = np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])
    first = np.floor(lo).astype(np.int64) + 1
    seg, offset = ragged(np.clip(np.ceil(hi).astype(np.int64) - first, 0, None))
    k = first[seg] + offset
    other = a[seg, 1] + (k - a[seg, 0]) * (b[seg, 1] - a[seg, 1]) / (b[seg, 0] - a[seg, 0])
    return seg, k, other


def _segment_cells(a: np.ndarray, b: np.ndarray, x0: float, y0: float, step: float, nx: int,
                   ny: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (cell, segment) pair where the segment passes through the cell, sorted by cell:
    the cells of its end points plus both cells at each grid-line crossing."""
    a = (a - (x0, y0)) / step
    b = (b - (x0, y0)) / step
    n = np.arange(len(a))
    cols = [np.floor(a[:, 0]), np.floor(b[:, 0])]
    rows = [np.floor(a[:, 1]), np.floor(b[:, 1])]
    segs = [n, n]
    seg, k, y = _line_crossings(a, b)  # vertical lines x = k
    cols += [k - 1.0, k * 1.0]
    rows += [np.floor(y)] * 2
    segs += [seg] * 2
    seg, k, x = _line_crossings(a[:, ::-1], b[:, ::-1])  # horizontal lines y = k
    cols += [np.floor(x)] * 2
    rows += [k - 1.0, k * 1.0]
    segs += [seg] * 2
    col, row, seg = np.concatenate(cols), np.concatenate(rows), np.concatenate(segs).astype(np.int64)
    ok = (col >= 0) & (col < nx) & (row >= 0) & (row < ny)
    key = np.unique((row[ok].astype(np.int64) * nx + col[ok].astype(np.int64)) * len(a) + seg[ok])
    return key // len(a), key % len(a)


def _csr(cells: np.ndarray, values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row pointers of ``values`` grouped by ``cells`` (sorted) for the sorted row ids ``rows``."""
    return np.append(np.searchsorted(cells, rows, side="left"), len(cells)), values.astype(np.int32)


def build_grid(geoms: np.ndarray, extent: tuple[float, float, float, float], step: float = DEFAULT_STEP) -> GridIndex:
    """Grid over ``extent`` = (west, south, east, north) for a non-overlapping coverage."""
    geoms = np.asarray(geoms, dtype=object)
    x0, y0 = extent[0] - step, extent[1] - step
    nx = int(np.ceil((extent[2] - x0) / step)) + 1
    ny = int(np.ceil((extent[3] - y0) / step)) + 1
    a, b, owner = _ring_edges(geoms)
    labels = _scanline_labels(a, b, owner, x0, y0, step, nx, ny)
    seg_cell, seg = _segment_cells(a, b, x0, y0, step, nx, ny)
    mixed = np.unique(seg_cell)
    # Candidates: owners of the segments in the cell, plus the centre's commune (rounding guard).
    n = len(geoms)
    centre = labels[mixed].astype(np.int64)
    pairs = np.unique(np.concatenate([seg_cell * n + owner[seg], (mixed * n + centre)[centre >= 0]]))
    labels[mixed] = MIXED
    cand_ptr, cand_idx = _csr(pairs // n, pairs % n, mixed)
    seg_ptr, seg_idx = _csr(seg_cell, seg, mixed)
    shapely.prepare(geoms)
    return GridIndex(x0, y0, step, nx, ny, labels, mixed, cand_ptr, cand_idx, seg_ptr, seg_idx, a, b,
                     owner.astype(np.int32), geoms)


def expand_candidates(ptr: np.ndarray, idx: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For CSR rows ``rows[i]``, the pairs (i, item) of every item in that row."""
    which, offset = ragged(ptr[rows + 1] - ptr[rows])
    return which, idx[ptr[rows][which] + offset]


def first_hit(n: int, which: np.ndarray, cand: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """Lowest candidate index with ``hit`` per point (``NO_COMMUNE`` if none): deterministic on borders."""
    out = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(out, which[hit], cand[hit])
    out[out == np.iinfo(np.int64).max] = NO_COMMUNE
    return out


def _cells_of(grid: GridIndex, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer column and row of each point, and whether it lies in the grid."""
    cx = np.floor((x - grid.x0) / grid.step)
    cy = np.floor((y - grid.y0) / grid.step)
    in_grid = (cx >= 0) & (cx < grid.nx) & (cy >= 0) & (cy < grid.ny)
    return np.where(in_grid, cx, 0).astype(np.int64), np.where(in_grid, cy, 0).astype(np.int64), in_grid


def locate(grid: GridIndex, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Commune index per point, :data:`NO_COMMUNE`, or :data:`OUTSIDE_GRID` (finite x, y expected)."""
    cx, cy, in_grid = _cells_of(grid, x, y)
    result = np.full(len(x), OUTSIDE_GRID, dtype=np.int64)
    flat = cy[in_grid] * grid.nx + cx[in_grid]
    label = grid.labels[flat].astype(np.int64)
    mixed = label == MIXED
    if mixed.any():
        rows = np.searchsorted(grid.mixed_cells, flat[mixed])
        which, cand = expand_candidates(grid.cand_ptr, grid.cand_idx, rows)
        px, py = x[in_grid][mixed], y[in_grid][mixed]
        hit = shapely.intersects_xy(grid.geoms[cand], px[which], py[which])
        label[mixed] = first_hit(int(mixed.sum()), which, cand, hit)
    result[in_grid] = label
    return result


def metres_per_degree(lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Metres per degree of longitude and of latitude on the WGS84 ellipsoid at ``lat``."""
    phi = np.radians(lat)
    lon_m = 111_412.84 * np.cos(phi) - 93.5 * np.cos(3 * phi) + 0.118 * np.cos(5 * phi)
    lat_m = 111_132.92 - 559.82 * np.cos(2 * phi) + 1.175 * np.cos(4 * phi) - 0.0023 * np.cos(6 * phi)
    return lon_m, lat_m


def _plane_distance(px: np.ndarray, py: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Metres from each point to its segment, in the tangent plane at the point."""
    kx, ky = metres_per_degree(py)
    ax, ay = (a[:, 0] - px) * kx, (a[:, 1] - py) * ky
    dx, dy = (b[:, 0] - a[:, 0]) * kx, (b[:, 1] - a[:, 1]) * ky
    length2 = dx * dx + dy * dy
    t = np.clip(-(ax * dx + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
    return np.asarray(np.hypot(ax + t * dx, ay + t * dy))


def nearest_within(grid: GridIndex, x: np.ndarray, y: np.ndarray, max_m: float,
                   max_window: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Nearest commune whose border is within ``max_m`` metres: (index, metres).

    Scans the border segments of the cells around each point (a window covering ``max_m``).
    ``NO_COMMUNE``/inf when none is that close; ``OUTSIDE_GRID`` when the point is outside the
    grid or the window would exceed ``max_window`` cells per side (caller falls back)."""
    idx = np.full(len(x), NO_COMMUNE, dtype=np.int64)
    dist = np.full(len(x), np.inf)
    lon_m, lat_m = metres_per_degree(y)
    rx = np.ceil(max_m / lon_m / grid.step).astype(np.int64)
    ry = np.ceil(max_m / lat_m / grid.step).astype(np.int64)
    cx, cy, in_grid = _cells_of(grid, x, y)
    usable = in_grid & (rx <= max_window) & (ry <= max_window)
    idx[~usable] = OUTSIDE_GRID
    point, k = ragged(np.where(usable, (2 * rx + 1) * (2 * ry + 1), 0))
    width = 2 * rx[point] + 1
    col, row = cx[point] - rx[point] + k % width, cy[point] - ry[point] + k // width
    ok = (col >= 0) & (col < grid.nx) & (row >= 0) & (row < grid.ny)
    point, flat = point[ok], row[ok] * grid.nx + col[ok]
    near = grid.labels[flat] == MIXED
    point, flat = point[near], flat[near]
    which, seg = expand_candidates(grid.seg_ptr, grid.seg_idx, np.searchsorted(grid.mixed_cells, flat))
    point = point[which]
    metres = _plane_distance(x[point], y[point], grid.seg_a[seg], grid.seg_b[seg])
    keep_closest(point, metres, grid.seg_owner[seg], max_m, idx, dist)
    return idx, dist


def keep_closest(point: np.ndarray, metres: np.ndarray, owner: np.ndarray, max_m: float,
                 idx: np.ndarray, dist: np.ndarray) -> None:
    """From (point, distance, commune) candidate rows, write each point's closest commune within
    ``max_m`` into ``idx``/``dist`` in place; ties go to the lower commune, so it is deterministic."""
    order = np.lexsort((owner, metres, point))
    first = order[np.unique(point[order], return_index=True)[1]]
    close = first[metres[first] <= max_m]
    idx[point[close]] = owner[close]
    dist[point[close]] = metres[close]
