"""Commune view: one commune's outline and each organization as a point (shape + colour).

Few enough points to show individually; above ``cluster_above`` they are clustered anyway
so a dense urban commune stays responsive. Like the other levels it is a layer group for the
shared frame (:mod:`mapping.view`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd

from i18n import t
from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig
from mapping.layers import SectorPoints, feature_code, load_features, org_label, points_payload
from mapping.legend import GroupLegend, gap_legend_html, sector_legend_html
from mapping.regional import commune_layer, gap_outline_layers
from mapping.view import FitView, mapa_frame
from stakeholders.errors import InputError


def geojson_bounds(geojson: Mapping[str, Any]) -> Bounds:
    """((south, west), (north, east)) of every coordinate in a FeatureCollection."""
    lons: list[float] = []
    lats: list[float] = []

    def visit(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords:
                visit(c)

    for feature in geojson["features"]:
        visit(feature["geometry"]["coordinates"])
    if not lons:
        raise InputError(t("mapa.local.sin_coordenadas"))
    return (min(lats), min(lons)), (max(lats), max(lons))


def commune_features(communes_geojson: str | Mapping[str, Any], comuna_cut: str) -> dict[str, Any]:
    """The FeatureCollection reduced to one commune."""
    data = load_features(communes_geojson)
    data["features"] = [f for f in data["features"] if feature_code(f, "comunas") == comuna_cut]
    if not data["features"]:
        raise InputError(t("mapa.local.comuna_sin_geometria", comuna=comuna_cut))
    return data


def commune_layers(
    orgs: pd.DataFrame,
    communes_geojson: str | Mapping[str, Any],
    comuna_cut: str,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    cluster_above: int = 2000,
) -> folium.FeatureGroup:
    """One commune as a layer group for the shared frame (:mod:`mapping.view`): its outline with
    its count, its gap outline, its organizations, the legends and the view fitted to it."""
    data = commune_features(communes_geojson, comuna_cut)
    here = orgs[orgs["comuna_cut"] == comuna_cut]
    group = folium.FeatureGroup(name=t("mapa.capa_organizaciones"), control=False)
    FitView(geojson_bounds(data), min_zoom=5).add_to(group)
    commune_layer(data, gaps or {}, {comuna_cut: len(here)}, name=t("mapa.capa_comunas")).add_to(group)
    for layer in gap_outline_layers(data, gaps or {}, name=t("mapa.leyenda_brecha")):
        layer.add_to(group)
    SectorPoints(points_payload(here, org_label), cluster=len(here) > cluster_above).add_to(group)
    GroupLegend(sector_legend_html(t("mapa.leyenda_sectores")), "topright").add_to(group)
    if gaps and comuna_cut in gaps:
        GroupLegend(gap_legend_html(t("mapa.leyenda_brecha")), "bottomleft").add_to(group)
    return localize(group)


def commune_map(
    orgs: pd.DataFrame,
    communes_geojson: str | Mapping[str, Any],
    comuna_cut: str,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    tiles: TileConfig | None = None,
    cluster_above: int = 2000,
) -> folium.Map:
    """One commune with its organizations as individual points, in one piece (files, tests)."""
    m = mapa_frame(tiles)
    commune_layers(orgs, communes_geojson, comuna_cut, gaps=gaps, cluster_above=cluster_above).add_to(m)
    return m
