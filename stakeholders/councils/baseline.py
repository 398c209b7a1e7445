"""Greedy random selection, the baseline the fair lottery is compared with.

Like the legacy algorithms Flanigan et al. measured: fill seats one at a time, each time from the
most constrained open category (need ÷ available), picking uniformly inside it and skipping
candidates that would break a cap; a panel that still misses a quota is redrawn. Used only by
the benchmark and the tests, to show how unequal the chances of plain random selection are.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from stakeholders.councils.model import carry_cap, gender_cap
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool


class _Arrays:
    def __init__(self, pool: Pool) -> None:
        f = pool.frame
        self.ids = f["id"].to_numpy(int)
        self.seat = f["asiento"].to_numpy(object)
        self.gender = f["genero"].to_numpy(object)
        self.prov = f["provincia_cobertura"].to_numpy(object)
        self.rubro = f["rubro"].to_numpy(object)
        self.excl = f["excluido"].to_numpy(bool)
        self.prev = f["anterior"].to_numpy(bool)
        self.parents = list(f["padres"])
        self.forced = np.flatnonzero(f["obligatoria"].to_numpy(bool))
        self.by_parent: dict[str, list[int]] = {}
        for i, keys in enumerate(self.parents):
            for k in keys:
                self.by_parent.setdefault(k, []).append(i)
        self.cell = np.array([f"{s}|{r}" for s, r in zip(self.seat, self.rubro, strict=True)], dtype=object)
        self.targeted = np.isin(self.seat, list(pool.targets))
        # Static masks, computed once: comparisons on object arrays are the slow part.
        self.seat_mask = {sec: self.seat == sec for sec in set(self.seat)}
        self.cell_mask = {c: self.cell == c for c in set(self.cell)}
        self.prov_mask = {p: self.prov == p for p in pool.coverage_provinces}


def _categories(a: _Arrays, left: dict[str, int], rubro_left: dict, covered: set, excl_need: int,
                free: np.ndarray) -> list[tuple[float, np.ndarray]]:
    base = free.copy()
    for sector, mask in a.seat_mask.items():
        if left.get(sector, 0) <= 0:
            base &= ~mask
    cats: list[tuple[int, np.ndarray]] = []
    for (sector, rubro), need in rubro_left.items():
        if need > 0:
            cats.append((need, base & a.cell_mask.get(f"{sector}|{rubro}", np.zeros_like(base))))
    for prov, mask in a.prov_mask.items():
        if prov not in covered:
            cats.append((1, base & mask))
    if excl_need > 0:
        cats.append((excl_need, base & a.excl))
    for sector, k in left.items():
        if k > 0 and sector in a.seat_mask:
            cats.append((k, base & a.seat_mask[sector]))
    out = []
    for need, mask in cats:
        n = int(mask.sum())
        if n:
            out.append((need / n, mask))
    return out


def greedy_panel(pool: Pool, params: CouncilParams, rng: np.random.Generator, a: _Arrays | None = None,
                 tries: int = 50) -> list[int] | None:
    """One panel meeting every quota, or None after ``tries`` redraws."""
    a = a or _Arrays(pool)
    for _ in range(tries):
        chosen = _attempt(a, pool, params, rng)
        if chosen is not None:
            return chosen
    return None


def _attempt(a: _Arrays, pool: Pool, params: CouncilParams, rng: np.random.Generator) -> list[int] | None:
    left = {s: int(k) for s, k in params.seats.items()}
    rubro_left = {(s, r): k for s, tg in pool.targets.items() for r, k in tg.items()}
    cap, carry = gender_cap(params), carry_cap(params)
    free = np.ones(len(a.ids), dtype=bool)
    genders: Counter = Counter()
    used_parents: set = set()
    covered: set = set()
    n_prev = 0
    excl_need = params.inclusion_min
    chosen: list[int] = []
    picks = list(a.forced)
    while sum(left.values()) > 0:
        if picks:
            i = int(picks.pop())
        else:
            cats = _categories(a, left, rubro_left, covered, excl_need, free)
            if not cats:
                return None
            mask = max(cats, key=lambda c: c[0])[1].copy()
            ok = mask & _caps(a, genders, cap, params, used_parents, n_prev, carry, rubro_left)
            if not ok.any():
                return None
            i = int(rng.choice(np.flatnonzero(ok)))
        free[i] = False
        left[a.seat[i]] -= 1
        genders[a.gender[i]] += 1
        used_parents |= set(a.parents[i])
        if a.prov[i]:
            covered.add(a.prov[i])
        n_prev += int(a.prev[i])
        excl_need -= int(a.excl[i])
        if (a.seat[i], a.rubro[i]) in rubro_left:
            rubro_left[(a.seat[i], a.rubro[i])] -= 1
        chosen.append(int(a.ids[i]))
    return chosen if excl_need <= 0 else None


def _caps(a: _Arrays, genders: Counter, cap: int, params: CouncilParams, used: set, n_prev: int, carry: int,
          rubro_left: dict) -> np.ndarray:
    ok = np.ones(len(a.ids), dtype=bool)
    if params.gender_rule == "paridad":
        diff = genders["F"] - genders["M"]
        if diff >= 1:
            ok &= a.gender != "F"
        if diff <= -1:
            ok &= a.gender != "M"
    else:
        for sex in ("F", "M"):
            if genders[sex] >= cap:
                ok &= a.gender != sex
    if params.previous_members and n_prev >= carry:
        ok &= ~a.prev
    for key in used:
        ok[a.by_parent.get(key, [])] = False
    if rubro_left:
        allowed = ~a.targeted
        for (s, r), k in rubro_left.items():
            if k > 0 and f"{s}|{r}" in a.cell_mask:
                allowed = allowed | a.cell_mask[f"{s}|{r}"]
        ok &= allowed
    return ok


def greedy_frequencies(pool: Pool, params: CouncilParams, runs: int, seed: int = 0) -> tuple[dict[int, float], int]:
    """Empirical selection frequency of every eligible candidate over ``runs`` greedy panels."""
    rng = np.random.default_rng(seed)
    a = _Arrays(pool)
    counts: Counter = Counter()
    done = 0
    for _ in range(runs):
        panel = greedy_panel(pool, params, rng, a)
        if panel is None:
            continue
        done += 1
        counts.update(panel)
    return {int(i): counts.get(int(i), 0) / max(done, 1) for i in a.ids}, done
