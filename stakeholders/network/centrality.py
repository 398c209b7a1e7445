"""Influence and structural holes: PageRank, eigenvector centrality, Burt's constraint and effective size.

Each function takes a ``networkx.Graph`` (answered by networkx, the readable model) or a
:class:`~stakeholders.network.compiled.CompiledGraph` (NetworKit and sparse algebra) and returns
a Series indexed by organization id, sorted. ``engine`` forces one side ("networkx" or
"networkit"); by default graphs of :data:`~.compiled.ENGINE_MIN_NODES` nodes or more use the engine.

- ``pagerank``: weighted PageRank (damping 0.85): the share of time a walker that follows ties in
  proportion to their weight spends at the organization. Sums to 1 over the graph.
- ``eigenvector``: weighted eigenvector centrality (networkx's power iteration on ``A + I``): high
  when tied to organizations that are themselves well connected.
- ``constraint`` (Burt 1992): how much its ties are concentrated on contacts that are tied to
  each other (0 = its contacts do not know each other; 1 = one contact only). NaN when isolated.
- ``effective_size`` (Burt; Borgatti's formula on unweighted ties): its number of contacts minus
  their redundancy, ``grado − 2·(ties among contacts)/grado``. NaN when isolated.
- ``betweenness``: normalised betweenness on unweighted ties; exact up to
  :data:`EXACT_BETWEENNESS_MAX_NODES` nodes, above it estimated from sampled source nodes with a
  fixed seed and a stated standard error (:func:`estimate_betweenness`).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkit as nk
import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from stakeholders.network.brandes import betweenness as brandes_betweenness
from stakeholders.network.brandes import dependency_sums
from stakeholders.network.compiled import CompiledGraph, NetworkGraph, as_compiled, uses_engine

__all__ = ["BetweennessEstimate", "BETWEENNESS_SAMPLES", "BETWEENNESS_SEED", "DAMPING",
           "EXACT_BETWEENNESS_MAX_NODES", "betweenness", "betweenness_samples", "constraint", "effective_size",
           "eigenvector", "estimate_betweenness", "pagerank", "triangles"]

DAMPING = 0.85
TOLERANCE = 1e-10
EIGEN_MAX_ITER = 1_000
EXACT_BETWEENNESS_MAX_NODES = 2_000
# networkx side (the project's numpy Brandes): sampled sources above EXACT_BETWEENNESS_MAX_NODES nodes.
BETWEENNESS_SAMPLES = 500
BETWEENNESS_MIN_SAMPLES = 50
BETWEENNESS_WORK = 30_000_000
BETWEENNESS_SEED = 20_261_122
BETWEENNESS_BATCHES = 10  # independent batches of sources: their spread gives the standard error


def _nx_series(values: dict, name: str) -> pd.Series:
    series = pd.Series(values, name=name, dtype="float64").sort_index()
    series.index = series.index.astype("int64")
    series.index.name = "organizacion_id"
    return series


def pagerank(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """Weighted PageRank per organization (sums to 1)."""
    if not uses_engine(graph, engine):
        return _nx_series(nx.pagerank(graph, alpha=DAMPING, weight="peso", tol=TOLERANCE), "pagerank")
    compiled = as_compiled(graph)
    if compiled.n == 0:
        return compiled.series(np.zeros(0), "pagerank")
    # networkx's stopping rule: the L1 change of the whole vector below ``n × tol`` (NetworKit's
    # default, an L2 change below ``tol``, took twice the iterations for no visible difference).
    algo = nk.centrality.PageRank(compiled.nk, damp=DAMPING, tol=compiled.n * TOLERANCE,
                                  distributeSinks=nk.centrality.SinkHandling.DistributeSinks)
    algo.norm = nk.centrality.Norm.L1_NORM
    algo.run()
    values = np.asarray(algo.scores(), dtype="float64")
    return compiled.series(values / values.sum(), "pagerank")


def eigenvector(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """Weighted eigenvector centrality (Euclidean norm 1), as networkx computes it."""
    if not uses_engine(graph, engine):
        if graph.number_of_nodes() == 0:
            return _nx_series({}, "eigenvector")
        values = nx.eigenvector_centrality(graph, weight="peso", max_iter=EIGEN_MAX_ITER, tol=TOLERANCE)
        return _nx_series(values, "eigenvector")
    compiled = as_compiled(graph)
    n = compiled.n
    if n == 0:
        return compiled.series(np.zeros(0), "eigenvector")
    weights = compiled.weights
    x = np.full(n, 1.0 / n)
    for _ in range(EIGEN_MAX_ITER):
        last = x
        x = last + weights @ last
        x = x / (np.linalg.norm(x) or 1.0)
        if np.abs(x - last).sum() < n * TOLERANCE:
            break
    return compiled.series(x, "eigenvector")


def _share_matrix(compiled: CompiledGraph) -> sparse.csr_array:
    """p_ij: share of i's tie weight that goes to j (rows sum to 1; isolated rows empty)."""
    strength = np.asarray(compiled.weights.sum(axis=1)).ravel()
    inverse = np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0)
    return sparse.csr_array(sparse.diags_array(inverse) @ compiled.weights)


