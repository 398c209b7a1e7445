"""Organizations per sector, per area and per inhabitant; communes reached by each sector.

Regions count *presence* (located there, or a national body with a chapter there), the same
rule as the map; the national row counts each organization once. Commune coverage counts where
organizations are *located* (a chapter has no commune).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.comparison.definitions import SECTOR_KEYS
from stakeholders.indicators import counts_by

NATIONAL = "00"


def _rate(numerator: pd.Series | float, denominator: pd.Series | float, per: float) -> pd.Series | float:
    if isinstance(denominator, pd.Series):
        return numerator / denominator.astype(float).replace(0, np.nan) * per
    return float(numerator) / denominator * per if denominator else np.nan


def sector_counts(orgs: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Per region (``codes``) and the national row ``"00"``: organizations per sector and total."""
    regional = counts_by(orgs, "region", codes)
    national = orgs.drop_duplicates("id")["sector_tripartito"].value_counts()
    row = {s: int(national.get(s, 0)) for s in SECTOR_KEYS}
    row["total"] = sum(row.values())
    out = pd.concat([regional, pd.DataFrame([row], index=[NATIONAL])])
    out.index.name = "region_cut"
    return out.rename(columns={s: f"org_{s}" for s in (*SECTOR_KEYS, "total")})


def rates(counts: pd.DataFrame, area_km2: pd.Series, population: pd.Series) -> pd.DataFrame:
    """Organizations per 1 000 km² and per 100 000 inhabitants (national row from the sums)."""
    area = area_km2.copy()
    area[NATIONAL] = float(area_km2.sum())
    people = population.astype(float).copy()
    people[NATIONAL] = float(population.sum()) if len(population) else np.nan
    area, people = area.reindex(counts.index), people.reindex(counts.index)
    out = pd.DataFrame(index=counts.index)
    out["org_por_1000_km2"] = _rate(counts["org_total"], area, 1000)
    out["org_por_100k_hab"] = _rate(counts["org_total"], people, 100_000)
    for sector in SECTOR_KEYS:
        out[f"hab_{sector}"] = _rate(counts[f"org_{sector}"], people, 100_000)
    return out


def commune_presence(orgs: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """One row per commune: organizations located there per sector (zeros included)."""
    located = orgs.dropna(subset=["comuna_cut"])
    table = counts_by(located, "comuna", list(communes["comuna_cut"]))
    base = communes[["comuna_cut", "nombre", "region_cut"]].set_index("comuna_cut")
    return base.join(table[list(SECTOR_KEYS)]).reset_index()


def gap_communes(presence: pd.DataFrame) -> pd.DataFrame:
    """Communes missing at least one sector: ``region_cut, comuna_cut, nombre, sectores_faltantes`` (keys)."""
    missing = presence[list(SECTOR_KEYS)].eq(0)
    rows = presence.loc[missing.any(axis=1), ["region_cut", "comuna_cut", "nombre"]].copy()
    rows["sectores_faltantes"] = [
        [s for s in SECTOR_KEYS if flag[s]] for flag in missing[missing.any(axis=1)].to_dict("records")
    ]
    return rows.sort_values(["region_cut", "comuna_cut"]).reset_index(drop=True)


def coverage(presence: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Per region and national: % of communes with ≥ 1 organization of each sector; communes with a gap."""
    reached = presence[list(SECTOR_KEYS)].gt(0)
    reached["region_cut"] = presence["region_cut"]
    reached["gap"] = ~reached[list(SECTOR_KEYS)].all(axis=1)
    grouped = reached.groupby("region_cut")
    out = pd.DataFrame(index=pd.Index([*codes, NATIONAL], name="region_cut"))
    for sector in SECTOR_KEYS:
        share = grouped[sector].mean() * 100
        share[NATIONAL] = reached[sector].mean() * 100 if len(reached) else np.nan
        out[f"cob_{sector}"] = share.reindex(out.index)
    gaps = grouped["gap"].sum()
    gaps[NATIONAL] = int(reached["gap"].sum())
    out["comunas_con_brecha"] = gaps.reindex(out.index).fillna(0).astype(int)
    return out
