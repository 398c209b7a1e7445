"""Read what people actually have: CSV (any common encoding/separator), XLSX, GeoJSON, GeoPackage.

Every reader returns :class:`Table` objects whose frame holds text cells under canonical
headers, so validation never depends on the file format. Numbers stay text here (a decimal
comma is parsed later, by the validator, with the cell's row at hand for the report).
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.errors import ImportFileError
from stakeholders.formulas import FORMULA_PREFIX, unneutralise
from stakeholders.importing.headers import detect_table, map_headers

SEPARATORS = ";,\t|"


@dataclass
class Table:
    """One importable table: canonical text columns, plus where its rows came from."""

    kind: str
    frame: pd.DataFrame
    source: str
    first_row: int = 2  # the row number a user sees for the first data row (header is row 1)
    sheet: str | None = None


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


def detect_separator(text: str) -> str:
    """The field separator, sniffed from the first lines (``;`` wins ties: Chilean Excel)."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {sep: header.count(sep) for sep in SEPARATORS}
        best = max(counts, key=lambda s: (counts[s], s == ";"))
        return best if counts[best] else ","


def _cell_text(value: object) -> str:
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


def _normalise(frame: pd.DataFrame, source: str, first_row: int, sheet: str | None,
               kind: str | None = None) -> Table | None:
    """Text cells, canonical headers; drop fully empty rows (keeping original row numbers)."""
    headers = [str(c) for c in frame.columns]
    table = kind or detect_table(headers)
    if table is None:
        return None
    frame = frame.copy()
    frame.columns = headers
    frame = frame.rename(columns=map_headers(headers, table))
    frame = frame.loc[:, ~frame.columns.str.startswith("unnamed")]
    text = pd.DataFrame({c: [_cell_text(v) for v in frame[c].tolist()] for c in frame.columns},
                        index=frame.index, dtype=object)
    text["_fila"] = range(first_row, first_row + len(text))
    empty = (text.drop(columns="_fila") == "").all(axis=1)
    text = text[~empty].reset_index(drop=True)
    return Table(kind=table, frame=text, source=source, first_row=first_row, sheet=sheet)


def read_csv_bytes(raw: bytes, source: str, kind: str | None = None) -> Table:
    if not raw.strip():
        raise ImportFileError(t("importacion.archivo_vacio", archivo=source))
    encoding = detect_encoding(raw)
    text = raw.decode(encoding)
    sep = detect_separator(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, engine="python", index_col=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ImportFileError(t("importacion.csv_ilegible", archivo=source, detalle=exc)) from exc
    table = _normalise(frame, source, 2, None, kind)
    if table is None:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return table


def read_xlsx_bytes(raw: bytes, source: str, kind: str | None = None) -> list[Table]:
    """Every sheet whose headers look like one of the importable tables."""
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for broken files
        raise ImportFileError(t("importacion.xlsx_ilegible", archivo=source, detalle=exc)) from exc
    tables = []
    for sheet, frame in sheets.items():
        table = _normalise(frame, source, 2, str(sheet), kind if len(sheets) == 1 else None)
        if table is not None:
            tables.append(table)
    if not tables:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return tables


def read_geo_bytes(raw: bytes, source: str, kind: str | None = None) -> Table:
    """GeoJSON / GeoPackage: attributes as columns, lat/lon taken from point geometry (EPSG:4326)."""
    import pyogrio

    try:
        with tempfile.TemporaryDirectory() as tmp:  # GDAL wants the real extension (GPKG checks it)
            path = Path(tmp) / f"datos{Path(source).suffix.lower() or '.geojson'}"
            path.write_bytes(raw)
            gdf = pyogrio.read_dataframe(path)
    except Exception as exc:  # noqa: BLE001 - GDAL errors come in several types
        raise ImportFileError(t("importacion.geo_ilegible", archivo=source, detalle=exc)) from exc
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    geom = gdf.geometry
    is_point = (geom.geom_type == "Point").to_numpy()
    lon = pd.Series(geom.x.where(is_point) if is_point.any() else None, index=frame.index, dtype=float)
    lat = pd.Series(geom.y.where(is_point) if is_point.any() else None, index=frame.index, dtype=float)
    mapping = map_headers(frame.columns, "organizaciones")
    for canon, values in (("latitud", lat), ("longitud", lon)):
        existing = next((orig for orig, c in mapping.items() if c == canon), None)
        if existing is None:
            frame[canon] = values
        else:
            blank = frame[existing].isna() | (frame[existing].astype(str).str.strip() == "")
            frame[existing] = frame[existing].astype(object).where(~blank, values)
    # A feature has no "row" in the file: number features from 1.
    table = _normalise(frame, source, 1, None, kind)
    if table is None:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return table


def read_tables(data: bytes | str | Path, name: str | None = None, kind: str | None = None) -> list[Table]:
    """Read a file (path, or uploaded bytes plus its name) into one or more tables."""
    if isinstance(data, (str, Path)):
        path = Path(data)
        if not path.exists():
            raise FileNotFoundError(t("importacion.no_existe", archivo=str(path)))
        raw, name = path.read_bytes(), name or path.name
    else:
        raw, name = data, name or "archivo"
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return [read_csv_bytes(raw, name, kind)]
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_bytes(raw, name, kind)
    if suffix in (".geojson", ".json", ".gpkg"):
        return [read_geo_bytes(raw, name, kind)]
    raise ImportFileError(t("importacion.formato_desconocido", archivo=name, formatos="CSV, XLSX, GeoJSON, GPKG"))
