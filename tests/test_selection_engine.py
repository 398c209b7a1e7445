"""The generic fair lottery: maximin and leximin known by hand, rounding within a ticket, the draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stakeholders.councils.optimize import NoPanel
from stakeholders.councils.solver import solve
from stakeholders.selection import engine
from stakeholders.selection.decompose import Mixture
from stakeholders.selection.engine import draw, lottery, relaxation, round_tickets
from stakeholders.selection.program import Quota, program_from_categories
from stakeholders.selection.service import select, verify
from stakeholders.selection.synthetic import synthetic_request


def _hand_instance() -> tuple[list[Quota], pd.DataFrame]:
    """Panels of 2: exactly one «a» (4 people), at most one «b» (1 person), at most one «c» (2 people).

    The only panels are {a, b} and {a, c}. With x = P({a, b}): each a has 1/4, b has x, each c
    (1 − x)/2. Maximin = 1/4 (any x in [1/4, 1/2]); leximin also maximises min(x, (1 − x)/2):
    x = 1/3, so b and both c's get 1/3.
    """
    pool = pd.DataFrame({"id": [f"p{i}" for i in range(7)], "g": ["a", "a", "a", "a", "b", "c", "c"]})
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 0, 1), Quota("g", "c", 0, 1)]
    return quotas, pool


def _by_value(prog, per_unit: np.ndarray) -> dict[str, float]:
    return {str(v): float(p) for v, p in zip(prog.units["g"], per_unit, strict=True)}


def test_program_groups_candidates_into_types_with_capacities() -> None:
    quotas, pool = _hand_instance()
    prog = program_from_categories(quotas, pool, 2)
    units = prog.units.set_index("g")
    assert units.loc["a", "ids"] == ("p0", "p1", "p2", "p3")
    assert units["capacidad"].to_dict() == {"a": 1, "b": 1, "c": 1}  # capped by each value's maximum


def test_maximin_and_leximin_match_the_hand_computation() -> None:
    quotas, pool = _hand_instance()
    pool = pool.assign(id=range(1, 8))
    prog = program_from_categories(quotas, pool, 2)
    maximin = lottery(prog, 1200, "maximin")
    assert maximin.maximin_lp == pytest.approx(0.25, abs=1e-7)
    lex = lottery(program_from_categories(quotas, pool, 2), 1200, "leximin")
    assert lex.maximin_lp == pytest.approx(0.25, abs=1e-7)
    exact = _by_value(prog, lex.unit_lp)
    assert exact == pytest.approx({"a": 0.25, "b": 1 / 3, "c": 1 / 3}, abs=1e-6)
    rounded = _by_value(prog, lex.unit_probabilities())
    assert rounded == pytest.approx({"a": 0.25, "b": 1 / 3, "c": 1 / 3}, abs=1.0 / lex.m)
    assert lex.tickets.sum() == lex.m == 1200
    assert lex.stages >= 2


def test_relaxation_bounds_the_next_leximin_level_with_fixed_types_held() -> None:
    """Hand instance: maximin 1/4 (the a's); with the a's held at 1/4 the relaxation's next level
    is max min(x, (1 − x)/2) = 1/3, and its dual weights sum to 1 over b and c only."""
    quotas, pool = _hand_instance()
    prog = program_from_categories(quotas, pool.assign(id=range(1, 8)), 2)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    active = np.ones(len(sizes), dtype=bool)
    first, _ = relaxation(prog, active, sizes)
    assert first == pytest.approx(0.25, abs=1e-7)
    fixed = (prog.units["g"] == "a").to_numpy()
    level, dual = relaxation(prog, active, sizes, fixed, np.where(fixed, 0.25, 0.0))
    assert level == pytest.approx(1 / 3, abs=1e-7)
    assert dual is not None and dual[~fixed].sum() == pytest.approx(1.0)


def test_leximin_profile_is_lexicographically_at_least_maximin() -> None:
    quotas, pool = synthetic_request(120, 3, 12, seed=5)
    prog = program_from_categories(quotas, pool, 12)
    sizes = prog.units["ids"].map(len).to_numpy()
    maximin = lottery(prog, 1000, "maximin")
    lex = lottery(program_from_categories(quotas, pool, 12), 1000, "leximin")
    a = np.sort(np.repeat(maximin.unit_lp, sizes))
    b = np.sort(np.repeat(lex.unit_lp, sizes))
    assert b[0] == pytest.approx(a[0], abs=1e-6)  # same smallest probability
    differ = np.flatnonzero(np.abs(a - b) > 1e-6)
    assert not len(differ) or b[differ[0]] > a[differ[0]]  # first difference favours leximin
    assert abs(b.sum() - 12) < 1e-6  # probabilities add up to the panel size


def test_rounding_keeps_the_minimum_within_one_ticket() -> None:
    quotas, pool = synthetic_request(300, 4, 30, seed=1)
    for method in ("maximin", "leximin"):
        lot = lottery(program_from_categories(quotas, pool, 30), 1000, method)
        assert lot.tickets.sum() == lot.m
        assert lot.minimum >= lot.maximin_lp - 1.0 / lot.m - 1e-12


def test_round_tickets_uses_floor_or_ceiling_of_each_panel() -> None:
    lam = np.array([0.3333, 0.3333, 0.3334])
    a = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    tickets = round_tickets(lam, a, np.array([True, True]), 10)
    assert tickets.sum() == 10
    assert all(np.floor(lam * 10) <= tickets) and all(tickets <= np.ceil(lam * 10))


def test_no_valid_panel_raises() -> None:
    pool = pd.DataFrame({"id": [1, 2, 3], "g": ["a", "a", "b"]})
    prog = program_from_categories([Quota("g", "a", 0, 0), Quota("g", "b", 0, 3)], pool, 2)
    with pytest.raises(NoPanel):
        lottery(prog)


def test_draw_is_reproducible_and_verifiable_from_the_published_record() -> None:
    quotas, pool = synthetic_request(80, 3, 8, seed=2)
    pool["id"] = [f"x{i}" for i in pool["id"]]
    first = select(quotas, pool, 8, seed=12345, method="maximin")
    again = select(quotas, pool, 8, seed=12345, method="maximin")
    assert first.ids == again.ids and first.boleto == again.boleto
    assert len(first.ids) == 8 and all(first.quotas["cumple"])
    assert sorted(first.ids) == verify(first.to_json_dict())
    probs = first.probabilities.set_index("id")["probabilidad"]
    assert probs.sum() == pytest.approx(8, abs=1e-9) and set(first.ids) <= set(probs.index)
    assert draw(first.lottery, 12345)[1] == first.boleto
    member = first.panel.iloc[0]
    assert member["razones"][0].startswith("Sorteada con probabilidad")
    assert any("Cuenta para la cuota" in r for r in member["razones"])


def _all_panels(prog) -> np.ndarray:
    """Every count vector over the types meeting every row (brute force: tiny instances only)."""
    caps = prog.units["capacidad"].to_numpy()
    a, lo, hi = prog.dense()
    k = int(lo[0])  # the first row is the panel size
    found: list[list[int]] = []

    def extend(prefix: list[int], left: int) -> None:
        if len(prefix) == len(caps):
            if left == 0:
                found.append(prefix)
            return
        for c in range(min(caps[len(prefix)], left) + 1):
            extend([*prefix, c], left - c)

    extend([], k)
    panels = np.array(found)
    rows = panels @ a.T
    return panels[((rows >= lo - 1e-9) & (rows <= hi + 1e-9)).all(axis=1)]


def _leximin_by_enumeration(panels: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Leximin per type over all valid panels, level by level; a type is fixed when one LP per
    type shows it cannot rise above the level (no dual weights involved)."""
    a = panels / sizes  # panels × types
    n_p, n_t = a.shape
    reach = a.sum(axis=0) > 0
    fixed = np.zeros(n_t, dtype=bool)
    level = np.zeros(n_t)

    def rows_for(floor_free: float | None) -> list:
        rows = [({p: 1.0 for p in range(n_p)}, 1.0, 1.0)]
        for t in np.flatnonzero(reach):
            coeffs = {p: float(a[p, t]) for p in range(n_p) if a[p, t] > 0}
            if fixed[t]:
                rows.append((coeffs, level[t] - 1e-9, np.inf))
            elif floor_free is None:
                rows.append(({**coeffs, n_p: -1.0}, 0.0, np.inf))
            else:
                rows.append((coeffs, floor_free - 1e-9, np.inf))
        return rows

    while not fixed[reach].all():
        cost = np.zeros(n_p + 1)
        cost[n_p] = 1.0
        z = solve(cost, np.zeros(n_p + 1), np.ones(n_p + 1), rows_for(None), integer=False).objective
        stuck = []
        for t in np.flatnonzero(reach & ~fixed):
            best = solve(np.append(a[:, t], 0.0), np.zeros(n_p + 1), np.ones(n_p + 1), rows_for(z),
                         integer=False).objective
            if best <= z + 1e-7:
                stuck.append(t)
        fixed[stuck] = True
        level[stuck] = z
    return level


def _skewed_instance() -> tuple[list[Quota], pd.DataFrame, int]:
    """12 people, three features, panels of 4 with one «a»: three leximin levels (1/5, 2/5, 7/15)."""
    pool = pd.DataFrame({"id": range(1, 13), "g": list("aaaaabbbbccc"), "h": list("xxxyyxxyyxyy"),
                         "s": list("112121212112")})
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 1, 2), Quota("g", "c", 1, 2), Quota("h", "x", 2, 2),
              Quota("h", "y", 2, 2), Quota("s", "1", 1, 3), Quota("s", "2", 1, 2)]
    return quotas, pool, 4


