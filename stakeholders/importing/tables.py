"""A file as importable tables: canonical headers, text cells, the row numbers the user sees.

Every reader of :mod:`stakeholders.tabular.read` gives a frame under the file's own headers;
here each becomes a :class:`Table` of one kind (organizations, relationships, participation)
so validation never depends on the file format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.importing.headers import detect_table, map_headers
from stakeholders.tabular.read import ImportFileError, cell_text, read_csv_frame, read_geo_frame, read_xlsx_frames


@dataclass
class Table:
    """One importable table: canonical text columns, plus where its rows came from."""

    kind: str
    frame: pd.DataFrame
    source: str
    first_row: int = 2  # the row number a user sees for the first data row (header is row 1)
    sheet: str | None = None


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
    text = pd.DataFrame({c: [cell_text(v) for v in frame[c].tolist()] for c in frame.columns},
                        index=frame.index, dtype=object)
    text["_fila"] = range(first_row, first_row + len(text))
    empty = (text.drop(columns="_fila") == "").all(axis=1)
    text = text[~empty].reset_index(drop=True)
    return Table(kind=table, frame=text, source=source, first_row=first_row, sheet=sheet)


def read_csv_bytes(raw: bytes, source: str, kind: str | None = None) -> Table:
    table = _normalise(read_csv_frame(raw, source), source, 2, None, kind)
    if table is None:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return table


def read_xlsx_bytes(raw: bytes, source: str, kind: str | None = None) -> list[Table]:
    """Every sheet whose headers look like one of the importable tables."""
    sheets = read_xlsx_frames(raw, source)
    tables = []
    for sheet, frame in sheets.items():
        table = _normalise(frame, source, 2, sheet, kind if len(sheets) == 1 else None)
        if table is not None:
            tables.append(table)
    if not tables:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return tables


def read_geo_bytes(raw: bytes, source: str, kind: str | None = None) -> Table:
    """GeoJSON / GeoPackage: attributes as columns, lat/lon taken from point geometry (EPSG:4326)."""
    frame, lon, lat = read_geo_frame(raw, source)
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
