"""The fair-lottery engine over any quota program: maximin or leximin over types, rounding, draw.

Method (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 2021; and "Fair sortition made
transparent", NeurIPS 2021), implemented from the papers with HiGHS (no GPL code):

1. Candidates the quotas cannot tell apart form a *type*; a panel is a count per type and
   members of a type are drawn uniformly, so maximin/leximin over types is the same over people.
2. Coverage: integer programs find panels until no further type can sit on any valid panel;
   the rest get probability 0 (reported).
3. Column generation: the dual master LP ``min ŷ s.t. Σ y = 1, y ≥ 0, Σ_t y_t a_tP ≤ ŷ`` over the
   panels found; the pricing IP finds the panel maximising ``Σ_t y_t a_tP``
   (``a_tP = count_t(P) / |t|``); stop when it cannot beat ŷ. The primal LP then gives the
   distribution λ with the largest smallest selection probability (maximin). While columns are
   found, pricing is quick (the LP relaxation, then the integer program over the types it left
   fractional); each round also adds panels priced on the weight the previous ones left
   uncovered, so the master can lift every tight type at once; only the last round is exact.
4. Leximin: the types whose dual weight is positive at the maximin cannot get more without
   someone worse off; their probability is held at the maximin. The other levels are computed
   on the fractional relaxation (one LP per level, :func:`fractional_leximin`), an upper bound
   in the leximin order, and panels are then herded towards those targets and mixed by one LP
   that minimises the largest shortfall δ (:mod:`stakeholders.selection.decompose`). Up to
   ``LEXIMIN_EXACT_TYPES`` types the mixture is priced on until δ = 0 (exact leximin); above,
   δ ≤ ``LEXIMIN_GAP`` (0.0005, the tolerance of Flanigan et al.'s own implementation) is
   accepted and reported. If the targets prove out of reach, the exact level-by-level column
   generation runs instead (fix the tight types, maximise the next smallest, and so on).
5. Rounding: λ is rounded to ``m`` equally likely panels (each panel gets ⌊mλ⌋ or ⌈mλ⌉ tickets),
   chosen so every type keeps its LP probability up to one ticket: a greedy pass on a soft
   minimum, a swap repair, and only if those fall short an integer program over every panel
   found (a support panel may also lose one more ticket, another panel gain one) that stops as
   soon as the smallest probability is within one ticket of the LP's.
6. Draw: ticket = SHA-256("semilla|panel") mod m; inside each type, members are taken by a
   Fisher–Yates shuffle of the sorted ids driven by SHA-256("semilla|tipo|k"). Anyone with the
   published seed and panel list can re-run it.

The engine takes a :class:`~stakeholders.councils.model.Program` (units = types with ``ids``,
``capacidad``, ``minimo``; rows = quotas). Units with an ``asiento`` column only swap within
their seat; without it any unit may replace any other.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
from scipy import sparse

from stakeholders.councils.model import Program, counts_from, fix_coverage
from stakeholders.councils.optimize import NoPanel
from stakeholders.councils.solver import Model, Solution
from stakeholders.selection.decompose import closest_mixture, herd

TOLERANCE = 1e-7
PRICING_GAP = 1e-3  # pricing IP's relative gap while columns are found; exact (1e-9) to certify the optimum
MAX_PRICING_GAP = 0.05  # far from the bound
SMOOTHING = 0.5
SMOOTH_FROM_RELAXATION = True  # Wentges dual smoothing: price halfway between the best-bound dual and the master's
MASTER_SIMPLEX = 4  # primal simplex: added columns keep the basis primal feasible (warm re-solves)
COLUMNS_PER_ROUND = 12  # the priced panel plus its best improving single-swap neighbours
DIVERSE_PER_ROUND = 16  # and panels priced on the weight those leave uncovered (see :func:`_diverse`)
DAMPING = 0.3  # …each panel's members keep this share of their weight for the next
LEXIMIN_GAP = 0.0005  # leximin: accepted shortfall below the fractional levels (Flanigan et al.'s EPS)
LEXIMIN_EXACT_TYPES = 300  # …up to this many types, priced on until exact (or proven out of reach)
LEXIMIN_HERDING = 1000  # most panels herded towards the leximin targets (2 per type below that)
FIX_SLACK = 1e-9  # leximin: a fixed type keeps its level up to this (LP tolerances)
DUAL_POSITIVE = 1e-7  # leximin: a dual weight above this (relative to the sum) marks a tight type
SWAP_TYPES = 120  # swap repair: the lowest types it weighs…
SWAP_PANELS = 80  # …and the panels in and out it tries per step (bounded work on large supports)
ROUND_IP_MAX = 1000  # panels found above which the rounding IP is not tried (too big to help in time)
ROUND_NODES = 2000  # branch-and-bound nodes for the rounding IP (a work limit: same result on any machine)
ROUND_TIME = 20.0  # safety net only: the node limit is the work limit (the root alone takes 1–4 s when loaded)
METHODS = ("maximin", "leximin")


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
    method: str = "maximin"
    unit_lp: np.ndarray | None = None  # per-type probability of the LP distribution (before rounding)
    stages: int = 1  # leximin levels fixed (1 for maximin)
    leximin_gap: float = 0.0  # leximin: largest shortfall of any type below its fractional leximin level

    @property
    def sizes(self) -> np.ndarray:
        return self.units["ids"].map(len).to_numpy(float)

    def unit_probabilities(self) -> np.ndarray:
        """Selection probability of each member of each type under the rounded distribution."""
        return (self.tickets @ self.panels) / self.m / self.sizes

    def probabilities(self) -> pd.DataFrame:
        """``id, probabilidad`` for every eligible candidate (0 when no valid panel has them)."""
        per_unit = self.unit_probabilities()
        rows = [(int(i), float(p)) for ids, p in zip(self.units["ids"], per_unit, strict=True) for i in ids]
        return pd.DataFrame(rows, columns=["id", "probabilidad"]).sort_values("id").reset_index(drop=True)

    @property
    def minimum(self) -> float:
        probs = self.unit_probabilities()
        feasible = probs[self.panels.sum(axis=0) > 0]
        return float(feasible.min()) if len(feasible) else 0.0


def _systematic(lam: np.ndarray, m: int) -> np.ndarray:
    cum = np.floor(np.cumsum(lam) * m + 1e-9).astype(int)
    cum[-1] = m
    return np.diff(np.concatenate([[0], cum]))


def _soft_greedy(gain: np.ndarray, need: np.ndarray, short: int) -> np.ndarray:
    """Pick ``short`` of the panels (rows of ``gain``, tickets added per type) so every type's
    total reaches its ``need`` as closely as possible: each step takes the panel that lowers a soft
    maximum of the remaining shortfalls most (Σ exp(κ·shortfall), κ = 4 per ticket).

    Adding panel j multiplies type t's term by exp(−κ·gain_tj), so the drop is
    ``Σ_t term_t · (1 − exp(−κ·gain_tj))``: one matrix–vector product per step.
    """
    s = len(gain)
    chosen = np.zeros(s, dtype=bool)
    level = np.zeros(gain.shape[1])
    relief = sparse.csr_array(1.0 - np.exp(-4.0 * gain))  # a panel touches k of the types: sparse
    for _ in range(short):
        before = np.exp(np.clip(4.0 * (need - level), -50, 50))
        score = relief @ before
        score[chosen] = -np.inf
        j = int(np.argmax(score))
        chosen[j] = True
        level += gain[j]
    return chosen


def _swap_repair(gain: np.ndarray, need: np.ndarray, chosen: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Single swaps (one chosen panel out, one unchosen in) while they help, until every need is met.

    Each swap lowers the soft maximum of the shortfalls (exp(κ·shortfall) summed over the types
    that could decide the minimum) without lowering the minimum itself, so ties among the
    worst types are worked off one by one.
    """
    chosen = chosen.copy()
    level = gain[chosen].sum(axis=0)
    for _ in range(rounds):
        slack = level - need
        worst = float(slack.min())
        if worst >= -1e-9:
            break
        low = np.flatnonzero(slack < worst + 1.5)  # the types a few swaps could make the worst
        low = low[np.argsort(slack[low], kind="stable")[:SWAP_TYPES]]
        help_worst = gain[:, slack < worst + 1e-9].sum(axis=1)
        ins = np.flatnonzero(~chosen & (help_worst > 0))  # helps a worst type
        ins = ins[np.argsort(-help_worst[ins], kind="stable")[:SWAP_PANELS]]
        outs = np.flatnonzero(chosen)
        outs = outs[np.argsort(gain[np.ix_(outs, low)].sum(axis=1), kind="stable")[:SWAP_PANELS]]  # least missed
        if not len(ins) or not len(outs):
            break
        new = slack[low][None, None, :] + gain[ins][:, None, low] - gain[outs][None, :, low]  # in × out × low
        potential = np.exp(np.clip(-4.0 * new, -50, 50)).sum(axis=2)
        potential[new.min(axis=2) < worst - 1e-12] = np.inf
        i, o = np.unravel_index(int(np.argmin(potential)), potential.shape)
        if potential[i, o] >= np.exp(np.clip(-4.0 * slack[low], -50, 50)).sum() - 1e-12:
            break
        chosen[ins[i]], chosen[outs[o]] = True, False
        level += gain[ins[i]] - gain[outs[o]]
    return chosen


