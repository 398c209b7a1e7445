"""Territorial indicators of the registry: counts, density, coverage gaps, region comparison.

Pure pandas over the frame of :func:`stakeholders.repository.load_organizations` and the
territory tables of ``geodata`` (passed in, so this stays testable and cacheable). The map,
the comparison page and the benchmark all read their numbers from here, so the table beside
a map and the map itself always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stakeholders.vocab import EXCLUDED_GROUPS, SECTORS

SECTOR_KEYS: tuple[str, ...] = tuple(SECTORS)
LEVEL_COLUMN = {"region": "region_cut", "provincia": "provincia_cut", "comuna": "comuna_cut"}
GAP_COLUMNS = ("sin_trabajadores", "sin_empleadores", "sin_grupos_excluidos")


@dataclass(frozen=True)
class Filters:
    """What the user filters by; an empty tuple means 'all'. Hashable, so it can key a cache."""

    sectores: tuple[str, ...] = ()
    tipos: tuple[str, ...] = ()
    rubros: tuple[str, ...] = ()
    grupos: tuple[str, ...] = ()
    escalas: tuple[str, ...] = ()

    def active(self) -> bool:
        return any((self.sectores, self.tipos, self.rubros, self.grupos, self.escalas))


def filter_organizations(orgs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows matching every non-empty filter (groups: any of the chosen groups)."""
    mask = pd.Series(True, index=orgs.index)
    for column, chosen in (("sector_tripartito", filters.sectores), ("tipo_actor", filters.tipos),
                           ("rubro", filters.rubros), ("escala", filters.escalas)):
        if chosen:
            mask &= orgs[column].isin(chosen)
    if filters.grupos:
        wanted = set(filters.grupos)
        mask &= orgs["grupos_representados"].map(lambda groups: bool(wanted.intersection(groups or ())))
    return orgs[mask]


def represents_excluded(orgs: pd.DataFrame) -> pd.Series:
    """True for organizations representing at least one group at risk of labour exclusion."""
    # astype(bool): on an empty frame map() yields an object Series, which would select columns.
    flags = orgs["grupos_representados"].map(lambda groups: bool(EXCLUDED_GROUPS.intersection(groups or ())))
    return flags.astype(bool)


def region_presence(orgs: pd.DataFrame) -> pd.DataFrame:
    """One row per (organization, region where it is present): located there or with a chapter there."""
    located = orgs.loc[orgs["region_cut"].notna(), ["id", "region_cut", "sector_tripartito"]]
    chapters = orgs[["id", "regiones_presencia", "sector_tripartito"]].explode("regiones_presencia")
    chapters = chapters.dropna(subset=["regiones_presencia"]).rename(columns={"regiones_presencia": "region_cut"})
    both = pd.concat([located, chapters[["id", "region_cut", "sector_tripartito"]]], ignore_index=True)
    return both.drop_duplicates(["id", "region_cut"]).reset_index(drop=True)


def _pivot(frame: pd.DataFrame, column: str, codes: list[str] | None) -> pd.DataFrame:
    table = pd.crosstab(frame[column], frame["sector_tripartito"]) if len(frame) else pd.DataFrame()
    table = table.reindex(columns=list(SECTOR_KEYS), fill_value=0)
    if codes is not None:
        table = table.reindex(codes, fill_value=0)
    table = table.fillna(0).astype(int)
    table["total"] = table[list(SECTOR_KEYS)].sum(axis=1)
    table.index.name = column
    table.columns.name = None
    return table


def counts_by(orgs: pd.DataFrame, level: str, codes: list[str] | None = None) -> pd.DataFrame:
    """Organizations per territory × sector (+ ``total``), indexed by CUT code.

    Regions count presence (a national body with a chapter counts in each of its regions);
    provinces and communes count where an organization is located. ``codes`` adds zero rows
    for territories with no organization.
    """
    if level == "region":
        return _pivot(region_presence(orgs), "region_cut", codes)
    column = LEVEL_COLUMN[level]
    return _pivot(orgs.dropna(subset=[column]), column, codes)


def per_1000_km2(counts: pd.DataFrame, area_km2: pd.Series) -> pd.DataFrame:
    """Counts divided by area, per 1,000 km² (areas indexed by the same codes)."""
    area = area_km2.reindex(counts.index).astype(float).replace(0, np.nan)
    return counts.div(area, axis=0).mul(1000).fillna(0.0)


