"""Suggested power: explained, reproducible, and ordered the way a planner expects."""

from __future__ import annotations

import pandas as pd
import pytest

from stakeholders.analysis.suggest import (
    centrality_percentiles,
    round_half_up,
    suggest_many,
    suggest_power,
)

MINISTRY = {"id": 1, "nombre": "Ministerio del Trabajo", "escala": "nacional", "tipo_actor": "ministerio",
            "n_miembros": None}
JUNTA = {"id": 2, "nombre": "Junta de vecinos Villa Los Aromos", "escala": "local", "tipo_actor": "junta_vecinos",
         "n_miembros": 80}


def test_national_ministry_outranks_local_junta() -> None:
    ministry, junta = suggest_power(MINISTRY), suggest_power(JUNTA)
    assert ministry.score > junta.score
    assert ministry.score == 4 and junta.score == 1


def test_same_input_same_score_and_reasons() -> None:
    first, second = suggest_power(dict(MINISTRY)), suggest_power(dict(MINISTRY))
    assert first == second
    assert first.explain() == second.explain()


def test_reasons_add_up_and_say_where_points_come_from() -> None:
    s = suggest_power({"escala": "regional", "tipo_actor": "central_sindical", "n_miembros": 12_000})
    assert [r.factor for r in s.reasons] == ["base", "escala", "tipo_actor", "tamano"]
    assert s.total == pytest.approx(sum(r.puntos for r in s.reasons)) == 4.0
    text = s.explain()
    for fragment in ("Regional", "Central sindical", "12.000 miembros", "poder sugerido 4"):
        assert fragment in text


def test_score_is_clamped_to_scale() -> None:
    s = suggest_power({"escala": "nacional", "tipo_actor": "ministerio", "n_miembros": 50_000},
                      {"percentil_intermediacion": 0.99, "aislada": False})
    assert s.total == 6.0 and s.score == 5


def test_network_factor() -> None:
    base = {"escala": "local", "tipo_actor": "ong", "n_miembros": None}
    assert suggest_power(base).score == 1
    broker = suggest_power(base, {"percentil_intermediacion": 0.95, "aislada": False})
    assert broker.score == 2 and broker.reasons[-1].factor == "red" and "percentil 95" in broker.explain()
    middle = suggest_power(base, {"percentil_intermediacion": 0.8, "aislada": False})
    assert middle.total == 1.5 and middle.score == 2  # half up
    isolated = suggest_power(base, {"percentil_intermediacion": 0.1, "aislada": True})
    assert isolated.reasons[-1].puntos == 0 and "sin vínculos" in isolated.explain()


def test_round_half_up() -> None:
    assert [round_half_up(v) for v in (1.0, 1.5, 2.5, 2.49, 3.5)] == [1, 2, 3, 2, 4]


def test_centrality_percentiles() -> None:
    metrics = pd.DataFrame({"organizacion_id": [1, 2, 3, 4], "intermediacion": [0.0, 0.1, 0.5, 0.0],
                            "aislada": [True, False, False, False]})
    out = centrality_percentiles(metrics).set_index("organizacion_id")
    assert out.loc[3, "percentil_intermediacion"] == 1.0
    assert out.loc[2, "percentil_intermediacion"] == 0.75
    assert bool(out.loc[1, "aislada"])
    flat = centrality_percentiles(metrics.assign(intermediacion=0.0))
    assert flat["percentil_intermediacion"].isna().all()


def test_suggest_many_frame() -> None:
    out = suggest_many(pd.DataFrame([MINISTRY, JUNTA]))
    assert out["poder_sugerido"].tolist() == [4, 1]
    assert out["explicacion"].str.contains("poder sugerido").all()
