"""One map frame for every level of the Mapa page; each level is a layer group that fits the view.

The browser keeps a map while its frame's script stays the same (streamlit-folium keys the map by
a hash of that script). So the Mapa page draws a single frame (:func:`mapa_frame`: an empty map,
its controls and the clustering assets) and passes Chile, a region or a commune as one layer
group; going from Chile to Ñuble, changing a filter or going Back only replaces the group. The
group carries its own view (:class:`FitView`) and its legends, and :func:`tag_areas` marks its
areas with the view they belong to, so clicking Ñuble again after coming back to Chile is a new
click (streamlit-folium only reports a click that differs from the last one reported).
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from folium.map import FitBounds
from jinja2 import Template

from mapping.assets import localize, walk
from mapping.basemap import Bounds, TileConfig, base_map
from mapping.layers import PointAssets
from mapping.safe import script_json

CHILE_VIEW: Bounds = ((-56.0, -76.0), (-17.5, -66.0))
VIEW_FIELD = "_vista"


def mapa_frame(tiles: TileConfig | None = None) -> folium.Map:
    """The frame shared by every level: controls, clustering assets, tiles when configured."""
    m = base_map(CHILE_VIEW, tiles, min_zoom=3)
    # No fit of its own: an animated fit still running when the level's group fits the view would
    # end on its own target (Chile) and undo the level's fit. The group fits the view.
    for name, child in list(m._children.items()):
        if isinstance(child, FitBounds):
            del m._children[name]
    PointAssets().add_to(m)
    return localize(m)


class FitView(MacroElement):
    """Fit the map to the group's territory when the group arrives, unless the map already shows
    it (a filter change keeps the user's zoom and pan); sets the level's minimum zoom."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds_json }};
            function fit() {
                var map = group._map, key = JSON.stringify(bounds);
                if (!map || window.__mapaEncuadre === key) { return; }
                // A zoom animation still running (the frame's own first fit) would end on its
                // target and undo this fit: fit once it has ended.
                if (map._animatingZoom) { map.once('zoomend', fit); return; }
                window.__mapaEncuadre = key;
                map.setMinZoom({{ this.min_zoom }});
                map.fitBounds(bounds, {animate: false});
            }
            group.on('add', fit);
            fit();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Bounds, min_zoom: int) -> None:
        super().__init__()
        self._name = "FitView"
        (south, west), (north, east) = bounds
        self.bounds_json = script_json([[float(south), float(west)], [float(north), float(east)]])
        self.min_zoom = int(min_zoom)


def tag_areas(group: Any, view: object) -> Any:
    """Mark every area of ``group`` with ``view`` (property ``_vista``, returned with a click); in place."""
    for element in walk(group):
        if isinstance(element, folium.GeoJson) and isinstance(element.data, dict):
            for feature in element.data.get("features", []):
                feature.setdefault("properties", {})[VIEW_FIELD] = str(view)
    return group