def _round_ip(g: np.ndarray, lam: np.ndarray, m: int, need: float, start: np.ndarray) -> np.ndarray | None:
    """The rounding as an integer program over every panel found, stopped as soon as it keeps one ticket.

    ``g`` is panels × active types. A panel of the support may get one ticket fewer than its floor
    as well as its floor or ceiling, and any other panel found one ticket: that freedom finds
    roundings the floor-or-ceiling choice cannot (on some supports none within a ticket exists).
    Maximises the worst slack ``t`` (``Σ n_P g_tP ≥ need + t``), warm-started from ``start``;
    HiGHS stops at ``t > −1`` (``objective_target``) or at its work limit.
    """
    p, n = g.shape
    mlam = m * lam
    lower = np.where(lam > 1e-12, np.maximum(np.floor(mlam + 1e-9) - 1, 0), 0).astype(float)
    upper = np.where(lam > 1e-12, np.ceil(mlam - 1e-9), 1).astype(float)
    cost = np.zeros(p + 1)
    cost[p] = 1.0
    matrix = np.vstack([np.concatenate([np.ones(p), [0.0]]), np.hstack([g.T, -np.ones((n, 1))])])
    nz_row, nz_col = np.nonzero(matrix)
    starts = np.searchsorted(nz_row, np.arange(len(matrix) + 1)).astype(np.int32)
    rows = (starts, nz_col.astype(np.int32), matrix[nz_row, nz_col],
            np.concatenate([[float(m)], np.full(n, need)]), np.concatenate([[float(m)], np.full(n, np.inf)]))
    model = Model(cost, [*lower, -np.inf], [*upper, 0.0], rows, integer=[True] * p + [False], maximize=True,
                  time_limit=ROUND_TIME, mip_gap=1e-6)
    model.set_option("mip_max_nodes", ROUND_NODES)
    model.set_option("mip_abs_gap", 0.5)
    model.set_option("objective_target", -1.0 + 1e-6)  # within one ticket: the promise, stop there
    incumbent = highspy.HighsSolution()
    incumbent.col_value = [*start.astype(float), float((start @ g - need).min())]
    incumbent.value_valid = True
    model.highs.setSolution(incumbent)
    sol = model.run()
    if sol.status not in ("optimo", "limite"):
        return None
    tickets = np.rint(sol.values[:p]).astype(int)
    return tickets if tickets.sum() == m else None