def _dual_trap_instance() -> tuple[list[Quota], pd.DataFrame, int]:
    """10 people, panels of 4: the maximin's master reaches the fractional bound with a dual that
    also weighs «v0 v0 v1», who can rise to 5/8; fixing that type at the maximin 1/4 (as a
    master's dual may suggest when no exact pricing certified it) loses the leximin."""
    pool = pd.DataFrame({"id": range(1, 11), "f0": ["v1", "v1", "v1", "v0", "v0", "v0", "v0", "v1", "v0", "v0"],
                         "f1": ["v1", "v0", "v0", "v1", "v0", "v1", "v1", "v0", "v1", "v0"],
                         "f2": ["v1", "v0", "v0", "v1", "v0", "v0", "v1", "v1", "v1", "v1"]})
    quotas = [Quota("f0", "v0", 1, 4), Quota("f0", "v1", 1, 2), Quota("f1", "v0", 2, 4), Quota("f1", "v1", 1, 2),
              Quota("f2", "v0", 0, 3), Quota("f2", "v1", 3, 4)]
    return quotas, pool, 4


def _generated_instance(seed: int) -> tuple[list[Quota], pd.DataFrame, int]:
    quotas, pool = synthetic_request(16, 3, 5, seed=seed)
    return quotas, pool, 5


