"""Map extents that frame what users look at, not the Pacific.

Isla de Pascua (lon -109.4) and Juan Fernández (lon -79 to -81) belong to Valparaíso; fitting a
map to all of Chile's polygons would zoom out to half the Pacific. Extents here drop polygon
parts whose centroid lies west of :data:`geodata.catalog.OCEANIC_LONGITUDE`, keeping the
continent and its coastal islands (Chiloé, the fjords, Tierra del Fuego, Cabo de Hornos).
"""

from __future__ import annotations

import numpy as np
import shapely

from geodata.catalog import OCEANIC_LONGITUDE, pad_code
from geodata.layers import _communes
from i18n import t

Bounds = tuple[tuple[float, float], tuple[float, float]]


def continental_extent(geoms: np.ndarray) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the parts that are not oceanic islands."""
    parts = shapely.get_parts(np.asarray(geoms, dtype=object))
    keep = shapely.get_x(shapely.centroid(parts)) > OCEANIC_LONGITUDE
    west, south, east, north = shapely.total_bounds(parts[keep] if keep.any() else parts)
    return float(west), float(south), float(east), float(north)


def _as_bounds(extent: tuple[float, float, float, float]) -> Bounds:
    west, south, east, north = extent
    return (south, west), (north, east)


def national_bounds() -> Bounds:
    """((south, west), (north, east)) of continental Chile and nearby islands (folium order)."""
    return _as_bounds(continental_extent(_communes().geometry.values))


def region_bounds(region_cut: str) -> Bounds:
    """Same shape for one region; for Valparaíso (05) the oceanic islands are left out."""
    code = pad_code(region_cut, "region")
    frame = _communes()
    geoms = frame.geometry.values[(frame["region_cut"] == code).to_numpy()]
    if len(geoms) == 0:
        raise ValueError(t("geo.region_desconocida", region=region_cut))
    return _as_bounds(continental_extent(geoms))
