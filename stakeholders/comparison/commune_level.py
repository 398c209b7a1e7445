"""The same indicators per commune, for the small commune maps of the side-by-side view.

Only indicators that make sense for a commune are computed here (organizations located there);
network, fatigue, council and activity are regional: :func:`commune_values` returns ``None``
for them and the page says so and maps :data:`SUBSTITUTE` instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.comparison.balance import balance
from stakeholders.comparison.definitions import SECTOR_KEYS
from stakeholders.comparison.population import Population
from stakeholders.comparison.representation import DECLARED, EXCLUDED_ORDER

SUBSTITUTE = "org_total"


def _counts(presence: pd.DataFrame) -> pd.DataFrame:
    counts = presence.set_index("comuna_cut")[list(SECTOR_KEYS)].rename(columns=lambda s: f"org_{s}")
    counts["org_total"] = counts.sum(axis=1)
    return counts


def _people(orgs: pd.DataFrame, codes: pd.Index) -> pd.DataFrame:
    located = orgs.dropna(subset=["comuna_cut"])
    grouped = located.groupby("comuna_cut")
    out = pd.DataFrame(index=codes)
    n = grouped.size().reindex(codes)
    out["pct_mujeres"] = grouped["genero_representante"].apply(lambda g: g.eq("F").sum()).reindex(codes) / n * 100
    out["pct_genero_no_declarado"] = (
        grouped["genero_representante"].apply(lambda g: (~g.isin(DECLARED)).sum()).reindex(codes) / n * 100)
    groups = grouped["grupos_representados"].apply(lambda s: {g for gs in s for g in (gs or ())})
    out["grupos_sin_organizacion"] = [
        sum(1 for g in EXCLUDED_ORDER if g not in groups.get(code, set())) for code in codes]
    return out


def commune_values(key: str, presence: pd.DataFrame, orgs: pd.DataFrame, communes: pd.DataFrame,
                   population: Population) -> pd.Series | None:
    """Values of ``key`` per commune (index ``comuna_cut``) or ``None`` when it is a regional-only indicator."""
    counts = _counts(presence)
    if key in counts.columns:
        return counts[key].astype(float)
    if key.startswith("cob_"):
        return counts[f"org_{key[4:]}"].gt(0).astype(float) * 100
    if key == "comunas_con_brecha":
        return counts[[f"org_{s}" for s in SECTOR_KEYS]].eq(0).any(axis=1).astype(float)
    if key == "org_por_1000_km2":
        area = communes.set_index("comuna_cut")["area_km2"].astype(float).replace(0, np.nan)
        return counts["org_total"] / area.reindex(counts.index) * 1000
    if key == "org_por_100k_hab" or key.startswith("hab_"):
        if population.communes is None:  # only regional totals: not available per commune
            return None
        column = "org_total" if key == "org_por_100k_hab" else f"org_{key[4:]}"
        people = population.communes.astype(float).reindex(counts.index).replace(0, np.nan)
        return counts[column] / people * 100_000
    if key.startswith("pct_") and key[4:] in SECTOR_KEYS or key == "indice_equilibrio":
        return balance(counts)[key].astype(float)
    if key in ("pct_mujeres", "pct_genero_no_declarado", "grupos_sin_organizacion"):
        return _people(orgs, counts.index)[key].astype(float)
    return None
