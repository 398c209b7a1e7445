"""Brokers between the tripartite sectors: open cross-sector pairs, participation coefficient, Gould–Fernandez roles.

Same calling convention as :mod:`.centrality`. The group of an organization is its tripartite
sector (government, employers, workers, civil society).

- ``open_cross_pairs``: pairs of its contacts that belong to *different* sectors and are *not*
  tied to each other: cross-sector conversations that, locally, only pass through it.
- ``participation_coefficient`` (Guimerà & Amaral 2005) over sectors: ``1 − Σ_s (k_s / k)²`` where
  ``k_s`` are its contacts in sector ``s``; 0 = all its contacts in one sector, 0.75 = evenly spread
  over the four sectors. 0 when isolated.
- ``brokerage_roles`` (Gould & Fernandez 1989): for every directed path ``a → b → c`` with no tie
  ``a → c`` (mutual ties count both ways; an affiliation goes member → parent, funding funder →
  funded), broker ``b`` is a *coordinator* when all three share a sector, *itinerant* when ``a`` and
  ``c`` share a sector that is not ``b``'s, *representative* when ``a`` shares ``b``'s sector and
  ``c`` does not, *gatekeeper* when ``c`` shares ``b``'s sector and ``a`` does not, and *liaison*
  when the three sectors differ. Counts of such paths per role.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from stakeholders.network.compiled import CompiledGraph, NetworkGraph, as_compiled, uses_engine
from stakeholders.network.graph import digraph

__all__ = ["ROLES", "brokerage_roles", "open_cross_pairs", "participation_coefficient"]

ROLES = ("coordinador", "itinerante", "representante", "guardian", "enlace")


def _sectors(graph: nx.Graph) -> dict:
    return {n: data.get("sector_tripartito") for n, data in graph.nodes(data=True)}


def _by_id(values: dict, name: str, dtype: str) -> pd.Series:
    series = pd.Series(values, dtype=dtype, name=name).sort_index()
    series.index = series.index.astype("int64")
    series.index.name = "organizacion_id"
    return series


def _open_pairs_nx(graph: nx.Graph, node: int, sector: dict) -> int:
    nbrs = set(graph[node])
    per_sector: dict[object, int] = {}
    for m in nbrs:
        per_sector[sector[m]] = per_sector.get(sector[m], 0) + 1
    all_pairs = len(nbrs) * (len(nbrs) - 1) // 2
    same_pairs = sum(c * (c - 1) // 2 for c in per_sector.values())
    linked = sum(1 for u in nbrs for w in graph[u] if w in nbrs and sector[w] != sector[u])
    return int(all_pairs - same_pairs - linked // 2)


def _sector_counts(compiled: CompiledGraph) -> np.ndarray:
    """Contacts per sector: an n × sectors matrix."""
    codes = compiled.sector
    onehot = sparse.csr_array((np.ones(compiled.n), (np.arange(compiled.n), codes)),
                              shape=(compiled.n, int(codes.max(initial=0)) + 1))
    return np.asarray((compiled.pattern @ onehot).todense())


def open_cross_pairs(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """Open cross-sector pairs among each organization's contacts."""
    if not uses_engine(graph, engine):
        sector = _sectors(graph)
        return _by_id({n: _open_pairs_nx(graph, n, sector) for n in graph}, "intermediacion_intersectorial", "int64")
    compiled = as_compiled(graph)
    counts = _sector_counts(compiled)
    degree = counts.sum(axis=1)
    same = (counts * (counts - 1) / 2).sum(axis=1)
    codes = compiled.sector
    i, j = compiled.ties["i"].to_numpy(), compiled.ties["j"].to_numpy()
    cross = codes[i] != codes[j]
    cross_ties = sparse.csr_array((np.ones(2 * int(cross.sum())),
                                   (np.concatenate([i[cross], j[cross]]), np.concatenate([j[cross], i[cross]]))),
                                  shape=(compiled.n, compiled.n))
    linked = np.asarray((compiled.pattern @ cross_ties).multiply(compiled.pattern).sum(axis=1)).ravel() / 2
    values = degree * (degree - 1) / 2 - same - linked
    return compiled.series(np.rint(values).astype("int64"), "intermediacion_intersectorial")


