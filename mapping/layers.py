"""Layers shared by the three views: styled areas (choropleth or outlines) and sector points.

Areas are folium ``GeoJson`` layers whose per-feature style and escaped tooltip text are
computed here in Python. Points are one compact JSON array drawn by a few lines of Leaflet:
a small SVG shape per sector (colour *and* shape), clustered with leaflet.markercluster when
there are many, so 20 000 organizations cost one array instead of 20 000 DOM markers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import folium
import pandas as pd
from branca.element import Figure
from folium.elements import JSCSSMixin
from jinja2 import Template

from mapping.palette import CLUSTER_FILL, CLUSTER_TEXT, OUTLINE, SECTOR_STYLES, sector_style, shape_svg
from mapping.popups import esc
from mapping.safe import script_json

CODE_FIELD = {"regiones": "region_cut", "provincias": "provincia_cut", "comunas": "comuna_cut"}
SECTOR_ORDER: tuple[str, ...] = tuple(SECTOR_STYLES)


def load_features(geojson: str | Mapping[str, Any]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection as a fresh dict (never mutates the caller's copy)."""
    data = json.loads(geojson) if isinstance(geojson, str) else json.loads(json.dumps(geojson))
    if data.get("type") != "FeatureCollection":
        raise ValueError("se esperaba un GeoJSON FeatureCollection")
    return data


def feature_code(feature: Mapping[str, Any], level: str) -> str:
    props = feature.get("properties") or {}
    code = props.get(CODE_FIELD[level])
    if code is None:
        code = props.get("codigo") or props.get("cut")
    return str(code)


def area_layer(
    geojson: Mapping[str, Any],
    *,
    name: str,
    style_of: Callable[[Mapping[str, Any]], dict[str, Any]],
    tooltip_of: Callable[[Mapping[str, Any]], str] | None = None,
    highlight: bool = True,
) -> folium.GeoJson:
    """A GeoJSON layer; ``style_of``/``tooltip_of`` receive each feature's properties.

    The tooltip string must already be escaped HTML: it is stored as property ``_tooltip``
    and inserted by Leaflet as HTML.
    """
    data = load_features(geojson)
    for feature in data["features"]:
        props = feature.setdefault("properties", {})
        props["_style"] = style_of(props)
        if tooltip_of is not None:
            props["_tooltip"] = tooltip_of(props)
    tooltip = folium.GeoJsonTooltip(fields=["_tooltip"], labels=False, sticky=True) if tooltip_of else None
    return folium.GeoJson(
        data,
        name=name,
        style_function=lambda f: f["properties"]["_style"],
        highlight_function=(lambda f: {"weight": 4, "color": OUTLINE}) if highlight else None,
        tooltip=tooltip,
        zoom_on_click=False,
        smooth_factor=0.5,
    )


def points_payload(orgs: pd.DataFrame, label_of: Callable[[Mapping[str, Any]], str]) -> list[list[Any]]:
    """``[lat, lon, sector index, id, escaped label]`` per organization with coordinates."""
    located = orgs.dropna(subset=["latitud", "longitud"])
    if located.empty:
        return []
    sector_idx = {s: i for i, s in enumerate(SECTOR_ORDER)}
    lat = located["latitud"].round(5).tolist()
    lon = located["longitud"].round(5).tolist()
    sec = [sector_idx.get(s, len(SECTOR_ORDER)) for s in located["sector_tripartito"]]
    ids = [int(i) for i in located["id"]]
    labels = [label_of(r) for r in located[["nombre", "sector_tripartito"]].to_dict("records")]
    return [list(row) for row in zip(lat, lon, sec, ids, labels, strict=True)]


# Cluster badges: neutral dark grey with white figures (never a sector colour), white ring.
_POINT_CSS = (
    "<style>.mapa-punto{background:none;border:none}"
    f".mapa-grupo{{background:{CLUSTER_FILL};color:{CLUSTER_TEXT};border:2px solid #fff;border-radius:50%;"
    "box-shadow:0 0 0 1px #1a1a1a;display:flex;align-items:center;justify-content:center;"
    "font:700 12px/1 sans-serif}</style>"
)


def _icons_html(size: int) -> list[str]:
    icons = [shape_svg(sector_style(s).shape, sector_style(s).color, size) for s in SECTOR_ORDER]
    icons.append(shape_svg("circle", sector_style(None).color, size))
    return icons


_CLUSTER_JS = [("markerclusterjs", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js")]
_CLUSTER_CSS = [
    ("markerclustercss", "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"),
    ("markerclusterdefaultcss",
     "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"),
]


class PointAssets(JSCSSMixin):
    """The clustering library and the point styles, loaded with a map's frame.

    A map whose points are swapped in later (:func:`mapping.regional.regional_layers` passed
    to the running map) gets its scripts and stylesheets only when the frame loads, so the
    frame carries them whatever the first set of points needs. Rewritten to the vendored
    copies by :func:`mapping.assets.localize` like every other asset.
    """

    _template = Template("{% macro script(this, kwargs) %}{% endmacro %}")
    default_js = _CLUSTER_JS
    default_css = _CLUSTER_CSS

    def __init__(self) -> None:
        super().__init__()
        self._name = "PointAssets"

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(folium.Element(_POINT_CSS), name="mapa_punto_css")
        super().render(**kwargs)


class SectorPoints(JSCSSMixin):
    """Organizations as SVG shapes per sector, optionally clustered (leaflet.markercluster).

    Each marker carries ``feature.properties.org_id`` so a click comes back to the app as
    ``last_active_drawing`` (streamlit-folium) and opens the organization's detail.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var rows = {{ this.rows_json }};
            var icons = {{ this.icons_json }};
            var size = {{ this.size }};
            {% if this.cluster %}
            var group = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 150,
                showCoverageOnHover: false, maxClusterRadius: 50, disableClusteringAtZoom: 13,
                iconCreateFunction: function(cluster) {
                    var n = cluster.getChildCount();
                    var d = n < 100 ? 30 : (n < 1000 ? 36 : 44);
                    return L.divIcon({html: '<span>' + n + '</span>', className: 'mapa-grupo',
                                      iconSize: [d, d]});
                }});
            {% else %}
            var group = L.featureGroup();
            {% endif %}
            var markers = new Array(rows.length);
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var m = L.marker([r[0], r[1]], {
                    icon: L.divIcon({html: icons[r[2]], className: 'mapa-punto', iconSize: [size, size]}),
                    keyboard: false, title: ''
                });
                m.feature = {type: 'Feature', properties: {org_id: r[3]}};
                m.bindTooltip(r[4]);
                markers[i] = m;
            }
            {% if this.cluster %}group.addLayers(markers);
            {% else %}markers.forEach(function(m) { group.addLayer(m); });{% endif %}
            group.addTo({{ this._parent.get_name() }});
            window.mapaPuntos = group;
        })();
        {% endmacro %}
        """
    )

    default_js = _CLUSTER_JS
    default_css = _CLUSTER_CSS

    def __init__(self, rows: list[list[Any]], *, cluster: bool, size: int = 14) -> None:
        super().__init__()
        self._name = "SectorPoints"
        if not cluster:
            self.default_js, self.default_css = [], []
        self.cluster = cluster
        self.size = size
        self.rows_json = script_json(rows)
        self.icons_json = script_json(_icons_html(size))
        self.count = len(rows)

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(
                folium.Element(_POINT_CSS), name="mapa_punto_css"
            )
        super().render(**kwargs)


def org_label(row: Mapping[str, Any]) -> str:
    """Escaped tooltip label of a point (name only: short payload, details open on click)."""
    return esc(row.get("nombre"))
