"""Commune view: one commune's outline and each organization as a point (shape + colour).

Few enough points to show individually; above ``cluster_above`` they are clustered anyway
so a dense urban commune stays responsive. Like the regional view, it comes as a frame
(:func:`commune_base`) and the layers the filters change (:func:`commune_layers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd

from i18n import t
from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig, base_map
from mapping.layers import PointAssets, SectorPoints, feature_code, load_features, org_label, points_payload
from mapping.legend import MapLegend, gap_legend_html, sector_legend_html
from mapping.regional import commune_layer, gap_outline_layers
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


def commune_base(
    communes_geojson: str | Mapping[str, Any],
    comuna_cut: str,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    tiles: TileConfig | None = None,
) -> folium.Map:
    """The frame of one commune's map (fit, legends, assets): the filters never change it."""
    data = commune_features(communes_geojson, comuna_cut)
    m = base_map(geojson_bounds(data), tiles, min_zoom=5)
    PointAssets().add_to(m)
    MapLegend(sector_legend_html(t("mapa.leyenda_sectores")), "topright").add_to(m)
    if gaps and comuna_cut in gaps:
        MapLegend(gap_legend_html(t("mapa.leyenda_brecha")), "bottomleft").add_to(m)
    return localize(m)


def commune_layers(
    orgs: pd.DataFrame,
    communes_geojson: str | Mapping[str, Any],
    comuna_cut: str,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    cluster_above: int = 2000,
) -> folium.FeatureGroup:
    """What the filters change: the commune with its count, its gap outline and its organizations."""
    data = commune_features(communes_geojson, comuna_cut)
    here = orgs[orgs["comuna_cut"] == comuna_cut]
    group = folium.FeatureGroup(name=t("mapa.capa_organizaciones"), control=False)
    commune_layer(data, gaps or {}, {comuna_cut: len(here)}, name=t("mapa.capa_comunas")).add_to(group)
    for layer in gap_outline_layers(data, gaps or {}, name=t("mapa.leyenda_brecha")):
        layer.add_to(group)
    SectorPoints(points_payload(here, org_label), cluster=len(here) > cluster_above).add_to(group)
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
    m = commune_base(communes_geojson, comuna_cut, gaps=gaps, tiles=tiles)
    commune_layers(orgs, communes_geojson, comuna_cut, gaps=gaps, cluster_above=cluster_above).add_to(m)
    return m
