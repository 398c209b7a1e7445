"""Read what people actually have: CSV (any common encoding/separator), XLSX, GeoJSON, GeoPackage.

Readers return plain frames of text cells with the file's own headers: numbers stay text here (a
decimal comma is parsed later, by the validator, with the cell's row at hand for the report), and
a formula guard written by our own exports (``'=…``) is removed again.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyogrio

from i18n import t
from stakeholders.errors import ImportFileError
from stakeholders.tabular.formulas import FORMULA_PREFIX, unneutralise

SEPARATORS = ";,\t|"


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


def read_csv_frame(raw: bytes, source: str) -> pd.DataFrame:
    """A CSV file as a frame of text cells under its own headers."""
    if not raw.strip():
        raise ImportFileError(t("importacion.archivo_vacio", archivo=source))
    encoding = detect_encoding(raw)
    text = raw.decode(encoding)
    sep = detect_separator(text)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                           skip_blank_lines=False, engine="python", index_col=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise ImportFileError(t("importacion.csv_ilegible", archivo=source, detalle=exc)) from exc


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
