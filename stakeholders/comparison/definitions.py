"""The regional indicators as data: key, family, unit and how to show them.

Names, plain-Spanish definitions and formulas live in the catalogue (``i18n/es/comparar.toml``,
keys ``comparar_ind.<key>.nombre|definicion|formula``), so the page, the spreadsheet and the PDF
all print the same words. :func:`definitions_table` is the "definitions and sources" sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from i18n import t
from stakeholders.vocab import SECTORS

SECTOR_KEYS: tuple[str, ...] = tuple(SECTORS)
TRIPARTITE: tuple[str, ...] = ("gobierno", "empleadores", "trabajadores")
FAMILIES: tuple[str, ...] = ("territorio", "cobertura", "equilibrio", "representacion", "red", "fatiga", "consejo",
                             "actividad")


@dataclass(frozen=True)
class Indicator:
    """One column of the comparison table.

    ``unit``: "n" (count), "pct" (0–100), "tasa" (per area or population), "indice" (0–1),
    "si_no" (1/0) or "texto". ``better``: "mas" when a higher value is better for the region,
    "menos" when lower is better, "" when neither (counts, context).
    """

    key: str
    family: str
    unit: str
    decimals: int = 1
    better: str = ""
    source: str = "registro"  # registro | censo | red | asistencia | consejo | cambios

    @property
    def numeric(self) -> bool:
        return self.unit != "texto"


def _sector_rows() -> list[Indicator]:
    rows = [Indicator(f"org_{s}", "territorio", "n", 0) for s in SECTOR_KEYS]
    rows.append(Indicator("org_total", "territorio", "n", 0))
    rows.append(Indicator("org_por_1000_km2", "territorio", "tasa", 2, "mas"))
    rows.append(Indicator("org_por_100k_hab", "territorio", "tasa", 1, "mas", "censo"))
    rows += [Indicator(f"hab_{s}", "territorio", "tasa", 1, "mas", "censo") for s in SECTOR_KEYS]
    return rows


INDICATORS: tuple[Indicator, ...] = (
    *_sector_rows(),
    *(Indicator(f"cob_{s}", "cobertura", "pct", 1, "mas") for s in SECTOR_KEYS),
    Indicator("comunas_con_brecha", "cobertura", "n", 0, "menos"),
    *(Indicator(f"pct_{s}", "equilibrio", "pct", 1) for s in SECTOR_KEYS),
    Indicator("indice_equilibrio", "equilibrio", "indice", 2, "mas"),
    Indicator("pct_mujeres", "representacion", "pct", 1, "mas"),
    Indicator("pct_genero_no_declarado", "representacion", "pct", 1, "menos"),
    Indicator("grupos_sin_organizacion", "representacion", "n", 0, "menos"),
    Indicator("grupos_faltantes", "representacion", "texto"),
    Indicator("densidad_red", "red", "indice", 3, "", "red"),
    Indicator("modularidad", "red", "indice", 2, "", "red"),
    Indicator("pct_lazos_intersectoriales", "red", "pct", 1, "mas", "red"),
    Indicator("pct_aisladas", "red", "pct", 1, "menos", "red"),
    Indicator("pct_convocatorias_top10", "fatiga", "pct", 1, "menos", "asistencia"),
    Indicator("n_fatigadas", "fatiga", "n", 0, "menos", "asistencia"),
    Indicator("consejo_factible", "consejo", "si_no", 0, "mas", "consejo"),
    Indicator("consejo_relajacion", "consejo", "texto", source="consejo"),
    Indicator("org_nuevas_12m", "actividad", "n", 0, "mas", "cambios"),
    Indicator("org_actualizadas_12m", "actividad", "n", 0, "mas", "cambios"),
)
BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
NUMERIC_KEYS: tuple[str, ...] = tuple(i.key for i in INDICATORS if i.numeric)
MISSING = "—"


def label(key: str) -> str:
    return t(f"comparar_ind.{key}.nombre")


def definition(key: str) -> str:
    return t(f"comparar_ind.{key}.definicion")


def formula(key: str) -> str:
    return t(f"comparar_ind.{key}.formula")


def family_label(family: str) -> str:
    return t(f"comparar_familia.{family}")


def in_family(family: str) -> list[Indicator]:
    return [i for i in INDICATORS if i.family == family]


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_value(key: str, value: Any) -> str:
    """Spanish (es-CL) text of one value: decimal comma, thousands dot, "—" when not available."""
    ind = BY_KEY[key]
    if is_missing(value):
        return MISSING
    if ind.unit == "texto":
        return str(value) if str(value) else MISSING
    if ind.unit == "si_no":
        return t("comparar.si") if float(value) >= 0.5 else t("comparar.no")
    number = float(value)
    places = 1 if ind.unit == "n" and not number.is_integer() else ind.decimals  # a median of counts: 4,5
    text = f"{number:,.{places}f}"
    text = text.replace(",", "·").replace(".", ",").replace("·", ".")
    return f"{text} %" if ind.unit == "pct" else text


def map_labels() -> dict[str, str]:
    """Words of the map legends and tooltips (classes, missing values, far from the median)."""
    return {"hasta": t("comparar.mapa_hasta"), "desde": t("comparar.mapa_desde"), "sin_dato": t("comparar.sin_dato"),
            "lejos": t("comparar.mapa_lejos"), "arriba": t("comparar.mapa_arriba"), "abajo": t("comparar.mapa_abajo")}


def definitions_table(population_note: str) -> pd.DataFrame:
    """Family, indicator, definition, formula, unit and source of every indicator (Spanish headers)."""
    rows = [
        {
            t("comparar.col_familia"): family_label(i.family),
            t("comparar.col_indicador"): label(i.key),
            t("comparar.col_clave"): i.key,
            t("comparar.col_definicion"): definition(i.key),
            t("comparar.col_formula"): formula(i.key),
            t("comparar.col_unidad"): t(f"comparar.unidad_{i.unit}"),
            t("comparar.col_fuente"): population_note if i.source == "censo" else t(f"comparar.fuente_{i.source}"),
        }
        for i in INDICATORS
    ]
    return pd.DataFrame(rows)
