"""Choropleth of any comparison indicator: the 16 regions, or the communes of one region.

Unlike :mod:`mapping.national` (counts, zero = "no organizations"), an indicator may be a share,
an index or a rate where zero is a real value and "not available" is its own class. Sequential
scale: ColorBrewer Blues (:data:`mapping.palette.SEQUENTIAL`); diverging scale around the national
median: ColorBrewer PuOr (both colour-blind safe). Areas far from the median carry a ▲ / ▼ badge
and say so in the tooltip, so the map never relies on colour alone. All text is escaped
(:func:`mapping.popups.esc`, :class:`mapping.legend.MapLegend`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import shape

from mapping.assets import localize
from mapping.basemap import Bounds, TileConfig, base_map
from mapping.layers import area_layer, feature_code, load_features
from mapping.legend import MapLegend
from mapping.palette import BACKGROUND, NO_DATA, OUTLINE, SEQUENTIAL, TEXT
from mapping.popups import area_tooltip, esc
from mapping.safe import html_text, script_json
from stakeholders.comparison.definitions import format_value
from stakeholders.comparison.table import Comparison, far_from_median

# ColorBrewer PuOr, 5 classes: orange = below the median, purple = above.
DIVERGING: tuple[str, ...] = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
LEGEND_WIDTH_PX = 190
EDGE = "#4d4d4d"  # thin outline of areas near the median (the far ones get OUTLINE, thick and dashed)
_BOX = (f"background:{BACKGROUND};color:{TEXT};padding:6px 8px;border:1px solid #767676;border-radius:4px;"
        f"font:12px/1.3 system-ui,sans-serif;max-width:{LEGEND_WIDTH_PX}px")
_SWATCH = "display:inline-block;width:18px;height:12px;border:1px solid #555;margin-right:6px;vertical-align:middle"


def sequential_breaks(values: pd.Series, classes: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes over the available values (ascending, unique)."""
    clean = np.sort(values.astype(float).dropna().to_numpy())
    if not len(clean):
        return []
    out: list[float] = []
    for i in range(1, classes + 1):
        value = float(clean[min(len(clean) - 1, max(0, round(i * len(clean) / classes) - 1))])
        if not out or value > out[-1]:
            out.append(value)
    return out


def diverging_breaks(values: pd.Series, center: float) -> list[float]:
    """Four inner limits symmetric around ``center`` (±20 % and ±60 % of the largest deviation)."""
    dev = (values.astype(float) - center).abs().max()
    dev = float(dev) if pd.notna(dev) and dev > 0 else 1.0
    return [center - 0.6 * dev, center - 0.2 * dev, center + 0.2 * dev, center + 0.6 * dev]


def class_of(value: float, breaks: list[float], diverging: bool) -> int | None:
    """Index of the colour class (None = not available)."""
    if value is None or pd.isna(value) or not breaks:
        return None
    if diverging:
        return int(np.searchsorted(np.asarray(breaks), value, side="left"))
    idx = int(np.searchsorted(np.asarray(breaks), value - 1e-12, side="left"))
    return min(idx, len(breaks) - 1) + (len(SEQUENTIAL) - len(breaks))


def colour(value: float, breaks: list[float], diverging: bool) -> str:
    idx = class_of(value, breaks, diverging)
    if idx is None:
        return NO_DATA
    return (DIVERGING if diverging else SEQUENTIAL)[idx]


