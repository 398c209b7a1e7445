"""Colours and marker shapes of the maps: colour-blind safe, never colour alone, WCAG contrast.

Sector colours come from the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies); each sector also has its own marker shape, so the legend and the map still read
in greyscale. Text is held to WCAG 2.x contrast (≥ 4.5:1) and graphics to ≥ 3:1, checked by
:func:`contrast_ratio` in the tests.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

TEXT = "#1a1a1a"
MUTED_TEXT = "#4d4d4d"
BACKGROUND = "#ffffff"
MAP_BACKGROUND = "#eef2f5"
OUTLINE = "#1a1a1a"
NO_DATA = "#f2f2f2"
GAP_OUTLINE = "#b2182b"
# Gap outlines are drawn over a white casing, so they stand out (≥ 3:1) against the dark
# province and commune borders they run along as well as against light fills.
GAP_CASING = "#ffffff"
# Neutral cluster badges: dark grey with white figures, never mistakable for a sector colour.
CLUSTER_FILL = "#3d3d3d"
CLUSTER_TEXT = "#ffffff"
# Sequential ramp for choropleths (the darker half of ColorBrewer "Blues", monotone lightness):
# even the lightest class is ≥ 3:1 against "Sin organizaciones" (NO_DATA) and the map background.
SEQUENTIAL: tuple[str, ...] = ("#4292c6", "#2a76b4", "#155d9f", "#0a4587", "#08306b")
SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class SectorStyle:
    color: str
    shape: str


# Okabe–Ito: blue, orange, bluish green, reddish purple.
SECTOR_STYLES: dict[str, SectorStyle] = {
    "gobierno": SectorStyle("#0072B2", "circle"),
    "empleadores": SectorStyle("#E69F00", "square"),
    "trabajadores": SectorStyle("#009E73", "triangle"),
    "sociedad_civil": SectorStyle("#CC79A7", "diamond"),
}
UNKNOWN_STYLE = SectorStyle("#999999", "circle")


def sector_style(sector: str | None) -> SectorStyle:
    return SECTOR_STYLES.get(sector or "", UNKNOWN_STYLE)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""
    h = color.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    la, lb = relative_luminance(foreground), relative_luminance(background)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def readable_text_on(background: str) -> str:
    """Black or white text, whichever contrasts more with ``background``."""
    return "#000000" if contrast_ratio("#000000", background) >= contrast_ratio("#ffffff", background) else "#ffffff"


def class_breaks(values: list[float], classes: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes over the positive values (ascending, unique)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    breaks: list[float] = []
    for i in range(1, classes + 1):
        idx = min(len(positive) - 1, round(i * len(positive) / classes) - 1)
        value = positive[max(idx, 0)]
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def color_for(value: float, breaks: list[float]) -> str:
    """Fill colour of ``value`` given :func:`class_breaks`; zero or missing is :data:`NO_DATA`."""
    if not breaks or value is None or value <= 0:
        return NO_DATA
    idx = min(bisect_right(breaks, value - 1e-12), len(breaks) - 1)
    # Spread fewer classes over the whole ramp so the darkest class is always the darkest colour.
    offset = len(SEQUENTIAL) - len(breaks)
    return SEQUENTIAL[idx + offset]


def shape_svg(shape: str, color: str, size: int = 14, stroke: str = OUTLINE) -> str:
    """An inline SVG of a marker shape (for map icons and the legend)."""
    s = size
    if shape == "square":
        body = f'<rect x="2" y="2" width="{s - 4}" height="{s - 4}"/>'
    elif shape == "triangle":
        body = f'<polygon points="{s / 2},1.5 {s - 1.5},{s - 2} 1.5,{s - 2}"/>'
    elif shape == "diamond":
        body = f'<polygon points="{s / 2},1 {s - 1},{s / 2} {s / 2},{s - 1} 1,{s / 2}"/>'
    else:
        body = f'<circle cx="{s / 2}" cy="{s / 2}" r="{s / 2 - 2}"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}" aria-hidden="true" '
        f'fill="{color}" stroke="{stroke}" stroke-width="1.5">{body}</svg>'
    )
