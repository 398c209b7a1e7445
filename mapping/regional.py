"""Regional view: provinces and communes outlined, organizations clustered, gaps marked.

A region can hold tens of thousands of organizations: they are drawn as one clustered
layer (:class:`mapping.layers.SectorPoints`). Communes with coverage gaps get a thick dashed
outline, so they stand out without relying on fill colour; the same list is shown as a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium
import pandas as pd

from i18n import t
from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig
from mapping.layers import SectorPoints, area_layer, feature_code, load_features, org_label, points_payload
from mapping.legend import LEGEND_BOX, GroupLegend, gap_legend_html, sector_legend_html
from mapping.palette import GAP_CASING, GAP_OUTLINE, MUTED_TEXT, OUTLINE
from mapping.popups import area_tooltip, esc
from mapping.view import FitView, mapa_frame


def gap_style(has_gap: bool) -> dict[str, Any]:
    """Commune fill and outline: thin grey, a light red tint when it has a coverage gap (the
    dashed red outline itself is drawn on top by :func:`gap_outline_layers`)."""
    if has_gap:
        return {"color": MUTED_TEXT, "weight": 1, "fillColor": GAP_OUTLINE, "fillOpacity": 0.08}
    return {"color": MUTED_TEXT, "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.35}


def gap_outline_layers(communes_geojson: str | Mapping[str, Any], gaps: Mapping[str, list[str]],
                       *, name: str) -> list[folium.GeoJson]:
    """Communes with a gap: a white casing under a dashed red line, above every other border.

    The casing keeps the red line ≥ 3:1 against the dark borders it runs along; neither layer
    catches clicks (the commune layer below does).
    """
    data = load_features(communes_geojson)
    data["features"] = [f for f in data["features"] if feature_code(f, "comunas") in gaps]
    if not data["features"]:
        return []
    layers = []
    for style in ({"color": GAP_CASING, "weight": 7, "opacity": 0.95, "fill": False},
                  {"color": GAP_OUTLINE, "weight": 3.5, "dashArray": "8 6", "fill": False}):
        layer = area_layer(data, name=name, style_of=lambda _p, s=style: s, highlight=False)
        layer.options["interactive"] = False  # type: ignore[index]  # folium types options loosely
        layer.control = False
        layers.append(layer)
    return layers


def commune_layer(
    communes_geojson: str | Mapping[str, Any],
    gaps: Mapping[str, list[str]],
    counts: Mapping[str, int],
    *,
    name: str,
) -> folium.GeoJson:
    """Communes with their organization count and gap list in the tooltip (escaped)."""
    data = load_features(communes_geojson)
    for feature in data["features"]:
        code = feature_code(feature, "comunas")
        feature["properties"]["comuna_cut"] = code
        feature["properties"]["organizaciones"] = int(counts.get(code, 0))
        feature["properties"]["brechas"] = list(gaps.get(code, []))

    def tooltip(props: Mapping[str, Any]) -> str:
        lines: list[tuple[str, object]] = [(t("mapa.organizaciones"), props["organizaciones"])]
        if props["brechas"]:
            lines.append((t("mapa.brechas"), ", ".join(props["brechas"])))
        return area_tooltip(props.get("nombre", props["comuna_cut"]), lines)

    return area_layer(data, name=name, style_of=lambda p: gap_style(bool(p["brechas"])), tooltip_of=tooltip)


def outline_layer(geojson: str | Mapping[str, Any], *, name: str, weight: float = 2.5) -> folium.GeoJson:
    """Non-interactive outlines (provinces above communes)."""
    layer = area_layer(
        geojson, name=name, style_of=lambda _p: {"color": OUTLINE, "weight": weight, "fill": False}, highlight=False
    )
    layer.options["interactive"] = False  # type: ignore[index]
    return layer


def regional_layers(
    orgs: pd.DataFrame,
    provinces_geojson: str | Mapping[str, Any],
    communes_geojson: str | Mapping[str, Any],
    bounds: Bounds,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    cluster: bool = True,
) -> folium.FeatureGroup:
    """One region as a layer group for the shared frame (:mod:`mapping.view`): communes (click to
    open) with their counts, province outlines and gap outlines above them, organizations as
    clustered shapes, the legends, and the view fitted to ``bounds``.

    Organizations known only at region or province level (no commune: e.g. the union registry)
    are never drawn as points at an invented place; the group counts them in a box instead.
    """
    counts = orgs.dropna(subset=["comuna_cut"]).groupby("comuna_cut").size().to_dict()
    group = folium.FeatureGroup(name=t("mapa.capa_organizaciones"), control=False)
    FitView(bounds, min_zoom=4).add_to(group)
    commune_layer(communes_geojson, gaps or {}, counts, name=t("mapa.capa_comunas")).add_to(group)
    outline_layer(provinces_geojson, name=t("mapa.capa_provincias")).add_to(group)
    for layer in gap_outline_layers(communes_geojson, gaps or {}, name=t("mapa.leyenda_brecha")):
        layer.add_to(group)
    SectorPoints(points_payload(orgs, org_label), cluster=cluster).add_to(group)
    GroupLegend(sector_legend_html(t("mapa.leyenda_sectores")), "topright").add_to(group)
    if gaps:
        GroupLegend(gap_legend_html(t("mapa.leyenda_brecha")), "bottomleft").add_to(group)
    unplaced = region_level_counts(orgs) if "nivel_ubicacion" in orgs.columns else {}
    if unplaced:
        GroupLegend(region_level_html(unplaced), "bottomright").add_to(group)
    return localize(group)


def regional_map(
    orgs: pd.DataFrame,
    provinces_geojson: str | Mapping[str, Any],
    communes_geojson: str | Mapping[str, Any],
    bounds: Bounds,
    *,
    gaps: Mapping[str, list[str]] | None = None,
    tiles: TileConfig | None = None,
    cluster: bool = True,
) -> folium.Map:
    """One region in one piece (files, tests, the benchmark's pages): the frame with its layers."""
    m = mapa_frame(tiles)
    regional_layers(orgs, provinces_geojson, communes_geojson, bounds, gaps=gaps, cluster=cluster).add_to(m)
    return m


def region_level_counts(orgs: pd.DataFrame) -> dict[str, int]:
    """How many organizations are placed only at region / province level (no commune, no point)."""
    levels = orgs["nivel_ubicacion"].value_counts()
    return {level: int(levels[level]) for level in ("region", "provincia") if levels.get(level, 0)}


def region_level_html(counts: Mapping[str, int]) -> str:
    """The box of region-level organizations (counts only: they have no place on the map)."""
    lines = "".join(f"<div>{esc(t(f'mapa.solo_{level}', n=n))}</div>" for level, n in counts.items())
    return (f'<div class="mapa-leyenda" role="group" aria-label="{esc(t("mapa.sin_comuna_titulo"))}" '
            f'style="{LEGEND_BOX}"><b>{esc(t("mapa.sin_comuna_titulo"))}</b>{lines}</div>')


def gap_labels(gaps: pd.DataFrame) -> dict[str, list[str]]:
    """``coverage_gaps`` rows → {comuna_cut: [Spanish gap labels]} for tooltips."""
    labels = {"sin_trabajadores": t("indicadores.sin_trabajadores"),
              "sin_empleadores": t("indicadores.sin_empleadores"),
              "sin_grupos_excluidos": t("indicadores.sin_grupos_excluidos")}
    out: dict[str, list[str]] = {}
    for row in gaps.to_dict("records"):
        found = [label for col, label in labels.items() if row.get(col)]
        if found:
            out[str(row["comuna_cut"])] = found
    return out

