"""The network of organizations and its reading: brokerage, isolation, participation fatigue.

Pure functions over the repository frames (``stakeholders.repository``), so the web page, the
councils and the benchmark share one definition of each measure; only :func:`load_network`
touches the database. Definitions are in the docstrings of :mod:`.graph` (ties),
:mod:`.metrics` (brokerage, isolation) and :mod:`.fatigue` (over-convening).
"""

from __future__ import annotations

from sqlalchemy import Engine

from stakeholders.network.fatigue import (
    CONVENER_ROLES,
    DEFAULT_FATIGUE_THRESHOLD,
    DEFAULT_MIN_EVENTS,
    DEFAULT_MIN_SPACES,
    DEFAULT_WINDOW_DAYS,
    LOAD_COLUMNS,
    participation_load,
)
from stakeholders.network.graph import COPARTICIPATION, build_graph, parents, sector_mix
from stakeholders.network.metrics import (
    BETWEENNESS_SAMPLES,
    BETWEENNESS_SEED,
    EXACT_BETWEENNESS_MAX_NODES,
    METRIC_COLUMNS,
    node_metrics,
)

__all__ = [
    "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED", "CONVENER_ROLES", "COPARTICIPATION", "DEFAULT_FATIGUE_THRESHOLD",
    "DEFAULT_MIN_EVENTS", "DEFAULT_MIN_SPACES", "DEFAULT_WINDOW_DAYS", "EXACT_BETWEENNESS_MAX_NODES", "LOAD_COLUMNS",
    "METRIC_COLUMNS", "build_graph", "load_network", "node_metrics", "parents", "participation_load", "sector_mix",
]


def load_network(engine: Engine, region_cut: str | None = None):  # (nx.Graph, DataFrame)
    """Convenience for scripts: graph of the registry (or of a region) and the organizations frame."""
    from stakeholders.repository import (
        load_attendance,
        load_memberships,
        load_organizations,
        load_relationships,
    )

    orgs = load_organizations(engine)
    graph = build_graph(orgs, load_relationships(engine), load_memberships(engine), load_attendance(engine),
                        region_cut=region_cut)
    return graph, orgs