def _slack(gain: np.ndarray, need: np.ndarray, chosen: np.ndarray) -> float:
    return float((gain[chosen].sum(axis=0) - need).min())


def round_tickets(lam: np.ndarray, a: np.ndarray, active: np.ndarray, m: int, level: float | None = None
                  ) -> np.ndarray:
    """Integer tickets summing to m, the smallest chance within a ticket of ``level`` when found.

    ``a`` is panels × types (members' probability per panel), ``active`` the types that can sit,
    ``level`` the LP's smallest probability (default: read from λ). In ticket units a type's LP
    chance is ``m·λ·a_t``; the floors give ``base·a_t``; the panels rounded up must add the rest
    (``need``). First every type is held to its own LP chance (keeps a leximin profile), then
    halfway, then only to ``level``; the first target met within one ticket wins, and each panel
    keeps ⌊mλ_P⌋ or ⌈mλ_P⌉. If none is met, :func:`_round_ip` searches a wider set (≤
    ``ROUND_IP_MAX`` panels found) and its answer is kept when it is better.
    """
    support = np.flatnonzero(lam > 1e-12)
    fallback = _systematic(lam, m)
    base = np.floor(lam[support] * m + 1e-9)
    short = int(m - base.sum())
    if short <= 0:
        return fallback
    sub = a[np.ix_(support, np.flatnonzero(active))]  # support × active types
    own = m * (lam[support] @ sub)
    floor_level = float(own.min()) / m if level is None else level
    need_own, need_min = own - base @ sub, m * floor_level - base @ sub
    chosen = np.ones(len(support), dtype=bool)
    if short < len(support):
        for theta, rounds in ((1.0, 20), (0.5, 20), (0.0, 300)):
            need = need_min + theta * (need_own - need_min)
            chosen = _swap_repair(sub, need, _soft_greedy(sub, need, short), rounds)
            if _slack(sub, need, chosen) >= -1.0 + 1e-9:
                break
    tickets = np.zeros(len(lam), dtype=int)
    tickets[support] = (base + chosen).astype(int)
    if tickets.sum() != m:
        return fallback
    g = a[:, np.flatnonzero(active)]
    worst = float((tickets @ g).min()) - m * floor_level
    if worst < -1.0 + 1e-9 and len(lam) <= ROUND_IP_MAX:
        wide = _round_ip(g, lam, m, m * floor_level, tickets)
        if wide is not None and float((wide @ g).min()) - m * floor_level > worst:
            tickets = wide
    return tickets


