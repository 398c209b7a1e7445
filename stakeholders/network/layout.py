"""Stable positions for drawing the network: same data, same picture.

Communities start on a sunflower spiral (the largest in the middle, each a disc of radius ∝ √size),
then a Fruchterman–Reingold pass with repulsion only between nearby nodes (a k-d tree instead of
all pairs), so 5 000 nodes take well under a second; isolated organizations go in a compact grid beside it.
The random start uses a fixed seed. Used by the Red page and by the GEXF export (Gephi opens the
file with the page's layout).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from stakeholders.network.compiled import CompiledGraph

__all__ = ["LAYOUT_SEED", "layout"]

LAYOUT_SEED = 7
LAYOUT_ITERATIONS = 40
REPULSION_REACH = 4.0


def _spiral_centres(sizes: np.ndarray) -> np.ndarray:
    """Sunflower spiral of community centres, spaced so discs of radius √size barely touch."""
    golden = np.pi * (3 - np.sqrt(5))
    radius = np.sqrt(np.cumsum(sizes)) * 1.2
    angle = np.arange(len(sizes)) * golden
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _relax(pos: np.ndarray, edges: np.ndarray, movable: np.ndarray, iterations: int) -> np.ndarray:
    """Fruchterman–Reingold with local repulsion (pairs closer than :data:`REPULSION_REACH` ideal lengths).

    Attraction on a node is divided by its degree, so dense co-participation cliques and hubs do
    not collapse into one blot (in the spirit of ForceAtlas2's degree-dependent repulsion).
    """
    ideal = 1.0
    temperature = 2.0
    degree = np.bincount(edges.ravel(), minlength=len(pos)).astype("float64") if len(edges) else np.ones(len(pos))
    damp = 1.0 / np.maximum(degree, 1.0)[:, None]
    for step in range(iterations):
        force = np.zeros_like(pos)
        if len(edges):
            delta = pos[edges[:, 1]] - pos[edges[:, 0]]
            dist = np.linalg.norm(delta, axis=1, keepdims=True) + 1e-9
            pull = delta * dist / ideal
            np.add.at(force, edges[:, 0], pull)
            np.add.at(force, edges[:, 1], -pull)
            force *= damp
        pairs = cKDTree(pos[movable]).query_pairs(REPULSION_REACH * ideal, output_type="ndarray")
        if len(pairs):
            index = np.flatnonzero(movable)
            a, b = index[pairs[:, 0]], index[pairs[:, 1]]
            delta = pos[a] - pos[b]
            dist2 = np.square(delta).sum(axis=1, keepdims=True) + 1e-9
            push = delta * (ideal * ideal) / dist2
            np.add.at(force, a, push)
            np.add.at(force, b, -push)
        length = np.linalg.norm(force, axis=1, keepdims=True) + 1e-9
        limit = temperature * (1 - step / iterations) + 0.05
        pos = pos + np.where(movable[:, None], force / length * np.minimum(length, limit), 0.0)
    return pos


def _isolated_block(body: np.ndarray, count: int) -> np.ndarray:
    """A compact grid to the right of the connected body (isolated organizations stay visible)."""
    low, high = body.min(axis=0), body.max(axis=0)
    columns = max(1, int(np.ceil(np.sqrt(count * 0.5))))
    spacing = 1.2
    k = np.arange(count)
    x = high[0] + 3.0 + (k % columns) * spacing
    y = low[1] + (k // columns) * spacing
    return np.column_stack([x, y])


def layout(graph: CompiledGraph, communities: pd.Series, seed: int = LAYOUT_SEED) -> pd.DataFrame:
    """Positions ``x, y`` in ``[0, 1000]`` per organization (index ``organizacion_id``); same data → same picture."""
    n = graph.n
    if n == 0:
        return pd.DataFrame({"x": [], "y": []}, index=pd.Index([], name="organizacion_id"))
    rng = np.random.default_rng(seed)
    labels = communities.reindex(graph.ids).fillna(-1).to_numpy(dtype="int64")
    connected = graph.degree > 0
    groups, inverse = np.unique(np.where(connected, labels, -1), return_inverse=True)
    sizes = np.bincount(inverse).astype("float64")
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    centres = _spiral_centres(sizes[order])[rank]
    pos = centres[inverse] + rng.normal(0.0, 0.45, size=(n, 2)) * np.sqrt(sizes[inverse])[:, None]
    edges = graph.ties[["i", "j"]].to_numpy(dtype="int64")
    pos = _relax(pos, edges, connected, LAYOUT_ITERATIONS)
    if (~connected).any():
        pos[~connected] = _isolated_block(pos[connected] if connected.any() else np.zeros((1, 2)),
                                          int((~connected).sum()))
    low, high = pos.min(axis=0), pos.max(axis=0)
    scaled = (pos - low) / np.where(high - low > 0, high - low, 1.0).max() * 1000.0
    return pd.DataFrame({"x": scaled[:, 0], "y": scaled[:, 1]}, index=pd.Index(graph.ids, name="organizacion_id"))