def legend_html(title: str, breaks: list[float], diverging: bool, fmt: Any, labels: Mapping[str, str],
                show_far: bool = True) -> str:
    """Class limits in words and numbers, plus "not available" and the far-from-median marks."""
    rows = []
    if diverging:
        limits = [None, *breaks, None]
        for i, color in enumerate(DIVERGING):
            low, high = limits[i], limits[i + 1]
            text = (labels["hasta"] + " " + fmt(high)) if low is None else (
                (labels["desde"] + " " + fmt(low)) if high is None else f"{fmt(low)} – {fmt(high)}")
            rows.append((color, text))
    else:
        low = None
        offset = len(SEQUENTIAL) - len(breaks)
        for i, upper in enumerate(breaks):
            rows.append((SEQUENTIAL[i + offset], f"{fmt(low)} – {fmt(upper)}" if low is not None else
                         f"{labels['hasta']} {fmt(upper)}"))
            low = upper
    rows.append((NO_DATA, labels["sin_dato"]))
    body = "".join(f'<div><span style="{_SWATCH};background:{c}"></span>{esc(text)}</div>' for c, text in rows)
    outline = f'<div><b>▲ ▼</b> {esc(labels["lejos"])}</div>' if show_far else ""
    return f'<div class="mapa-leyenda" role="group" aria-label="{esc(title)}" style="{_BOX}"><b>{esc(title)}</b>' \
           f"{body}{outline}</div>"


def indicator_map(
    values: pd.Series,
    geojson: str | Mapping[str, Any],
    bounds: Bounds,
    *,
    level: str,
    title: str,
    fmt: Any,
    labels: Mapping[str, str],
    flags: pd.Series | None = None,
    diverging_center: float | None = None,
    tiles: TileConfig | None = None,
    legend_position: str = "topright",
) -> folium.Map:
    """Choropleth of ``values`` (index = CUT code of ``level``: "regiones" or "comunas").

    ``fmt(value) -> str`` formats values (Spanish, "—" when missing); ``labels`` has the words
    ``hasta``, ``desde``, ``sin_dato``, ``lejos``, ``arriba``, ``abajo``; ``flags`` is -1/0/+1 per
    code (far below / near / far above the median).
    """
    data = load_features(geojson)
    diverging = diverging_center is not None
    breaks = diverging_breaks(values, diverging_center) if diverging_center is not None else sequential_breaks(values)
    flags = flags if flags is not None else pd.Series(dtype=int)
    names: dict[str, object] = {}
    for feature in data["features"]:
        code = feature_code(feature, level)
        names[code] = (feature.get("properties") or {}).get("nombre", code)
        value = values.get(code, np.nan)
        # Only what the map needs travels to the browser: no free text in the GeoJSON (branca re-compiles it).
        feature["properties"] = {"codigo": code, "valor": None if pd.isna(value) else round(float(value), 4),
                                 "texto": html_text(fmt(value)), "marca": int(flags.get(code, 0))}

    def style(props: Mapping[str, Any]) -> dict[str, Any]:
        return {"fillColor": colour(props["valor"], breaks, diverging), "fillOpacity": 0.85, "color": EDGE,
                "weight": 0.6}

    def tooltip(props: Mapping[str, Any]) -> str:
        lines: list[tuple[str, object]] = [(title, fmt(values.get(props["codigo"], np.nan)))]
        if props["marca"]:
            lines.append(("", labels["arriba" if props["marca"] > 0 else "abajo"]))
        return area_tooltip(names[props["codigo"]], lines).replace("<br>: ", "<br>")

    m = base_map(bounds, tiles)
    if legend_position.endswith("right"):  # keep the legend off the areas: fit them into the left part
        (south, west), (north, east) = bounds
        m.fit_bounds([[south, west], [north, east]], padding_bottom_right=(LEGEND_WIDTH_PX + 20, 0))
    area_layer(data, name=html_text(title), style_of=style, tooltip_of=tooltip).add_to(m)
    far = [f for f in data["features"] if f["properties"]["marca"]]
    if far:
        far_badges(far, labels).add_to(m)
    MapLegend(legend_html(title, breaks, diverging, fmt, labels, bool(far)), legend_position).add_to(m)
    return localize(m)


