"""Empty templates (CSV or XLSX) with the canonical headers, so users start from the right columns.

The XLSX templates carry a sheet with the allowed values (what people check when filling a
spreadsheet by hand, and the source of the drop-downs) and, for organizations, a filled-in
example on its own sheet. The example sheet starts with a note row, so its first row is not a
table header and the importer skips the sheet: an untouched template imports nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import geodata
from i18n import t
from stakeholders.errors import InputError
from stakeholders.importing.headers import PARTICIPATION_TABLES, TABLE_COLUMNS
from stakeholders.tabular.write import add_sheet, csv_bytes, new_workbook, workbook_bytes
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


#: A filled-in row per table that has one (valid as it stands: a test imports it).
EXAMPLES: dict[str, dict[str, object]] = {
    "organizaciones": {
        "nombre": "Sindicato de Trabajadores Portuarios de Valparaíso", "rut": "76.123.456-0",
        "sector_tripartito": "trabajadores", "tipo_actor": "sindicato", "escala": "local", "region": "Valparaíso",
        "provincia": "Valparaíso", "comuna": "Valparaíso", "latitud": -33.0458, "longitud": -71.6197,
        "rubro": "H", "grupos_representados": "mujeres; jovenes", "genero_representante": "F", "n_miembros": 130,
        "email": "contacto@ejemplo.cl", "telefono": "322123456", "id_externo": "RSU-05101-001",
        "regiones_presencia": "",
    },
}


def example_sheet_title(table: str) -> str:
    return f"ejemplo_{table}"


def add_example(book: Workbook, table: str) -> None:
    """The example row under the table's headers, below a note row that keeps the importer off it."""
    sheet = add_sheet(book, example_sheet_title(table), pd.DataFrame([EXAMPLES[table]], columns=TABLE_COLUMNS[table]))
    sheet.insert_rows(1)
    sheet["A1"] = t("app.plantilla_ejemplo_nota", hoja=table)
    sheet["A1"].font = Font(bold=True)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = None


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
        return {table: csv_bytes(empty_frame(table)) for table in tables}
    if fmt != "xlsx":
        raise InputError(t("importacion.formato_plantilla", formato=fmt))
    book = new_workbook()
    allowed = allowed_values()
    for table in tables:
        add_dropdowns(add_sheet(book, table, empty_frame(table)), TABLE_COLUMNS[table], allowed, table)
    for table in tables:
        if table in EXAMPLES:
            add_example(book, table)
    add_sheet(book, ALLOWED_SHEET, allowed)
    return {kind: workbook_bytes(book)}


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
