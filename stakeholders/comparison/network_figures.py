"""Whole-network figures per region, read from :mod:`stakeholders.network`'s graph.

- ``densidad_red``: ties present / ties possible, ``2m / (n (n − 1))``.
- ``pct_lazos_intersectoriales``: % of ties joining two different tripartite sectors.
- ``pct_aisladas``: % of organizations with no tie at all.
- ``modularidad``: Newman modularity of the network module's seeded Louvain communities
  (:func:`modularity_of`); "—" for a graph without ties.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from stakeholders import network
from stakeholders.network import build_graph

COLUMNS = ("densidad_red", "modularidad", "pct_lazos_intersectoriales", "pct_aisladas")


def modularity_of(graph: nx.Graph) -> float:
    """Newman modularity of the graph's Louvain communities (the network module's seeded partition);
    "—" (NaN) for a graph without ties, where communities say nothing."""
    if graph.number_of_edges() == 0:
        return float("nan")
    return float(network.modularity(graph, network.communities(graph)))


def graph_figures(graph: nx.Graph) -> dict[str, float]:
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if n == 0:
        return dict.fromkeys(COLUMNS, np.nan)
    sector = nx.get_node_attributes(graph, "sector_tripartito")
    cross = sum(1 for a, b in graph.edges() if sector.get(a) != sector.get(b))
    isolated = sum(1 for _, degree in graph.degree() if degree == 0)
    return {
        "densidad_red": nx.density(graph) if n > 1 else np.nan,
        "modularidad": modularity_of(graph),
        "pct_lazos_intersectoriales": cross / m * 100 if m else np.nan,
        "pct_aisladas": isolated / n * 100,
    }


def network_figures(orgs: pd.DataFrame, relationships: pd.DataFrame | None, memberships: pd.DataFrame | None,
                    attendance: pd.DataFrame | None, codes: list[str], national: str) -> pd.DataFrame:
    """One row per region (its own graph: organizations present there and their ties) and the national row."""
    rows = {code: graph_figures(build_graph(orgs, relationships, memberships, attendance, region_cut=code))
            for code in codes}
    rows[national] = graph_figures(build_graph(orgs, relationships, memberships, attendance))
    out = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=list(COLUMNS))
    out.index.name = "region_cut"
    return out.astype(float)
