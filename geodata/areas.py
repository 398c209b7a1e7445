"""Areas in square kilometres, measured in an equal-area projection.

Degrees are not a unit of area and UTM zones distort a country 4,300 km long, so areas are
computed in EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global, cylindrical equal-area).
"""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import numpy as np

#: Equal-area CRS used for every ``area_km2`` column.
EQUAL_AREA_CRS: Final[str] = "EPSG:6933"


def area_km2(geometries: gpd.GeoSeries) -> np.ndarray:
    """Area of each geometry in km² (input in any geographic or projected CRS)."""
    return np.asarray(geometries.to_crs(EQUAL_AREA_CRS).area, dtype=float) / 1e6
