"""Light GeoJSON for the browser map, with borders that still fit together.

The full coverage is about 3 MB of coordinates and tens of thousands of islets: too heavy for
Leaflet over a government network. Each layer is simplified as a *coverage*
(``shapely.coverage_simplify``, Visvalingam–Whyatt on shared edges), so neighbouring
polygons keep identical borders and no slivers open between them; islets below a size
threshold are dropped (every feature keeps at least its largest part) and coordinates are
rounded to :data:`DECIMALS` places (~11 m). The finest settings of :data:`LADDER` that fit the
byte budget are used, so the file is as detailed as the budget allows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import geopandas as gpd
import numpy as np
import shapely

from geodata.catalog import pad_code
from geodata.layers import _communes, _provinces, _regions
from i18n import t

LEVELS: Final[tuple[str, ...]] = ("regiones", "provincias", "comunas")
#: Size budget of one response, in bytes (UTF-8).
MAX_BYTES: Final[int] = 300_000
#: All 345 communes at once is an exceptional request: allowed a larger budget.
MAX_BYTES_ALL_COMMUNES: Final[int] = 1_200_000
DECIMALS: Final[int] = 4
#: (simplification tolerance in degrees, smallest islet kept in km²), finest first.
LADDER: Final[tuple[tuple[float, float], ...]] = (
    (0.0005, 0.05), (0.001, 0.2), (0.002, 0.5), (0.004, 1.0), (0.008, 2.0),
    (0.015, 5.0), (0.03, 10.0), (0.06, 25.0), (0.12, 100.0),
)
_KM2_PER_SQUARE_DEGREE: Final[float] = 111.32**2
_PROPERTIES: Final[dict[str, list[str]]] = {
    "regiones": ["region_cut", "nombre", "nombre_corto", "orden_norte_sur", "area_km2"],
    "provincias": ["provincia_cut", "region_cut", "nombre", "region", "area_km2"],
    "comunas": ["comuna_cut", "provincia_cut", "region_cut", "nombre", "provincia", "region", "area_km2"],
}


@dataclass(frozen=True)
class Parts:
    """Polygon parts of a layer with their owner row, approximate km² and "largest" flag,
    computed once so each simplification step only filters them."""

    parts: np.ndarray
    owner: np.ndarray
    km2: np.ndarray
    largest: np.ndarray

    @classmethod
    def of(cls, geoms: np.ndarray) -> Parts:
        parts, owner = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
        lat = shapely.get_y(shapely.centroid(parts))
        km2 = shapely.area(parts) * _KM2_PER_SQUARE_DEGREE * np.cos(np.radians(lat))
        largest = np.zeros(len(parts), dtype=bool)
        order = np.lexsort((-km2, owner))
        largest[order[np.unique(owner[order], return_index=True)[1]]] = True
        return cls(parts, owner, km2, largest)

    def without_islets(self, min_km2: float) -> np.ndarray:
        """One MultiPolygon per row without parts under ``min_km2`` (each keeps its largest part)."""
        keep = self.largest | (self.km2 >= min_km2)
        return np.asarray(shapely.multipolygons(self.parts[keep], indices=self.owner[keep]))


def _ring(coords: np.ndarray) -> list[list[float]] | None:
    """Rounded ring without repeated vertices, or None when it collapses."""
    rounded = np.round(coords[:, :2], DECIMALS)
    changed = np.ones(len(rounded), dtype=bool)
    changed[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
    rounded = rounded[changed]
    return rounded.tolist() if len(rounded) >= 4 else None


def geometry_json(geom: shapely.Geometry) -> dict[str, object]:
    """GeoJSON MultiPolygon dict with rounded coordinates (collapsed rings left out)."""
    polygons = []
    for part in shapely.get_parts(geom):
        exterior = _ring(np.asarray(part.exterior.coords))
        if exterior is None:
            continue
        holes = [r for r in (_ring(np.asarray(i.coords)) for i in part.interiors) if r is not None]
        polygons.append([exterior, *holes])
    return {"type": "MultiPolygon", "coordinates": polygons}


def _property(value: object) -> object:
    if isinstance(value, float | np.floating):
        return round(float(value), 1)
    return value.item() if isinstance(value, np.generic) else value


def encode(frame: gpd.GeoDataFrame, geoms: np.ndarray, columns: list[str]) -> str:
    """FeatureCollection text: ``id`` is the first column (the code), properties are ``columns``."""
    features = [
        {
            "type": "Feature",
            "id": str(row[columns[0]]),
            "properties": {col: _property(row[col]) for col in columns},
            "geometry": geometry_json(geom),
        }
        for row, geom in zip(frame[columns].to_dict("records"), geoms, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))


def simplify_to_budget(frame: gpd.GeoDataFrame, columns: list[str], budget: int) -> str:
    """The most detailed :data:`LADDER` step whose GeoJSON fits ``budget`` bytes (else the coarsest).

    Sizes shrink along the ladder, so a binary search needs 3-4 simplifications, not 9."""
    parts = Parts.of(np.asarray(frame.geometry.values, dtype=object))
    texts: dict[int, str] = {}

    def fits(step: int) -> bool:
        tolerance, min_km2 = LADDER[step]
        texts[step] = encode(frame, shapely.coverage_simplify(parts.without_islets(min_km2), tolerance), columns)
        return len(texts[step].encode("utf-8")) <= budget

    low, high = 0, len(LADDER) - 1
    if not fits(high):
        return texts[high]
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return texts[low]


def _layer(level: str, region_cut: str | None) -> gpd.GeoDataFrame:
    frame = {"regiones": _regions, "provincias": _provinces, "comunas": _communes}[level]()
    if region_cut is None:
        return frame
    subset = frame[frame["region_cut"] == region_cut]
    if subset.empty:
        raise ValueError(t("geo.region_desconocida", region=region_cut))
    return subset


@lru_cache(maxsize=64)
def _web_geojson(level: str, region_cut: str | None) -> str:
    budget = MAX_BYTES_ALL_COMMUNES if (level == "comunas" and region_cut is None) else MAX_BYTES
    return simplify_to_budget(_layer(level, region_cut), _PROPERTIES[level], budget)


def web_geojson(level: str, region_cut: str | None = None) -> str:
    """GeoJSON text of ``regiones``, ``provincias`` or ``comunas`` (all, or those of ``region_cut``)."""
    if level not in LEVELS:
        raise ValueError(t("geo.web.nivel_desconocido", nivel=level, opciones=", ".join(LEVELS)))
    code = pad_code(region_cut, "region") if region_cut not in (None, "") else None
    return _web_geojson(level, code)
