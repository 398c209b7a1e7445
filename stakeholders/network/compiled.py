"""The compiled engine: the same graph as :func:`.graph.build_graph`, built straight from the frames.

networkx stores every node and edge as Python dicts: fine for a region, but the national registry
(200 000 organizations, up to a million ties) takes seconds to build and minutes for communities.
:class:`CompiledGraph` keeps the tie table as numpy arrays, a SciPy sparse adjacency (for the
measures written as sparse algebra: eigenvector, constraint, sector counts), the list of its
triangles (:mod:`.triads`: clustering, effective size, brokerage) and a NetworKit graph (C++,
OpenMP; for PageRank, Louvain, k-core, components and exact betweenness).

Why NetworKit: it is MIT-licensed, like the project's other dependencies (python-igraph is
GPL-2.0-or-later, which would bind the whole application; graspologic is MIT but pulls in a large
scientific stack and offers Leiden only through a native add-on). Every family module accepts a
``networkx.Graph`` or a :class:`CompiledGraph` behind the same function, and the tests check that
both give the same answers on small graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkit as nk
import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from stakeholders.network.graph import NODE_ATTRIBUTES, region_orgs
from stakeholders.network.ties import KIND_BITS, TIE_COLUMNS, TieFilter, tie_table
from stakeholders.network.triads import Triangles, list_triangles

__all__ = ["ENGINE_MIN_NODES", "ENGINE_SEED", "CompiledGraph", "NetworkGraph", "as_compiled", "compile_graph",
           "from_networkx", "seed_engine", "set_threads", "uses_engine"]

# Below this size networkx (the readable model) answers; above it, the compiled engine.
ENGINE_MIN_NODES = 500
ENGINE_SEED = 20_261_122
# One OpenMP thread: on a shared two-core server, waiting at OpenMP barriers for a descheduled
# second thread made a region's reading 3–5 times slower (measured); one thread also compares
# fairly with single-threaded networkx in the benchmark. ``set_threads`` changes it.
ENGINE_THREADS = 1


def set_threads(count: int = ENGINE_THREADS) -> None:
    """Threads NetworKit may use."""
    nk.setNumberOfThreads(max(1, int(count)))


set_threads()


@dataclass
class CompiledGraph:
    """Nodes ``0..n-1`` (``ids[i]`` is the organization id), ties ``i < j`` with weight and direction."""

    ids: np.ndarray
    nodes: pd.DataFrame
    ties: pd.DataFrame  # TIE_COLUMNS plus integer positions i, j

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.ties)

    @cached_property
    def nk(self) -> nk.Graph:
        graph = nk.Graph(self.n, weighted=True, directed=False)
        if self.m:
            graph.addEdges((self.ties["peso"].to_numpy(dtype="float64"),
                            (self.ties["i"].to_numpy(dtype="uint64"), self.ties["j"].to_numpy(dtype="uint64"))))
        graph.indexEdges()
        return graph

    def _symmetric(self, values: np.ndarray) -> sparse.csr_array:
        i, j = self.ties["i"].to_numpy(), self.ties["j"].to_numpy()
        rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
        return sparse.csr_array((np.concatenate([values, values]), (rows, cols)), shape=(self.n, self.n))

    @cached_property
    def weights(self) -> sparse.csr_array:
        """Weighted symmetric adjacency (``peso``)."""
        return self._symmetric(self.ties["peso"].to_numpy(dtype="float64"))

    @cached_property
    def pattern(self) -> sparse.csr_array:
        """0/1 symmetric adjacency (a tie is a tie)."""
        return self._symmetric(np.ones(self.m))

    @cached_property
    def degree(self) -> np.ndarray:
        return np.asarray(self.pattern.sum(axis=1)).ravel()

    @cached_property
    def sector(self) -> np.ndarray:
        """Sector code per node (position in the sorted sector names; unknown sectors share one code)."""
        values = self.nodes["sector_tripartito"].fillna("").astype(str) if "sector_tripartito" in self.nodes \
            else pd.Series("", index=self.nodes.index)
        codes, _ = pd.factorize(values, sort=True)
        return codes.astype("int64")

    @cached_property
    def triangles(self) -> Triangles:
        """Every triangle once (corners and tie rows), shared by clustering, effective size and brokerage."""
        return list_triangles(self.n, self.ties["i"].to_numpy(), self.ties["j"].to_numpy())

    def directed_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(source, target) positions of the directed reading (mutual ties both ways)."""
        i, j = self.ties["i"].to_numpy(), self.ties["j"].to_numpy()
        ab, ba = self.ties["ab"].to_numpy(dtype=bool), self.ties["ba"].to_numpy(dtype=bool)
        return np.concatenate([i[ab], j[ba]]), np.concatenate([j[ab], i[ba]])

    def series(self, values: np.ndarray, name: str) -> pd.Series:
        return pd.Series(values, index=pd.Index(self.ids, name="organizacion_id"), name=name)


