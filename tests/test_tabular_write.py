"""The one spreadsheet writer: BOM, Excel-Chile dialect, Sí/No, rounding, dates, hostile text, XLSX layout."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from stakeholders.tabular import write as tw
from stakeholders.tabular.formulas import neutralise
from tests.factories import hostile_names


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "nombre": ["Sindicato Uno", "=SUMA(A1)", None],
        "latitud": [-36.606555123456789, np.nan, -0.0000001],
        "puntaje": [0.1 + 0.2, 1 / 3, 2.0],
        "activo": [True, False, None],
        "n_miembros": pd.array([12, None, 3], dtype="Int64"),
        "fecha": [pd.Timestamp("2026-03-05 14:30:59.123"), pd.NaT, pd.Timestamp("2026-12-31")],
        "grupos": [["jovenes", "mujeres"], [], None],
    })


def _read_csv(data: bytes, separator: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def test_plain_csv_has_bom_si_no_rounding_and_dates() -> None:
    rows = _read_csv(tw.csv_bytes(_frame()), ",")
    assert rows[0] == ["nombre", "latitud", "puntaje", "activo", "n_miembros", "fecha", "grupos"]
    assert rows[1] == ["Sindicato Uno", "-36.606555", "0.3", "Sí", "12", "05-03-2026 14:30", "jovenes; mujeres"]
    assert rows[2] == ["'=SUMA(A1)", "", "0.3333", "No", "", "", ""]
    assert rows[3] == ["", "0", "2", "", "3", "31-12-2026", ""]


def test_csv_for_excel_chile_uses_semicolon_and_decimal_comma() -> None:
    rows = _read_csv(tw.csv_bytes(_frame(), tw.CSV_EXCEL_CL), ";")
    assert rows[1][:5] == ["Sindicato Uno", "-36,606555", "0,3", "Sí", "12"]
    assert rows[2][2] == "0,3333"
    assert all("True" not in cell and "False" not in cell for row in rows for cell in row)


def test_headers_are_neutralised_and_relabelled() -> None:
    frame = pd.DataFrame({"=HYPERLINK(\"x\")": [1], "sector": ["a"]})
    rows = _read_csv(tw.csv_bytes(frame, labels={"sector": "Sector tripartito"}), ",")
    assert rows[0] == ["'=HYPERLINK(\"x\")", "Sector tripartito"]
    sheet = openpyxl.load_workbook(io.BytesIO(tw.xlsx_bytes({"datos": frame}))).active
    assert sheet["A1"].value == "'=HYPERLINK(\"x\")" and sheet["A1"].data_type == "s"


def test_xlsx_layout_numbers_dates_and_widths() -> None:
    book = openpyxl.load_workbook(io.BytesIO(tw.xlsx_bytes({"Hoja: [1]/2": _frame()})))
    sheet = book.active
    assert book.sheetnames == ["Hoja   1  2"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G4"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["B2"].value == -36.606555 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 0.3 and sheet["D2"].value == "Sí" and sheet["D3"].value == "No"
    assert sheet["E2"].value == 12 and sheet["E3"].value is None
    assert sheet["F2"].value == datetime(2026, 3, 5, 14, 30, 59) and sheet["F2"].number_format == "DD-MM-YYYY HH:MM"
    assert sheet["F4"].number_format == "DD-MM-YYYY"
    assert sheet["A3"].value == "'=SUMA(A1)"
    assert sheet.column_dimensions["A"].width == len("Sindicato Uno") + 2
    assert sheet.column_dimensions["D"].width == tw.MIN_WIDTH


def test_hostile_names_come_out_literally_and_never_as_formulas(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    frame = pd.DataFrame({"nombre": names, name_header(): range(len(names))})
    for fmt, sep in ((tw.CSV, ","), (tw.CSV_EXCEL_CL, ";")):
        rows = _read_csv(tw.csv_bytes(frame, fmt), sep)
        assert [r[0] for r in rows[1:]] == [neutralise(n) for n in names]
        assert rows[0][1] == "'" + name_header()
    sheet = openpyxl.load_workbook(io.BytesIO(tw.xlsx_bytes({names[0]: frame}))).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, len(names) + 2)]
    assert [c.value for c in cells] == [str(neutralise(n)).replace("\x00", "") for n in names]
    assert all(c.data_type == "s" for c in cells)
    assert not marker.exists()


def name_header() -> str:
    return "@region"


def test_formats_labels_and_downloads() -> None:
    assert tw.format_label(tw.CSV_EXCEL_CL) == "CSV para Excel (Chile)"
    files = tw.downloads(_frame(), "actores")
    assert [d.file_name for d in files] == ["actores.csv", "actores.xlsx", "actores.csv"]
    assert files[0].data.decode("utf-8-sig").startswith("nombre;latitud") and files[0].mime == "text/csv"
    with pytest.raises(ValueError, match="csv_excel"):
        tw.spreadsheet_bytes(_frame(), "ods")
    with pytest.raises(ValueError, match="Formato"):
        tw.csv_bytes(_frame(), tw.XLSX)
