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

On the compiled engine the counts are algebra over whole arrays: all in-sector × out-sector path
pairs per broker, minus returns (a = c), minus closed paths, which are read from the graph's
triangle list (:mod:`.triads`); open cross-sector pairs take their tied pairs from the same list.
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
    # Tied pairs of contacts in different sectors: per triangle, each corner whose other two differ.
    corners = compiled.triangles.nodes
    sector = compiled.sector[corners]
    linked = sum(np.bincount(corners[k], weights=sector[(k + 1) % 3] != sector[(k + 2) % 3],
                             minlength=compiled.n) for k in range(3))
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


def _role_codes(k: int) -> np.ndarray:
    """``role[sb, sa, sc]``: the role (index in :data:`ROLES`) of a broker in sector ``sb`` on ``sa → sb → sc``."""
    table = np.empty((k, k, k), dtype=np.int64)
    for sb in range(k):
        for sa in range(k):
            for sc in range(k):
                table[sb, sa, sc] = ROLES.index(_role(sa, sb, sc))
    return table


def _arc(ab: np.ndarray, ba: np.ndarray, rows: np.ndarray, tail: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Whether tie ``rows`` goes from ``tail`` to ``head`` (ties are stored ``i < j`` with flags ab, ba)."""
    return np.where(tail < head, ab[rows], ba[rows])


def _closed_paths(compiled: CompiledGraph, k: int) -> np.ndarray:
    """``closed[b, sa, sc]``: paths a → b → c with a → c too, a in ``sa`` and c in ``sc`` (from the triangles)."""
    tri = compiled.triangles
    codes = compiled.sector
    ab, ba = compiled.ties["ab"].to_numpy(dtype=bool), compiled.ties["ba"].to_numpy(dtype=bool)
    closed = np.zeros(compiled.n * k * k)
    # The six ways to read a triangle (u, v, w) with ties (uv, uw, vw) as broker b between a and c.
    corner = {(0, 1): 0, (0, 2): 1, (1, 2): 2}
    for a, b, c in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
        na, nb, nc = tri.nodes[a], tri.nodes[b], tri.nodes[c]
        ok = (_arc(ab, ba, tri.edges[corner[tuple(sorted((a, b)))]], na, nb)
              & _arc(ab, ba, tri.edges[corner[tuple(sorted((b, c)))]], nb, nc)
              & _arc(ab, ba, tri.edges[corner[tuple(sorted((a, c)))]], na, nc))
        flat = (nb[ok] * k + codes[na[ok]]) * k + codes[nc[ok]]
        closed += np.bincount(flat, minlength=closed.size)
    return closed.reshape(compiled.n, k, k)


def _roles_compiled(compiled: CompiledGraph) -> pd.DataFrame:
    """All in × out sector pairs, minus returns (a = c), minus closed paths (a → c, from the triangle list)."""
    n = compiled.n
    src, dst = compiled.directed_edges()
    arcs = sparse.csr_array((np.ones(len(src)), (src, dst)), shape=(n, n))
    codes = compiled.sector
    k = int(codes.max(initial=0)) + 1
    onehot = sparse.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, k))
    into = np.asarray((arcs.T @ onehot).todense())  # a → b with a in sector s
    out_of = np.asarray((arcs @ onehot).todense())  # b → c with c in sector s
    returns = np.asarray((arcs.multiply(arcs.T) @ onehot).todense())  # a → b → a
    paths = into[:, :, None] * out_of[:, None, :] - _closed_paths(compiled, k)
    paths[:, np.arange(k), np.arange(k)] -= returns
    role = _role_codes(k)[codes]  # (n, sa, sc)
    flat = (np.arange(n)[:, None, None] * len(ROLES) + role).ravel()
    table = np.bincount(flat, weights=paths.ravel(), minlength=n * len(ROLES)).reshape(n, len(ROLES))
    return pd.DataFrame(np.rint(table).astype("int64"), columns=list(ROLES),
                        index=pd.Index(compiled.ids, name="organizacion_id"))


def brokerage_roles(graph: NetworkGraph, engine: str | None = None) -> pd.DataFrame:
    """Gould–Fernandez brokerage counts per organization (columns :data:`ROLES`), by id."""
    if not uses_engine(graph, engine):
        return _roles_nx(graph)
    return _roles_compiled(as_compiled(graph))
