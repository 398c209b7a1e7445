"""National council: one representative per region and term, the sector rotating across terms.

Slots of a term are laid out G, E, T, G, E, T, … (extra slots, when regions do not divide evenly,
fall to the first categories, so employers and workers stay equal under ILO C144 whenever the
remainder allows). Region ``r`` (north-to-south position) takes slot ``(r + term) mod R``: every
term has exactly the same count per category (tripartite balance), and each region moves to the
next category from one term to the next, so over three terms it represents each sector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from i18n import t
from stakeholders.errors import InputError

DEFAULT_CATEGORIES: tuple[str, ...] = ("gobierno", "empleadores", "trabajadores")


def slots(n_regions: int, categories: Sequence[str] = DEFAULT_CATEGORIES) -> list[str]:
    """The category of each slot of a term, interleaved so neighbours differ."""
    return [categories[i % len(categories)] for i in range(n_regions)]


def rotation(regions: Sequence[str], terms: int, categories: Sequence[str] = DEFAULT_CATEGORIES,
             first_year: int | None = None, term_years: int = 2,
             representatives: Mapping[tuple[str, str], str] | None = None,
             region_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Calendar rows ``periodo, inicio, region_cut, region, sector, representante``.

    ``representatives[(region, sector)]`` names the member each regional council would send
    (e.g. the first member of that sector in the region's latest proposal); else "por designar".
    """
    if terms < 1:
        raise InputError(t("consejo.error_periodos"))
    layout = slots(len(regions), categories)
    rows = []
    for term in range(terms):
        for r, region in enumerate(regions):
            sector = layout[(r + term) % len(regions)]
            rows.append({
                "periodo": term + 1,
                "inicio": (first_year + term * term_years) if first_year else None,
                "region_cut": region,
                "region": (region_names or {}).get(region, region),
                "sector": sector,
                "representante": (representatives or {}).get((region, sector)) or t("consejo.por_designar"),
            })
    return pd.DataFrame(rows)


def balance(calendar: pd.DataFrame) -> pd.DataFrame:
    """Seats per sector in each term (the check that every term stays balanced)."""
    return calendar.pivot_table(index="periodo", columns="sector", values="region_cut", aggfunc="count", fill_value=0)


def calendar_wide(calendar: pd.DataFrame) -> pd.DataFrame:
    """Regions × terms, each cell the sector that region sends (for the page and the PDF)."""
    wide = calendar.pivot(index=["region_cut", "region"], columns="periodo", values="sector")
    order = list(dict.fromkeys(calendar["region_cut"]))
    wide = wide.reindex(order, level=0)
    wide.columns = [t("consejo.periodo_n", n=c) for c in wide.columns]
    return wide.reset_index()
