"""Empty templates: canonical headers, one per table; XLSX with the allowed values."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine

from stakeholders.access import User
from stakeholders.importing import import_file
from stakeholders.importing.headers import TABLE_COLUMNS
from stakeholders.importing.templates import EXAMPLES, TEMPLATE_KINDS, template_bytes
from stakeholders.registry.schema import ORG_FILE_COLUMNS
from stakeholders.repository import load_organizations
from stakeholders.tabular.write import new_workbook, workbook_bytes
from stakeholders.vocab import ACTOR_TYPES, SCALES, SECTORS


def test_organization_template_csv() -> None:
    [data] = template_bytes("organizaciones", "csv").values()
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").columns)[:16] == ORG_FILE_COLUMNS


@pytest.mark.parametrize("kind", list(TEMPLATE_KINDS))
def test_every_template_xlsx(kind: str) -> None:
    [data] = template_bytes(kind, "xlsx").values()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for table in TEMPLATE_KINDS[kind]:
        headers = [c.value for c in book[table][1]]
        assert headers == TABLE_COLUMNS[table]
    allowed = pd.read_excel(io.BytesIO(data), sheet_name="valores_permitidos")
    assert {"sindicato", "A", "mujeres", "nacional"} <= set(allowed["valor"])


def test_participation_csv_gives_one_file_per_table() -> None:
    assert list(template_bytes("participacion", "csv")) == ["espacios", "membresias", "eventos", "asistencia"]


def test_unknown_template() -> None:
    with pytest.raises(ValueError, match="plantilla"):
        template_bytes("nada", "csv")
    with pytest.raises(ValueError, match="formato|Formato"):
        template_bytes("organizaciones", "pdf")


def test_organizations_template_has_dropdowns_over_every_allowed_value() -> None:
    """Each fixed-vocabulary column offers a drop-down whose range on the allowed-values sheet
    covers exactly that field's values (organizacion_comunitaria included)."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("organizaciones", "xlsx")["organizaciones"]))
    allowed = list(book["valores_permitidos"].iter_rows(values_only=True))[1:]
    headers = [c.value for c in book["organizaciones"][1]]
    found: dict[str, list[str]] = {}
    for check in book["organizaciones"].data_validations.dataValidation:
        letter = str(check.sqref).split(":")[0].rstrip("0123456789")
        column = headers[openpyxl.utils.column_index_from_string(letter) - 1]
        first, last = (int(x.split("$")[-1]) for x in check.formula1.split("!")[1].split(":"))
        found[column] = [allowed[r - 2][1] for r in range(first, last + 1)]
        assert str(check.sqref).endswith("2001") and check.errorStyle == "warning"
    assert set(found) == {"sector_tripartito", "tipo_actor", "escala", "rubro", "genero_representante"}
    assert found["tipo_actor"] == list(ACTOR_TYPES) and "organizacion_comunitaria" in found["tipo_actor"]
    assert found["sector_tripartito"] == list(SECTORS) and found["escala"] == list(SCALES)
    assert {row[0] for row in allowed} >= {"region", "grupos_representados"}


USER = User("central.ana", "central")


def _org_template() -> bytes:
    return template_bytes("organizaciones", "xlsx")["organizaciones"]


def test_organizations_template_shows_an_example_the_importer_skips(engine: Engine) -> None:
    """Opened in a spreadsheet: drop-downs, the example (note row, headers, one filled row), allowed values.
    Imported untouched: nothing imported and nothing reported (the example sheet is not a table)."""
    data = _org_template()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["organizaciones", "ejemplo_organizaciones", "valores_permitidos"]
    assert len(book["organizaciones"].data_validations.dataValidation) == 5
    example = list(book["ejemplo_organizaciones"].iter_rows(values_only=True))
    assert str(example[0][0]).startswith("EJEMPLO: esta hoja no se importa")
    assert list(example[1]) == TABLE_COLUMNS["organizaciones"]
    assert example[2][:4] == ("Sindicato de Trabajadores Portuarios de Valparaíso", "76.123.456-0", "trabajadores",
                              "sindicato")
    assert "organizacion_comunitaria" in [r[1] for r in book["valores_permitidos"].iter_rows(values_only=True)]
    result = import_file(engine, data, USER, name="plantilla.xlsx")
    assert (result.total, result.creadas, result.issues, result.notes) == (0, 0, [], [])
    assert load_organizations(engine).empty


def test_the_example_row_imports_cleanly_when_copied_into_the_table(engine: Engine) -> None:
    """The example teaches a valid row: pasted under the table's headers it imports with no problem."""
    example = list(openpyxl.load_workbook(io.BytesIO(_org_template()))["ejemplo_organizaciones"].iter_rows(
        values_only=True))
    book = new_workbook()
    sheet = book.create_sheet("organizaciones")
    sheet.append(example[1])
    sheet.append(example[2])
    result = import_file(engine, workbook_bytes(book), USER, name="copiado.xlsx")
    assert result.issues == [] and result.creadas == 1
    org = load_organizations(engine).iloc[0]
    assert (org["nombre"], org["comuna_cut"], int(org["n_miembros"])) == (EXAMPLES["organizaciones"]["nombre"],
                                                                         "05101", 130)
