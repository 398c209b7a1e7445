"""Exports of the comparison: CSV (UTF-8 BOM), XLSX (one sheet per family + definitions and sources).

Written with the app's one spreadsheet writer (:mod:`stakeholders.tabular.write`: every cell and
header formula-neutralised, values rounded to each indicator's decimals, bold frozen headers).
The printable PDF lives in :mod:`stakeholders.comparison.report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.comparison.definitions import BY_KEY, FAMILIES, definitions_table, family_label, in_family, label
from stakeholders.comparison.report import to_pdf
from stakeholders.comparison.table import Comparison
from stakeholders.errors import InputError
from stakeholders.tabular.write import CSV, CSV_EXCEL_CL, XLSX, csv_bytes, xlsx_bytes
from stakeholders.vocab import SECTORS

FORMATS: tuple[str, ...] = (XLSX, "pdf", CSV_EXCEL_CL, CSV)


def _rounded(comp: Comparison, keys: list[str]) -> pd.DataFrame:
    table = comp.table
    out = pd.DataFrame({t("comparar.region_codigo"): table.index, t("comparar.region"): table["region"].to_numpy()})
    for key in keys:
        ind = BY_KEY[key]
        column = table[key]
        out[label(key)] = column.to_numpy() if not ind.numeric else column.astype(float).round(ind.decimals).to_numpy()
    return out


def all_indicators(comp: Comparison) -> pd.DataFrame:
    """Every region (and the national row) × every indicator, Spanish headers."""
    return _rounded(comp, list(BY_KEY))


def family_sheets(comp: Comparison) -> dict[str, pd.DataFrame]:
    sheets = {family_label(f): _rounded(comp, [i.key for i in in_family(f)]) for f in FAMILIES}
    sheets[t("comparar.hoja_brechas")] = gap_table(comp)
    notes = " ".join([comp.population.note(), t("comparar.fuente_territorio")])
    sheets[t("comparar.hoja_definiciones")] = definitions_table(notes)
    return sheets


def gap_table(comp: Comparison) -> pd.DataFrame:
    names = comp.table["region"]
    gaps = comp.gaps
    return pd.DataFrame({
        t("comparar.region_codigo"): gaps["region_cut"].to_numpy(),
        t("comparar.region"): gaps["region_cut"].map(names).to_numpy(),
        t("comparar.comuna_codigo"): gaps["comuna_cut"].to_numpy(),
        t("comparar.comuna"): gaps["nombre"].to_numpy(),
        t("comparar.sectores_faltantes"): [", ".join(SECTORS[s] for s in ss) for ss in gaps["sectores_faltantes"]],
    })


def decimals() -> dict[str, int]:
    """Decimals per Spanish column header (what the writer rounds each indicator to)."""
    return {label(i.key): i.decimals for i in BY_KEY.values() if i.numeric}


def to_csv(comp: Comparison, fmt: str = CSV_EXCEL_CL) -> bytes:
    """Every indicator of every region; ``csv_excel`` (``;``, decimal comma) or ``csv`` (``,``)."""
    return csv_bytes(all_indicators(comp), fmt, decimals=decimals())


def to_xlsx(comp: Comparison) -> bytes:
    return xlsx_bytes(family_sheets(comp), decimals=decimals())


def write(comp: Comparison, path: str | Path, fmt: str | None = None, indicator: str = "org_por_100k_hab",
          image: bytes | None = None, legend: Sequence[tuple[str, str]] = ()) -> Path:
    """Write ``xlsx``, ``pdf``, ``csv_excel`` or ``csv`` (``fmt``, else the extension of ``path``; a
    ``.csv`` file gets the Excel (Chile) dialect). For a PDF, ``image``/``legend`` are the national
    choropleth and its classes, drawn by the caller with :mod:`mapping.comparison`."""
    target = Path(path)
    if fmt is None:
        fmt = target.suffix.lstrip(".").lower()
        fmt = CSV_EXCEL_CL if fmt == CSV else fmt
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(t("comparar.error_formato", formato=fmt))
    if fmt == "pdf":
        payload = to_pdf(comp, indicator, image, legend)
    elif fmt == XLSX:
        payload = to_xlsx(comp)
    else:
        payload = to_csv(comp, fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    return target
