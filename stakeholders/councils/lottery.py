"""Sorteo: a maximin fair lottery over quota-satisfying councils, then a verifiable draw.

Method (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 2021; and "Fair sortition made
transparent", NeurIPS 2021), implemented from the papers with HiGHS (no GPL code):

1. Candidates the quotas cannot tell apart form a *type*; a panel is a count per type and
   members of a type are drawn uniformly, so maximin over types is maximin over people.
2. Coverage: integer programs find panels until no further type can sit on any valid council;
   the rest get probability 0 (reported).
3. Column generation: the dual master LP ``min ŷ s.t. Σ y = 1, y ≥ 0, Σ_t y_t a_tP ≤ ŷ`` over the
   panels found; the pricing IP finds the panel maximising ``Σ_t y_t a_tP``
   (``a_tP = count_t(P) / |t|``); stop when it cannot beat ŷ. The primal LP then gives the
   distribution λ with the largest smallest selection probability.
4. Rounding: λ is rounded to ``m`` equally likely panels (integer program keeping the smallest
   probability as high as possible), so the draw is a uniform choice of one ticket out of m.
5. Draw: ticket = SHA-256("semilla|panel") mod m; inside each type, members are taken by a
   Fisher–Yates shuffle of the sorted ids driven by SHA-256("semilla|tipo|k"). Anyone with the
   published seed and panel list can re-run it.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stakeholders.councils.model import Program, build_program, counts_from, fix_coverage
from stakeholders.councils.optimize import NoPanel
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.solver import solve

TOLERANCE = 1e-7


@dataclass
class Lottery:
    """The rounded distribution: ``tickets[k]`` of ``m`` tickets for each panel ``panels[k]``."""

    units: pd.DataFrame  # types: ids, capacidad, …
    panels: np.ndarray  # P × U counts
    tickets: np.ndarray  # P ints summing to m
    m: int
    maximin_lp: float  # optimum before rounding
    coverage_target: int
    iterations: int

    @property
    def sizes(self) -> np.ndarray:
        return self.units["ids"].map(len).to_numpy(float)

    def unit_probabilities(self) -> np.ndarray:
        """Selection probability of each member of each type under the rounded distribution."""
        return (self.tickets @ self.panels) / self.m / self.sizes

    def probabilities(self) -> pd.DataFrame:
        """``id, probabilidad`` for every eligible candidate (0 when no valid council has them)."""
        per_unit = self.unit_probabilities()
        rows = [(int(i), float(p)) for ids, p in zip(self.units["ids"], per_unit, strict=True) for i in ids]
        return pd.DataFrame(rows, columns=["id", "probabilidad"]).sort_values("id").reset_index(drop=True)

    @property
    def minimum(self) -> float:
        probs = self.unit_probabilities()
        feasible = probs[self.panels.sum(axis=0) > 0]
        return float(feasible.min()) if len(feasible) else 0.0


def _pricing(prog: Program, weights: np.ndarray) -> tuple[np.ndarray, float]:
    sol = prog.solve(weights, mip_gap=1e-9)
    if not sol.ok:
        raise NoPanel
    return counts_from(sol, prog), float(weights @ counts_from(sol, prog))


def _cover(prog: Program, deadline: float) -> tuple[list[np.ndarray], np.ndarray]:
    """Panels until every type that can sit on a valid council sits on one of them."""
    covered = np.zeros(prog.n_units, dtype=bool)
    panels: list[np.ndarray] = []
    capacity = prog.units["capacidad"].to_numpy()
    covered[capacity == 0] = True
    while not covered.all() and time.monotonic() < deadline:
        weights = np.where(covered, 0.0, 1.0 / np.maximum(capacity, 1))
        counts, value = _pricing(prog, weights)
        if value <= TOLERANCE:
            break
        panels.append(counts)
        covered |= counts > 0
    reachable = np.zeros(prog.n_units, dtype=bool)
    for p in panels:
        reachable |= p > 0
    return panels, reachable


def _dual_master(a: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, float]:
    """min ŷ over y ≥ 0 with Σ y = 1 and Σ_t y_t a_tP ≤ ŷ for every known panel (a: P × U)."""
    idx = np.flatnonzero(active)
    n = len(idx)
    cost = np.zeros(n + 1)
    cost[n] = 1.0
    rows = [({j: 1.0 for j in range(n)}, 1.0, 1.0)]
    for panel in a:
        coeffs = {j: float(panel[u]) for j, u in enumerate(idx) if panel[u] != 0}
        coeffs[n] = -1.0
        rows.append((coeffs, -np.inf, 0.0))
    lower = np.zeros(n + 1)
    upper = np.full(n + 1, np.inf)
    lower[n] = -np.inf
    sol = solve(cost, lower, upper, rows, integer=False, maximize=False)
    y = np.zeros(a.shape[1])
    y[idx] = sol.values[:n]
    return y, float(sol.values[n])


def _primal(a: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, float]:
    """max z over distributions λ of the known panels with Σ_P λ_P a_tP ≥ z for every active type."""
    p = a.shape[0]
    cost = np.zeros(p + 1)
    cost[p] = 1.0
    rows = [({j: 1.0 for j in range(p)}, 1.0, 1.0)]
    for u in np.flatnonzero(active):
        coeffs = {j: float(a[j, u]) for j in range(p) if a[j, u] != 0}
        coeffs[p] = -1.0
        rows.append((coeffs, 0.0, np.inf))
    lower = np.zeros(p + 1)
    upper = np.full(p + 1, np.inf)
    upper[:p] = 1.0
    sol = solve(cost, lower, upper, rows, integer=False, maximize=True)
    lam = np.clip(sol.values[:p], 0, None)
    return lam / lam.sum(), float(sol.values[p])


def _round(lam: np.ndarray, a: np.ndarray, active: np.ndarray, m: int) -> np.ndarray:
    """Integer tickets k_P ∈ {⌊mλ_P⌋, ⌈mλ_P⌉} summing to m, keeping the smallest probability high."""
    support = np.flatnonzero(lam > 1e-12)
    base = np.floor(lam[support] * m + 1e-9)
    short = int(m - base.sum())
    fallback = _systematic(lam, m)
    if short <= 0:
        return fallback
    s = len(support)
    cost = np.zeros(s + 1)
    cost[s] = 1.0
    rows = [({j: 1.0 for j in range(s)}, float(short), float(short))]
    for u in np.flatnonzero(active):
        coeffs = {j: float(a[support[j], u]) / m for j in range(s) if a[support[j], u] != 0}
        const = float(base @ a[support, u]) / m
        coeffs[s] = -1.0
        rows.append((coeffs, -const, np.inf))
    lower = np.zeros(s + 1)
    upper = np.ones(s + 1)
    lower[s], upper[s] = -np.inf, np.inf
    flags = [True] * s + [False]
    sol = solve(cost, lower, upper, rows, integer=flags, maximize=True, time_limit=10.0, mip_gap=1e-6)
    if sol.status not in ("optimo", "limite"):
        return fallback
    tickets = np.zeros(len(lam), dtype=int)
    tickets[support] = (base + np.rint(sol.values[:s])).astype(int)
    return tickets if tickets.sum() == m else fallback


def _systematic(lam: np.ndarray, m: int) -> np.ndarray:
    cum = np.floor(np.cumsum(lam) * m + 1e-9).astype(int)
    cum[-1] = m
    return np.diff(np.concatenate([[0], cum]))


def fair_lottery(pool: Pool, params: CouncilParams, time_limit: float = 120.0, max_rounds: int = 5000) -> Lottery:
    """The maximin distribution over valid councils, rounded to ``params.panels`` tickets."""
    deadline = time.monotonic() + time_limit
    prog = build_program(pool, params, grouped=True)
    if not fix_coverage(prog).ok:
        raise NoPanel
    panels, active = _cover(prog, deadline)
    if not panels:
        raise NoPanel
    sizes = prog.units["ids"].map(len).to_numpy(float)
    rounds = 0
    while rounds < max_rounds and time.monotonic() < deadline:
        rounds += 1
        a = np.array(panels, dtype=float) / sizes
        y, yhat = _dual_master(a, active)
        counts, value = _pricing(prog, y / sizes)
        if value <= yhat + TOLERANCE:
            break
        panels.append(counts)
    a = np.array(panels, dtype=float) / sizes
    lam, z = _primal(a, active)
    m = ticket_count(params.panels, z)
    tickets = _round(lam, a, active, m)
    keep = tickets > 0
    return Lottery(prog.units, np.array(panels)[keep], tickets[keep], m, z, prog.coverage_target, rounds)


def ticket_count(requested: int, maximin: float) -> int:
    """At least ``requested`` tickets; a power of ten large enough that one ticket is at most a
    tenth of the smallest probability, so rounding cannot wipe out the worst-off candidate's chance."""
    if maximin <= 0:
        return requested
    needed = 10 ** math.ceil(math.log10(10.0 / maximin))
    return int(max(requested, needed))


def _hash_int(seed: int, label: str, n: int) -> int:
    digest = hashlib.sha256(f"{seed}|{label}".encode()).hexdigest()
    return int(digest, 16) % n


def draw(lottery: Lottery, seed: int) -> tuple[list[int], int]:
    """One council from the rounded distribution: the chosen ids and the ticket number (0-based)."""
    ticket = _hash_int(seed, "panel", lottery.m)
    panel_index = int(np.searchsorted(np.cumsum(lottery.tickets), ticket, side="right"))
    counts = lottery.panels[panel_index]
    chosen: list[int] = []
    for u in np.flatnonzero(counts):
        ids = sorted(lottery.units["ids"][u])
        for k in range(int(counts[u])):
            j = k + _hash_int(seed, f"{ids[0]}|{k}", len(ids) - k)
            ids[k], ids[j] = ids[j], ids[k]
        chosen.extend(ids[: int(counts[u])])
    return sorted(chosen), ticket


def uniform_share(pool: Pool, params: CouncilParams) -> float:
    """Seats ÷ eligible: the average selection probability, an upper bound for the minimum."""
    n = len(pool.frame)
    return params.total_seats / n if n else math.nan
