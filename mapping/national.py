"""National view: the 16 regions as a choropleth of organizations per sector.

Aggregated on purpose: 200 000 organizations become 16 numbers per sector, so the page stays
small (≤ 2 MB) and paints fast. Absolute counts or per 1,000 km², chosen by the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd

from geodata import region_names
from i18n import t
from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig
from mapping.layers import area_layer, feature_code, load_features
from mapping.legend import GroupLegend, choropleth_legend_html, sector_legend_html
from mapping.palette import OUTLINE, class_breaks, color_for
from mapping.popups import area_tooltip
from mapping.view import FitView, mapa_frame
from stakeholders.indicators import SECTOR_KEYS
from stakeholders.vocab import SECTORS


def choropleth_values(counts: pd.DataFrame, metric: str, area_km2: pd.Series | None = None) -> pd.Series:
    """The value mapped per region: a sector's count (or ``total``), per 1,000 km² if areas are given."""
    values = counts[metric].astype(float)
    if area_km2 is not None:
        values = values / area_km2.reindex(values.index).astype(float) * 1000
    return values.fillna(0.0)


def _fmt(value: float) -> str:
    return f"{value:,.1f}".replace(",", "·").replace(".", ",").replace("·", ".")


def national_map(
    counts: pd.DataFrame,
    regions_geojson: str | Mapping[str, Any],
    bounds: Bounds,
    *,
    metric: str = "total",
    area_km2: pd.Series | None = None,
    tiles: TileConfig | None = None,
) -> folium.Map:
    """Choropleth of ``counts`` over the regions in one piece (files, tests): the frame with its layers."""
    m = mapa_frame(tiles)
    national_layers(counts, regions_geojson, bounds, metric=metric, area_km2=area_km2).add_to(m)
    return m


def national_layers(
    counts: pd.DataFrame,
    regions_geojson: str | Mapping[str, Any],
    bounds: Bounds,
    *,
    metric: str = "total",
    area_km2: pd.Series | None = None,
) -> folium.FeatureGroup:
    """Choropleth of ``counts`` (index ``region_cut``; columns sectors + ``total``) over the regions,
    with its legends and the view fitted to ``bounds``, as one group for the shared frame.

    Each region's GeoJSON properties gain its counts, so a click returns them with the code.
    """
    data = load_features(regions_geojson)
    names = region_names()
    values = choropleth_values(counts, metric, area_km2)
    breaks = class_breaks(values.tolist())
    per_area = area_km2 is not None
    for feature in data["features"]:
        code = feature_code(feature, "regiones")
        props = feature["properties"]
        props["region_cut"] = code
        props["nombre"] = names.get(code, props.get("nombre", code))  # the one official name («Región de Ñuble»)
        props["valor"] = round(float(values.get(code, 0.0)), 2)
        for key in (*SECTOR_KEYS, "total"):
            props[key] = int(counts[key].get(code, 0)) if key in counts.columns else 0

    def style(props: Mapping[str, Any]) -> dict[str, Any]:
        return {"fillColor": color_for(props["valor"], breaks), "fillOpacity": 0.85, "color": OUTLINE, "weight": 1}

    def tooltip(props: Mapping[str, Any]) -> str:
        lines: list[tuple[str, object]] = [(SECTORS[s], props[s]) for s in SECTOR_KEYS]
        lines.append((t("mapa.total"), props["total"]))
        if per_area:
            lines.append((t("mapa.por_area"), _fmt(props["valor"])))
        lines.append(("", t("mapa.clic_para_entrar")))
        return area_tooltip(props.get("nombre", props["region_cut"]), lines).replace("<br>: ", "<br>")

    group = folium.FeatureGroup(name=t("mapa.capa_regiones"), control=False)
    FitView(bounds, min_zoom=3).add_to(group)
    area_layer(data, name=t("mapa.capa_regiones"), style_of=style, tooltip_of=tooltip).add_to(group)
    metric_label = t("mapa.total") if metric == "total" else SECTORS.get(metric, metric)
    title = t("mapa.leyenda_por_area" if per_area else "mapa.leyenda_cantidad", metrica=metric_label)
    GroupLegend(choropleth_legend_html(title, breaks, t("mapa.sin_organizaciones")), "bottomleft").add_to(group)
    if metric == "total":
        GroupLegend(sector_legend_html(t("mapa.leyenda_sectores")), "topright").add_to(group)
    return localize(group)
