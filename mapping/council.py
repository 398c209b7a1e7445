"""The council proposal on a map: members as sector shapes over the region's provinces.

Same drawing as the registry map (:mod:`mapping.layers`): Okabe–Ito colour *and* shape per
seat (:mod:`mapping.palette`), escaped tooltips, a legend, no jQuery-dependent popups (the
offline assets do not ship jQuery). Pure folium, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd

from geodata import region_bounds
from i18n import t
from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig, base_map
from mapping.layers import SectorPoints, org_label, points_payload
from mapping.legend import MapLegend, sector_legend_html
from mapping.regional import outline_layer
from stakeholders.councils.labels import seat_label
from stakeholders.councils.params import SEAT_SECTORS

MARGIN = 0.15  # degrees around the members, so edge markers are not cut by the frame


def _seat(row: Mapping[str, Any]) -> str:
    return str(row.get("asiento") or row.get("sector_tripartito") or "")


def member_text(row: Mapping[str, Any]) -> str:
    """Tooltip text (unescaped): «Name · seat»."""
    seat = _seat(row)
    return f"{row.get('nombre')} · {seat_label(seat) or seat}"


def located_members(members: pd.DataFrame) -> pd.DataFrame:
    """Members with coordinates (a national body counts where its regional chapter is)."""
    located = members.dropna(subset=["latitud", "longitud"])
    if "provincia_cobertura" in located.columns:
        located = located[located["provincia_cobertura"].notna()]
    return located


def member_bounds(located: pd.DataFrame) -> Bounds | None:
    if located.empty:
        return None
    return ((float(located["latitud"].min()) - MARGIN, float(located["longitud"].min()) - MARGIN),
            (float(located["latitud"].max()) + MARGIN, float(located["longitud"].max()) + MARGIN))


def council_map(members: pd.DataFrame, provinces_geojson: str | Mapping[str, Any] | None, region_cut: str,
                *, tiles: TileConfig | None = None) -> folium.Map:
    """Members (shape + colour by seat) over province outlines, fitted to the members or the region."""
    located = located_members(members)
    bounds = member_bounds(located) or region_bounds(region_cut)
    m = base_map(bounds, tiles, min_zoom=4)
    if provinces_geojson:
        outline_layer(provinces_geojson, name=t("consejo.mapa_provincias"), weight=1.5).add_to(m)
    records = located.to_dict("records")
    rows = located.assign(sector_tripartito=[_seat(r) for r in records], nombre=[member_text(r) for r in records])
    SectorPoints(points_payload(rows, org_label), cluster=False, size=18).add_to(m)
    MapLegend(sector_legend_html(t("consejo.mapa_leyenda"), {s: seat_label(s) for s in SEAT_SECTORS}),
              "topright").add_to(m)
    return localize(m)
