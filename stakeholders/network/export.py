"""Files people open: the network as GEXF (Gephi, Gephi Lite) and GraphML, the measures as CSV/XLSX.

Nodes carry the organization's name as label, sector (id and Spanish name), actor type,
territory, community and every measure of :data:`~.metrics.READING_COLUMNS`; GEXF adds the
``viz`` colour (Okabe–Ito by sector), size (by PageRank) and position (the page's stable layout)
so the file opens in Gephi looking like the page. Ties carry ``weight`` and their types.
Characters XML cannot hold (NUL and other control characters) become U+FFFD; everything else,
hostile names included, is written literally and escaped by the XML writer. Spreadsheets go
through the formula neutraliser, headers included.
"""

from __future__ import annotations

import io
import math
import re

import networkx as nx
import numpy as np
import pandas as pd

from i18n import t
from stakeholders.errors import InputError
from stakeholders.exporting import frame_to_csv_bytes, frame_to_xlsx_bytes
from stakeholders.network.compiled import CompiledGraph
from stakeholders.network.ties import kinds_of
from stakeholders.tabular.formulas import neutralise
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB

__all__ = ["FORMATS", "export_bytes", "export_graph", "metrics_frame"]

FORMATS = ("gexf", "graphml", "csv", "xlsx")
SECTOR_RGB = {"gobierno": "#0072B2", "empleadores": "#E69F00", "trabajadores": "#009E73",
              "sociedad_civil": "#CC79A7"}
UNKNOWN_RGB = "#999999"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold (control characters replaced by U+FFFD)."""
    return _NOT_XML.sub("\ufffd", "" if value is None else str(value))


def _rgb(color: str) -> dict[str, float]:
    h = color.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def _scalar(value: object) -> object | None:
    """A value GEXF/GraphML can store, or None to leave the attribute out (NaN, missing)."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(float(value)) else float(value)
    return xml_text(value)


def export_graph(graph: CompiledGraph, table: pd.DataFrame, positions: pd.DataFrame | None = None,
                 *, viz: bool = True) -> nx.Graph:
    """A networkx graph with flat attributes, ready for the GEXF or GraphML writer.

    ``table`` has one row per organization (``organizacion_id`` plus any columns: names, sector,
    measures); ``positions`` (index ``organizacion_id``, ``x``, ``y``) places the nodes.
    """
    out = nx.Graph()
    rows = table.set_index("organizacion_id")
    pagerank = rows["pagerank"] if "pagerank" in rows else pd.Series(0.0, index=rows.index)
    top = float(pagerank.max()) if len(pagerank) and pagerank.max() > 0 else 1.0
    for oid in graph.ids:
        row = rows.loc[oid] if oid in rows.index else pd.Series(dtype=object)
        attrs = {str(k): v for k, v in ((k, _scalar(v)) for k, v in row.items()) if v is not None}
        attrs["label"] = xml_text(row.get("nombre", oid))
        sector = row.get("sector_tripartito")
        attrs["sector_nombre"] = xml_text(SECTOR_VOCAB.label(sector) if isinstance(sector, str) else "")
        if viz:
            entry = {"color": _rgb(SECTOR_RGB.get(str(sector), UNKNOWN_RGB)),
                     "size": 4.0 + 26.0 * math.sqrt(max(float(pagerank.get(oid, 0.0)), 0.0) / top)}
            if positions is not None and oid in positions.index:
                entry["position"] = {"x": float(positions.at[oid, "x"]), "y": -float(positions.at[oid, "y"]),
                                     "z": 0.0}
            attrs["viz"] = entry
        out.add_node(str(int(oid)), **attrs)
    for a, b, w, mask in zip(graph.ties["a"], graph.ties["b"], graph.ties["peso"], graph.ties["tipos"], strict=True):
        out.add_edge(str(int(a)), str(int(b)), weight=float(w), tipos=";".join(sorted(kinds_of(int(mask)))))
    return out


def metrics_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The measures table with Spanish labels and headers (for CSV/XLSX and the page)."""
    shown = table.copy()
    if "sector_tripartito" in shown:
        shown["sector_tripartito"] = shown["sector_tripartito"].map(SECTOR_VOCAB.label)
    if "tipo_actor" in shown:
        shown["tipo_actor"] = shown["tipo_actor"].map(ACTOR_TYPE_VOCAB.label)
    return shown.rename(columns=lambda c: t(f"red.col.{c}"))


def _neutral_headers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=lambda c: neutralise(str(c)))


def export_bytes(fmt: str, graph: CompiledGraph, table: pd.DataFrame, positions: pd.DataFrame | None = None) -> bytes:
    """One of :data:`FORMATS` as bytes (XML in UTF-8; CSV with BOM; XLSX with Spanish headers)."""
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(export_graph(graph, table, positions), buffer, encoding="utf-8", prettyprint=False)
        return buffer.getvalue()
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(export_graph(graph, table, positions, viz=False), buffer, encoding="utf-8",
                         prettyprint=False)
        return buffer.getvalue()
    if fmt == "csv":
        return frame_to_csv_bytes(_neutral_headers(metrics_frame(table)))
    if fmt == "xlsx":
        # openpyxl refuses control characters (a NUL in a name would abort the whole download).
        sheet = metrics_frame(table)
        text = [c for c in sheet.columns if sheet[c].dtype == object or pd.api.types.is_string_dtype(sheet[c])]
        sheet[text] = sheet[text].map(lambda v: xml_text(v) if isinstance(v, str) else v)
        return frame_to_xlsx_bytes(_neutral_headers(sheet), sheet=t("red.export_hoja"))
    raise InputError(t("red.export_formato_desconocido", formato=fmt, formatos=", ".join(FORMATS)))
