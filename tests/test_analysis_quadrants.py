"""Quadrant and strategy assignment, exhaustively over the 5×5 grid (3 counts as high)."""

from __future__ import annotations

import pytest

from stakeholders.analysis import quadrants as q


@pytest.mark.parametrize("power", range(1, 6))
@pytest.mark.parametrize("interest", range(1, 6))
def test_every_cell_of_the_grid(power: int, interest: int) -> None:
    expected = {
        (True, True): q.MANAGE_CLOSELY,
        (True, False): q.KEEP_SATISFIED,
        (False, True): q.KEEP_INFORMED,
        (False, False): q.MONITOR,
    }[(power >= 3, interest >= 3)]
    assert q.quadrant(power, interest) == expected
    assert q.default_strategy(power, interest) == q.strategy_label(expected)


def test_boundary_midpoint_counts_as_high() -> None:
    assert q.HIGH_FROM == 3 and q.DIVIDER == 2.5
    assert q.quadrant(3, 3) == q.MANAGE_CLOSELY
    assert q.quadrant(2, 2) == q.MONITOR
    assert q.quadrant(3, 2) == q.KEEP_SATISFIED
    assert q.quadrant(2, 3) == q.KEEP_INFORMED


def test_grid_counts() -> None:
    cells = [q.quadrant(p, i) for p in range(1, 6) for i in range(1, 6)]
    assert cells.count(q.MANAGE_CLOSELY) == 9
    assert cells.count(q.KEEP_SATISFIED) == 6
    assert cells.count(q.KEEP_INFORMED) == 6
    assert cells.count(q.MONITOR) == 4


def test_strategy_wording() -> None:
    assert [q.strategy_label(x) for x in q.QUADRANTS] == [
        "Gestionar de cerca", "Mantener satisfecho", "Mantener informado", "Monitorear"]


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", None, True])
def test_out_of_scale_scores_are_rejected_in_spanish(bad: object) -> None:
    with pytest.raises(ValueError, match="número entero de 1 a 5"):
        q.quadrant(bad, 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "expected"), [
    ("A favor", "a_favor"), ("a_favor", "a_favor"), ("+", "a_favor"), ("FAVORABLE", "a_favor"),
    ("Indiferente", "indiferente"), ("neutral", "indiferente"), ("=", "indiferente"),
    ("En contra", "en_contra"), ("contra", "en_contra"), ("-", "en_contra"), ("quizás", None), ("", None),
])
def test_parse_position(text: str, expected: str | None) -> None:
    assert q.parse_position(text) == expected


def test_check_position() -> None:
    assert q.check_position("en_contra") == "en_contra"
    with pytest.raises(ValueError, match="Posición"):
        q.check_position("quizás")
