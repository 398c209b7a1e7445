"""The actors of a power–interest analysis on a map, drawn like the registry map.

Shape + colour by sector (:mod:`mapping.palette`), escaped labels «name · strategy · position»,
the region's province outlines for context. Pure folium, no Streamlit.
"""

from __future__ import annotations

import folium
import pandas as pd

import geodata
from i18n import t
from mapping.assets import localize
from mapping.basemap import base_map, tiles_from_env
from mapping.layers import SectorPoints, org_label, points_payload
from mapping.legend import MapLegend, sector_legend_html
from mapping.regional import outline_layer
from stakeholders.analysis import quadrants


def actor_text(name: object, quadrant: object, position: object) -> str:
    """Unescaped label «name · strategy · position» (escaped later by :func:`org_label`)."""
    strategy = quadrants.strategy_label(quadrant) if isinstance(quadrant, str) else t("analisis.sin_evaluar")
    where = quadrants.position_label(position) if isinstance(position, str) else ""
    return f"{name} · {strategy} · {where}"


def actors_map(located: pd.DataFrame, region_cut: str | None) -> folium.Map:
    """The analysis' actors as the registry map draws them (shape + colour by sector, escaped labels)."""
    south, north = float(located["latitud"].min()), float(located["latitud"].max())
    west, east = float(located["longitud"].min()), float(located["longitud"].max())
    bounds = ((south - 0.1, west - 0.1), (north + 0.1, east + 0.1))
    m = base_map(bounds, tiles_from_env())
    if region_cut:
        province_outlines(region_cut, m)
    texts = [actor_text(n, q, p)
             for n, q, p in zip(located["nombre"], located["cuadrante"], located["posicion"], strict=True)]
    rows = located.assign(id=located["organizacion_id"], nombre=texts)
    SectorPoints(points_payload(rows, org_label), cluster=False, size=16).add_to(m)
    MapLegend(sector_legend_html(t("analisis.leyenda_sector"))).add_to(m)
    return localize(m)


def province_outlines(region_cut: str, m: folium.Map) -> None:
    """The region's provinces as thin outlines (context for the actors)."""
    outline_layer(geodata.web_geojson("provincias", region_cut), name=t("analisis.capa_provincias"),
                  weight=1.5).add_to(m)
