"""Read what people actually have: CSV (any common encoding/separator), XLSX, GeoJSON, GeoPackage.

Readers return plain frames of text cells with the file's own headers: numbers stay text here (a
decimal comma is parsed later, by the validator, with the cell's row at hand for the report), and
a formula guard written by our own exports (``'=…``) is removed again.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyogrio

from i18n import t
from stakeholders.errors import ImportFileError
from stakeholders.tabular.formulas import FORMULA_PREFIX, unneutralise

SEPARATORS = ";,\t|"
SEPARATOR_NAMES = {";": "punto y coma", ",": "coma", "\t": "tabulador", "|": "barra vertical"}
MAX_FIELD_CHARS = 10_000_000  # a cell this long is read (and then reported as too long), not fatal


def detect_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252, else Latin-1."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp1252"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def _field_counts(sample: str, sep: str) -> list[int]:
    """Fields per record when ``sample`` is parsed with ``sep`` and Excel's quoting (``""`` inside quotes)."""
    reader = csv.reader(io.StringIO(sample), delimiter=sep, quotechar='"', doublequote=True, strict=False)
    counts = []
    try:
        for row in reader:
            if row:
                counts.append(len(row))
    except csv.Error:
        return []
    return counts


def detect_separator(text: str, sample_lines: int = 200) -> str:
    """The separator that splits the first lines into a *consistent* number of columns.

    Each candidate (``;``, ``,``, tab, ``|``) parses the sample with proper quoting; the winner has
    the most rows with the header's column count, then the most columns; ``;`` wins ties (Chilean
    Excel). A quoted name with doubled quotes and commas inside (as Excel writes a HYPERLINK
    formula or a name with quotes) therefore no longer makes ``,`` look like the separator.
    One column only: ``,``.
    """
    lines = text.splitlines(keepends=True)
    sample = "".join(lines[:sample_lines])
    if len(lines) > sample_lines:  # the last line may be cut inside a quoted field: drop it
        sample = "".join(lines[:sample_lines - 1])
    best, best_score = ",", (0.0, 0, False)
    for sep in SEPARATORS:
        counts = _field_counts(sample, sep)
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = (round(consistent, 3), counts[0], sep == ";")
        if score > best_score:
            best, best_score = sep, score
    return best


def cell_text(value: object) -> str:
    """One cell as the text the validator reads (dates ISO, whole floats without ``.0``)."""
    if isinstance(value, str):
        value = value.strip()
        return unneutralise(value) if value[:1] == FORMULA_PREFIX else value
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unneutralise(str(value).strip())


@dataclass
class CellProblem:
    """A problem found while reading: data row index (0 = first row after the header), column, text."""

    row: int
    column: str
    message: str
    value: str = ""
    blocking: bool = True


