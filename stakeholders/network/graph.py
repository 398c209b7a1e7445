"""The graph: organizations as nodes, every kind of tie collapsed into one weighted edge.

- Stored relationships (any ``tipo``; direction ignored) add their ``peso``.
- *Co-participation*: two organizations are tied when they are members of the same participation
  space (+1 per shared space) and when both attended the same event (+1 per shared event).

Parallel ties become one edge whose ``tipos`` is the set of tie types and ``peso`` the sum.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pandas as pd

COPARTICIPATION = "coparticipacion"
NODE_ATTRIBUTES = ("nombre", "sector_tripartito", "tipo_actor", "region_cut", "comuna_cut")


def _add_tie(graph: nx.Graph, a: int, b: int, kind: str, weight: float) -> None:
    if a == b or a not in graph or b not in graph:
        return
    if graph.has_edge(a, b):
        data = graph[a][b]
        data["tipos"].add(kind)
        data["peso"] += weight
    else:
        graph.add_edge(a, b, tipos={kind}, peso=float(weight))


def _pair_counts(frame: pd.DataFrame | None, group: str, nodes: set[int]) -> pd.DataFrame:
    """Unordered pairs of organizations sharing a ``group`` value, with how many they share."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["a", "b", "n"])
    slim = frame.loc[frame["organizacion_id"].isin(nodes), [group, "organizacion_id"]].drop_duplicates()
    pairs = slim.merge(slim, on=group, suffixes=("_a", "_b"))
    pairs = pairs[pairs["organizacion_id_a"] < pairs["organizacion_id_b"]]
    counted = pairs.groupby(["organizacion_id_a", "organizacion_id_b"]).size().reset_index(name="n")
    return counted.rename(columns={"organizacion_id_a": "a", "organizacion_id_b": "b"})


def build_graph(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    region_cut: str | None = None,
) -> nx.Graph:
    """Weighted undirected graph of ``orgs`` (frame with ``id`` and :data:`NODE_ATTRIBUTES`).

    With ``region_cut`` only the organizations present in that region are kept (located there or
    a national body with a chapter there), and only the ties among them.
    """
    if region_cut is not None:
        from stakeholders.repository import present_in_region

        orgs = orgs[present_in_region(orgs, region_cut)]
    graph = nx.Graph()
    columns = [c for c in NODE_ATTRIBUTES if c in orgs.columns]
    for row in orgs[["id", *columns]].itertuples(index=False):
        graph.add_node(int(row[0]), **dict(zip(columns, row[1:], strict=True)))
    nodes = set(graph.nodes)
    if relationships is not None and not relationships.empty:
        rel = relationships
        if "activo" in rel.columns:
            rel = rel[rel["activo"].astype(bool)]
        weights = rel["peso"].fillna(1.0) if "peso" in rel.columns else pd.Series(1.0, index=rel.index)
        for a, b, kind, w in zip(rel["origen_id"], rel["destino_id"], rel["tipo"], weights, strict=True):
            _add_tie(graph, int(a), int(b), str(kind), float(w))
    for frame, group in ((memberships, "espacio_id"), (attendance, "evento_id")):
        for a, b, n in _pair_counts(frame, group, nodes).itertuples(index=False):
            _add_tie(graph, int(a), int(b), COPARTICIPATION, float(n))
    return graph


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
