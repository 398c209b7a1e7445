"""The network of organizations and its reading: influence, groups, brokers, isolation, fatigue.

Pure functions over the repository frames (``stakeholders.repository``), so the web page, the
councils, the comparison, the exports and the benchmark share one definition of each measure;
only :func:`load_network` touches the database. One algorithm family per module:

- :mod:`.ties` (which ties count: types, period, recency), :mod:`.graph` (networkx model),
  :mod:`.compiled` (NetworKit engine for large graphs, same ties), :mod:`.triads` (the triangle list);
- :mod:`.centrality` (PageRank, eigenvector, Burt's constraint and effective size, betweenness),
  :mod:`.structure` (communities, k-core, components, clustering), :mod:`.brokerage`
  (cross-sector brokers, participation coefficient, Gould–Fernandez roles), :mod:`.summary`
  (whole-network figures per region), :mod:`.metrics` (all of it per organization);
- :mod:`.fatigue` (over-convening), :mod:`.cache` (readings keyed by a hash of the data),
  :mod:`.layout` (stable positions), :mod:`.service` (one region: graph, measures, layout),
  :mod:`.export` (GEXF, GraphML, CSV, XLSX) and :mod:`.cli` (``python -m stakeholders network``).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from sqlalchemy import Engine

from stakeholders.network.brokerage import ROLES, brokerage_roles, open_cross_pairs, participation_coefficient
from stakeholders.network.cache import ReadingCache, data_key
from stakeholders.network.centrality import (
    BetweennessEstimate,
    betweenness,
    constraint,
    effective_size,
    eigenvector,
    estimate_betweenness,
    pagerank,
)
from stakeholders.network.compiled import CompiledGraph, as_compiled, compile_graph, from_networkx
from stakeholders.network.export import FORMATS, export_bytes, export_graph, metrics_frame
from stakeholders.network.fatigue import (
    CONVENER_ROLES,
    DEFAULT_FATIGUE_THRESHOLD,
    DEFAULT_MIN_EVENTS,
    DEFAULT_MIN_SPACES,
    DEFAULT_WINDOW_DAYS,
    LOAD_COLUMNS,
    participation_load,
)
from stakeholders.network.graph import COPARTICIPATION, build_graph, digraph, parents, region_orgs, sector_mix
from stakeholders.network.layout import layout
from stakeholders.network.metrics import (
    BETWEENNESS_SAMPLES,
    BETWEENNESS_SEED,
    EXACT_BETWEENNESS_MAX_NODES,
    METRIC_COLUMNS,
    READING_COLUMNS,
    NetworkReading,
    meaning,
    node_metrics,
    read_network,
)
from stakeholders.network.service import INFO_COLUMNS, RegionNetwork, region_network, with_load
from stakeholders.network.structure import (
    clustering,
    communities,
    community_table,
    components,
    core_number,
    modularity,
)
from stakeholders.network.summary import SUMMARY_KEYS, graph_summary, region_summary, regions_summary
from stakeholders.network.ties import DEFAULT_HALF_LIFE_DAYS, KIND_BITS, TieFilter, tie_table
from stakeholders.repository import load_attendance, load_memberships, load_organizations, load_relationships

__all__ = [
    "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED", "CONVENER_ROLES", "COPARTICIPATION", "DEFAULT_FATIGUE_THRESHOLD",
    "DEFAULT_HALF_LIFE_DAYS", "DEFAULT_MIN_EVENTS", "DEFAULT_MIN_SPACES", "DEFAULT_WINDOW_DAYS",
    "EXACT_BETWEENNESS_MAX_NODES", "FORMATS", "INFO_COLUMNS", "KIND_BITS", "LOAD_COLUMNS", "METRIC_COLUMNS",
    "READING_COLUMNS", "ROLES", "SUMMARY_KEYS", "BetweennessEstimate", "CompiledGraph", "NetworkReading",
    "ReadingCache", "RegionNetwork", "TieFilter", "as_compiled", "betweenness", "brokerage_roles", "build_graph",
    "clustering", "communities", "community_table", "compile_graph", "components", "constraint", "core_number",
    "data_key", "digraph", "effective_size", "eigenvector", "estimate_betweenness", "export_bytes", "export_graph",
    "from_networkx", "graph_summary", "layout", "load_network", "meaning", "metrics_frame", "modularity",
    "node_metrics", "open_cross_pairs", "pagerank", "parents", "participation_coefficient", "participation_load",
    "read_network", "region_network", "region_orgs", "region_summary", "regions_summary", "sector_mix", "tie_table",
    "with_load",
]


def load_network(engine: Engine, region_cut: str | None = None) -> tuple[nx.Graph, pd.DataFrame]:
    """Convenience for scripts: graph of the registry (or of a region) and the organizations frame."""
    orgs = load_organizations(engine)
    graph = build_graph(orgs, load_relationships(engine), load_memberships(engine), load_attendance(engine),
                        region_cut=region_cut)
    return graph, orgs
