"""All indicators of all regions in one frame (one row per region plus the national row "00").

:func:`compare_regions` is a pure function of the registry frames, the territory and the
population table; :func:`load_inputs` is the database edge. Rows are ordered north to south,
the national row last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from i18n import t
from stakeholders.comparison.activity import activity, load_org_changes
from stakeholders.comparison.balance import balance
from stakeholders.comparison.council import council_figures
from stakeholders.comparison.definitions import INDICATORS, NUMERIC_KEYS
from stakeholders.comparison.fatigue_figures import fatigue_figures
from stakeholders.comparison.network_figures import network_figures
from stakeholders.comparison.population import Population
from stakeholders.comparison.representation import representation
from stakeholders.comparison.territory import NATIONAL, commune_presence, coverage, gap_communes, rates, sector_counts
from stakeholders.councils.eligibility import RegistryFrames, load_frames

OUTLIER_IQR = 1.5


@dataclass
class Inputs:
    """What the comparison reads from the registry (frames as ``stakeholders.repository`` returns them)."""

    frames: RegistryFrames
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["entidad_id", "accion", "momento"]))


@dataclass
class Comparison:
    table: pd.DataFrame  # index region_cut (16 regions + "00"); region, nombre_corto + indicator keys
    gaps: pd.DataFrame  # region_cut, comuna_cut, nombre, sectores_faltantes
    communes: pd.DataFrame  # commune presence per sector (for the commune maps)
    population: Population
    as_of: date
    orgs: pd.DataFrame | None = None  # active organizations (for the commune-level values)

    @property
    def regions(self) -> pd.DataFrame:
        return self.table.drop(index=NATIONAL)


def load_inputs(engine: Engine) -> Inputs:
    return Inputs(load_frames(engine), load_org_changes(engine))


def _none_if_empty(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    return frame if frame is not None and len(frame) and "organizacion_id" in frame.columns else None


def compare_regions(inputs: Inputs, regions: pd.DataFrame, communes: pd.DataFrame, population: Population,
                    as_of: date | None = None, provinces_of: dict[str, dict[str, str]] | None = None) -> Comparison:
    """Every indicator per region. ``regions``: ``region_cut, nombre, area_km2`` (+ ``nombre_corto``,
    ``orden_norte_sur``); ``communes``: ``comuna_cut, nombre, region_cut``."""
    as_of = as_of or date.today()
    frames = inputs.frames
    orgs = frames.orgs
    if "activo" in orgs.columns:
        orgs = orgs[orgs["activo"].astype(bool)]
    reg = regions.drop(columns=[c for c in ("geometry",) if c in regions.columns]).set_index("region_cut")
    if "orden_norte_sur" in reg.columns:
        reg = reg.sort_values("orden_norte_sur")
    codes = list(reg.index)
    memberships, attendance = _none_if_empty(frames.memberships), _none_if_empty(frames.attendance)
    counts = sector_counts(orgs, codes)
    presence = commune_presence(orgs, communes)
    parts = [
        counts,
        rates(counts, reg["area_km2"].astype(float), population.regions),
        coverage(presence, codes),
        balance(counts),
        representation(orgs, codes, NATIONAL),
        network_figures(orgs, frames.relationships, memberships, attendance, codes, NATIONAL),
        fatigue_figures(orgs, attendance, memberships, codes, NATIONAL, as_of),
        council_figures(RegistryFrames(orgs, frames.relationships, frames.memberships, frames.attendance), codes,
                        NATIONAL, as_of, provinces_of),
        activity(orgs, inputs.changes, codes, NATIONAL, as_of),
    ]
    table = pd.concat([p.reindex([*codes, NATIONAL]) for p in parts], axis=1)
    table.insert(0, "region", [*reg["nombre"], t("comparar.nacional")])
    short = reg["nombre_corto"] if "nombre_corto" in reg.columns else reg["nombre"]
    table.insert(1, "nombre_corto", [*short, t("comparar.nacional")])
    table.index.name = "region_cut"
    ordered = ["region", "nombre_corto", *[i.key for i in INDICATORS], "grupos_faltantes_claves"]
    table = table.reindex(columns=ordered)
    table[list(NUMERIC_KEYS)] = table[list(NUMERIC_KEYS)].astype(float)
    return Comparison(table, gap_communes(presence), presence, population, as_of, orgs)


def far_from_median(values: pd.Series, factor: float = OUTLIER_IQR) -> pd.Series:
    """-1 / +1 for regions further below / above the median than ``factor`` × the interquartile range, else 0.

    With an interquartile range of zero, any value different from the median is far. Missing → 0.
    """
    clean = values.astype(float).dropna()
    out = pd.Series(0, index=values.index, dtype=int)
    if len(clean) < 3:
        return out
    median = float(clean.median())
    spread = float(clean.quantile(0.75) - clean.quantile(0.25)) * factor
    diff = values.astype(float) - median
    out[diff > spread + 1e-12] = 1
    out[diff < -spread - 1e-12] = -1
    out[values.isna()] = 0
    return out


def median_of(values: pd.Series) -> float:
    clean = values.astype(float).dropna()
    return float(clean.median()) if len(clean) else np.nan
