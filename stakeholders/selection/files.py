"""Selection files in the layouts people already have, and the published results.

Quotas: the Sortition Foundation's ``feature,value,min,max`` (plus optional ``min_flex,max_flex``,
as in ``sortition-algorithms``) or the Nature paper's replication layout ``category,feature,min,max``.
Candidates: one row each, one column per feature, and an id column (the Foundation's files) or no
id at all (the replication's respondents: numbered by row). Any encoding/separator the registry
importer reads; results are CSV with BOM (Excel Chile, formula-neutralised) and JSON.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.errors import InputError
from stakeholders.selection.program import Quota, features
from stakeholders.selection.service import Selection
from stakeholders.tabular.formulas import unneutralise
from stakeholders.tabular.read import detect_encoding, detect_separator
from stakeholders.tabular.write import csv_bytes

LAYOUT_SF = "sortition_foundation"
LAYOUT_NATURE = "nature"
SF_COLUMNS = ("feature", "value", "min", "max")
NATURE_COLUMNS = ("category", "feature", "min", "max")
PROBABILITY_DECIMALS = 10  # probabilities add up to k only with enough digits
ID_NAMES = ("id", "nationbuilder_id", "id_candidato", "identificador")


@dataclass(frozen=True)
class FlexQuota(Quota):
    """A quota with the Foundation's optional flexible bounds (kept to write the file back)."""

    min_flex: int | None = None
    max_flex: int | None = None


def _read_text(path: str | Path) -> pd.DataFrame:
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise InputError(t("seleccion.error_archivo_vacio", archivo=Path(path).name))
    text = raw.decode(detect_encoding(raw))
    frame = pd.read_csv(io.StringIO(text), sep=detect_separator(text), dtype=str, keep_default_na=False)
    frame.columns = [unneutralise(str(c).strip()) for c in frame.columns]
    return frame.apply(lambda col: col.str.strip().map(unneutralise))  # undo the export's formula guard


def _int(value: str, path: str | Path, row: int, column: str) -> int:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise InputError(t("seleccion.error_numero", archivo=Path(path).name, fila=row, columna=column,
                           valor=value)) from None
    if not number.is_integer():
        raise InputError(t("seleccion.error_numero", archivo=Path(path).name, fila=row, columna=column, valor=value))
    return int(number)


def quota_layout(columns: list[str]) -> str:
    lower = {c.lower() for c in columns}
    if set(SF_COLUMNS) <= lower:
        return LAYOUT_SF
    if set(NATURE_COLUMNS) <= lower:
        return LAYOUT_NATURE
    raise InputError(t("seleccion.error_formato_cuotas", columnas=", ".join(columns)))


def read_quotas(path: str | Path) -> tuple[list[Quota], str]:
    """Quotas and the layout they came in (Spanish error naming file, row and column)."""
    frame = _read_text(path)
    frame.columns = [c.lower() for c in frame.columns]
    layout = quota_layout(list(frame.columns))
    name_col, value_col = ("feature", "value") if layout == LAYOUT_SF else ("category", "feature")
    out: list[Quota] = []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        if not any(str(v) for v in row.values()):
            continue
        nums = {c: _int(row[c], path, i, c) for c in ("min", "max")}
        flex = {c: _int(row[c], path, i, c) if str(row.get(c, "")) else None for c in ("min_flex", "max_flex")
                if c in frame.columns}
        if not row[name_col] or not row[value_col]:
            raise InputError(t("seleccion.error_celda_vacia", archivo=Path(path).name, fila=i))
        out.append(FlexQuota(row[name_col], row[value_col], nums["min"], nums["max"], **flex))
    if not out:
        raise InputError(t("seleccion.error_archivo_vacio", archivo=Path(path).name))
    return out, layout


def read_candidates(path: str | Path, quotas: list[Quota], id_column: str | None = None) -> pd.DataFrame:
    """Candidates with ``id`` first (the file's id column, or the row number when it has none)."""
    frame = _read_text(path)
    missing = [f for f in features(quotas) if f not in frame.columns]
    if missing:
        raise InputError(t("seleccion.error_columnas_candidatos", archivo=Path(path).name,
                           columnas=", ".join(missing)))
    column = id_column or next((c for c in frame.columns if c.lower() in ID_NAMES), None)
    if id_column and id_column not in frame.columns:
        raise InputError(t("seleccion.error_columna_id", archivo=Path(path).name, columna=id_column))
    if column is None:
        ids = [str(i) for i in range(1, len(frame) + 1)]
    else:
        ids = frame[column].tolist()
        empty = [i + 2 for i, v in enumerate(ids) if not v]
        if empty:
            raise InputError(t("seleccion.error_id_vacio", archivo=Path(path).name, fila=empty[0], columna=column))
    out = frame.drop(columns=[column]) if column else frame
    out.insert(0, "id", ids)
    return out.reset_index(drop=True)


def write_quotas(quotas: list[Quota], path: str | Path, layout: str = LAYOUT_SF) -> None:
    """The quotas back in either layout (UTF-8 with BOM, comma: the app's one CSV writer)."""
    if layout == LAYOUT_SF:
        rows = [{"feature": q.feature, "value": q.value, "min": q.minimo, "max": q.maximo} for q in quotas]
        if any(isinstance(q, FlexQuota) and q.min_flex is not None for q in quotas):
            for row, q in zip(rows, quotas, strict=True):
                row["min_flex"] = getattr(q, "min_flex", None)
                row["max_flex"] = getattr(q, "max_flex", None)
    else:
        rows = [{"category": q.feature, "feature": q.value, "min": q.minimo, "max": q.maximo} for q in quotas]
    Path(path).write_bytes(csv_bytes(pd.DataFrame(rows)))


def write_candidates(pool: pd.DataFrame, path: str | Path, layout: str = LAYOUT_SF, id_column: str = "id") -> None:
    frame = pool.rename(columns={"id": id_column}) if layout == LAYOUT_SF else pool.drop(columns=["id"])
    Path(path).write_bytes(csv_bytes(frame))


def write_results(selection: Selection, folder: str | Path) -> list[Path]:
    """``probabilidades.csv``, ``panel.csv``, ``excluidos.csv`` (BOM, neutralised) and ``sorteo.json``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    panel = selection.panel.assign(razones=selection.panel["razones"].map(" | ".join))
    exact = {"probabilidad": PROBABILITY_DECIMALS, "probabilidad_lp": PROBABILITY_DECIMALS}
    files = {
        "probabilidades.csv": csv_bytes(selection.probabilities, decimals=exact),
        "panel.csv": csv_bytes(panel, decimals=exact),
        "excluidos.csv": csv_bytes(selection.left_out),
        "cuotas.csv": csv_bytes(selection.quotas),
        "sorteo.json": json.dumps(selection.to_json_dict(), ensure_ascii=False, indent=1).encode("utf-8"),
    }
    written = []
    for name, payload in files.items():
        (out / name).write_bytes(payload)
        written.append(out / name)
    return written
