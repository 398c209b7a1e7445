"""Every triangle of a graph given as tie arrays, listed once, in numpy.

Several measures only look at closed triads: clustering and effective size (triangles per node),
open cross-sector pairs (tied contacts of different sectors) and Gould–Fernandez roles (closed
two-step paths are not brokerage). Squaring the sparse adjacency for them costs
``Σ degree²`` products and a full ``n × n`` result; listing the triangles once costs far less on a
sparse network (each triangle is found only from its lowest-ranked corner) and answers all four.

Method (Chiba–Nishizeki / "forward" ordering): rank nodes by degree, orient each tie from its
lower- to its higher-ranked end, and for every node pair up its oriented contacts; a pair that is
itself tied closes a triangle. Pairs are generated and looked up in bounded chunks so memory stays
flat on the national graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Triangles", "list_triangles"]

CHUNK_WEDGES = 4_000_000


@dataclass(frozen=True)
class Triangles:
    """Triangle ``t`` has corners ``nodes[:, t] = (u, v, w)`` and ties ``edges[:, t] = (uv, uw, vw)`` (tie rows)."""

    nodes: np.ndarray  # (3, T) node positions
    edges: np.ndarray  # (3, T) rows of the tie table

    def per_node(self, n: int) -> np.ndarray:
        """Triangles through each node."""
        return np.bincount(self.nodes.ravel(), minlength=n).astype("float64")


def _oriented(n: int, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR (indptr, targets, tie rows) of the ties pointing from lower to higher (degree, position) rank."""
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    forward = rank[i] < rank[j]
    src, dst = np.where(forward, i, j), np.where(forward, j, i)
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst[order], order


def _wedges(indptr: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (p, q), p < q, of every pair of oriented ties sharing their source, for ``p`` in [lo, hi)."""
    p = np.arange(lo, hi, dtype=np.int64)
    owner = np.searchsorted(indptr, p, side="right") - 1
    counts = indptr[owner + 1] - p - 1
    total = int(counts.sum())
    first = np.repeat(p, counts)
    starts = np.cumsum(counts) - counts
    second = first + 1 + (np.arange(total, dtype=np.int64) - np.repeat(starts, counts))
    return first, second


def _chunks(indptr: np.ndarray, m: int) -> list[tuple[int, int]]:
    """Ranges of oriented tie positions generating at most about :data:`CHUNK_WEDGES` pairs each."""
    p = np.arange(m, dtype=np.int64)
    owner = np.searchsorted(indptr, p, side="right") - 1
    pairs = np.cumsum(indptr[owner + 1] - p - 1)
    cuts = np.searchsorted(pairs, np.arange(CHUNK_WEDGES, int(pairs[-1]) + CHUNK_WEDGES, CHUNK_WEDGES))
    bounds = np.unique(np.r_[0, np.minimum(cuts + 1, m), m])
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))


def list_triangles(n: int, i: np.ndarray, j: np.ndarray) -> Triangles:
    """All triangles of the simple undirected graph on ``n`` nodes with ties ``(i[r], j[r])``, ``i < j``, sorted."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    m = len(i)
    empty = Triangles(np.zeros((3, 0), dtype=np.int64), np.zeros((3, 0), dtype=np.int64))
    if m < 3:
        return empty
    keys = i * n + j
    if not np.all(keys[1:] > keys[:-1]):  # the tie table comes sorted by (i, j); stay correct if not
        order = np.argsort(keys, kind="stable")
        found = list_triangles(n, i[order], j[order])
        return Triangles(found.nodes, order[found.edges])
    indptr, targets, rows = _oriented(n, i, j)
    owners = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    found_nodes, found_edges = [], []
    for lo, hi in _chunks(indptr, m):
        first, second = _wedges(indptr, lo, hi)
        if not first.size:
            continue
        v, w = targets[first], targets[second]
        key = np.minimum(v, w) * n + np.maximum(v, w)
        at = np.minimum(np.searchsorted(keys, key), m - 1)
        hit = keys[at] == key
        first, second = first[hit], second[hit]
        found_nodes.append(np.stack([owners[first], targets[first], targets[second]]))
        found_edges.append(np.stack([rows[first], rows[second], at[hit]]))
    if not found_nodes:
        return empty
    return Triangles(np.concatenate(found_nodes, axis=1), np.concatenate(found_edges, axis=1))
