"""The networkx graph: organizations as nodes, every kind of tie collapsed into one weighted edge.

The ties come from :func:`stakeholders.network.ties.tie_table` (its docstring defines them), so
this small-graph model and the compiled engine (:mod:`.compiled`) read the same network. Each edge
carries ``tipos`` (set of tie types), ``peso`` (summed weight) and ``salientes`` (the organizations
the tie leaves from: both ends for mutual ties; the member for an affiliation).
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pandas as pd

from stakeholders.network.ties import COPARTICIPATION, TieFilter, kinds_of, tie_table
from stakeholders.repository import present_in_region

__all__ = ["COPARTICIPATION", "NODE_ATTRIBUTES", "build_graph", "digraph", "parents", "region_orgs", "sector_mix"]

NODE_ATTRIBUTES = ("nombre", "sector_tripartito", "tipo_actor", "region_cut", "comuna_cut")


def region_orgs(orgs: pd.DataFrame, region_cut: str | None) -> pd.DataFrame:
    """The organizations present in a region (located there or a national body with a chapter there)."""
    return orgs if region_cut is None else orgs[present_in_region(orgs, region_cut)]


def build_graph(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    region_cut: str | None = None,
    ties: TieFilter | None = None,
) -> nx.Graph:
    """Weighted undirected graph of ``orgs`` (frame with ``id`` and :data:`NODE_ATTRIBUTES`).

    With ``region_cut`` only the organizations present in that region are kept, and only the
    ties among them; ``ties`` filters by type and period and weights by recency.
    """
    orgs = region_orgs(orgs, region_cut)
    graph = nx.Graph()
    columns = [c for c in NODE_ATTRIBUTES if c in orgs.columns]
    for row in orgs[["id", *columns]].itertuples(index=False):
        graph.add_node(int(row[0]), **dict(zip(columns, row[1:], strict=True)))
    table = tie_table(orgs, relationships, memberships, attendance, ties)
    for a, b, w, mask, ab, ba in table.itertuples(index=False):
        leaving = frozenset(([int(a)] if ab else []) + ([int(b)] if ba else []))
        graph.add_edge(int(a), int(b), tipos=kinds_of(int(mask)), peso=float(w), salientes=leaving)
    return graph


def digraph(graph: nx.Graph) -> nx.DiGraph:
    """The directed reading of the ties (mutual ties both ways), for the brokerage roles."""
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        leaving = data.get("salientes", frozenset({a, b}))
        if a in leaving:
            out.add_edge(a, b)
        if b in leaving:
            out.add_edge(b, a)
    return out


def parents(relationships: pd.DataFrame | None) -> dict[int, int]:
    """The parent organization of each organization: the target of its active affiliation.

    When an organization declares several affiliations, the heaviest wins, then the most recent
    ``desde``, then the smallest target id (so the answer never depends on row order).
    """
    if relationships is None or relationships.empty:
        return {}
    aff = relationships[relationships["tipo"] == "afiliacion"]
    if "activo" in aff.columns:
        aff = aff[aff["activo"].astype(bool)]
    if aff.empty:
        return {}
    aff = aff.assign(
        _peso=aff["peso"].fillna(1.0) if "peso" in aff.columns else 1.0,
        _desde=pd.to_datetime(aff["desde"]) if "desde" in aff.columns else pd.NaT,
    ).sort_values(["origen_id", "_peso", "_desde", "destino_id"], ascending=[True, False, False, True],
                  na_position="last")
    first = aff.drop_duplicates("origen_id")
    return {int(o): int(d) for o, d in zip(first["origen_id"], first["destino_id"], strict=True)}


def sector_mix(graph: nx.Graph) -> dict[str, int]:
    """Nodes per tripartite sector (for captions and the legend)."""
    counts: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        counts[str(data.get("sector_tripartito"))] += 1
    return dict(counts)
