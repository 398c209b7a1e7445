"""The commune-assignment benchmark stage runs and reports its metrics (speed is not asserted)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench import BenchContext, available_stages
from bench import geo as bench_geo


def test_stage_is_registered() -> None:
    assert "asignacion_comunas" in available_stages()


def test_synthetic_points_are_deterministic_and_realistic() -> None:
    lon, lat = bench_geo.synthetic_points(2_000, seed=7)
    again = bench_geo.synthetic_points(2_000, seed=7)
    assert len(lon) == len(lat) == 2_000
    assert np.array_equal(lon, again[0], equal_nan=True) and np.array_equal(lat, again[1], equal_nan=True)
    assert np.isnan(lon).sum() < 40  # about 1 % bad rows, a quarter of them empty


def test_stage_reports_consistent_counts(tmp_path: Path) -> None:
    metrics = {m.name: m for m in bench_geo.run(BenchContext(orgs=3_000, seed=3, workdir=tmp_path))}
    assert metrics["puntos"].value == 3_000
    assert metrics["puntos_en_dos_comunas"].value == 0 and metrics["puntos_en_dos_comunas"].ok
    assert metrics["dentro"].value + metrics["ajustado"].value + metrics["rechazado"].value == 3_000
    assert metrics["dentro"].value > 2_700 and metrics["rechazado"].value > 0
    assert metrics["aceleracion"].target == ">= 30x" and metrics["aceleracion"].value > 0
    assert metrics["coincidencia_con_lookup_pct"].value > 95
