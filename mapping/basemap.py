"""Base map: no tiles by default, optional tiles from the environment.

A closed government network cannot reach public tile servers, so the maps draw polygons and
points on a plain background. A deployment with its own tile server sets ``MAP_TILES_URL``
(a Leaflet URL template such as ``https://tiles.example.cl/{z}/{x}/{y}.png``) and
``MAP_TILES_ATTRIBUTION`` (required by most tile licences).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import folium

from mapping.controls import MapControls
from mapping.palette import MAP_BACKGROUND
from stakeholders import settings

MAX_ZOOM = 18
Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class TileConfig:
    url: str
    attribution: str


def tiles_from_env(env: Mapping[str, str] | None = None) -> TileConfig | None:
    """Tile settings from ``MAP_TILES_URL`` / ``MAP_TILES_ATTRIBUTION``; ``None`` = no tiles."""
    if env is None:
        url, attribution = settings.tiles_url() or "", settings.tiles_attribution() or ""
    else:
        url = (env.get("MAP_TILES_URL") or "").strip()
        attribution = (env.get("MAP_TILES_ATTRIBUTION") or "").strip()
    if not url:
        return None
    return TileConfig(url=url, attribution=attribution or url)


def base_map(bounds: Bounds, tiles: TileConfig | None = None, *, min_zoom: int = 3) -> folium.Map:
    """An empty map fitted to ``bounds`` ((south, west), (north, east)), with tiles only if configured."""
    (south, west), (north, east) = bounds
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        tiles=None,
        # Without a tile layer Leaflet has no zoom range (markercluster needs maxZoom).
        minZoom=min_zoom,
        maxZoom=MAX_ZOOM,
        prefer_canvas=False,  # SVG paths: polygons stay inspectable and clickable one by one
        control_scale=False,  # MapControls adds a metric-only scale
        zoom_snap=0.25,
    )
    if tiles is not None:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name="base", control=False,
                         max_zoom=MAX_ZOOM).add_to(m)
    m.fit_bounds([[south, west], [north, east]])
    MapControls().add_to(m)
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container{{background:{MAP_BACKGROUND} !important;}}</style>")
    )
    return m