def _unit_scale(weights: np.ndarray) -> float:
    """The factor that makes the largest weight 1 (HiGHS' tolerances are absolute)."""
    top = float(weights.max(initial=0.0))
    return 1.0 / top if top > 0 else 1.0


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
        if "asiento" in prog.units.columns:
            seats = prog.units["asiento"].astype(str).to_numpy()
            self.same_seat = seats[:, None] == seats[None, :]
        else:
            self.same_seat = np.ones((self.n, self.n), dtype=bool)
        self.member = prog.province_membership()  # units × coverage provinces (0/1)
        self.deadline = np.inf  # monotonic seconds; set by :func:`lottery`
        # The quick pricing: the same program as an LP, and as an integer program whose bounds are
        # narrowed to the LP's floor and ceiling (presolve on: the fixed columns drop out).
        self.lp = Model(np.zeros(prog.n_cols), lower, upper, prog.active_rows(), integer=False)
        self.rens = prog.model(np.zeros(self.n), mip_gap=PRICING_GAP)
        self.col_lower, self.col_upper = lower, upper
        self.cols = np.arange(prog.n_cols, dtype=np.int32)

    def price(self, weights: np.ndarray, exact: bool) -> tuple[np.ndarray, float, float]:
        """The panel maximising ``weights · counts``, its value and a proven upper bound on the maximum."""
        gap = 1e-9 if exact else self.gap
        self.ip.set_option("mip_rel_gap", gap)
        scale = _unit_scale(weights)
        self.ip.set_cost(weights * scale)
        sol = self._run_before_deadline(self.ip)
        if sol is None:
            raise NoPanel
        counts = np.rint(sol.values[: self.n]).astype(int)
        value = float(weights @ counts)
        return counts, value, max(float(sol.bound) / scale, value)

    def _run_before_deadline(self, model: Model) -> Solution | None:
        """Solve ``model`` (an integer program) stopping at the caller's deadline; None without a panel."""
        # HiGHS' clock may accumulate over runs: its limit is its reading plus the time left.
        left = max(self.deadline - time.monotonic(), 1.0)
        model.set_option("time_limit", float(model.highs.getRunTime()) + left)
        sol = model.run()
        return sol if sol.status in ("optimo", "limite") else None

    def quick(self, weights: np.ndarray) -> tuple[np.ndarray, float, float] | None:
        """A good panel fast, its value and a proven upper bound (None when the shortcut fails).

        The LP relaxation (a few milliseconds; its optimum bounds the integer one) leaves only a
        handful of types fractional; the integer program over those alone (RENS: every other
        count fixed at the LP's value) takes milliseconds too, where the full pricing IP takes
        tenths of a second. Its panel is within a fraction of a percent of the best, which is
        all column generation needs until the end, where :meth:`price` certifies.
        """
        scale = _unit_scale(weights)
        cost = np.zeros(len(self.cols))
        cost[: self.n] = weights * scale
        self.lp.set_cost(cost)
        relaxed = self.lp.run()
        if not relaxed.ok:
            return None
        x = relaxed.values
        lower = np.maximum(np.floor(x + 1e-7), self.col_lower)
        upper = np.minimum(np.ceil(x - 1e-7), self.col_upper)
        self.rens.highs.changeColsBounds(len(self.cols), self.cols, lower, np.maximum(upper, lower))
        self.rens.set_cost(cost)
        sol = self._run_before_deadline(self.rens)
        if sol is None:
            return None
        counts = np.rint(sol.values[: self.n]).astype(int)
        value = float(weights @ counts)
        return counts, value, max(float(relaxed.objective) / scale, value)

    def valid(self, counts: np.ndarray) -> np.ndarray:
        """Which rows of ``counts`` (k × units) are panels meeting every quota."""
        full = self.prog.with_coverage(counts)
        r = full @ self.a.T
        ok = ((r >= self.lo - 1e-9) & (r <= self.hi + 1e-9)).all(axis=1)
        return ok & (counts >= self.lower).all(axis=1) & (counts <= self.upper).all(axis=1)

    def swaps(self, panel: np.ndarray, weights: np.ndarray | None = None, floor: float = 0.0
              ) -> tuple[np.ndarray, np.ndarray]:
        """Valid single swaps of ``panel``: one member's unit ``out``, a unit of the same seat ``into``.

        With ``weights``, only swaps gaining more than ``floor`` (``w_into − w_out``) are checked.
        Row activities are updated incrementally (``A·P − A_u + A_t``, coverage indicators
        recomputed from the province counts), so thousands of swaps cost one small gather.
        """
        n = self.n
        leaving = np.flatnonzero(panel > self.lower)
        room = panel < self.upper
        pairs = self.same_seat[leaving] & room[None, :]
        pairs[np.arange(len(leaving)), leaving] = False
        if weights is not None:
            pairs &= (weights[None, :] - weights[leaving][:, None]) > floor
        k, into = np.nonzero(pairs)
        out = leaving[k]
        if not len(out):
            return out, into
        au, az = self.a[:, :n], self.a[:, n:]
        r = (au @ panel)[None, :] - au[:, out].T + au[:, into].T
        if az.shape[1]:
            counts = (panel @ self.member)[None, :] - self.member[out] + self.member[into]
            r += np.minimum(counts, 1.0) @ az.T
        ok = ((r >= self.lo - 1e-9) & (r <= self.hi + 1e-9)).all(axis=1)
        return out[ok], into[ok]

    @staticmethod
    def apply(panel: np.ndarray, out: np.ndarray, into: np.ndarray) -> np.ndarray:
        """The panels after each swap (one row per swap)."""
        cand = np.repeat(panel[None, :], len(out), axis=0)
        rows = np.arange(len(out))
        cand[rows, out] -= 1
        cand[rows, into] += 1
        return cand