@dataclass
class RawTable:
    """A file's table as read: text cells under its own headers, and what reading noticed."""

    frame: pd.DataFrame
    problems: list[CellProblem] = field(default_factory=list)
    encoding: str = "utf-8"
    separator: str = ","


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte of a Latin text is NUL."""
    head = raw[:2000]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.4 * len(head) / 2 and even == 0:
        return "utf-16-le"
    if even > 0.4 * len(head) / 2 and odd == 0:
        return "utf-16-be"
    return None


def decode_text(raw: bytes) -> tuple[str, str, list[int]]:
    """(text, encoding, lines decoded as Windows-1252 inside an otherwise UTF-8 file).

    UTF-16 (Excel's "Texto Unicode") by BOM or by its NUL bytes; UTF-8 with or without BOM; a file
    mixing UTF-8 and Windows-1252 lines (two exports pasted together) is decoded line by line, so
    "Cámara" never becomes "CÃ¡mara"; else Windows-1252, else Latin-1.
    """
    if raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16"), "utf-16", []
    utf16 = _looks_utf16(raw)
    if utf16:
        return raw.decode(utf16, errors="replace"), utf16, []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    decoded, legacy, utf8_accents = [], [], 0
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_accents += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            legacy.append(number)
    if utf8_accents:  # some lines are real UTF-8: a mixed file
        return "\n".join(decoded), "utf-8+cp1252", legacy
    return raw.decode("cp1252", errors="replace"), "cp1252", []


def mojibake_fix(text: str) -> str | None:
    """The intended text when ``text`` is UTF-8 read as Windows-1252 ("CÃ¡mara" → "Cámara"), else None."""
    if "Ã" not in text and "Â" not in text:
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


def _records(text: str, sep: str) -> list[list[str]]:
    csv.field_size_limit(MAX_FIELD_CHARS)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', doublequote=True,
                           strict=False))


def read_csv_frame(raw: bytes, source: str) -> RawTable:
    """A CSV file as text cells under its own headers; odd rows are reported, not fatal.

    A row with more non-empty fields than the header is kept (first columns) and reported; a row
    with fewer is padded. Cells that look like mangled UTF-8 are reported with the likely text.
    """
    text, encoding, legacy_lines = decode_text(raw)
    if not text.strip().strip("\ufeff"):
        raise ImportFileError(t("importacion.archivo_vacio", archivo=source))
    sep = detect_separator(text)
    try:
        records = _records(text, sep)
    except csv.Error as exc:
        raise ImportFileError(t("importacion.csv_ilegible", archivo=source, detalle=exc)) from exc
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    header = [h.strip() for h in records[0]]
    width = len(header)
    rows, problems = [], []
    for index, row in enumerate(records[1:]):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(CellProblem(index, "", t("importacion.fila_columnas_de_mas", n=len(row), m=width,
                                        separador=SEPARATOR_NAMES.get(sep, sep)), sep.join(row[width:])[:80]))
        rows.append((row + [""] * width)[:width])
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    problems += _mojibake_problems(frame)
    table = RawTable(frame, problems, encoding, sep)
    if legacy_lines:
        table.problems.append(CellProblem(-1, "", t("importacion.codificacion_mixta", n=len(legacy_lines),
                                          lineas=", ".join(map(str, legacy_lines[:10]))), blocking=False))
    return table


def _mojibake_problems(frame: pd.DataFrame) -> list[CellProblem]:
    out = []
    for column in frame.columns:
        values = frame[column]
        suspects = values[values.str.contains("[ÃÂ]", regex=True, na=False)]
        for index, value in suspects.items():
            fixed = mojibake_fix(value)
            if fixed is not None:
                out.append(CellProblem(int(index), str(column), t("importacion.mojibake", valor=value[:80],
                                       correcto=fixed[:80]), value[:80]))
    return out


def read_xlsx_frames(raw: bytes, source: str) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook, by sheet name."""
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as exc:
        raise ImportFileError(t("importacion.xlsx_ilegible", archivo=source, detalle=exc)) from exc
    return {str(name): frame for name, frame in sheets.items()}


def read_geo_frame(raw: bytes, source: str) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """GeoJSON / GeoPackage: the attribute table, and longitude and latitude of point features.

    Non-point or empty geometries give NaN coordinates. Coordinates are EPSG:4326.
    """
    try:
        with tempfile.TemporaryDirectory() as tmp:  # GDAL wants the real extension (GPKG checks it)
            path = Path(tmp) / f"datos{Path(source).suffix.lower() or '.geojson'}"
            path.write_bytes(raw)
            gdf = pyogrio.read_dataframe(path)
    except Exception as exc:
        raise ImportFileError(t("importacion.geo_ilegible", archivo=source, detalle=exc)) from exc
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    geom = gdf.geometry
    is_point = (geom.geom_type == "Point").to_numpy()
    lon = pd.Series(geom.x.where(is_point) if is_point.any() else None, index=frame.index, dtype=float)
    lat = pd.Series(geom.y.where(is_point) if is_point.any() else None, index=frame.index, dtype=float)
    return frame, lon, lat
