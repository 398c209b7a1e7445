"""Leximin through its fractional bound: the closest mixture, herding, and the tolerance path."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from stakeholders.selection import engine
from stakeholders.selection.decompose import closest_mixture, herd
from stakeholders.selection.engine import fractional_leximin, lottery
from stakeholders.selection.program import Quota, program_from_categories
from stakeholders.selection.service import select
from stakeholders.selection.synthetic import synthetic_request

# Panels of 2 over three types (a: 4 people, b: 1, c: 2): {a, b} and {a, c} are the only ones.
PANELS = np.array([[1, 1, 0], [1, 0, 1]])
SIZES = np.array([4.0, 1.0, 2.0])
ALL = np.ones(3, dtype=bool)


def test_closest_mixture_reaches_reachable_targets_exactly() -> None:
    """a 1/4, b 1/3, c 1/3 is P({a, b}) = 1/3: no shortfall."""
    mix = closest_mixture(PANELS, SIZES, ALL, np.array([0.25, 1 / 3, 1 / 3]), np.array([True, False, False]), 1e-9)
    assert mix.ok and mix.delta == pytest.approx(0.0, abs=1e-8)
    assert mix.lam == pytest.approx([1 / 3, 2 / 3], abs=1e-7)


def test_closest_mixture_reports_the_smallest_largest_shortfall() -> None:
    """b and c both at 1/2 is out of reach: x vs (1 − x)/2, best at x = 1/3, a shortfall of 1/6 for
    both; the dual prices the panels it uses at the convexity dual (no panel improves)."""
    mix = closest_mixture(PANELS, SIZES, ALL, np.array([0.25, 0.5, 0.5]), np.array([True, False, False]), 1e-9)
    assert mix.delta == pytest.approx(1 / 6, abs=1e-7)
    values = PANELS @ (mix.weights / SIZES)
    assert values == pytest.approx([mix.cap, mix.cap], abs=1e-7)


def test_herding_follows_the_targets() -> None:
    """Each step takes the panel that serves the types furthest behind: after 30 panels b's share
    is within a panel of 1/3 and c's of 2/3."""

    def best(weights: np.ndarray) -> np.ndarray:
        return PANELS[int(np.argmax(PANELS @ weights))]

    found = herd(best, np.array([0.25, 1 / 3, 1 / 3]), SIZES, ALL, 30)
    share_b = np.mean([p[1] for p in found])
    assert len(found) == 30 and abs(share_b - 1 / 3) <= 1 / 30 + 1e-12


def test_fractional_leximin_levels_by_hand() -> None:
    pool = pd.DataFrame({"id": range(1, 8), "g": ["a", "a", "a", "a", "b", "c", "c"]})
    quotas = [Quota("g", "a", 1, 1), Quota("g", "b", 0, 1), Quota("g", "c", 0, 1)]
    prog = program_from_categories(quotas, pool, 2)
    sizes = prog.units["ids"].map(len).to_numpy(float)
    targets, stages = fractional_leximin(prog, np.ones(3, dtype=bool), sizes, np.zeros(3, dtype=bool), np.zeros(3))
    by_value = dict(zip(prog.units["g"], targets, strict=True))
    assert by_value == pytest.approx({"a": 0.25, "b": 1 / 3, "c": 1 / 3}, abs=1e-7)
    assert stages == 2


def test_above_the_exact_size_leximin_stays_within_its_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The path large pools take (a shortfall up to LEXIMIN_GAP accepted), forced on a small pool:
    the maximin is still exact, and every type is within the gap of the exact leximin."""
    quotas, pool = synthetic_request(300, 4, 30, seed=1)
    exact = lottery(program_from_categories(quotas, pool, 30), 1000, "leximin")
    monkeypatch.setattr(engine, "LEXIMIN_EXACT_TYPES", 0)
    monkeypatch.setattr(engine, "LEXIMIN_HERDING", 20)
    quick = lottery(program_from_categories(quotas, pool, 30), 1000, "leximin")
    assert exact.leximin_gap <= 1e-7 and exact.stages >= 3
    assert 0.0 <= quick.leximin_gap <= engine.LEXIMIN_GAP
    assert quick.maximin_lp == pytest.approx(exact.maximin_lp, abs=1e-7)
    assert np.all(quick.unit_lp >= exact.unit_lp - quick.leximin_gap - 1e-6)


def test_published_record_states_the_leximin_levels_and_gap() -> None:
    quotas, pool = synthetic_request(300, 4, 30, seed=1)
    result = select(quotas, pool, 30, seed=7, method="leximin")
    record = json.loads(json.dumps(result.to_json_dict(), allow_nan=False))
    assert record["niveles_leximin"] == result.lottery.stages >= 3
    assert 0.0 <= record["brecha_leximin"] <= 1e-7  # 115 types: exact
