"""Leximin through its fractional bound: target probabilities first, then panels that reach them.

Why: the level-by-level column generation (fix the tight types, re-solve the master, repeat)
slows down level after level, because each level adds rows that hold at equality and the
master's basis fills with dense panel columns (2,000 × 8: 7 s for the first level, 50–170 s
for each of levels 3–5). Here the levels are computed on the fractional relaxation instead — one small LP per
level, a fraction of a second for all of them — and integer panels are then sought that reach
those targets:

1. :func:`herd` finds panels whose running average follows the targets (kernel herding, Welling
   2009: each panel is priced on how far every type is still behind its target), so the panels
   found already mix to nearly the target profile;
2. :func:`closest_mixture` solves one LP over every panel found: the mixture whose largest
   shortfall ``δ`` below the targets is smallest, with the maximin types held at the exact
   maximin. Its dual prices the next panels when ``δ`` is not yet small enough.

The fractional leximin bounds every lottery from above in the leximin order, so a mixture with
``p ≥ target − δ`` is leximin within ``δ``: no valid lottery's sorted profile beats ``p + δ``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from stakeholders.councils.solver import Model

__all__ = ["Mixture", "closest_mixture", "herd"]


@dataclass(frozen=True)
class Mixture:
    """Panel weights λ, the largest shortfall δ below the targets, and the duals that price panels."""

    lam: np.ndarray
    delta: float
    weights: np.ndarray  # per type: dual weight of its row (0 outside the active types)
    cap: float  # dual of Σ λ = 1: a panel improves the mixture when weights · a_P exceeds it
    ok: bool


def herd(best_panel: Callable[[np.ndarray], np.ndarray], targets: np.ndarray, sizes: np.ndarray,
         active: np.ndarray, steps: int, deadline: float = math.inf) -> list[np.ndarray]:
    """``steps`` panels (fewer at ``deadline``, monotonic seconds) whose running average follows
    ``targets`` (per-member probabilities).

    Step j prices each type by its shortfall ``j − S_t / (|t|·target_t)`` in target units, so a
    type behind its target weighs more until a panel takes it; ``best_panel`` maximises
    ``weights · counts`` over the valid panels.
    """
    scale = np.where(active, np.maximum(sizes * targets, 1e-12), 1.0)
    total = np.zeros(len(sizes))
    found = []
    for j in range(steps):
        if time.monotonic() >= deadline:
            break
        weights = np.where(active, ((j + 1) - total / scale) / scale, 0.0)
        panel = best_panel(weights)
        total += panel
        found.append(panel)
    return found


def closest_mixture(panels: np.ndarray, sizes: np.ndarray, active: np.ndarray, targets: np.ndarray,
                    held: np.ndarray, slack: float) -> Mixture:
    """min δ  s.t.  Σ λ = 1,  p_t + δ ≥ target_t (free types),  p_t ≥ target_t − slack (``held``),  λ ≥ 0.

    ``panels`` is P × types (counts); ``p_t = Σ_P λ_P count_tP / |t|``. Interior point with
    crossover: a vertex, so the support stays at most one panel per row (fewer panels to round)
    and the duals are an exact optimal dual for pricing.
    """
    types = np.flatnonzero(active)
    share = (panels[:, types] / sizes[types]).T  # types × panels
    n_p = len(panels)
    soft = ~held[types]
    body = sparse.hstack([sparse.csr_array(share), sparse.csr_array(soft.astype(float)[:, None])]).tocsr()
    convex = sparse.csr_array(np.r_[np.ones(n_p), 0.0][None, :])
    matrix = sparse.vstack([convex, body]).tocsr()
    lower = np.r_[1.0, np.where(soft, targets[types], targets[types] - slack)]
    upper = np.r_[1.0, np.full(len(types), np.inf)]
    rows = (matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32), matrix.data.astype(float), lower, upper)
    cost = np.r_[np.zeros(n_p), 1.0]
    model = Model(cost, np.zeros(n_p + 1), np.full(n_p + 1, np.inf), rows, integer=False, maximize=False)
    model.set_option("solver", "ipm")
    sol = model.run()
    weights = np.zeros(len(sizes))
    if not sol.ok:
        return Mixture(np.zeros(n_p), np.inf, weights, 0.0, False)
    lam = np.clip(sol.values[:n_p], 0.0, None)
    lam /= lam.sum()
    weights[types] = np.abs(sol.row_duals[1:])
    probs = (lam @ panels[:, types]) / sizes[types]
    delta = float(np.max(np.where(soft, targets[types] - probs, 0.0), initial=0.0))
    return Mixture(lam, max(delta, 0.0), weights, float(abs(sol.row_duals[0])), True)
