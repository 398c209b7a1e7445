"""Every CSV and XLSX file the app writes, written one way.

The people who open these files use Excel set up for Chile, where ``;`` separates columns and
``,`` is the decimal mark; a plain comma CSV opens there as one column. So every CSV carries a
UTF-8 BOM (Excel then reads accents right) and comes in two dialects: ``csv`` (comma, point:
for other tools and re-import) and ``csv_excel`` («CSV para Excel (Chile)»: ``;`` and decimal
comma). Whatever the format, a cell holds what a person expects to read: «Sí»/«No» instead of
True/False, floats rounded (no 19-digit tails), dates as dd-mm-aaaa, lists joined with ``; ``,
missing values empty, and every text cell *and header* formula-neutralised
(:mod:`stakeholders.tabular.formulas`). XLSX sheets get bold, frozen, filterable headers and
column widths that fit their content.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from i18n import t
from stakeholders.tabular.formulas import neutralise_text

CSV: Final[str] = "csv"
CSV_EXCEL_CL: Final[str] = "csv_excel"
XLSX: Final[str] = "xlsx"
#: Spreadsheet formats in the order a page or CLI offers them.
FORMATS: Final[tuple[str, ...]] = (CSV_EXCEL_CL, XLSX, CSV)
MEDIA_TYPES: Final[dict[str, str]] = {
    CSV: "text/csv",
    CSV_EXCEL_CL: "text/csv",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS: Final[dict[str, str]] = {CSV: "csv", CSV_EXCEL_CL: "csv", XLSX: "xlsx"}

#: Decimals kept when a column does not say otherwise (shares, scores, probabilities).
DEFAULT_DECIMALS: Final[int] = 4
#: Decimals for latitude/longitude (about 0.1 m), the one place that needs more.
COORDINATE_DECIMALS: Final[int] = 6
COORDINATES: Final[dict[str, int]] = {
    "latitud": COORDINATE_DECIMALS, "longitud": COORDINATE_DECIMALS,
    "lat": COORDINATE_DECIMALS, "lon": COORDINATE_DECIMALS,
}
LIST_SEPARATOR: Final[str] = "; "
DATE_TEXT: Final[str] = "%d-%m-%Y"
DATETIME_TEXT: Final[str] = "%d-%m-%Y %H:%M"
XLSX_DATE: Final[str] = "DD-MM-YYYY"
XLSX_DATETIME: Final[str] = "DD-MM-YYYY HH:MM"
MIN_WIDTH: Final[int] = 8
MAX_WIDTH: Final[int] = 60
#: Rows looked at to size a column (enough for the look, cheap on national exports).
WIDTH_SAMPLE: Final[int] = 200
_SHEET_FORBIDDEN: Final[str] = "[]:*?/\\"


@dataclass(frozen=True)
class CsvDialect:
    """Column separator and decimal mark of one CSV flavour."""

    separator: str
    decimal: str


DIALECTS: Final[dict[str, CsvDialect]] = {CSV: CsvDialect(",", "."), CSV_EXCEL_CL: CsvDialect(";", ",")}


def format_label(fmt: str) -> str:
    """The Spanish name of a format for a button or a help text («CSV para Excel (Chile)»)."""
    return t(f"tabular.formato.{fmt}")


def file_name(stem: str, fmt: str) -> str:
    """``stem`` with the extension of ``fmt`` (both CSV dialects end in ``.csv``)."""
    return f"{stem}.{EXTENSIONS[fmt]}"


def check_format(fmt: str) -> str:
    """``fmt`` when it is a spreadsheet format; a Spanish error naming the valid ones otherwise."""
    if fmt not in DIALECTS and fmt != XLSX:
        raise ValueError(t("tabular.formato_desconocido", formato=fmt, formatos=", ".join(FORMATS)))
    return fmt


# ------------------------------------------------------------------ cells


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> object:
    """numpy/pandas scalars and arrays → Python values (``np.float64`` → float, arrays → lists)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def cell(value: object, decimals: int = DEFAULT_DECIMALS) -> object:
    """One value as a spreadsheet cell should hold it (shared by the CSV and XLSX writers).

    Missing → ``None``; booleans → «Sí»/«No»; floats rounded to ``decimals`` (infinite → empty);
    datetimes without time zone or microseconds; lists joined with ``; ``; text neutralised.
    Numbers, dates and Decimals stay what they are, so XLSX keeps them numeric.
    """
    if type(value) is str:  # the common case first: most cells are text
        return neutralise_text(value)
    value = _plain(value)
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        return t("tabular.si") if value else t("tabular.no")
    if isinstance(value, float):
        if math.isinf(value):
            return None
        rounded = round(value, decimals)
        return rounded + 0.0  # -0.0 → 0.0
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, int | date | Decimal):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return neutralise_text(LIST_SEPARATOR.join(str(_plain(v)) for v in items if not _is_missing(_plain(v))))
    return neutralise_text(str(value))


