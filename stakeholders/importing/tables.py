"""A file as importable tables: canonical headers, text cells, the row numbers the user sees.

Every reader of :mod:`stakeholders.tabular.read` gives a frame under the file's own headers;
here each becomes a :class:`Table` of one kind (organizations, relationships, participation)
so validation never depends on the file format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.importing.headers import detect_table, map_headers
from stakeholders.importing.mapping import ColumnMapping, apply_columns, apply_values, propose
from stakeholders.registry.issues import Issue, note
from stakeholders.tabular.read import (
    ImportFileError,
    RawTable,
    cell_text,
    cell_texts,
    iter_csv_frames,
    read_csv_frame,
    read_geo_frame,
    read_xlsx_frames,
)


@dataclass
class Table:
    """One importable table: canonical text columns, plus where its rows came from."""

    kind: str
    frame: pd.DataFrame
    source: str
    first_row: int = 2  # the row number a user sees for the first data row (header is row 1)
    sheet: str | None = None
    mapping: ColumnMapping | None = None  # file column → field, as applied
    original: pd.DataFrame | None = None  # the rows as the user wrote them (own headers, text), plus _fila
    separator: str | None = None  # the CSV's separator (the rejected-rows file uses it again)
    rest: Iterator[Table] | None = None  # further chunks of a streamed file (see :meth:`parts`)

    def parts(self) -> Iterator[Table]:
        """This table and, for a streamed file, its further chunks (each read as it is asked for)."""
        yield self
        if self.rest is not None:
            rest, self.rest = self.rest, None
            yield from rest
    problems: list[Issue] = field(default_factory=list)  # found while reading: reject their rows
    notes: list[Issue] = field(default_factory=list)  # found while reading: reported only


def _with_problems(table: Table | None, raw: RawTable) -> Table | None:
    """Attach what reading noticed, as issues on the rows the user sees (file-level ones on row 1)."""
    if table is None:
        return None
    for p in raw.problems:
        fila = table.first_row + p.row if p.row >= 0 else 1
        campo = p.column or ("fila" if p.row >= 0 else "archivo")
        action = t("importacion.accion_fila_columnas") if campo == "fila" else t("importacion.accion_codificacion")
        issue = Issue(fila, campo, p.message, action, p.value, table.sheet, "error" if p.blocking else "aviso")
        (table.problems if p.blocking else table.notes).append(issue)
    return table


def _texts_of(values: list[object], header: str | None, raw: dict[str, list[object]],
              texts: dict[str, list[str]]) -> list[str]:
    """The cell texts of a mapped column: those of its file column when it is that column unchanged
    (the usual case: computed once), else computed here (a sum of members, a constant)."""
    if header is not None and values == raw[header]:
        return texts[header]
    return cell_texts(values)


def _normalise(frame: pd.DataFrame, source: str, first_row: int, sheet: str | None,
               kind: str | None = None, mapping: ColumnMapping | None = None,
               header_notes: bool = True) -> Table | None:
    """Text cells under registry field names (the user's ``mapping`` when it fits these headers, else
    the proposed one); drop fully empty rows (keeping original row numbers); note unused columns."""
    headers = [cell_text(str(c)) for c in frame.columns]  # our own formula guard on headers comes off
    fits = mapping is not None and set(mapping.columns) - {"error"} == {h for h in headers if h.strip()} - {"error"}
    table = kind or detect_table(headers) or ("organizaciones" if fits else None)
    if table is None:
        return None
    frame = frame.copy()
    frame.columns = headers
    frame = frame.loc[:, [not (h.startswith("Unnamed:") or not h.strip()) for h in headers]]
    raw = {c: frame[c].tolist() for c in frame.columns}
    texts = {c: cell_texts(values) for c, values in raw.items() if c != "error"}
    original = pd.DataFrame(texts, index=frame.index, dtype=object)
    original["_fila"] = first_row + np.asarray(frame.index)
    if mapping is None or not fits:
        mapping = propose(frame.columns, table)
    mapped = apply_columns(frame, mapping)
    sources = {field: header for header, field in mapping.used().items() if header in texts}
    text = pd.DataFrame({c: _texts_of(mapped[c].tolist(), sources.get(c), raw, texts) for c in mapped.columns},
                        index=mapped.index, dtype=object)
    text = apply_values(text, mapping)
    text["_fila"] = first_row + np.asarray(mapped.index)
    empty = (text.drop(columns="_fila") == "").all(axis=1)
    text = text[~empty].reset_index(drop=True)
    out = Table(kind=table, frame=text, source=source, first_row=first_row, sheet=sheet, mapping=mapping,
                original=original[~empty.to_numpy()].reset_index(drop=True))
    if header_notes and mapping.unused():
        out.notes.append(note(1, "encabezado", t("importacion.columnas_no_usadas", columnas=", ".join(
            mapping.unused())), t("importacion.accion_columnas_no_usadas"), hoja=sheet))
    if header_notes and mapping.sums_members():
        out.notes.append(note(1, "n_miembros", t("importacion.miembros_suma", columnas=" + ".join(
            mapping.sums_members())), hoja=sheet))
    return out


def read_csv_bytes(raw: bytes, source: str, kind: str | None = None, mapping: ColumnMapping | None = None) -> Table:
    """A CSV file as one table. Organizations stream: ``table.parts()`` reads, and hands over, the
    file :data:`CHUNK_ROWS` rows at a time; other tables are read whole."""
    parts = iter_csv_frames(raw, source)
    first = next(parts)
    table = _with_problems(_normalise(first.frame, source, 2, None, kind, mapping), first)
    if table is None:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    table.separator = first.separator

    def part(read: RawTable) -> Table:
        chunk = _with_problems(_normalise(read.frame, source, 2, None, table.kind, table.mapping, header_notes=False),
                               read)
        if chunk is None:  # cannot happen: the kind is known
            raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
        chunk.separator = read.separator
        return chunk

    if table.kind == "organizaciones":
        table.rest = (part(read) for read in parts)
        return table
    for chunk in (part(read) for read in parts):
        table.frame = pd.concat([table.frame, chunk.frame], ignore_index=True)
        if table.original is not None and chunk.original is not None:
            table.original = pd.concat([table.original, chunk.original], ignore_index=True)
        table.problems += chunk.problems
        table.notes += chunk.notes
    return table


def read_xlsx_bytes(raw: bytes, source: str, kind: str | None = None,
                    mapping: ColumnMapping | None = None) -> list[Table]:
    """Every sheet whose headers look like one of the importable tables."""
    sheets = read_xlsx_frames(raw, source)
    tables = []
    for sheet, frame in sheets.items():
        table = _normalise(frame, source, 2, sheet, kind if len(sheets) == 1 else None, mapping)
        if table is not None:
            tables.append(table)
    if not tables:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return tables


def read_geo_bytes(raw: bytes, source: str, kind: str | None = None, mapping: ColumnMapping | None = None) -> Table:
    """GeoJSON / GeoPackage: attributes as columns, lat/lon taken from point geometry (EPSG:4326)."""
    frame, lon, lat, problems = read_geo_frame(raw, source)
    canonical = map_headers(frame.columns, "organizaciones")
    for canon, values in (("latitud", lat), ("longitud", lon)):
        existing = next((orig for orig, c in canonical.items() if c == canon), None)
        if existing is None:
            frame[canon] = values
        else:
            blank = frame[existing].isna() | (frame[existing].astype(str).str.strip() == "")
            frame[existing] = frame[existing].astype(object).where(~blank, values)
    # A feature has no "row" in the file: number features from 1.
    table = _with_problems(_normalise(frame, source, 1, None, kind, mapping), RawTable(frame, problems))
    if table is None:
        raise ImportFileError(t("importacion.sin_encabezado", archivo=source))
    return table


def raw_frame(data: bytes, name: str) -> pd.DataFrame:
    """The file's first table as read, under its own headers (for the mapping step's preview)."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return next(iter(read_xlsx_frames(data, name).values()))
    if suffix in (".geojson", ".json", ".gpkg"):
        return read_geo_frame(data, name)[0]
    return read_csv_frame(data, name).frame


def read_tables(data: bytes | str | Path, name: str | None = None, kind: str | None = None,
                mapping: ColumnMapping | None = None) -> list[Table]:
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
        return [read_csv_bytes(raw, name, kind, mapping)]
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_bytes(raw, name, kind, mapping)
    if suffix in (".geojson", ".json", ".gpkg"):
        return [read_geo_bytes(raw, name, kind, mapping)]
    raise ImportFileError(t("importacion.formato_desconocido", archivo=name, formatos="CSV, XLSX, GeoJSON, GPKG"))
