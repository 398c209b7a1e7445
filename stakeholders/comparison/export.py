"""Exports of the comparison: CSV (UTF-8 BOM), XLSX (one sheet per family + definitions and sources).

Every cell and header goes through :func:`stakeholders.formulas.neutralise`; characters a
spreadsheet cannot hold (NUL and other control characters) are replaced, never dropped silently.
The printable PDF lives in :mod:`stakeholders.comparison.report`.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.comparison.definitions import BY_KEY, FAMILIES, definitions_table, family_label, in_family, label
from stakeholders.comparison.report import to_pdf
from stakeholders.comparison.table import Comparison
from stakeholders.formulas import neutralise
from stakeholders.vocab import SECTORS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMATS: tuple[str, ...] = ("xlsx", "pdf", "csv")


def clean_text(value: object) -> object:
    """Text safe for a spreadsheet cell (control characters → U+FFFD), formula-neutralised."""
    if isinstance(value, str):
        return neutralise(_CONTROL.sub("\ufffd", value))
    return value


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


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.apply(lambda s: s.map(clean_text)) if len(frame) else frame.copy()
    out.columns = [clean_text(str(c)) for c in frame.columns]
    return out


def to_csv(comp: Comparison) -> bytes:
    frame = _safe_frame(all_indicators(comp))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(comp: Comparison) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in family_sheets(comp).items():
            _safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for column in sheet.columns:
                sheet.column_dimensions[column[0].column_letter].width = 22
    return buf.getvalue()


def write(comp: Comparison, path: str | Path, fmt: str | None = None, indicator: str = "org_por_100k_hab",
          regions_geo: object = None) -> Path:
    """Write ``xlsx``, ``pdf`` or ``csv`` (``fmt`` or the extension of ``path``)."""
    target = Path(path)
    fmt = (fmt or target.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(t("comparar.error_formato", formato=fmt))
    if fmt == "pdf":
        payload = to_pdf(comp, indicator, regions_geo)
    else:
        payload = to_xlsx(comp) if fmt == "xlsx" else to_csv(comp)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(payload)
    return target
