"""Per-organization reading of the graph: degree, brokerage, isolation, component.

- ``grado``: distinct organizations tied to it; ``grado_ponderado``: the sum of their ``peso``.
- ``intermediacion``: normalised betweenness centrality on the unweighted graph (a tie is a tie;
  weights measure intensity, not distance). Above :data:`EXACT_BETWEENNESS_MAX_NODES` nodes it is
  estimated from a sample of source nodes drawn with a fixed seed: :data:`BETWEENNESS_SAMPLES`,
  fewer on very large graphs so the work stays near :data:`BETWEENNESS_WORK` node+edge visits
  (never under :data:`BETWEENNESS_MIN_SAMPLES`; enough to rank the main brokers).
- ``intermediacion_intersectorial``: pairs of its neighbours that belong to *different* tripartite
  sectors and are *not* tied to each other — cross-sector conversations that, locally, only pass
  through it (open cross-sector triads, in the spirit of Gould and Fernandez's liaison and
  itinerant brokerage). A count, so it grows with degree; compare within a region.
- ``sectores_vecinos``: how many distinct sectors its neighbours belong to (0–4).
- ``aislada``: no tie at all; ``componente``: connected component, 0 = the largest.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from stakeholders.network.brandes import betweenness

EXACT_BETWEENNESS_MAX_NODES = 2_000
BETWEENNESS_SAMPLES = 500
BETWEENNESS_MIN_SAMPLES = 50
BETWEENNESS_WORK = 30_000_000
BETWEENNESS_SEED = 20_261_122
METRIC_COLUMNS = [
    "organizacion_id", "grado", "grado_ponderado", "intermediacion", "intermediacion_intersectorial",
    "sectores_vecinos", "aislada", "componente",
]


def cross_sector_open_pairs(graph: nx.Graph, node: int, sector: dict) -> int:
    """Pairs of neighbours of ``node`` from different sectors that are not tied to each other."""
    nbrs = set(graph[node])
    if len(nbrs) < 2:
        return 0
    per_sector: dict[object, int] = {}
    for m in nbrs:
        per_sector[sector[m]] = per_sector.get(sector[m], 0) + 1
    all_pairs = len(nbrs) * (len(nbrs) - 1) // 2
    same_pairs = sum(c * (c - 1) // 2 for c in per_sector.values())
    linked = 0
    for u in nbrs:
        su = sector[u]
        linked += sum(1 for w in graph[u] if w in nbrs and sector[w] != su)
    return int(all_pairs - same_pairs - linked // 2)


def components(graph: nx.Graph) -> dict[int, int]:
    """Component number per node: 0 = largest; ties broken by the smallest organization id."""
    comps = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    return {n: i for i, comp in enumerate(comps) for n in comp}


def betweenness_samples(nodes: int, edges: int) -> int | None:
    """Source nodes for the betweenness estimate (None = exact, every node)."""
    if nodes <= EXACT_BETWEENNESS_MAX_NODES:
        return None
    budget = BETWEENNESS_WORK // max(1, nodes + edges)
    return max(BETWEENNESS_MIN_SAMPLES, min(BETWEENNESS_SAMPLES, budget))


def node_metrics(graph: nx.Graph) -> pd.DataFrame:
    """One row per organization with the columns of :data:`METRIC_COLUMNS`, sorted by id."""
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=METRIC_COLUMNS)
    n = graph.number_of_nodes()
    between = betweenness(graph, k=betweenness_samples(n, graph.number_of_edges()), seed=BETWEENNESS_SEED)
    sector = {node: data.get("sector_tripartito") for node, data in graph.nodes(data=True)}
    component = components(graph)
    rows = []
    for node in sorted(graph.nodes):
        degree = graph.degree(node)
        rows.append((
            node, degree, float(sum(d.get("peso", 1.0) for d in graph[node].values())), float(between[node]),
            cross_sector_open_pairs(graph, node, sector), len({sector[m] for m in graph[node]}), degree == 0,
            component[node],
        ))
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    return frame.astype({"organizacion_id": "int64", "grado": "int64", "grado_ponderado": "float64",
                         "intermediacion": "float64", "intermediacion_intersectorial": "int64",
                         "sectores_vecinos": "int64", "aislada": "bool", "componente": "int64"})
