"""Per-organization reading of the graph: every measure in one frame, with its meaning in Spanish.

:func:`node_metrics` gives the basic columns (:data:`METRIC_COLUMNS`, used by councils and the
stakeholder analysis); :func:`read_network` adds influence, structural holes, groups and brokerage
roles (:data:`READING_COLUMNS`) and the community table and whole-network figures. Definitions
live in the family modules: :mod:`.centrality`, :mod:`.structure`, :mod:`.brokerage`,
:mod:`.summary`. What each column means for a planner, in plain Spanish, is the catalogue entry
``red.significado.<column>`` (:func:`meaning`).

- ``grado``: distinct organizations tied to it; ``grado_ponderado``: the sum of their ``peso``.
- ``sectores_vecinos``: how many distinct sectors its neighbours belong to (0–4).
- ``aislada``: no tie at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from i18n import t
from stakeholders.network.brokerage import ROLES, brokerage_roles, open_cross_pairs, participation_coefficient
from stakeholders.network.centrality import (
    BETWEENNESS_SAMPLES,
    BETWEENNESS_SEED,
    EXACT_BETWEENNESS_MAX_NODES,
    betweenness,
    betweenness_samples,
    constraint,
    effective_size,
    eigenvector,
    pagerank,
)
from stakeholders.network.compiled import NetworkGraph, as_compiled, uses_engine
from stakeholders.network.structure import clustering, communities, community_table, components, core_number
from stakeholders.network.summary import graph_summary

__all__ = [
    "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED", "EXACT_BETWEENNESS_MAX_NODES", "METRIC_COLUMNS", "READING_COLUMNS",
    "NetworkReading", "betweenness_samples", "meaning", "node_metrics", "read_network",
]

METRIC_COLUMNS = [
    "organizacion_id", "grado", "grado_ponderado", "intermediacion", "intermediacion_intersectorial",
    "sectores_vecinos", "aislada", "componente",
]
READING_COLUMNS = [
    *METRIC_COLUMNS, "pagerank", "eigenvector", "restriccion", "tamano_efectivo", "nucleo_k", "agrupamiento",
    "comunidad", "coef_participacion", *ROLES,
]
_TYPES = {"organizacion_id": "int64", "grado": "int64", "grado_ponderado": "float64", "intermediacion": "float64",
          "intermediacion_intersectorial": "int64", "sectores_vecinos": "int64", "aislada": "bool",
          "componente": "int64"}


def meaning(column: str) -> str:
    """What a column means, in plain Spanish (catalogue ``red.significado.<column>``)."""
    return t(f"red.significado.{column}")


def _degrees(graph: NetworkGraph, engine: str | None) -> pd.DataFrame:
    if not uses_engine(graph, engine):
        sector = {n: d.get("sector_tripartito") for n, d in graph.nodes(data=True)}
        rows = [(n, graph.degree(n), float(sum(d.get("peso", 1.0) for d in graph[n].values())),
                 len({sector[m] for m in graph[n]})) for n in sorted(graph.nodes)]
        return pd.DataFrame(rows, columns=["organizacion_id", "grado", "grado_ponderado", "sectores_vecinos"])
    compiled = as_compiled(graph)
    strength = np.asarray(compiled.weights.sum(axis=1)).ravel()
    codes = compiled.sector
    i, j = compiled.ties["i"].to_numpy(), compiled.ties["j"].to_numpy()
    pairs = pd.DataFrame({"n": np.concatenate([i, j]), "s": np.concatenate([codes[j], codes[i]])}).drop_duplicates()
    sectors = np.bincount(pairs["n"].to_numpy(), minlength=compiled.n)
    return pd.DataFrame({"organizacion_id": compiled.ids, "grado": compiled.degree.astype("int64"),
                         "grado_ponderado": strength, "sectores_vecinos": sectors})


def node_metrics(graph: NetworkGraph, engine: str | None = None) -> pd.DataFrame:
    """One row per organization with the columns of :data:`METRIC_COLUMNS`, sorted by id."""
    n = graph.number_of_nodes() if isinstance(graph, nx.Graph) else graph.n
    if n == 0:
        return pd.DataFrame(columns=METRIC_COLUMNS)
    if uses_engine(graph, engine):
        graph = as_compiled(graph)
    frame = _degrees(graph, engine).set_index("organizacion_id")
    frame["intermediacion"] = betweenness(graph, engine)
    frame["intermediacion_intersectorial"] = open_cross_pairs(graph, engine)
    frame["aislada"] = frame["grado"] == 0
    frame["componente"] = components(graph, engine)
    return frame.reset_index()[METRIC_COLUMNS].astype(_TYPES)


@dataclass
class NetworkReading:
    """Everything the Red page, the exports and the comparison read from one graph."""

    nodes: pd.DataFrame  # READING_COLUMNS, one row per organization
    communities: pd.DataFrame  # structure.community_table
    summary: dict


def read_network(graph: NetworkGraph, engine: str | None = None) -> NetworkReading:
    """All per-organization measures, the communities and the whole-network figures of ``graph``."""
    if uses_engine(graph, engine):
        graph = as_compiled(graph)
    nodes = node_metrics(graph, engine)
    if nodes.empty:
        return NetworkReading(pd.DataFrame(columns=READING_COLUMNS), pd.DataFrame(), graph_summary(graph, None))
    frame = nodes.set_index("organizacion_id")
    labels = communities(graph, engine)
    for column, series in (("pagerank", pagerank(graph, engine)), ("eigenvector", eigenvector(graph, engine)),
                           ("restriccion", constraint(graph, engine)),
                           ("tamano_efectivo", effective_size(graph, engine)),
                           ("nucleo_k", core_number(graph, engine)), ("agrupamiento", clustering(graph, engine)),
                           ("comunidad", labels), ("coef_participacion", participation_coefficient(graph, engine))):
        frame[column] = series
    frame = frame.join(brokerage_roles(graph, engine))
    return NetworkReading(frame.reset_index()[READING_COLUMNS], community_table(graph, labels),
                          graph_summary(graph, labels))
