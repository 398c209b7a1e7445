"""The generic fair lottery: maximin and leximin known by hand, rounding within a ticket, the draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stakeholders.councils.optimize import NoPanel
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
