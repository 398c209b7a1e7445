"""One region's network, everything the page, the exports and the CLI show: graph, measures, layout.

A pure function of the registry frames; the Red page caches its result by a hash of the data
(:mod:`.cache`), the CLI calls it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from stakeholders.network.compiled import CompiledGraph, compile_graph
from stakeholders.network.fatigue import participation_load
from stakeholders.network.layout import layout
from stakeholders.network.metrics import NetworkReading, read_network
from stakeholders.network.ties import TieFilter

__all__ = ["INFO_COLUMNS", "RegionNetwork", "region_network", "with_load"]

INFO_COLUMNS = ["organizacion_id", "nombre", "sector_tripartito", "tipo_actor", "region_cut", "comuna_cut"]


@dataclass
class RegionNetwork:
    graph: CompiledGraph
    reading: NetworkReading
    positions: pd.DataFrame  # index organizacion_id; x, y in [0, 1000]
    table: pd.DataFrame  # INFO_COLUMNS + READING_COLUMNS, one row per organization


def region_network(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    region_cut: str | None = None,
    ties: TieFilter | None = None,
) -> RegionNetwork:
    """Graph, all measures and stable positions of a region (or of all ``orgs``)."""
    graph = compile_graph(orgs, relationships, memberships, attendance, region_cut=region_cut, ties=ties)
    reading = read_network(graph)
    info = graph.nodes.rename(columns={"id": "organizacion_id"})
    info = info[[c for c in INFO_COLUMNS if c in info.columns]]
    table = info.merge(reading.nodes, on="organizacion_id", how="left")
    labels = table.set_index("organizacion_id")["comunidad"] if len(table) else pd.Series(dtype="int64")
    return RegionNetwork(graph, reading, layout(graph, labels), table)


def with_load(table: pd.DataFrame, attendance: pd.DataFrame | None, memberships: pd.DataFrame | None, as_of: date,
              window_days: int, threshold: float) -> pd.DataFrame:
    """``table`` plus the participation-fatigue columns (zero for organizations with no attendance)."""
    # An empty registry table may come back without columns: treat it as no data.
    attendance = attendance if attendance is not None and len(attendance) else None
    memberships = memberships if memberships is not None and len(memberships) else None
    load = participation_load(attendance, memberships, as_of, window_days=window_days, threshold=threshold)
    out = table.merge(load, on="organizacion_id", how="left")
    out = out.fillna({"eventos_ventana": 0, "espacios_activos": 0, "indice_fatiga": 0.0, "fatigada": False})
    return out.astype({"eventos_ventana": "int64", "espacios_activos": "int64", "fatigada": "bool"})