NetworkGraph = nx.Graph | CompiledGraph


def _assemble(nodes: pd.DataFrame, table: pd.DataFrame) -> CompiledGraph:
    nodes = nodes.sort_values("id").reset_index(drop=True)
    ids = nodes["id"].to_numpy(dtype="int64")
    table = table.assign(i=np.searchsorted(ids, table["a"].to_numpy()), j=np.searchsorted(ids, table["b"].to_numpy()))
    return CompiledGraph(ids=ids, nodes=nodes, ties=table.reset_index(drop=True))


def compile_graph(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    region_cut: str | None = None,
    ties: TieFilter | None = None,
) -> CompiledGraph:
    """The compiled graph of ``orgs`` (same arguments and ties as :func:`.graph.build_graph`)."""
    orgs = region_orgs(orgs, region_cut)
    columns = ["id", *[c for c in NODE_ATTRIBUTES if c in orgs.columns]]
    nodes = orgs[columns].drop_duplicates("id").astype({"id": "int64"})
    return _assemble(nodes, tie_table(nodes, relationships, memberships, attendance, ties))


def from_networkx(graph: nx.Graph) -> CompiledGraph:
    """The compiled form of a graph built by :func:`.graph.build_graph` (same nodes, ties and attributes)."""
    rows = [{"id": int(n), **{c: data.get(c) for c in NODE_ATTRIBUTES}} for n, data in graph.nodes(data=True)]
    nodes = pd.DataFrame(rows, columns=["id", *NODE_ATTRIBUTES]).astype({"id": "int64"})
    ties = []
    for u, v, data in graph.edges(data=True):
        a, b = (u, v) if u < v else (v, u)
        leaving = data.get("salientes", frozenset({a, b}))
        mask = sum(KIND_BITS.get(kind, 0) for kind in data.get("tipos", ()))
        ties.append((int(a), int(b), float(data.get("peso", 1.0)), int(mask), a in leaving, b in leaving))
    table = pd.DataFrame(ties, columns=TIE_COLUMNS).astype({"a": "int64", "b": "int64", "peso": "float64",
                                                           "tipos": "int64", "ab": bool, "ba": bool})
    return _assemble(nodes, table.sort_values(["a", "b"]))


def as_compiled(graph: NetworkGraph) -> CompiledGraph:
    return graph if isinstance(graph, CompiledGraph) else from_networkx(graph)


def uses_engine(graph: NetworkGraph, engine: str | None) -> bool:
    """Whether to answer with the compiled engine: asked for, or a graph too big for networkx."""
    if engine is not None:
        return engine == "networkit"
    return isinstance(graph, CompiledGraph) or graph.number_of_nodes() >= ENGINE_MIN_NODES


def seed_engine(seed: int = ENGINE_SEED) -> None:
    """Fix NetworKit's random generator (communities and sampled betweenness are then reproducible)."""
    nk.engineering.setSeed(seed, False)