def header(name: object, labels: Mapping[str, str] | None = None) -> str:
    """A column header: its Spanish label when given, neutralised like any other text cell."""
    text = str(name)
    return neutralise_text(labels.get(text, text) if labels else text)


def _decimals_for(columns: list[str], decimals: Mapping[str, int] | None) -> list[int]:
    table = {**COORDINATES, **(decimals or {})}
    return [table.get(c, DEFAULT_DECIMALS) for c in columns]


def _column(values: pd.Series, decimals: int) -> list[object]:
    """:func:`cell` over one column, vectorised for plain float and bool columns (national exports)."""
    dtype = values.dtype
    if dtype == np.float64:
        rounded = np.round(values.to_numpy(dtype=float), decimals) + 0.0
        return [v if math.isfinite(v) else None for v in rounded.tolist()]
    if dtype == np.bool_:
        yes, no = t("tabular.si"), t("tabular.no")
        return [yes if v else no for v in values.tolist()]
    return [cell(v, decimals) for v in values.tolist()]


def _columns(frame: pd.DataFrame, places: list[int]) -> list[list[object]]:
    return [_column(frame.iloc[:, i], d) for i, d in enumerate(places)]


# ------------------------------------------------------------------ CSV


def _float_text(value: float, decimals: int, mark: str) -> str:
    text = f"{value:.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", mark) if text != "-0" else "0"


