"""The territory layers: communes, provinces, regions, country, and the commune name table.

``communes()`` is the clean coverage (see :mod:`geodata.clean`); provinces, regions and the
country are exact dissolves of it, so every level shares the same borders. Each layer is
built once per process (``lru_cache``); the expensive commune cleaning is also kept in the
optional file cache of :mod:`geodata._source`. Public functions return copies, so callers may
add columns without corrupting the cache.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata import _source
from geodata.areas import area_km2
from geodata.catalog import COMMUNES_WITHOUT_GEOMETRY, REGION_ORDER, REGION_SHORT_NAMES
from geodata.clean import GAP_WIDTH_DEG, clean_coverage

CRS: Final[str] = "EPSG:4326"
#: Bump when the cleaning or the columns change: old cache files are then ignored.
_CACHE_VERSION: Final[str] = f"comunas-v1-gap{GAP_WIDTH_DEG}"
COMMUNE_COLUMNS: Final[list[str]] = [
    "comuna_cut", "provincia_cut", "region_cut", "nombre", "provincia", "region", "area_km2", "geometry",
]
TABLE_COLUMNS: Final[list[str]] = [
    "comuna_cut", "nombre", "provincia_cut", "provincia", "region_cut", "region", "sin_geometria", "lat", "lon",
]


def build_communes(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Clean source layer -> commune layer with our column names and areas (pure)."""
    clean = clean_coverage(raw)
    frame = gpd.GeoDataFrame(
        {
            "comuna_cut": clean["CUT_COM"].astype(str).to_numpy(),
            "provincia_cut": clean["CUT_PROV"].astype(str).to_numpy(),
            "region_cut": clean["CUT_REG"].astype(str).to_numpy(),
            "nombre": clean["COMUNA"].astype(str).to_numpy(),
            "provincia": clean["PROVINCIA"].astype(str).to_numpy(),
            "region": clean["REGION"].astype(str).to_numpy(),
        },
        geometry=np.asarray(clean.geometry.values, dtype=object),
        crs=CRS,
    )
    frame["area_km2"] = area_km2(frame.geometry)
    return frame[COMMUNE_COLUMNS]


@lru_cache(maxsize=1)
def _communes() -> gpd.GeoDataFrame:
    cached = _source.load_cached("comunas", _CACHE_VERSION)
    if cached is not None and list(cached.columns) == COMMUNE_COLUMNS and len(cached) > 0:
        return cached.set_crs(CRS, allow_override=True)
    frame = build_communes(_source.read_source())
    _source.store_cached("comunas", _CACHE_VERSION, frame)
    return frame


def communes() -> gpd.GeoDataFrame:
    """345 communes with polygons, sorted by ``comuna_cut``, overlap-free (EPSG:4326)."""
    return _communes().copy()


def _dissolve(frame: gpd.GeoDataFrame, key: str, keep: dict[str, str]) -> gpd.GeoDataFrame:
    """Union the coverage per ``key``; ``keep`` maps output column -> commune column to carry."""
    groups = frame.groupby(key, sort=True)
    geoms = [shapely.coverage_union_all(np.asarray(g.geometry.values)) for _, g in groups]
    first = groups.first()
    data = {key: first.index.to_numpy()}
    data.update({out: first[src].to_numpy() for out, src in keep.items()})
    data["area_km2"] = groups["area_km2"].sum().to_numpy()
    return gpd.GeoDataFrame(data, geometry=geoms, crs=CRS)


@lru_cache(maxsize=1)
def _provinces() -> gpd.GeoDataFrame:
    keep = {"region_cut": "region_cut", "nombre": "provincia", "region": "region"}
    return _dissolve(_communes(), "provincia_cut", keep)


def provinces() -> gpd.GeoDataFrame:
    """56 provinces (dissolved communes), sorted by ``provincia_cut``."""
    return _provinces().copy()


@lru_cache(maxsize=1)
def _regions() -> gpd.GeoDataFrame:
    frame = _dissolve(_communes(), "region_cut", {"nombre": "region"})
    frame.insert(2, "nombre_corto", frame["region_cut"].map(REGION_SHORT_NAMES).to_numpy())
    order = {code: rank for rank, code in enumerate(REGION_ORDER, start=1)}
    frame.insert(3, "orden_norte_sur", frame["region_cut"].map(order).astype(int).to_numpy())
    return frame


def regions() -> gpd.GeoDataFrame:
    """16 regions sorted by ``region_cut``; ``orden_norte_sur`` gives the map order (1 = Arica)."""
    return _regions().copy()


@lru_cache(maxsize=1)
def _country() -> gpd.GeoDataFrame:
    frame = _communes()
    geom = shapely.coverage_union_all(np.asarray(frame.geometry.values))
    data = {"nombre": ["Chile"], "area_km2": [float(frame["area_km2"].sum())]}
    return gpd.GeoDataFrame(data, geometry=[geom], crs=CRS)


def country() -> gpd.GeoDataFrame:
    """One row: Chile (all commune polygons, oceanic islands included)."""
    return _country().copy()


def representative_points(geoms: np.ndarray) -> np.ndarray:
    """A point inside each geometry's largest part: its centroid when inside, else point_on_surface."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    order = np.lexsort((-shapely.area(parts), owner))
    first = np.unique(owner[order], return_index=True)[1]
    main = parts[order[first]]
    centroid = shapely.centroid(main)
    return np.asarray(np.where(shapely.contains(main, centroid), centroid, shapely.point_on_surface(main)))


def _missing_rows(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Rows for official communes without a polygon, named after their province and region."""
    provinces_by_code = frame.drop_duplicates("provincia_cut").set_index("provincia_cut")
    rows = []
    for code, (name, province_code) in COMMUNES_WITHOUT_GEOMETRY.items():
        province = provinces_by_code.loc[province_code]
        rows.append({
            "comuna_cut": code, "nombre": name, "provincia_cut": province_code, "provincia": province["provincia"],
            "region_cut": province["region_cut"], "region": province["region"], "sin_geometria": True,
            "lat": np.nan, "lon": np.nan,
        })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


@lru_cache(maxsize=1)
def _commune_table() -> pd.DataFrame:
    frame = _communes()
    points = representative_points(np.asarray(frame.geometry.values))
    table = pd.DataFrame(frame.drop(columns=["geometry", "area_km2"]))
    table["sin_geometria"] = False
    table["lat"] = shapely.get_y(points)
    table["lon"] = shapely.get_x(points)
    table = pd.concat([table[TABLE_COLUMNS], _missing_rows(frame)], ignore_index=True)
    table["sin_geometria"] = table["sin_geometria"].astype(bool)
    return table.sort_values("comuna_cut", kind="stable").reset_index(drop=True)


def commune_table() -> pd.DataFrame:
    """All 346 official communes (no geometry), with a representative ``lat``/``lon`` inside each."""
    return _commune_table().copy()
