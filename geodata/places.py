"""Official place names by code, for menus, tables, files and headings: no geometry involved.

Pages, exports and reports need "05" → «Región de Valparaíso» far more often than a polygon,
and loading the layers to get a name costs seconds on a cold start. These lookups read only the
attribute columns of the source (a fraction of a second, cached per process) and
:mod:`geodata.catalog`. Every dict is ordered north to south by region (Arica first, Magallanes
last); within a region, provinces and communes follow their CUT code (the capital first).

Names: a region is always shown by its one official short name (``catalog.REGION_NAMES``,
«Región del Biobío»); provinces and communes by their official names as in the source
(«Biobío» is also a province of that region), plus Antártica (12202), which has no polygon.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from geodata import _source
from geodata.catalog import COMMUNES_WITHOUT_GEOMETRY, REGION_NAMES, REGION_ORDER

_RANK: Final[dict[str, int]] = {code: rank for rank, code in enumerate(REGION_ORDER)}


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str, str], ...]]:
    """(province code, region code, name) and (commune code, province code, region code, name)."""
    attrs = _source.read_attributes()
    provinces = {
        (str(p), str(r), str(n))
        for p, r, n in zip(attrs["CUT_PROV"], attrs["CUT_REG"], attrs["PROVINCIA"], strict=True)
    }
    communes = {
        (str(c), str(p), str(r), str(n))
        for c, p, r, n in zip(attrs["CUT_COM"], attrs["CUT_PROV"], attrs["CUT_REG"], attrs["COMUNA"], strict=True)
    }
    region_of = {p: r for p, r, _ in provinces}
    communes |= {(code, prov, region_of[prov], name) for code, (name, prov) in COMMUNES_WITHOUT_GEOMETRY.items()}
    return (
        tuple(sorted(provinces, key=lambda row: (_RANK[row[1]], row[0]))),
        tuple(sorted(communes, key=lambda row: (_RANK[row[2]], row[0]))),
    )


def region_names() -> dict[str, str]:
    """All 16 regions, code → «Región de …», north to south."""
    return {code: REGION_NAMES[code] for code in REGION_ORDER}


def province_names(region_cut: str | None = None) -> dict[str, str]:
    """Province code → name, of one region or (``None``) of all 56, north to south."""
    return {code: name for code, region, name in _places()[0] if region_cut is None or region == region_cut}


def commune_names(region_cut: str | None = None) -> dict[str, str]:
    """Commune code → name, of one region or (``None``) of all 346, north to south."""
    return {code: name for code, _, region, name in _places()[1] if region_cut is None or region == region_cut}

