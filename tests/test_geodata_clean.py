"""Overlaps go deterministically to the lower code; slivers close; the result is a coverage."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geodata import _source, communes
from geodata.clean import clean_coverage, overlap_area


def _frame(codes: list[str], geoms: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"CUT_COM": codes}, geometry=geoms, crs="EPSG:4326")


def test_overlap_goes_to_the_lower_code_whatever_the_input_order() -> None:
    left, right = shapely.box(0, 0, 1, 1), shapely.box(0.9, 0, 2, 1)
    for codes, geoms in ((["00002", "00001"], [right, left]), (["00001", "00002"], [left, right])):
        clean = clean_coverage(_frame(codes, geoms))
        assert list(clean["CUT_COM"]) == ["00001", "00002"]
        assert shapely.area(clean.geometry.iloc[0]) == 1.0  # 00001 keeps the overlap
        assert abs(shapely.area(clean.geometry.iloc[1]) - 1.0) < 1e-9  # 00002 lost 0.1
        assert overlap_area(np.asarray(clean.geometry.values)) == 0.0


def test_same_input_gives_identical_geometry() -> None:
    frame = _frame(["00001", "00002"], [shapely.box(0, 0, 1, 1), shapely.box(0.9, 0, 2, 1)])
    first, second = clean_coverage(frame), clean_coverage(frame.iloc[::-1])
    assert shapely.to_wkb(first.geometry.values).tolist() == shapely.to_wkb(second.geometry.values).tolist()


def test_enclosed_sliver_gap_is_closed_but_the_sea_is_not() -> None:
    # A thin gap (0.005°) between two blocks, closed above and below by two more blocks.
    geoms = [shapely.box(0, 0, 5, 10), shapely.box(5.005, 0, 10, 10), shapely.box(0, 10, 10, 11),
             shapely.box(0, -1, 10, 0)]
    clean = clean_coverage(_frame(["00001", "00002", "00003", "00004"], geoms))
    union = shapely.coverage_union_all(np.asarray(clean.geometry.values))
    assert union.geom_type == "Polygon" and len(union.interiors) == 0
    assert abs(union.area - 120.0) < 1e-6  # the whole 10 x 12 block: gap filled, nothing outside added


def test_real_communes_form_a_coverage_without_overlaps() -> None:
    raw = np.asarray(_source.read_source().geometry.values)
    clean = np.asarray(communes().geometry.values)
    assert overlap_area(raw) > 0.01  # the source overlaps (~600 km²)
    assert overlap_area(clean) < 1e-9
    assert shapely.coverage_is_valid(clean)
    assert shapely.is_valid(clean).all()
