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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stakeholders.councils.model import Program, build_program, counts_from, fix_coverage
from stakeholders.councils.optimize import NoPanel
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.solver import Model

TOLERANCE = 1e-7
PRICING_GAP = 1e-3  # pricing IP's relative gap while columns are found; exact (1e-9) to certify the optimum
SMOOTHING = 0.5  # Wentges dual smoothing: price halfway between the best-bound dual and the master's
MASTER_SIMPLEX = 1  # dual simplex: robust on this degenerate LP (HiGHS' choice can stall in primal)
COLUMNS_PER_ROUND = 12  # the priced panel plus its best improving single-swap neighbours


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
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase (not part of any record)

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
    sub = a[np.ix_(support, np.flatnonzero(active))].T  # active types × support
    const = sub @ base / m
    matrix = np.hstack([sub / m, -np.ones((len(sub), 1))])
    matrix = np.vstack([np.concatenate([np.ones(s), [0.0]]), matrix])
    nz_row, nz_col = np.nonzero(matrix)
    starts = np.searchsorted(nz_row, np.arange(len(matrix) + 1)).astype(np.int32)
    rows = (starts, nz_col.astype(np.int32), matrix[nz_row, nz_col],
            np.concatenate([[float(short)], -const]), np.concatenate([[float(short)], np.full(len(sub), np.inf)]))
    lower = np.zeros(s + 1)
    upper = np.ones(s + 1)
    lower[s], upper[s] = -np.inf, np.inf
    flags = [True] * s + [False]
    sol = Model(cost, lower, upper, rows, integer=flags, maximize=True, time_limit=10.0, mip_gap=1e-6).run()
    if sol.status not in ("optimo", "limite"):
        return fallback
    tickets = np.zeros(len(lam), dtype=int)
    tickets[support] = (base + np.rint(sol.values[:s])).astype(int)
    return tickets if tickets.sum() == m else fallback


def _systematic(lam: np.ndarray, m: int) -> np.ndarray:
    cum = np.floor(np.cumsum(lam) * m + 1e-9).astype(int)
    cum[-1] = m
    return np.diff(np.concatenate([[0], cum]))


