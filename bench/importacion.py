"""Benchmark stage: validate and import N synthetic organizations (default 200 000) into SQLite.

Measures what a national-scale file costs: rows/s for the dry-run validation and for the full
import (read, validate, bulk write in one transaction), and the process's peak memory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geodata
from bench import BenchContext, Metric, peak_rss_mb, stage, timer
from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.importing.pipeline import import_file
from stakeholders.importing.tables import read_tables
from stakeholders.registry.schema import ORG_FILE_COLUMNS
from stakeholders.registry.validation import validate_organizations
from stakeholders.rut import format_rut
from stakeholders.vocab import ACTOR_TYPES, GROUPS, RUBROS


def synthetic_organizations(n: int, seed: int) -> pd.DataFrame:
    """``n`` valid organizations in the canonical layout, spread over every commune with geometry."""
    rng = np.random.default_rng(seed)
    communes = geodata.commune_table()
    communes = communes[~communes.get("sin_geometria", False).astype(bool)].reset_index(drop=True)
    pick = rng.integers(0, len(communes), n)
    types = np.array(list(ACTOR_TYPES))
    kind = types[rng.integers(0, len(types), n)]
    has_rut = rng.random(n) < 0.6
    has_coords = rng.random(n) < 0.7
    rubros, groups = np.array(list(RUBROS)), np.array(list(GROUPS))
    chosen = communes.iloc[pick].reset_index(drop=True)
    frame = pd.DataFrame({
        "nombre": [f"Organización sintética {i}" for i in range(n)],
        "rut": [format_rut(60_000_000 + i) if r else "" for i, r in enumerate(has_rut)],
        "sector_tripartito": [ACTOR_TYPES[k][0] for k in kind],
        "tipo_actor": kind,
        "escala": "local",
        "region": chosen["region_cut"].to_numpy(),
        "provincia": "",
        "comuna": chosen["nombre"].to_numpy(),
        "latitud": np.where(has_coords, chosen["lat"].round(6).astype(str), ""),
        "longitud": np.where(has_coords, chosen["lon"].round(6).astype(str), ""),
        "rubro": rubros[rng.integers(0, len(rubros), n)],
        "grupos_representados": groups[rng.integers(0, len(groups), n)],
        "genero_representante": np.array(["F", "M", "X", "ND"])[rng.integers(0, 4, n)],
        "n_miembros": rng.integers(1, 5000, n).astype(str),
        "email": [f"contacto{i}@ejemplo.cl" for i in range(n)],
        "telefono": "",
    })
    return frame[ORG_FILE_COLUMNS]


@stage("importacion", order=20)
def bench_import(ctx: BenchContext) -> list[Metric]:
    n = ctx.orgs
    path = ctx.workdir / "importacion.csv"
    synthetic_organizations(n, ctx.seed).to_csv(path, index=False, sep=";", encoding="utf-8")
    db_path = ctx.workdir / "importacion.sqlite"
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db_path}")
    with timer() as read_t:
        table = read_tables(path)[0]
    with timer() as val_t:
        validation = validate_organizations(table.frame)
    if validation.issues:
        raise RuntimeError(f"datos sintéticos inválidos: {validation.issues[:3]}")
    with timer() as imp_t:
        result = import_file(engine, path, User("bench"))
    engine.dispose()
    if result.creadas != n:
        raise RuntimeError(f"se esperaban {n} creadas, hubo {result.creadas}: {result.issues[:3]}")
    name = "importacion"
    return [
        Metric(name, "filas", n, "filas"),
        Metric(name, "lectura_csv", n / read_t["s"], "filas/s"),
        Metric(name, "validacion", n / val_t["s"], "filas/s"),
        Metric(name, "importacion_total", n / imp_t["s"], "filas/s", "≥ 1000 filas/s", n / imp_t["s"] >= 1000),
        Metric(name, "tiempo_importacion", imp_t["s"], "s"),
        Metric(name, "memoria_pico", peak_rss_mb(), "MB", "≤ 4000 MB", peak_rss_mb() <= 4000),
    ]