@pytest.mark.parametrize("instance", [_skewed_instance, lambda: _generated_instance(0), lambda: _generated_instance(1)])
def test_leximin_equals_brute_force_enumeration(instance) -> None:
    quotas, pool, k = instance()
    prog = program_from_categories(quotas, pool, k)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    panels = _all_panels(prog)
    exact = _leximin_by_enumeration(panels, sizes)
    assert len(panels) > 30 and len(np.unique(np.round(exact, 7))) >= 2  # a real choice, several levels
    lex = lottery(program_from_categories(quotas, pool, k), 1000, "leximin")
    assert lex.unit_lp == pytest.approx(exact, abs=1e-6)
    assert lex.unit_lp @ sizes == pytest.approx(k, abs=1e-6)  # probabilities add up to k
    valid = ((panels[:, None, :] == lex.panels[None, :, :]).all(axis=2)).any(axis=0)
    assert valid.all()  # every panel drawn from is one of the enumerated valid panels
    assert lex.unit_probabilities() @ sizes == pytest.approx(k, abs=1e-9)
    assert lex.minimum >= lex.maximin_lp - 1.0 / lex.m - 1e-12


def test_skewed_instance_levels_by_hand() -> None:
    """The enumeration itself on the skewed instance: each «a» sits on every panel's single «a»
    seat, five people (the «a x 1» type has two) share it: 1/5; the rest follow from the quotas."""
    quotas, pool, k = _skewed_instance()
    prog = program_from_categories(quotas, pool, k)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    exact = _leximin_by_enumeration(_all_panels(prog), sizes)
    by_g = {g: sorted(set(np.round(exact[(prog.units["g"] == g).to_numpy()], 6))) for g in "abc"}
    assert by_g["a"] == [0.2]
    assert exact @ sizes == pytest.approx(4.0)
    assert max(exact) == pytest.approx(7 / 15, abs=1e-6)


@pytest.mark.parametrize("instance", [_skewed_instance, _dual_trap_instance])
def test_level_by_level_fallback_equals_brute_force_enumeration(instance, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the fractional targets cannot be used the exact level-by-level method takes over:
    forced here (the mixture LP reports failure), it finds the same leximin."""
    monkeypatch.setattr(engine, "closest_mixture", lambda panels, *a: Mixture(np.zeros(len(panels)), np.inf,
                                                                            np.zeros(0), 0.0, False))
    quotas, pool, k = instance()
    prog = program_from_categories(quotas, pool, k)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    exact = _leximin_by_enumeration(_all_panels(prog), sizes)
    lex = lottery(program_from_categories(quotas, pool, k), 1000, "leximin")
    assert lex.leximin_gap == 0.0
    assert lex.unit_lp == pytest.approx(exact, abs=1e-6)


def test_leximin_does_not_fix_a_type_on_an_uncertified_dual() -> None:
    quotas, pool, k = _dual_trap_instance()
    prog = program_from_categories(quotas, pool, k)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    exact = _leximin_by_enumeration(_all_panels(prog), sizes)
    assert sorted(set(np.round(exact, 6))) == [0.25, 0.4375, 0.625]
    lex = lottery(program_from_categories(quotas, pool, k), 1000, "leximin")
    assert lex.unit_lp == pytest.approx(exact, abs=1e-6)