def _cover(space: _Panels, first: np.ndarray, deadline: float) -> tuple[list[np.ndarray], np.ndarray]:
    """Panels until every type that can sit on a valid panel sits on one of them.

    Cheap first: the single-swap neighbours of each panel found cover most types; the quick
    pricing, else the exact integer program (weights on the types still uncovered), finds a panel
    with new types; only the exact one proves that no valid panel contains any of them (those
    types get probability 0).
    """
    capacity = space.prog.units["capacidad"].to_numpy()
    covered = capacity == 0
    panels: list[np.ndarray] = []
    fresh = [first] if first is not None and space.valid(first[None, :])[0] else []
    while time.monotonic() < deadline:
        for panel in fresh:
            panels.append(panel)
            covered |= panel > 0
            out, into = space.swaps(panel)
            for k in np.flatnonzero(~covered[into]):
                if not covered[into[k]]:
                    near = space.apply(panel, out[k:k + 1], into[k:k + 1])[0]
                    panels.append(near)
                    covered |= near > 0
        if covered.all():
            break
        weights = np.where(covered, 0.0, 1.0 / np.maximum(capacity, 1))
        got = space.quick(weights)  # a panel with new types, found fast; the exact IP proves there is none
        counts, value, _bound = got if got is not None and got[1] > TOLERANCE else space.price(weights, exact=True)
        if value <= TOLERANCE:
            break
        fresh = [counts]
    reachable = np.zeros(space.n, dtype=bool)
    for p in panels:
        reachable |= p > 0
    return panels, reachable


class _Master:
    """The restricted master LP, kept alive and warm-started as columns (panels) are added:

    max z  s.t.  Σ_P λ_P = 1,  Σ_P λ_P a_tP − z ≥ 0 for every free active type t,
                 Σ_P λ_P a_tP ≥ f_t for every fixed type t (leximin),  λ ≥ 0.

    Its row duals are the weights y of the dual master (``min ŷ − Σ_fixed y_t f_t s.t.
    Σ_free y = 1, y ≥ 0, Σ_t y_t a_tP ≤ ŷ``), its objective z.
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
        self.free = np.ones(len(sizes), dtype=bool)  # per unit: not yet fixed (leximin)
        self.level = np.zeros(len(sizes))  # per unit: fixed probability
        self.row_of = {int(u): r + 1 for r, u in enumerate(self.active)}

    def add(self, panels: np.ndarray) -> None:
        a = panels[:, self.active] / self.sizes[self.active]
        matrix = np.vstack([np.ones(len(panels)), a.T])
        k = len(panels)
        self.lp.add_cols(np.zeros(k), np.zeros(k), np.full(k, np.inf), matrix)
        self.count += k

    def fix(self, units: np.ndarray, level: float) -> None:
        """Hold ``units`` at ``level`` (less a tolerance) and take them out of the minimum."""
        h = self.lp.highs
        for u in units:
            r = self.row_of[int(u)]
            h.changeCoeff(r, 0, 0.0)
            h.changeRowBounds(r, max(level - FIX_SLACK, 0.0), np.inf)
            self.free[u] = False
            self.level[u] = level

    def solve(self) -> tuple[np.ndarray, float, np.ndarray]:
        """Dual weights y (one per unit, 0 outside the active types; Σ over free types = 1), z and λ."""
        sol = self.lp.run()
        if not sol.ok:
            raise NoPanel
        y = np.zeros(len(self.sizes))
        y[self.active] = np.abs(sol.row_duals[1:])
        total = y[self.free].sum()
        if total > 0:
            y /= total
        lam = np.clip(sol.values[1:], 0.0, None)
        return y, float(sol.values[0]), lam / lam.sum()

    def offset(self, y: np.ndarray) -> float:
        """``Σ_fixed y_t f_t``: what the fixed types take off the dual objective."""
        return float(y[~self.free] @ self.level[~self.free])


def _panel_key(panel: np.ndarray) -> bytes:
    """A panel's identity in the set of panels seen (counts fit in 16 bits)."""
    return panel.astype(np.int16).tobytes()


def _first_sight(seen: set[bytes], panel: np.ndarray) -> bool:
    """Whether ``panel`` is new, recording it as seen."""
    key = _panel_key(panel)
    if key in seen:
        return False
    seen.add(key)
    return True


def _improving(space: _Panels, w: np.ndarray, hat: float, panel: np.ndarray, seen: set[bytes],
               limit: int) -> list[np.ndarray]:
    """Up to ``limit`` new panels among ``panel`` and its single swaps whose value under ``w`` beats ŷ."""
    value = float(panel @ w)
    out, into = space.swaps(panel, w, hat - value + TOLERANCE)
    gains = np.concatenate([[value], value + w[into] - w[out]])
    found: list[np.ndarray] = []
    for k in np.argsort(-gains, kind="stable"):
        if gains[k] <= hat + TOLERANCE or len(found) >= limit:
            break
        cand = panel if k == 0 else space.apply(panel, out[k - 1:k], into[k - 1:k])[0]
        if _first_sight(seen, cand):
            found.append(cand)
    return found


