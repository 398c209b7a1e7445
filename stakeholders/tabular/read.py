"""Read what people actually have: CSV (any common encoding/separator), XLSX, GeoJSON, GeoPackage.

Readers return plain frames of text cells with the file's own headers: numbers stay text here (a
decimal comma is parsed later, by the validator, with the cell's row at hand for the report), and
a formula guard written by our own exports (``'=…``) is removed again.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import cast

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio

from i18n import t
from stakeholders import settings
from stakeholders.errors import ImportFileError
from stakeholders.tabular.formulas import FORMULA_PREFIX, unneutralise

SEPARATORS = ";,\t|"
SEPARATOR_NAMES = {";": "punto y coma", ",": "coma", "\t": "tabulador", "|": "barra vertical"}
MAX_FIELD_CHARS = 10_000_000  # a cell this long is read (and then reported as too long), not fatal
CHUNK_ROWS = 5_000  # rows read, validated and written at a time (memory stays bounded)


@dataclass(frozen=True)
class Limits:
    """What one imported file may cost; past a limit the file is refused early, in Spanish.

    Defaults fit a national registry (200 000 rows) on a small server; each can be changed with an
    environment variable (documented in the README): ``MAPA_IMPORT_MAX_MB`` (file size),
    ``MAPA_IMPORT_MAX_DESCOMPRIMIDO_MB`` (an XLSX unpacked), ``MAPA_IMPORT_MAX_FILAS``,
    ``MAPA_IMPORT_MAX_COLUMNAS``.
    """

    max_file_mb: int = 200
    max_unpacked_mb: int = 600
    max_rows: int = 300_000
    max_columns: int = 300

    @classmethod
    def current(cls) -> Limits:
        """The limits in force now (read when an import starts, not when the module loads)."""
        base = cls()
        return cls(settings.import_limit("MAPA_IMPORT_MAX_MB", base.max_file_mb),
                   settings.import_limit("MAPA_IMPORT_MAX_DESCOMPRIMIDO_MB", base.max_unpacked_mb),
                   settings.import_limit("MAPA_IMPORT_MAX_FILAS", base.max_rows),
                   settings.import_limit("MAPA_IMPORT_MAX_COLUMNAS", base.max_columns))


def _check_size(raw: bytes, source: str, limits: Limits) -> None:
    if len(raw) > limits.max_file_mb * 1_000_000:
        raise ImportFileError(t("importacion.limite_tamano", archivo=source, mb=len(raw) // 1_000_000,
                                maximo=limits.max_file_mb))


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


def _first_lines(text: str, n: int) -> list[str]:
    """``text.splitlines(keepends=True)[:n]`` without splitting a whole 200 000-row file to look at
    its start: a growing prefix is split until it holds more than n lines (only its last line can be
    cut short) or is the whole text."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines(keepends=True)
        if len(lines) > n or size >= len(text):
            return lines[:n]
        size *= 4


def detect_separator(text: str, sample_lines: int = 200) -> str:
    """The separator that splits the first lines into a *consistent* number of columns.

    Each candidate (``;``, ``,``, tab, ``|``) parses the sample with proper quoting; the winner has
    the most rows with the header's column count, then the most columns; ``;`` wins ties (Chilean
    Excel). A quoted name with doubled quotes and commas inside (as Excel writes a HYPERLINK
    formula or a name with quotes) therefore no longer makes ``,`` look like the separator.
    One column only: ``,``.
    """
    lines = _first_lines(text, sample_lines + 1)
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


def cell_texts(values: Iterable[object]) -> list[str]:
    """:func:`cell_text` of every value of a column; plain strings (every CSV cell) take the short
    way, without one call and the type tests per cell."""
    cells = values if isinstance(values, list) else list(values)
    if set(map(type, cells)) == {str}:
        texts = list(map(str.strip, cast(list[str], cells)))
        if FORMULA_PREFIX not in "".join(texts):  # the usual column: no quote anywhere, nothing to undo
            return texts
        return [v if v[:1] != FORMULA_PREFIX else unneutralise(v) for v in texts]
    return [cell_text(v) for v in cells]


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


