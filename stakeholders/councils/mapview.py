"""The proposal on a map: members' points over the region's provinces (pure folium, no Streamlit)."""

from __future__ import annotations

import folium
import pandas as pd

from i18n import t
from mapping.safe import html_text

SECTOR_COLORS: dict[str, str] = {
    "gobierno": "#1f77b4",
    "empleadores": "#d62728",
    "trabajadores": "#2ca02c",
    "sociedad_civil": "#9467bd",
}


def council_map(members: pd.DataFrame, provinces_geojson: str | None, region_cut: str) -> folium.Map:
    """CircleMarkers coloured by seat over the province outlines; every label is HTML-escaped."""
    located = members.dropna(subset=["latitud", "longitud"])
    if "provincia_cobertura" in located.columns:
        located = located[located["provincia_cobertura"].notna()]
    center = [float(located["latitud"].mean()), float(located["longitud"].mean())] if len(located) else [-35.7, -71.5]
    fmap = folium.Map(location=center, zoom_start=7, tiles=None, control_scale=True)
    if provinces_geojson:
        folium.GeoJson(
            provinces_geojson,
            name=t("consejo.mapa_provincias"),
            style_function=lambda _: {"color": "#555", "weight": 1, "fillOpacity": 0.05},
        ).add_to(fmap)
    for row in located.to_dict("records"):
        seat = str(row.get("asiento") or row.get("sector_tripartito"))
        label = html_text(f"{row['nombre']} · {t('consejo.sector_' + seat)}")
        folium.CircleMarker(
            [float(row["latitud"]), float(row["longitud"])],
            radius=8,
            color=SECTOR_COLORS.get(seat, "#333"),
            fill=True,
            fill_opacity=0.85,
            tooltip=label,
            popup=folium.Popup(label, max_width=300),
        ).add_to(fmap)
    if len(located):
        fmap.fit_bounds(
            [
                [located["latitud"].min(), located["longitud"].min()],
                [located["latitud"].max(), located["longitud"].max()],
            ],
            padding=(30, 30),
        )
    return fmap