def _diverse(space: _Panels, weights: np.ndarray, first: np.ndarray, seen: set[bytes], count: int
             ) -> list[np.ndarray]:
    """Up to ``count`` panels that cover the weight the ones before left uncovered.

    After each panel its members' weights are damped (× ``DAMPING``) and the next panel is priced
    (quickly) on what remains, so the set reaches the other types with a high dual weight: the
    master needs such complementary panels to raise every tight type at once, where single
    priced panels and their swaps lift a few types per round (hundreds of rounds on 8 categories).
    """
    found: list[np.ndarray] = []
    panel, w = first, weights.copy()
    for _ in range(count):
        w = w * np.where(panel > 0, DAMPING, 1.0)
        if w.max(initial=0.0) <= 0:
            break
        got = space.quick(w)
        if got is None:
            break
        panel = got[0]
        if _first_sight(seen, panel):
            found.append(panel)
    return found


@dataclass
class _State:
    """Column generation's working set: the master, its panels and its current solution."""

    space: _Panels
    master: _Master
    panels: list[np.ndarray]
    seen: set[bytes]
    sizes: np.ndarray
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    value: float = 0.0
    lam: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rounds: int = 0
    bound: float = np.inf  # the fractional relaxation's value for the current level…
    bound_dual: np.ndarray | None = None  # …and its dual weights (see :func:`_tight`)

    stack: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # float: ŷ is one BLAS product
    count: int = 0

    def add(self, new: list[np.ndarray]) -> None:
        self.panels.extend(new)
        block = np.array(new)
        self.master.add(block)
        self._grow(block)

    def _grow(self, block: np.ndarray) -> None:
        """Keep every panel in one preallocated array (doubling), so ŷ costs one product per round."""
        need = self.count + len(block)
        if self.stack.shape[0] < need:
            bigger = np.zeros((max(need, 2 * self.stack.shape[0], 64), block.shape[1]))
            if self.count:
                bigger[: self.count] = self.stack[: self.count]
            self.stack = bigger
        self.stack[self.count:need] = block
        self.count = need

    def resolve(self) -> None:
        self.y, self.value, self.lam = self.master.solve()

    def hat(self) -> float:
        """ŷ, the dual of the convexity row: the best value of any panel in the master under y."""
        return float((self.stack[: self.count] @ (self.y / self.sizes)).max())


def relaxation_bound(prog: Program, active: np.ndarray, sizes: np.ndarray) -> float:
    """The maximin of fractional panels (one LP): an upper bound for the lottery's maximin.

    When the quota polytope's vertices are integral (two categories) it is the maximin itself;
    in practice it is often reached with more, which ends column generation without the exact
    pricing IP that would otherwise certify the optimum.
    """
    return relaxation(prog, active, sizes)[0]


def relaxation(prog: Program, active: np.ndarray, sizes: np.ndarray, fixed: np.ndarray | None = None,
               levels: np.ndarray | None = None) -> tuple[float, np.ndarray | None]:
    """:func:`relaxation_bound` and its dual weights per unit (summing to 1 over the free active types).

    When the relaxation's maximin is reached by whole panels these weights are an optimal dual of
    the lottery's master too, so column generation smooths its prices towards them from round one.
    With ``fixed`` (a mask of units) held at ``levels`` it bounds a leximin level the same way.
    """
    n, cols = prog.n_units, prog.n_cols
    base = list(prog.active_rows())
    units = np.flatnonzero(active)
    held = np.zeros(n, dtype=bool) if fixed is None else fixed
    rows = base + [({int(u): 1.0 / sizes[u]}, float(levels[u]) - FIX_SLACK, np.inf) if held[u]
                   else ({int(u): 1.0 / sizes[u], cols: -1.0}, 0.0, np.inf) for u in units]
    lower, upper = prog.bounds()
    cost = np.zeros(cols + 1)
    cost[cols] = 1.0
    model = Model(cost, [*lower, 0.0], [*upper, 1.0], rows, integer=False, maximize=True)
    model.set_option("simplex_strategy", MASTER_SIMPLEX)
    sol = model.run()
    if not (sol.ok and n):
        return np.inf, None
    y = np.zeros(n)
    y[units] = np.abs(sol.row_duals[len(base):])
    total = y[~held].sum()
    return float(sol.objective) + 1e-9, (y / total if total > 0 else None)


