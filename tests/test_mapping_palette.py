"""Palette: WCAG contrast, colour-blind-safe colours paired with distinct shapes, class breaks."""

from __future__ import annotations

import pytest

from mapping.palette import (
    BACKGROUND,
    MUTED_TEXT,
    NO_DATA,
    OUTLINE,
    SECTOR_STYLES,
    SEQUENTIAL,
    TEXT,
    class_breaks,
    color_for,
    contrast_ratio,
    readable_text_on,
    relative_luminance,
    shape_svg,
)
from stakeholders.vocab import SECTORS


def test_contrast_ratio_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic "just fails" grey
    assert contrast_ratio("#fff", "#000") == contrast_ratio("#000000", "#ffffff")
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_text_contrast_meets_wcag_aa():
    assert contrast_ratio(TEXT, BACKGROUND) >= 4.5
    assert contrast_ratio(MUTED_TEXT, BACKGROUND) >= 4.5
    for color in SEQUENTIAL:
        assert contrast_ratio(readable_text_on(color), color) >= 4.5


def test_markers_have_graphic_contrast_outline():
    # WCAG 1.4.11: graphical objects ≥ 3:1 — every marker has a dark outline.
    for style in SECTOR_STYLES.values():
        assert contrast_ratio(OUTLINE, BACKGROUND) >= 3
        assert contrast_ratio(OUTLINE, style.color) >= 3 or contrast_ratio(style.color, BACKGROUND) >= 3


def test_every_sector_has_distinct_colour_and_shape():
    assert set(SECTOR_STYLES) == set(SECTORS)
    assert len({s.color.lower() for s in SECTOR_STYLES.values()}) == len(SECTORS)
    assert len({s.shape for s in SECTOR_STYLES.values()}) == len(SECTORS)
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
    assert {s.color.lower() for s in SECTOR_STYLES.values()} <= okabe_ito


def test_shapes_render_as_different_svg():
    svgs = {shape_svg(s.shape, s.color) for s in SECTOR_STYLES.values()}
    assert len(svgs) == len(SECTORS)
    assert all(s.startswith("<svg") and 'aria-hidden="true"' in s for s in svgs)


def test_sequential_ramp_darkens():
    lum = [relative_luminance(c) for c in SEQUENTIAL]
    assert lum == sorted(lum, reverse=True)


def test_class_breaks_and_colours():
    assert class_breaks([0, 0]) == []
    assert color_for(0, [1, 2]) == NO_DATA
    breaks = class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert breaks == sorted(set(breaks)) and breaks[-1] == 10
    assert color_for(10, breaks) == SEQUENTIAL[-1]
    assert color_for(1, breaks) == SEQUENTIAL[0]
    # one distinct value → darkest colour, not the palest
    assert color_for(5, class_breaks([5, 5, 5])) == SEQUENTIAL[-1]


def test_choropleth_classes_stand_out_from_no_data_and_background():
    from mapping.palette import MAP_BACKGROUND

    for color in SEQUENTIAL:
        assert contrast_ratio(color, NO_DATA) >= 3
        assert contrast_ratio(color, MAP_BACKGROUND) >= 3


def test_gap_outline_with_casing_contrasts_with_borders_and_fills():
    from mapping.palette import GAP_CASING, GAP_OUTLINE, MAP_BACKGROUND

    assert contrast_ratio(GAP_OUTLINE, GAP_CASING) >= 3
    for border in (OUTLINE, MUTED_TEXT):
        assert contrast_ratio(GAP_CASING, border) >= 3
    assert contrast_ratio(GAP_OUTLINE, MAP_BACKGROUND) >= 3


def test_cluster_badges_are_neutral_and_readable():
    from mapping.palette import CLUSTER_FILL, CLUSTER_TEXT, MAP_BACKGROUND

    assert contrast_ratio(CLUSTER_TEXT, CLUSTER_FILL) >= 4.5
    assert contrast_ratio(CLUSTER_FILL, MAP_BACKGROUND) >= 3
    for style in SECTOR_STYLES.values():  # far from every sector colour
        assert contrast_ratio(CLUSTER_FILL, style.color) >= 2