def read_csv_frame(raw: bytes, source: str, limits: Limits | None = None) -> RawTable:
    """A CSV file as text cells under its own headers (all rows at once; see :func:`iter_csv_frames`)."""
    parts = list(iter_csv_frames(raw, source, limits))
    first = parts[0]
    if len(parts) == 1:
        return first
    frame = pd.concat([p.frame for p in parts])
    return RawTable(frame, [q for p in parts for q in p.problems], first.encoding, first.separator)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str, block: int = 1 << 18) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO(text, newline="")`` gives them (ends kept; ``\r\n``,
    ``\r`` and ``\n`` end a line), a block at a time: a StringIO holds 4 bytes per character, which
    for a 200 000-row file is ~200 MB more than the text itself. Each block ends just after a ``\n``
    (which always ends a line) and is split in one ``findall``, so a line costs no Python step."""
    def blocks() -> Iterator[list[str]]:
        start = 0
        while start < len(text):
            cut = text.find("\n", start + block)
            end = len(text) if cut < 0 else cut + 1
            yield _LINE.findall(text, start, end)
            start = end
    return itertools.chain.from_iterable(blocks())


def iter_csv_frames(raw: bytes, source: str, limits: Limits | None = None,
                    chunk_rows: int | None = None) -> Iterator[RawTable]:
    """A CSV file as consecutive frames of at most ``chunk_rows`` rows (index = row number from 0),
    so a 200 000-row file is never held as Python objects all at once. At least one frame (maybe
    empty) is yielded. Odd rows are reported, not fatal: a row with more non-empty fields than the
    header is kept (first columns) and reported, one with fewer is padded; cells that look like
    mangled UTF-8 are reported with the likely text. The row limit is checked while reading.
    """
    limits = limits or Limits.current()
    chunk_rows = chunk_rows or CHUNK_ROWS
    _check_size(raw, source, limits)
    text, encoding, legacy_lines = decode_text(raw)
    del raw
    if not text.strip().strip("\ufeff"):
        raise ImportFileError(t("importacion.archivo_vacio", archivo=source))
    sep = detect_separator(text)
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(_lines(text), delimiter=sep, quotechar='"', doublequote=True, strict=False)
    try:
        header_row = next((r for r in reader if any(cell.strip() for cell in r)), None)
        if header_row is None:
            raise ImportFileError(t("importacion.archivo_vacio", archivo=source))
        header = _unique([h.strip() for h in header_row])
        if len(header) > limits.max_columns:
            raise ImportFileError(t("importacion.limite_columnas", archivo=source, hoja="", n=len(header),
                                    maximo=limits.max_columns))
        start, emitted = 0, False
        while True:
            rows = list(itertools.islice(reader, chunk_rows))
            if not rows and emitted:
                return
            if start + len(rows) > limits.max_rows:
                raise ImportFileError(t("importacion.limite_filas", archivo=source, maximo=limits.max_rows))
            part = _csv_part(rows, header, start, sep, encoding)
            if not emitted and legacy_lines:
                part.problems.append(CellProblem(-1, "", t("importacion.codificacion_mixta", n=len(legacy_lines),
                                                 lineas=", ".join(map(str, legacy_lines[:10]))), blocking=False))
            emitted = True
            start += len(rows)
            yield part
            if len(rows) < chunk_rows:
                return
    except csv.Error as exc:
        raise ImportFileError(t("importacion.csv_ilegible", archivo=source, detalle=exc)) from exc


def _csv_part(records: list[list[str]], header: list[str], start: int, sep: str, encoding: str) -> RawTable:
    width = len(header)
    rows, problems = [], []
    for offset, row in enumerate(records):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(CellProblem(start + offset, "", t("importacion.fila_columnas_de_mas", n=len(row), m=width,
                                        separador=SEPARATOR_NAMES.get(sep, sep)), sep.join(row[width:])[:80]))
        rows.append((row + [""] * width)[:width] if len(row) != width else row)
    frame = pd.DataFrame(rows, columns=header, dtype=object, index=pd.RangeIndex(start, start + len(rows)))
    problems += _mojibake_problems(frame)
    return RawTable(frame, problems, encoding, sep)


def _mojibake_problems(frame: pd.DataFrame) -> list[CellProblem]:
    # The usual case: nothing that looks like mangled UTF-8 anywhere in the part (one text, one scan).
    whole = "".join(map(str, frame.to_numpy(dtype=object).ravel().tolist()))
    if "Ã" not in whole and "Â" not in whole:
        return []
    out = []
    for column in frame.columns:
        values = frame[column]
        text = "".join(v for v in values.tolist() if isinstance(v, str))
        if "Ã" not in text and "Â" not in text:
            continue
        suspects = values[values.str.contains("[ÃÂ]", regex=True, na=False)]
        for index, value in suspects.items():
            fixed = mojibake_fix(value)
            if fixed is not None:
                out.append(CellProblem(int(index), str(column), t("importacion.mojibake", valor=value[:80],
                                       correcto=fixed[:80]), value[:80]))
    return out


def _check_zip(raw: bytes, source: str, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to more than the limit (a "zip bomb") before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        detail = t("importacion.no_es_xlsx")
        raise ImportFileError(t("importacion.xlsx_ilegible", archivo=source, detalle=detail)) from exc
    if unpacked > limits.max_unpacked_mb * 1_000_000:
        raise ImportFileError(t("importacion.limite_descomprimido", archivo=source, mb=unpacked // 1_000_000,
                                maximo=limits.max_unpacked_mb))


def _sheet_frame(sheet: object, source: str, name: str, limits: Limits) -> pd.DataFrame:
    """One worksheet streamed row by row (read-only mode), stopping at the row and column limits."""
    rows: list[tuple[object, ...]] = []
    header: list[str] | None = None
    for values in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]  # openpyxl is untyped: a read-only worksheet
        if header is None:
            if not any(v is not None and str(v).strip() for v in values):
                continue  # blank lines above the header
            width = max(i + 1 for i, v in enumerate(values) if v is not None and str(v).strip())
            if width > limits.max_columns:
                raise ImportFileError(t("importacion.limite_columnas", archivo=source, hoja=f"(hoja «{name}»)", n=width,
                                        maximo=limits.max_columns))
            header = [str(v).strip() if v is not None else "" for v in values[:width]]
            continue
        if len(rows) >= limits.max_rows:
            raise ImportFileError(t("importacion.limite_filas", archivo=source, maximo=limits.max_rows))
        rows.append(tuple(values[:len(header)]) + (None,) * (len(header) - len(values)))
    if header is None:
        return pd.DataFrame()
    return pd.DataFrame(rows, columns=_unique(header), dtype=object)


def _unique(headers: list[str]) -> list[str]:
    """Headers made unique ("nombre", "nombre (2)"): two columns with one name are both kept."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def read_xlsx_frames(raw: bytes, source: str, limits: Limits | None = None) -> dict[str, pd.DataFrame]:
    """Every sheet of a workbook, by sheet name, within the file limits (memory stays bounded)."""
    limits = limits or Limits.current()
    _check_size(raw, source, limits)
    _check_zip(raw, source, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(t("importacion.xlsx_ilegible", archivo=source, detalle=type(exc).__name__)) from exc
    try:
        return {str(ws.title): _sheet_frame(ws, source, str(ws.title), limits) for ws in book.worksheets}
    finally:
        book.close()


ORG_LAYER_NAMES = ("organizaciones", "organizacion", "actores", "organizations")


def _pick_layer(path: Path, source: str) -> tuple[str | None, list[str]]:
    """The layer to read (None: the only one) and the layers left unread; several layers and none
    named like organizations → refused, listing them."""
    layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    if len(layers) <= 1:
        return None, []
    named = [name for name in layers if name.strip().lower() in ORG_LAYER_NAMES]
    if not named:
        raise ImportFileError(t("importacion.geo_varias_capas", archivo=source, capas=", ".join(layers)))
    return named[0], [name for name in layers if name != named[0]]


def _geometry_problems(geom: gpd.GeoSeries) -> list[CellProblem]:
    """Per feature: no geometry (placed by its commune, noted), not a point or not finite (error)."""
    out = []
    for index, shape in enumerate(geom.tolist()):
        if shape is None or shape.is_empty:
            out.append(CellProblem(index, "geometria", t("importacion.geo_sin_geometria"), blocking=False))
        elif shape.geom_type != "Point":
            out.append(CellProblem(index, "geometria", t("importacion.geo_no_punto", tipo=shape.geom_type),
                                   shape.geom_type))
        elif not (math.isfinite(shape.x) and math.isfinite(shape.y)):
            out.append(CellProblem(index, "geometria", t("importacion.geo_invalida"), shape.wkt[:80]))
    return out


def read_geo_frame(raw: bytes, source: str,
                   limits: Limits | None = None) -> tuple[pd.DataFrame, pd.Series, pd.Series, list[CellProblem]]:
    """GeoJSON / GeoPackage: the attribute table, longitude and latitude of point features, and the
    features whose geometry is missing, not a point or not finite (reported per row, never replaced
    silently). A GeoPackage with several layers is read by its organizations layer. EPSG:4326."""
    limits = limits or Limits.current()
    _check_size(raw, source, limits)
    notes: list[CellProblem] = []
    with tempfile.TemporaryDirectory() as tmp:  # GDAL wants the real extension (GPKG checks it)
        path = Path(tmp) / f"datos{Path(source).suffix.lower() or '.geojson'}"
        path.write_bytes(raw)
        try:
            layer, others = _pick_layer(path, source)
            if pyogrio.read_info(path, layer=layer)["features"] > limits.max_rows:
                raise ImportFileError(t("importacion.limite_filas", archivo=source, maximo=limits.max_rows))
            gdf = pyogrio.read_dataframe(path, layer=layer)
        except ImportFileError:
            raise
        except Exception as exc:
            detail = str(exc).replace(str(path), source).replace(tmp, "")  # no temporary paths in messages
            raise ImportFileError(t("importacion.geo_ilegible", archivo=source, detalle=detail)) from exc
    if others:
        notes.append(CellProblem(-1, "capa", t("importacion.geo_capa_leida", capa=layer, otras=", ".join(others)),
                                 blocking=False))
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).reset_index(drop=True)
    geom = gdf.geometry.reset_index(drop=True)
    problems = _geometry_problems(geom)
    is_point = np.array([s is not None and not s.is_empty and s.geom_type == "Point" for s in geom.tolist()])
    lon = pd.Series([s.x if ok else np.nan for s, ok in zip(geom.tolist(), is_point, strict=True)],
                    index=frame.index, dtype=float)
    lat = pd.Series([s.y if ok else np.nan for s, ok in zip(geom.tolist(), is_point, strict=True)],
                    index=frame.index, dtype=float)
    return frame, lon, lat, problems + notes