def _generate(state: _State, deadline: float, max_rounds: int, smoothing: bool, bound: float = np.inf,
              start: np.ndarray | None = None) -> None:
    """Column generation to the optimum of the current master (see the module docstring).

    Each round prices at a smoothed dual (Wentges: halfway between the best-bound dual so far and
    the master's; maximin only), adds the priced panel and its best single-swap neighbours, and
    warm-starts the master. Every pricing solve gives an upper bound on z; the loop stops when no
    panel beats ŷ by more than ``TOLERANCE`` under the master's own duals with an exact pricing
    IP, or when the best upper bound is within ``TOLERANCE`` of z.
    """
    space, sizes = state.space, state.sizes
    # priced: best bound from pricing, whose dual centres smoothing (the relaxation's dual at first, when given)
    upper, center, priced = bound, start, (bound if start is not None else np.inf)
    state.resolve()
    while state.rounds < max_rounds and time.monotonic() < deadline and upper - state.value > TOLERANCE:
        state.rounds += 1
        # Far from the bound a rougher pricing IP finds improving panels as well, and faster.
        space.gap = float(np.clip(0.5 * (upper - state.value) / max(upper, 1e-12), PRICING_GAP, MAX_PRICING_GAP))
        hat = state.hat()
        for alpha, exact in ((SMOOTHING, False), (0.0, False), (0.0, True)):
            if alpha > 0 and (center is None or not smoothing):
                continue
            point = state.y if alpha == 0 else alpha * center + (1 - alpha) * state.y
            got = None if exact else space.quick(point / sizes)
            counts, _v, bound = got if got is not None else space.price(point / sizes, exact)
            proven = bound - state.master.offset(point)
            if proven < priced:
                priced, center = proven, point
            upper = min(upper, proven)
            added = _improving(space, state.y / sizes, hat, counts, state.seen, COLUMNS_PER_ROUND)
            if added:
                added += _diverse(space, point / sizes, counts, state.seen, DIVERSE_PER_ROUND)
            if added or upper - state.value <= TOLERANCE:
                break
        if not added:
            break
        state.add(added)
        state.resolve()


def _tight(state: _State, free: np.ndarray) -> np.ndarray:
    """The free types that cannot rise without someone worse off: positive dual weight at the optimum.

    Only an optimal dual of the whole problem proves it. When column generation stopped because
    the master reached the fractional bound, the master's own dual may not be one (a panel not
    yet found could violate it): the relaxation's dual is, since every optimal lottery is then an
    optimal fractional solution too. Otherwise the exact pricing certified the master's dual.
    """
    reached = state.bound_dual is not None and state.value >= state.bound - 1e-9 - TOLERANCE
    weights = state.bound_dual if reached and state.bound_dual is not None else state.y
    tight = free[weights[free] > DUAL_POSITIVE]
    if not len(tight):  # degenerate duals: fix who sits at the level under λ
        probs = (state.lam @ state.stack[: state.count]) / state.sizes
        tight = free[probs[free] <= state.value + 1e-9]
    return tight if len(tight) else free


def fractional_leximin(prog: Program, active: np.ndarray, sizes: np.ndarray, held: np.ndarray,
                       levels: np.ndarray) -> tuple[np.ndarray, int]:
    """Leximin of fractional panels with ``held`` types kept at ``levels``: per-type targets and levels.

    One LP per level (:func:`relaxation`); the types with positive dual weight are fixed at the
    level, as in the integer leximin. An upper bound on it in the leximin order.
    """
    held, levels = held | ~active, levels.copy()
    stages = 0
    while not held.all():
        stages += 1
        value, dual = relaxation(prog, active, sizes, held, levels)
        free = np.flatnonzero(~held)
        tight = free if dual is None else free[dual[free] > DUAL_POSITIVE]
        tight = tight if len(tight) else free
        held[tight] = True
        levels[tight] = value - 1e-9  # relaxation() adds 1e-9 to make its value a bound
    return np.where(active, levels, 0.0), stages


def _extend(state: _State, found: list[np.ndarray]) -> list[np.ndarray]:
    """The panels of ``found`` not seen before (recorded as seen)."""
    return [panel for panel in found if _first_sight(state.seen, panel)]


def _quick_or_exact(space: _Panels, weights: np.ndarray) -> np.ndarray:
    got = space.quick(weights)
    return got[0] if got is not None else space.price(weights, exact=False)[0]


def _herd_towards_leximin(state: _State, active: np.ndarray, deadline: float) -> None:
    """Leximin: panels herded towards the fractional leximin profile, before the maximin runs.

    They mix to nearly that profile, whose smallest level is the maximin's bound, so the maximin's
    column generation usually starts at its bound (2,000 × 8: 0 rounds instead of 47), and the
    leximin's mixture needs no further pricing. Herding takes at most a third of the time left.
    """
    n = len(state.sizes)
    targets, _ = fractional_leximin(state.space.prog, active, state.sizes, np.zeros(n, dtype=bool), np.zeros(n))
    steps = int(min(LEXIMIN_HERDING, 2 * active.sum()))
    share = time.monotonic() + (deadline - time.monotonic()) / 3
    new = _extend(state, herd(lambda w: _quick_or_exact(state.space, w), targets, state.sizes, active, steps, share))
    if new:
        state.add(new)