def constraint(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """Burt's constraint, ``Σ_j (p_ij + Σ_q p_iq p_qj)²`` over i's contacts j (NaN when isolated)."""
    if not uses_engine(graph, engine):
        return _nx_series(nx.constraint(graph, weight="peso"), "restriccion")
    compiled = as_compiled(graph)
    share = _share_matrix(compiled)
    indirect = (share @ share).multiply(compiled.pattern)
    total = sparse.csr_array(share + indirect)
    values = np.asarray(total.multiply(total).sum(axis=1)).ravel()
    return compiled.series(np.where(compiled.degree > 0, values, np.nan), "restriccion")


def triangles(compiled: CompiledGraph) -> np.ndarray:
    """Ties among each node's contacts (triangles through it)."""
    return compiled.triangles.per_node(compiled.n)


def effective_size(graph: NetworkGraph, engine: str | None = None) -> pd.Series:
    """Burt's effective size on unweighted ties (NaN when isolated)."""
    if not uses_engine(graph, engine):
        return _nx_series(nx.effective_size(graph), "tamano_efectivo")
    compiled = as_compiled(graph)
    degree = compiled.degree
    safe = np.where(degree > 0, degree, 1.0)
    values = np.where(degree > 0, degree - 2.0 * triangles(compiled) / safe, np.nan)
    return compiled.series(values, "tamano_efectivo")


def betweenness_samples(nodes: int, edges: int) -> int | None:
    """Source nodes for networkx's betweenness estimate (None = exact, every node)."""
    if nodes <= EXACT_BETWEENNESS_MAX_NODES:
        return None
    budget = BETWEENNESS_WORK // max(1, nodes + edges)
    return max(BETWEENNESS_MIN_SAMPLES, min(BETWEENNESS_SAMPLES, budget))


@dataclass(frozen=True)
class BetweennessEstimate:
    """Betweenness per organization and its standard error (0 when computed exactly)."""

    values: pd.Series
    std_error: pd.Series
    sources: int | None  # sampled source nodes; None = exact


def _batch_estimates(compiled: CompiledGraph, k: int, seed: int) -> np.ndarray:
    """:data:`BETWEENNESS_BATCHES` independent estimates (rows), each from ``k // batches`` random sources."""
    n = compiled.n
    pattern = compiled.pattern
    indptr, indices = pattern.indptr.astype(np.int64), pattern.indices.astype(np.int64)
    batches = max(2, min(BETWEENNESS_BATCHES, k // 2))
    size = max(1, k // batches)
    sources = np.random.default_rng(seed).choice(n, size=min(n, batches * size), replace=False)
    scale = n / size / ((n - 1) * (n - 2))
    return np.vstack([dependency_sums(indptr, indices, np.sort(sources[b * size:(b + 1) * size])) * scale
                      for b in range(batches)])


def estimate_betweenness(graph: NetworkGraph, engine: str | None = None, seed: int | None = None
                         ) -> BetweennessEstimate:
    """Normalised betweenness with its stated error.

    Exact (error 0, NetworKit) up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes. Above, the engine
    draws :func:`betweenness_samples` source nodes with a fixed seed, in :data:`BETWEENNESS_BATCHES`
    independent batches (the project's level-synchronous numpy Brandes on the sparse adjacency: in
    the benchmark it was about nine times faster per source than NetworKit's
    ``EstimateBetweenness``); the answer is their mean and the standard error of that mean is
    ``std(batches) / √batches`` per organization. With few sources per batch this spread slightly
    understates the error of organizations that few sources reach (in the tests 84 % of estimates
    lie within three standard errors); read it as the order of magnitude of the error.
    The networkx side samples sources the same way and states no error.
    """
    seed = BETWEENNESS_SEED if seed is None else seed
    n = graph.number_of_nodes() if isinstance(graph, nx.Graph) else graph.n
    m = graph.number_of_edges() if isinstance(graph, nx.Graph) else graph.m
    k = betweenness_samples(n, m)
    if not uses_engine(graph, engine):
        values = _nx_series(brandes_betweenness(graph, k=k, seed=seed), "intermediacion")
        return BetweennessEstimate(values, values * 0.0 if k is None else values * np.nan, k)
    compiled = as_compiled(graph)
    if compiled.n < 3:
        zeros = compiled.series(np.zeros(compiled.n), "intermediacion")
        return BetweennessEstimate(zeros, zeros.copy(), None)
    if k is None:
        algo = nk.centrality.Betweenness(nk.graphtools.toUnweighted(compiled.nk), normalized=True)
        algo.run()
        values = np.asarray(algo.scores(), dtype="float64")
        return BetweennessEstimate(compiled.series(values, "intermediacion"),
                                   compiled.series(np.zeros(compiled.n), "error_intermediacion"), None)
    runs = _batch_estimates(compiled, k, seed)
    error = runs.std(axis=0, ddof=1) / np.sqrt(len(runs))
    return BetweennessEstimate(compiled.series(runs.mean(axis=0), "intermediacion"),
                               compiled.series(error, "error_intermediacion"), len(runs)
                               * max(1, k // len(runs)))


def betweenness(graph: NetworkGraph, engine: str | None = None, seed: int | None = None) -> pd.Series:
    """Normalised betweenness per organization (see :func:`estimate_betweenness` for the error)."""
    return estimate_betweenness(graph, engine, seed).values
