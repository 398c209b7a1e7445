"""Static territory facts agree with the source layer."""

from __future__ import annotations

import pytest

from geodata import _source
from geodata.catalog import (
    COMMUNES_WITHOUT_GEOMETRY,
    OFFICIAL_COMMUNE_COUNT,
    REGION_ORDER,
    REGION_SHORT_NAMES,
    pad_code,
)


def test_region_order_covers_every_region_once() -> None:
    regions = set(_source.read_attributes()["CUT_REG"])
    assert len(REGION_ORDER) == 16 and set(REGION_ORDER) == regions
    assert REGION_ORDER[0] == "15" and REGION_ORDER[-1] == "12"
    assert REGION_ORDER.index("13") < REGION_ORDER.index("06") < REGION_ORDER.index("16") < REGION_ORDER.index("08")


def test_short_names() -> None:
    assert set(REGION_SHORT_NAMES) == set(REGION_ORDER)
    assert REGION_SHORT_NAMES["13"] == "Metropolitana"
    assert REGION_SHORT_NAMES["06"] == "O'Higgins"
    assert REGION_SHORT_NAMES["11"] == "Aysén"


def test_missing_communes_complete_the_official_count() -> None:
    attrs = _source.read_attributes()
    assert len(attrs) + len(COMMUNES_WITHOUT_GEOMETRY) == OFFICIAL_COMMUNE_COUNT
    name, province = COMMUNES_WITHOUT_GEOMETRY["12202"]
    assert name == "Antártica" and province in set(attrs["CUT_PROV"])


@pytest.mark.parametrize(("code", "level", "expected"), [
    (5, "region", "05"), ("5", "region", "05"), (51, "provincia", "051"), (5101, "comuna", "05101"),
    (" 13101 ", "comuna", "13101"),
])
def test_pad_code(code: object, level: str, expected: str) -> None:
    assert pad_code(code, level) == expected  # type: ignore[arg-type]