def _leximin(state: _State, active: np.ndarray, deadline: float, max_rounds: int) -> tuple[float, int, float]:
    """Leximin from the maximin's state: the maximin level exact, the others via their fractional bound.

    See :mod:`stakeholders.selection.decompose`; the panels were herded before the maximin
    (:func:`_herd_towards_leximin`). Returns the maximin, the levels and ``δ``, the
    largest shortfall of any type below its fractional leximin level (0 when exact). Up to
    ``LEXIMIN_EXACT_TYPES`` types, and whenever ``δ`` stays above ``LEXIMIN_GAP``, the mixture is
    improved by pricing on its duals until exact or proven out of reach; out of reach, the exact
    level-by-level method takes over.
    """
    space, sizes, first = state.space, state.sizes, state.value
    tight = _tight(state, np.flatnonzero(active))
    held = np.zeros(len(sizes), dtype=bool)
    held[tight] = True
    targets, stages = fractional_leximin(space.prog, active, sizes, held, np.where(held, first, 0.0))
    panels = list(state.panels)
    small = int(active.sum()) <= LEXIMIN_EXACT_TYPES
    out_of_reach = False
    while True:
        mix = closest_mixture(np.array(panels), sizes, active, targets, held, FIX_SLACK)
        if not mix.ok or mix.delta <= TOLERANCE or (mix.delta <= LEXIMIN_GAP and not small):
            break
        if state.rounds >= max_rounds or time.monotonic() >= deadline:
            break
        state.rounds += 1
        w = mix.weights / sizes
        counts = _quick_or_exact(space, w)
        if float(w @ counts) <= mix.cap + TOLERANCE:
            counts, value, bound = space.price(w, exact=True)
            if bound <= mix.cap + TOLERANCE:
                out_of_reach = True  # no panel improves the mixture: δ is the closest any lottery gets
                break
        new = _extend(state, [counts]) + _diverse(space, w, counts, state.seen, DIVERSE_PER_ROUND)
        if not new:
            break
        panels += new
    if mix.ok and (mix.delta <= LEXIMIN_GAP or not out_of_reach):
        state.panels, state.lam = panels, mix.lam  # stopped by the clock: δ says how far it got
        return first, stages + 1, mix.delta
    if len(panels) > len(state.panels):
        state.add(panels[len(state.panels):])
        state.resolve()
    first, stages = _leximin_by_levels(state, active, deadline, max_rounds)
    return first, stages, 0.0 if not (active & state.master.free).any() else float("nan")


def _leximin_by_levels(state: _State, active: np.ndarray, deadline: float, max_rounds: int) -> tuple[float, int]:
    """Fix the tight types level after level, exactly; returns the first level (the maximin) and the stages.

    The fallback of :func:`_leximin` when the fractional targets are out of the panels' reach."""
    master = state.master
    first = state.value
    stages = 0
    while True:
        stages += 1
        free = np.flatnonzero(active & master.free)
        if not len(free):
            break
        master.fix(_tight(state, free), state.value)
        if not (active & master.free).any() or time.monotonic() >= deadline:
            break
        bound, dual = relaxation(state.space.prog, active, state.sizes, ~master.free, master.level)
        state.bound, state.bound_dual = bound, dual
        _generate(state, deadline, max_rounds, smoothing=True, bound=bound, start=dual)
    return first, stages


def lottery(prog: Program, panels: int = 1000, method: str = "maximin", time_limit: float = 120.0,
            max_rounds: int = 5000) -> Lottery:
    """The maximin (or leximin) distribution over the valid panels of ``prog``, rounded to tickets.

    Raises :class:`~stakeholders.councils.optimize.NoPanel` when no panel meets every row.
    """
    if method not in METHODS:
        raise ValueError(method)
    deadline = time.monotonic() + time_limit
    clock = _Clock()
    start = fix_coverage(prog)
    if not start.ok:
        raise NoPanel
    space = _Panels(prog)
    space.deadline = deadline
    clock.lap("modelo")
    found, active = _cover(space, counts_from(start, prog), deadline)
    if not found:
        raise NoPanel
    clock.lap("cobertura")
    sizes = prog.units["ids"].map(len).to_numpy(float)
    master = _Master(active, sizes)
    state = _State(space, master, [], {_panel_key(p) for p in found}, sizes)
    state.add(found)
    if method == "leximin":
        _herd_towards_leximin(state, active, deadline)
    bound, dual = relaxation(prog, active, sizes)
    state.bound, state.bound_dual = bound, dual
    _generate(state, deadline, max_rounds, smoothing=True, bound=bound, start=dual if SMOOTH_FROM_RELAXATION else None)
    z, stages, gap = state.value, 1, 0.0
    clock.lap("generacion_columnas")
    if method == "leximin":
        z, stages, gap = _leximin(state, active, deadline, max_rounds)
        clock.lap("leximin")
    a = np.array(state.panels, dtype=float) / sizes
    unit_lp = state.lam @ a
    m = ticket_count(panels, z)
    tickets = round_tickets(state.lam, a, active, m, z)
    keep = tickets > 0
    clock.lap("redondeo")
    return Lottery(prog.units, np.array(state.panels)[keep], tickets[keep], m, z, prog.coverage_target,
                   state.rounds, clock.laps, method, unit_lp, stages, gap)


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
    """One panel from the rounded distribution: the chosen ids and the ticket number (0-based)."""
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
