"""Empty templates (CSV or XLSX) with the canonical headers, so users start from the right columns.

The XLSX templates carry a second sheet with the allowed values, which is what people
check when filling a spreadsheet by hand.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import geodata
from i18n import t
from stakeholders.errors import InputError
from stakeholders.importing.headers import PARTICIPATION_TABLES, TABLE_COLUMNS
from stakeholders.vocab import ACTOR_TYPES, GENDERS, GROUPS, RELATION_TYPES, RUBROS, SCALES, SECTORS, SPACE_TYPES

# CLI/UI choices: "participacion" bundles spaces, memberships, events and attendance.
TEMPLATE_KINDS: dict[str, list[str]] = {
    "organizaciones": ["organizaciones"],
    "relaciones": ["relaciones"],
    "participacion": PARTICIPATION_TABLES,
    **{kind: [kind] for kind in PARTICIPATION_TABLES},
}


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=TABLE_COLUMNS[table])


def allowed_values() -> pd.DataFrame:
    """One row per allowed value: field, id, label (the reference sheet of the XLSX template)."""
    rows = [("sector_tripartito", k, v) for k, v in SECTORS.items()]
    rows += [("tipo_actor", k, f"{label} ({sector})") for k, (sector, label) in ACTOR_TYPES.items()]
    rows += [("escala", k, v) for k, v in SCALES.items()]
    rows += [("rubro", k, v) for k, v in RUBROS.items()]
    rows += [("grupos_representados", k, v) for k, v in GROUPS.items()]
    rows += [("genero_representante", k, v) for k, v in GENDERS.items()]
    rows += [("region", code, name) for code, name in geodata.region_names().items()]
    rows += [("tipo (relaciones)", k, v) for k, v in RELATION_TYPES.items()]
    rows += [("tipo (espacios)", k, v) for k, v in SPACE_TYPES.items()]
    return pd.DataFrame(rows, columns=["campo", "valor", "descripcion"])


ALLOWED_SHEET = "valores_permitidos"
DROPDOWN_ROWS = 2000  # rows of a template that get the drop-downs
# Template column → field of the allowed-values sheet offered as its drop-down (single-valued fields).
DROPDOWNS: dict[str, str] = {
    "sector_tripartito": "sector_tripartito", "tipo_actor": "tipo_actor", "escala": "escala", "rubro": "rubro",
    "genero_representante": "genero_representante", "tipo": "tipo (relaciones)",
}


def add_dropdowns(sheet: Worksheet, columns: list[str], allowed: pd.DataFrame, table: str) -> None:
    """Drop-down lists from the allowed-values sheet on every column with a fixed vocabulary.

    A warning (not a stop) on other input: the importer also accepts labels and spelling variants.
    """
    for position, column in enumerate(columns, start=1):
        field = DROPDOWNS.get(column)
        if column == "tipo" and table != "relaciones":
            field = "tipo (espacios)" if table == "espacios" else None
        if field is None:
            continue
        rows = allowed.index[allowed["campo"] == field]
        if rows.empty:
            continue
        first, last = int(rows.min()) + 2, int(rows.max()) + 2  # header row + 1-based
        check = DataValidation(type="list", formula1=f"={ALLOWED_SHEET}!$B${first}:$B${last}", allow_blank=True,
                               errorStyle="warning", showErrorMessage=True,
                               error=t("app.plantilla_valor_fuera_de_lista", hoja=ALLOWED_SHEET),
                               errorTitle=t("app.plantilla_valor_titulo"))
        letter = get_column_letter(position)
        check.add(f"{letter}2:{letter}{DROPDOWN_ROWS + 1}")
        sheet.add_data_validation(check)


def template_bytes(kind: str, fmt: str) -> dict[str, bytes]:
    """File name suffix → bytes. CSV gives one file per table; XLSX one workbook with a sheet each."""
    if kind not in TEMPLATE_KINDS:
        raise InputError(t("importacion.tipo_plantilla_desconocido", tipo=kind, tipos=", ".join(TEMPLATE_KINDS)))
    tables = TEMPLATE_KINDS[kind]
    if fmt == "csv":
        return {table: empty_frame(table).to_csv(index=False).encode("utf-8-sig") for table in tables}
    if fmt != "xlsx":
        raise InputError(t("importacion.formato_plantilla", formato=fmt))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        allowed = allowed_values()
        for table in tables:
            empty_frame(table).to_excel(writer, index=False, sheet_name=table)
            add_dropdowns(writer.sheets[table], TABLE_COLUMNS[table], allowed, table)
        allowed.to_excel(writer, index=False, sheet_name=ALLOWED_SHEET)
    return {kind: buffer.getvalue()}


def write_template(kind: str, path: str | Path) -> list[Path]:
    """Write the template(s) next to ``path`` (format from its extension); returns the files written."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".") or "csv"
    files = template_bytes(kind, fmt)
    written = []
    for table, data in files.items():
        target = path if len(files) == 1 else path.with_name(f"{path.stem}_{table}{path.suffix}")
        target.write_bytes(data)
        written.append(target)
    return written