def coverage_gaps(orgs: pd.DataFrame, communes: pd.DataFrame, only_gaps: bool = True) -> pd.DataFrame:
    """Per commune: missing workers' organization, employer, or group-at-risk organization.

    ``communes`` needs ``comuna_cut``, ``nombre`` (and ``region_cut``, ``provincia_cut`` if
    present). Organizations count where they are located.
    """
    base = communes.drop(columns=[c for c in ("geometry",) if c in communes.columns]).copy()
    located = orgs.dropna(subset=["comuna_cut"])
    by_sector = counts_by(located, "comuna", list(base["comuna_cut"]))
    excluded = located[represents_excluded(located)].groupby("comuna_cut").size()
    base = base.set_index("comuna_cut")
    out = pd.DataFrame(index=base.index)
    for col in ("nombre", "provincia_cut", "region_cut"):
        if col in base.columns:
            out[col] = base[col]
    out["organizaciones"] = by_sector["total"]
    out["sin_trabajadores"] = by_sector["trabajadores"].eq(0)
    out["sin_empleadores"] = by_sector["empleadores"].eq(0)
    out["sin_grupos_excluidos"] = excluded.reindex(out.index, fill_value=0).eq(0)
    out["brechas"] = out[list(GAP_COLUMNS)].sum(axis=1).astype(int)
    out = out.reset_index()
    if only_gaps:
        out = out[out["brechas"] > 0]
    return out.sort_values(["brechas", "comuna_cut"], ascending=[False, True]).reset_index(drop=True)


def region_comparison(orgs: pd.DataFrame, regions: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """One row per region for central staff: sectors, density, gaps, groups at risk, gender.

    ``regions`` needs ``region_cut``, ``nombre``, ``area_km2``; ``communes`` needs
    ``comuna_cut``, ``region_cut``, ``nombre``.
    """
    reg = regions.drop(columns=[c for c in ("geometry",) if c in regions.columns]).set_index("region_cut")
    codes = list(reg.index)
    counts = counts_by(orgs, "region", codes)
    presence = region_presence(orgs).merge(
        orgs[["id", "grupos_representados", "genero_representante"]], on="id", how="left")
    presence["excluidos"] = represents_excluded(presence)
    presence["mujer"] = presence["genero_representante"].eq("F")
    presence["declarado"] = presence["genero_representante"].isin(["F", "M", "X"])
    agg = presence.groupby("region_cut").agg(excluidos=("excluidos", "sum"), mujeres=("mujer", "sum"),
                                             declarados=("declarado", "sum")).reindex(codes, fill_value=0)
    gaps = coverage_gaps(orgs, communes, only_gaps=False)
    gap_agg = gaps.groupby("region_cut").agg(comunas=("comuna_cut", "size"),
                                             comunas_con_brecha=("brechas", lambda b: int((b > 0).sum())))
    gap_agg = gap_agg.reindex(codes, fill_value=0)
    total = counts["total"].replace(0, np.nan)
    out = pd.DataFrame(index=pd.Index(codes, name="region_cut"))
    out["region"] = reg["nombre"]
    for sector in SECTOR_KEYS:
        out[sector] = counts[sector]
    out["total"] = counts["total"]
    out["por_1000_km2"] = (counts["total"] / reg["area_km2"].astype(float) * 1000).round(2)
    out["comunas"] = gap_agg["comunas"].astype(int)
    out["comunas_con_brecha"] = gap_agg["comunas_con_brecha"].astype(int)
    out["pct_comunas_con_brecha"] = (100 * out["comunas_con_brecha"] / out["comunas"].replace(0, np.nan)).round(1)
    out["pct_grupos_excluidos"] = (100 * agg["excluidos"] / total).round(1)
    out["pct_representantes_mujeres"] = (100 * agg["mujeres"] / agg["declarados"].replace(0, np.nan)).round(1)
    out["pct_genero_no_declarado"] = (100 * (counts["total"] - agg["declarados"]) / total).round(1)
    if "orden_norte_sur" in reg.columns:
        out = out.loc[reg["orden_norte_sur"].sort_values().index]
    return out.reset_index()