def participation_coefficient(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """``1 − Σ_s (k_s/k)²`` over its contacts' sectors (0 when isolated)."""
    if not uses_engine(graph, engine):
        sector = _sectors(graph)
        values = {}
        for n in graph:
            k = graph.degree(n)
            shares = pd.Series([sector[m] for m in graph[n]], dtype=object).value_counts() / k if k else []
            values[n] = float(1.0 - np.square(np.asarray(shares, dtype="float64")).sum()) if k else 0.0
        return _by_id(values, "coef_participacion", "float64")
    compiled = as_compiled(graph)
    counts = _sector_counts(compiled)
    degree = counts.sum(axis=1)
    safe = np.where(degree > 0, degree, 1.0)
    values = np.where(degree > 0, 1.0 - np.square(counts / safe[:, None]).sum(axis=1), 0.0)
    return compiled.series(values, "coef_participacion")


def _role(sa: object, sb: object, sc: object) -> str:
    if sa == sb == sc:
        return "coordinador"
    if sa == sc:
        return "itinerante"
    if sa == sb:
        return "representante"
    if sb == sc:
        return "guardian"
    return "enlace"


def _roles_nx(graph: nx.Graph) -> pd.DataFrame:
    directed = digraph(graph)
    sector = _sectors(graph)
    counts = {n: dict.fromkeys(ROLES, 0) for n in graph}
    for b in directed:
        for a in directed.predecessors(b):
            for c in directed.successors(b):
                if a != c and not directed.has_edge(a, c):
                    counts[b][_role(sector[a], sector[b], sector[c])] += 1
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=list(ROLES)).astype("int64").sort_index()
    frame.index = frame.index.astype("int64")
    frame.index.name = "organizacion_id"
    return frame


CHUNK_ROWS = 20_000


def _closed_paths(arcs: sparse.csr_array, onehot: sparse.csr_array, sector: int) -> np.ndarray:
    """Per broker b and sector of c: paths a → b → c with ``a`` in ``sector`` *and* a tie a → c."""
    n = arcs.shape[0]
    from_sector = sparse.csr_array(sparse.diags_array(onehot[:, [sector]].toarray().ravel()) @ arcs)
    incoming = sparse.csr_array(from_sector.T)
    out = np.zeros((n, onehot.shape[1]))
    for start in range(0, n, CHUNK_ROWS):
        rows = slice(start, min(n, start + CHUNK_ROWS))
        closed = (incoming[rows] @ arcs).multiply(arcs[rows])  # (b, c): a in sector with a→b, a→c; b→c
        out[rows] = (sparse.csr_array(closed) @ onehot).toarray()
    return out


def _roles_compiled(compiled: CompiledGraph) -> pd.DataFrame:
    """Sparse algebra: all in × out sector pairs, minus returns (a = c), minus closed paths (a → c)."""
    n = compiled.n
    src, dst = compiled.directed_edges()
    arcs = sparse.csr_array((np.ones(len(src)), (src, dst)), shape=(n, n))
    codes = compiled.sector
    k = int(codes.max(initial=0)) + 1
    onehot = sparse.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, k))
    into = np.asarray((arcs.T @ onehot).todense())  # a → b with a in sector s
    out_of = np.asarray((arcs @ onehot).todense())  # b → c with c in sector s
    returns = np.asarray((arcs.multiply(arcs.T) @ onehot).todense())  # a → b → a
    table = np.zeros((n, len(ROLES)))
    for sa in range(k):
        closed = _closed_paths(arcs, onehot, sa)
        for sc in range(k):
            paths = into[:, sa] * out_of[:, sc] - closed[:, sc] - (returns[:, sa] if sa == sc else 0.0)
            role = np.select([(codes == sa) & (sa == sc), np.full(n, sa == sc), codes == sa, codes == sc],
                             [0, 1, 2, 3], default=4)
            np.add.at(table, (np.arange(n), role), paths)
    return pd.DataFrame(np.rint(table).astype("int64"), columns=list(ROLES),
                        index=pd.Index(compiled.ids, name="organizacion_id"))


def brokerage_roles(graph: NetworkGraph, engine: str | None = None) -> pd.DataFrame:
    """Gould–Fernandez brokerage counts per organization (columns :data:`ROLES`), by id."""
    if not uses_engine(graph, engine):
        return _roles_nx(graph)
    return _roles_compiled(as_compiled(graph))