class _Panels:
    """The valid panels of a program: the pricing IP, built once and re-solved with new objectives
    (``changeColsCost``), and a vectorised check of candidate panels against every active row."""

    def __init__(self, prog: Program) -> None:
        self.prog = prog
        self.n = prog.n_units
        self.ip = prog.model(np.zeros(self.n), mip_gap=PRICING_GAP)
        self.ip.set_option("presolve", "off")  # small IP re-solved hundreds of times: presolve costs more than it saves
        self.gap = PRICING_GAP
        self.a, self.lo, self.hi = prog.dense()
        lower, upper = prog.bounds()
        self.lower, self.upper = lower[: self.n], upper[: self.n]
        seats = prog.units["asiento"].astype(str).to_numpy()
        self.same_seat = seats[:, None] == seats[None, :]
        self.member = prog.province_membership()  # units × coverage provinces (0/1)

    def price(self, weights: np.ndarray, exact: bool) -> tuple[np.ndarray, float, float]:
        """The panel maximising ``weights · counts``, its value and a proven upper bound on the maximum."""
        gap = 1e-9 if exact else self.gap
        self.ip.set_option("mip_rel_gap", gap)
        top = float(weights.max(initial=0.0))
        scale = 1.0 / top if top > 0 else 1.0  # largest weight 1: HiGHS' tolerances are absolute
        self.ip.set_cost(weights * scale)
        sol = self.ip.run()
        if sol.status not in ("optimo", "limite"):
            raise NoPanel
        counts = np.rint(sol.values[: self.n]).astype(int)
        value = float(weights @ counts)
        return counts, value, max(float(sol.bound) / scale, value)

    def valid(self, counts: np.ndarray) -> np.ndarray:
        """Which rows of ``counts`` (k × units) are councils meeting every quota."""
        full = self.prog.with_coverage(counts)
        r = full @ self.a.T
        ok = ((r >= self.lo - 1e-9) & (r <= self.hi + 1e-9)).all(axis=1)
        return ok & (counts >= self.lower).all(axis=1) & (counts <= self.upper).all(axis=1)

    def neighbours(self, panel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Valid panels one swap away (one member's unit out, a unit of the same seat in), and the unit in.

        Row activities are updated incrementally (``A·P − A_u + A_t``, coverage indicators
        recomputed from the province counts), so thousands of swaps cost one small gather.
        """
        n = self.n
        outs, ins = [], []
        for u in np.flatnonzero(panel > self.lower):
            t = np.flatnonzero(self.same_seat[u] & (panel < self.upper))
            t = t[t != u]
            outs.append(np.full(len(t), u))
            ins.append(t)
        if not outs:
            return np.zeros((0, n), dtype=int), np.zeros(0, dtype=int)
        out, into = np.concatenate(outs), np.concatenate(ins)
        au, az = self.a[:, :n], self.a[:, n:]
        r = (au @ panel)[None, :] - au[:, out].T + au[:, into].T
        if az.shape[1]:
            counts = (panel @ self.member)[None, :] - self.member[out] + self.member[into]
            r += np.minimum(counts, 1.0) @ az.T
        ok = ((r >= self.lo - 1e-9) & (r <= self.hi + 1e-9)).all(axis=1)
        out, into = out[ok], into[ok]
        cand = np.repeat(panel[None, :], len(out), axis=0)
        rows = np.arange(len(out))
        cand[rows, out] -= 1
        cand[rows, into] += 1
        return cand, into


def _cover(space: _Panels, first: np.ndarray, deadline: float) -> tuple[list[np.ndarray], np.ndarray]:
    """Panels until every type that can sit on a valid council sits on one of them.

    Cheap first: the single-swap neighbours of each panel found cover most types; an integer
    program (weights on the types still uncovered) finds a panel with new types, or proves that
    no valid council contains any of them (those types get probability 0).
    """
    capacity = space.prog.units["capacidad"].to_numpy()
    covered = capacity == 0
    panels: list[np.ndarray] = []
    fresh = [first] if first is not None and space.valid(first[None, :])[0] else []
    while time.monotonic() < deadline:
        for panel in fresh:
            panels.append(panel)
            covered |= panel > 0
            near, into = space.neighbours(panel)
            for k in np.flatnonzero(~covered[into]):
                if not covered[into[k]]:
                    panels.append(near[k])
                    covered |= near[k] > 0
        if covered.all():
            break
        weights = np.where(covered, 0.0, 1.0 / np.maximum(capacity, 1))
        counts, value, _bound = space.price(weights, exact=True)
        if value <= TOLERANCE:
            break
        fresh = [counts]
    reachable = np.zeros(space.n, dtype=bool)
    for p in panels:
        reachable |= p > 0
    return panels, reachable


class _Master:
    """The restricted master LP, kept alive and warm-started as columns (panels) are added:

    max z  s.t.  Σ_P λ_P = 1,  Σ_P λ_P a_tP − z ≥ 0 for every active type t,  λ ≥ 0.

    Its row duals are the weights y of the dual master (``min ŷ s.t. Σ y = 1, y ≥ 0,
    Σ_t y_t a_tP ≤ ŷ``), its objective z = ŷ.
    """

    def __init__(self, active: np.ndarray, sizes: np.ndarray) -> None:
        self.active = np.flatnonzero(active)
        self.sizes = sizes
        n = len(self.active)
        # Only z at first (λ columns are added later): row 0 empty, rows 1..n hold −z.
        starts = np.concatenate([[0], np.arange(n + 1)]).astype(np.int32)
        rows = (starts, np.zeros(n, dtype=np.int32), np.full(n, -1.0),
                np.concatenate([[1.0], np.zeros(n)]), np.concatenate([[1.0], np.full(n, np.inf)]))
        self.lp = Model([1.0], [-np.inf], [np.inf], rows, integer=False, maximize=True)
        self.lp.set_option("simplex_strategy", MASTER_SIMPLEX)
        self.count = 0

    def add(self, panels: np.ndarray) -> None:
        a = panels[:, self.active] / self.sizes[self.active]
        matrix = np.vstack([np.ones(len(panels)), a.T])
        k = len(panels)
        self.lp.add_cols(np.zeros(k), np.zeros(k), np.full(k, np.inf), matrix)
        self.count += k

    def solve(self) -> tuple[np.ndarray, float, np.ndarray]:
        """Dual weights y (one per unit, 0 outside the active types), the value z and λ."""
        sol = self.lp.run()
        if not sol.ok:
            raise NoPanel
        y = np.zeros(len(self.sizes))
        y[self.active] = np.abs(sol.row_duals[1:])
        total = y.sum()
        if total > 0:
            y /= total
        lam = np.clip(sol.values[1:], 0.0, None)
        return y, float(sol.values[0]), lam / lam.sum()


def _improving(y: np.ndarray, value: float, candidates: np.ndarray, seen: set[bytes], limit: int) -> list[np.ndarray]:
    """Up to ``limit`` new panels whose value under ``y`` beats the master's, best first."""
    if not len(candidates):
        return []
    gains = candidates @ y
    out: list[np.ndarray] = []
    for k in np.argsort(-gains, kind="stable"):
        if gains[k] <= value + TOLERANCE or len(out) >= limit:
            break
        key = candidates[k].astype(np.int16).tobytes()
        if key not in seen:
            seen.add(key)
            out.append(candidates[k])
    return out


def _column_generation(space: _Panels, panels: list[np.ndarray], active: np.ndarray, deadline: float,
                       max_rounds: int) -> tuple[list[np.ndarray], np.ndarray, float, int]:
    """Maximin distribution over valid panels by column generation (see the module docstring).

    Each round prices at a smoothed dual (Wentges: halfway between the best-bound dual so far and
    the master's), adds the priced panel and its best single-swap neighbours, and warm-starts the
    master. Every exact or bounded pricing solve gives an upper bound on the maximin; the loop stops
    when no panel beats the master's value by more than ``TOLERANCE`` under the master's own
    duals with an exact pricing IP, or when the best upper bound is within ``TOLERANCE``.
    """
    sizes = space.prog.units["ids"].map(len).to_numpy(float)
    master = _Master(active, sizes)
    seen = {p.astype(np.int16).tobytes() for p in panels}
    master.add(np.array(panels))
    upper, center = np.inf, None
    rounds = 0
    y, value, lam = master.solve()
    while rounds < max_rounds and time.monotonic() < deadline and upper - value > TOLERANCE:
        rounds += 1
        added: list[np.ndarray] = []
        for alpha, exact in ((SMOOTHING, False), (0.0, False), (0.0, True)):
            if alpha > 0 and center is None:
                continue
            point = y if alpha == 0 else alpha * center + (1 - alpha) * y
            counts, _v, bound = space.price(point / sizes, exact)
            if bound < upper:
                upper, center = bound, point
            near, _ = space.neighbours(counts)
            added = _improving(y / sizes, value, np.vstack([counts[None, :], near]), seen, COLUMNS_PER_ROUND)
            if added or upper - value <= TOLERANCE:
                break
        if not added:
            break
        panels.extend(added)
        master.add(np.array(added))
        y, value, lam = master.solve()
    return panels, lam, value, rounds


def fair_lottery(pool: Pool, params: CouncilParams, time_limit: float = 120.0, max_rounds: int = 5000) -> Lottery:
    """The maximin distribution over valid councils, rounded to ``params.panels`` tickets."""
    deadline = time.monotonic() + time_limit
    clock = _Clock()
    prog = build_program(pool, params, grouped=True)
    start = fix_coverage(prog)
    if not start.ok:
        raise NoPanel
    space = _Panels(prog)
    clock.lap("modelo")
    panels, active = _cover(space, counts_from(start, prog), deadline)
    if not panels:
        raise NoPanel
    clock.lap("cobertura")
    panels, lam, z, rounds = _column_generation(space, panels, active, deadline, max_rounds)
    clock.lap("generacion_columnas")
    sizes = prog.units["ids"].map(len).to_numpy(float)
    a = np.array(panels, dtype=float) / sizes
    m = ticket_count(params.panels, z)
    tickets = _round(lam, a, active, m)
    keep = tickets > 0
    clock.lap("redondeo")
    return Lottery(prog.units, np.array(panels)[keep], tickets[keep], m, z, prog.coverage_target, rounds,
                   clock.laps)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


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
