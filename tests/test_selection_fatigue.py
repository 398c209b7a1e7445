"""Fatigue as a selection rule: who is left out and why, caps, and infeasibility caused by the rule."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from stakeholders.selection.diagnosis import SelectionInfeasible
from stakeholders.selection.fatigue import FatigueRule, apply_rule, with_fatigue
from stakeholders.selection.program import Quota
from stakeholders.selection.service import select

QUOTAS = [Quota("sector", "empleadores", 1, 2), Quota("sector", "trabajadores", 1, 2)]


def _pool() -> pd.DataFrame:
    """Three employers and one workers' union, the union fatigued: every valid panel needs it."""
    return pd.DataFrame({
        "id": [10, 11, 12, 20],
        "sector": ["empleadores", "empleadores", "empleadores", "trabajadores"],
        "fatigada": [False, False, False, True],
        "convocatorias_12m": [1, 2, 9, 14],
    })


def test_exclusion_that_removes_the_only_feasible_panel_is_infeasible_with_that_reason() -> None:
    with pytest.raises(SelectionInfeasible) as exc:
        select(QUOTAS, _pool(), 2, seed=1, rule=FatigueRule("excluir"))
    err = exc.value
    assert err.fatigue
    text = str(err)
    assert "excluir a las organizaciones fatigadas" in text
    assert "sector=trabajadores" in text and "queda con 0 candidatos" in text
    assert "autorizar a alguna organización fatigada" in text


def test_without_the_rule_the_same_request_is_feasible() -> None:
    result = select(QUOTAS, _pool(), 2, seed=1)
    assert "20" in result.ids
    assert result.probabilities.set_index("id").loc["20", "probabilidad"] == pytest.approx(1.0)


def test_exclusion_lists_who_was_left_out_and_why() -> None:
    pool = pd.concat([_pool(), pd.DataFrame({"id": [21], "sector": ["trabajadores"], "fatigada": [False],
                                             "convocatorias_12m": [0]})], ignore_index=True)
    result = select(QUOTAS, pool, 2, seed=3, rule=FatigueRule("excluir", max_convocatorias=8))
    left = result.left_out.set_index("id")["motivo"].to_dict()
    assert set(left) == {"12", "20"}
    assert left["12"] == "Convocada 9 veces en los últimos 12 meses (máximo permitido: 8)"
    assert "20" not in result.ids and "12" not in result.ids
    assert result.to_json_dict()["excluidos"][0]["motivo"]


def test_cap_keeps_fatigued_candidates_but_limits_them() -> None:
    result = select(QUOTAS, _pool(), 2, seed=4, rule=FatigueRule("limitar", tope=1))
    assert "20" in result.ids and result.left_out.empty
    member = result.panel.set_index("id").loc["20"]
    assert any("cupos para organizaciones fatigadas" in r for r in member["razones"])
    with pytest.raises(SelectionInfeasible) as exc:
        select(QUOTAS, _pool(), 2, seed=4, rule=FatigueRule("limitar", tope=0))
    assert exc.value.fatigue


def test_plain_quota_conflicts_are_explained_with_counts_and_a_relaxation() -> None:
    quotas = [Quota("sector", "empleadores", 3, 3), Quota("sector", "trabajadores", 1, 2)]
    with pytest.raises(SelectionInfeasible) as exc:
        select(quotas, _pool(), 3, seed=1)
    text = str(exc.value)
    assert not exc.value.fatigue
    assert "los mínimos de «sector» suman 4, más que el panel de 3" in text
    assert "bajar el mínimo de sector=" in text


def test_fatigue_columns_come_from_registry_attendance() -> None:
    att = pd.DataFrame({"organizacion_id": [1] * 8 + [2, 3, 4], "espacio_id": [1, 2, 3, 4, 1, 2, 3, 4, 1, 1, 1],
                        "fecha": [f"2026-0{m}-10" for m in range(1, 9)] + ["2026-03-01"] * 3})
    pool = with_fatigue(pd.DataFrame({"id": [1, 2, 5]}), att, None, date(2026, 9, 1))
    assert pool["convocatorias_12m"].tolist() == [8, 1, 0]
    assert pool["fatigada"].tolist() == [True, False, False]
    kept, left = apply_rule(pool, FatigueRule("excluir"))
    assert kept["id"].tolist() == [2, 5] and left["id"].tolist() == [1]