class FarBadges(MacroElement):
    """▲ / ▼ badges inside the areas far from the median (a cue that does not depend on colour).

    Each marker gets its ``divIcon`` at construction, so Leaflet never loads its default marker
    image; the badges travel as JSON through :func:`mapping.safe.script_json`.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var badges = {{ this.badges_json }};
            badges.forEach(function(b) {
                var html = '<div class="mapa-lejana" role="img" style="' + b[4] + '"></div>';
                var marker = L.marker([b[0], b[1]], {icon: L.divIcon({html: html, className: '',
                    iconSize: [22, 22], iconAnchor: [11, 11]}), keyboard: false, interactive: false});
                marker.addTo({{ this._parent.get_name() }});
                var el = marker.getElement().firstChild;
                el.textContent = b[2];
                el.setAttribute('aria-label', b[3]);
                el.setAttribute('title', b[3]);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, badges: list[list[Any]]) -> None:
        super().__init__()
        self._name = "FarBadges"
        self.badges_json = script_json(badges)


_BADGE_STYLE = (f"background:{BACKGROUND};color:{TEXT};border:2px solid {OUTLINE};border-radius:50%;width:22px;"
                "height:22px;box-sizing:border-box;font:bold 13px/18px system-ui,sans-serif;text-align:center")


def far_badges(features: list[Mapping[str, Any]], labels: Mapping[str, str]) -> FarBadges:
    """The badge layer for ``features`` whose ``marca`` is ±1 (placed on a point inside each area)."""
    badges = []
    for feature in features:
        point = shape(feature["geometry"]).representative_point()
        above = feature["properties"]["marca"] > 0
        badges.append([round(point.y, 5), round(point.x, 5), "▲" if above else "▼",
                       labels["arriba" if above else "abajo"], _BADGE_STYLE])
    return FarBadges(badges)


def legend_rows(values: pd.Series, fmt: Any, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """The sequential classes of ``values`` as (``#rrggbb``, "a – b" text), for a printed legend."""
    breaks = sequential_breaks(values)
    rows, low = [], None
    offset = len(SEQUENTIAL) - len(breaks)
    for i, upper in enumerate(breaks):
        text = f"{fmt(low)} – {fmt(upper)}" if low is not None else f"{labels['hasta']} {fmt(upper)}"
        rows.append((SEQUENTIAL[i + offset], text))
        low = upper
    return rows


def indicator_png(values: pd.Series, regions_geo: Any, flags: pd.Series | None = None) -> bytes:
    """The national choropleth as a PNG for print: same classes and colours as the web map; areas far
    from the median hatched. ``regions_geo``: GeoDataFrame with ``region_cut`` and geometry."""
    import matplotlib  # noqa: PLC0415 - lazy: only drawn files need it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - lazy: only drawn files need it

    breaks = sequential_breaks(values)
    flags = flags if flags is not None else pd.Series(dtype=int)
    geo = regions_geo.set_index("region_cut")
    codes = list(geo.index)
    far = [flags.get(code, 0) != 0 for code in codes]
    fig, ax = plt.subplots(figsize=(2.4, 7.4), dpi=150)
    geo.plot(ax=ax, color=[colour(values.get(code), breaks, False) for code in codes], edgecolor=EDGE, linewidth=0.25)
    if any(far):
        geo[far].plot(ax=ax, facecolor="none", edgecolor=OUTLINE, linewidth=0.25, hatch="////")
    ax.set_xlim(-76.5, -66.0)  # mainland and nearby islands; Rapa Nui and Juan Fernández are in the tables
    ax.set_ylim(-56.2, -17.2)
    ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.02)
    plt.close(fig)
    return buf.getvalue()


def comparison_pdf_parts(comp: Comparison, key: str, regions_geo: Any, labels: Mapping[str, str]
                         ) -> tuple[bytes, list[tuple[str, str]]]:
    """Image and legend rows of the national page of the comparison PDF."""
    values = comp.regions[key].astype(float)
    return (indicator_png(values, regions_geo, far_from_median(values)),
            legend_rows(values, lambda v: format_value(key, v), labels))