def csv_text(value: object, decimals: int = DEFAULT_DECIMALS, dialect: CsvDialect = DIALECTS[CSV]) -> str:
    """The text of a :func:`cell` value in a CSV of ``dialect`` (dates dd-mm-aaaa)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _float_text(value, decimals, dialect.decimal)
    if isinstance(value, Decimal):
        return _float_text(float(value), decimals, dialect.decimal)
    if isinstance(value, datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        return value.strftime(DATETIME_TEXT if has_time else DATE_TEXT)
    if isinstance(value, date):
        return value.strftime(DATE_TEXT)
    return str(value)


def _csv_column(values: list[object], decimals: int, dialect: CsvDialect) -> list[str]:
    """:func:`csv_text` over one column; text (the common case) passes straight through."""
    return [v if type(v) is str else csv_text(v, decimals, dialect) for v in values]


def csv_bytes(frame: pd.DataFrame, fmt: str = CSV, *, decimals: Mapping[str, int] | None = None,
              labels: Mapping[str, str] | None = None) -> bytes:
    """``frame`` as a UTF-8 CSV with BOM in dialect ``fmt`` (``csv`` or ``csv_excel``)."""
    if fmt not in DIALECTS:
        raise ValueError(t("tabular.formato_desconocido", formato=fmt, formatos=", ".join(DIALECTS)))
    dialect = DIALECTS[fmt]
    places = _decimals_for([str(c) for c in frame.columns], decimals)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.separator, lineterminator="\n")
    writer.writerow([header(c, labels) for c in frame.columns])
    columns = [_csv_column(col, d, dialect) for col, d in zip(_columns(frame, places), places, strict=True)]
    writer.writerows(zip(*columns, strict=True))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


#: Text that is a number as a person typed it (-33,4569; 1.200): no formula, so it keeps its form.
NUMBER_TEXT: Final[re.Pattern[str]] = re.compile(r"[-+\u2212]?\d[\d.,]*")


def csv_bytes_as_typed(frame: pd.DataFrame, separator: str) -> bytes:
    """Text cells written back as the user typed them (a file to fix and import again, e.g. the
    importer's rejected rows): the file's own ``separator``, headers as given, numbers-as-text kept
    (no ``'`` before -33,4569), any other text and every header formula-neutralised. UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralise_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if _is_missing(v) else (v if isinstance(v, str) and NUMBER_TEXT.fullmatch(v) else
                         neutralise_text(str(v))) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ------------------------------------------------------------------ XLSX


def sheet_title(title: str) -> str:
    """A valid Excel sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    clean = "".join(" " if ch in _SHEET_FORBIDDEN else ch for ch in ILLEGAL_CHARACTERS_RE.sub("", title)).strip()
    return (clean or "datos")[:31]


def _xlsx_value(value: object) -> object:
    """XML cannot hold control characters such as NUL: they are dropped from text cells."""
    if isinstance(value, str) and not value.isprintable():
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _width(values: list[object], title: str) -> float:
    longest = max([len(title)] + [len(csv_text(v)) for v in values[:WIDTH_SAMPLE]])
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def add_sheet(book: Workbook, title: str, frame: pd.DataFrame, *, decimals: Mapping[str, int] | None = None,
              labels: Mapping[str, str] | None = None) -> Worksheet:
    """Append ``frame`` as a sheet: bold frozen filterable header, fitted widths, dd-mm-aaaa dates."""
    ws: Worksheet = book.create_sheet(sheet_title(title))
    titles = [_xlsx_value(header(c, labels)) for c in frame.columns]
    ws.append(titles)
    for head in ws[1]:
        head.font = Font(bold=True)
    columns = [[_xlsx_value(v) for v in col] for col in _columns(frame, _decimals_for(
        [str(c) for c in frame.columns], decimals))]
    for row in zip(*columns, strict=True):
        ws.append(row)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for idx, (title_text, column) in enumerate(zip(titles, columns, strict=True), start=1):
        ws.column_dimensions[get_column_letter(idx)].width = _width(column, str(title_text))
        _date_format(ws, idx, column)
    return ws


def _date_format(ws: Worksheet, idx: int, column: list[object]) -> None:
    for offset, value in enumerate(column, start=2):
        if isinstance(value, datetime):
            has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
            ws.cell(row=offset, column=idx).number_format = XLSX_DATETIME if has_time else XLSX_DATE
        elif isinstance(value, date):
            ws.cell(row=offset, column=idx).number_format = XLSX_DATE


def new_workbook() -> Workbook:
    """A workbook without openpyxl's default empty sheet (add sheets with :func:`add_sheet`)."""
    book = Workbook()
    book.remove(book.worksheets[0])
    return book


def workbook_bytes(book: Workbook) -> bytes:
    """The saved workbook as bytes (for a download button or a file)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, decimals: Mapping[str, int] | None = None,
               labels: Mapping[str, str] | None = None) -> bytes:
    """One workbook, one sheet per entry of ``sheets`` (title → frame), in order."""
    book = new_workbook()
    for title, frame in sheets.items():
        add_sheet(book, title, frame, decimals=decimals, labels=labels)
    return workbook_bytes(book)


def spreadsheet_bytes(frame: pd.DataFrame, fmt: str, *, sheet: str = "datos",
                      decimals: Mapping[str, int] | None = None, labels: Mapping[str, str] | None = None) -> bytes:
    """``frame`` in ``fmt`` (``csv``, ``csv_excel`` or ``xlsx``): the one call pages and CLIs need."""
    if check_format(fmt) == XLSX:
        return xlsx_bytes({sheet: frame}, decimals=decimals, labels=labels)
    return csv_bytes(frame, fmt, decimals=decimals, labels=labels)


@dataclass(frozen=True)
class Download:
    """Arguments of ``st.download_button(label, data, file_name, mime)`` for one file."""

    label: str
    data: bytes
    file_name: str
    mime: str


def download(frame: pd.DataFrame, stem: str, fmt: str, *, sheet: str = "datos",
             decimals: Mapping[str, int] | None = None, labels: Mapping[str, str] | None = None) -> Download:
    """Everything a download button needs for one format: label, data, file name, media type."""
    data = spreadsheet_bytes(frame, fmt, sheet=sheet, decimals=decimals, labels=labels)
    return Download(format_label(fmt), data, file_name(stem, fmt), MEDIA_TYPES[fmt])


def downloads(frame: pd.DataFrame, stem: str, formats: tuple[str, ...] = FORMATS, *, sheet: str = "datos",
              decimals: Mapping[str, int] | None = None,
              labels: Mapping[str, str] | None = None) -> list[Download]:
    """One :class:`Download` per format, for a row of buttons (CSV para Excel (Chile), XLSX, CSV)."""
    return [download(frame, stem, fmt, sheet=sheet, decimals=decimals, labels=labels) for fmt in formats]
