"""Benchmark stage: validate and import N synthetic organizations (default 200 000).

Measures what a national-scale file costs: rows/s for reading and validation, and for the full
import (read, validate, bulk write and change log in one transaction) on SQLite and, when
``MAPA_BENCH_POSTGRES_URL`` names a throwaway database, on PostgreSQL (COPY); each next to two
floors, with the ratio: a plain bulk insert of the same rows (what the database alone costs for the
organizations), and the same plus one plain, unsealed change-log row per organization (what the
database alone costs for everything an audited import must write); and the import process's peak
memory (run in a fresh process, after loading the territory every page uses).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Column, Engine, MetaData, Table, func, select, text

import geodata
from bench import BenchContext, Metric, peak_rss_mb, stage, timer
from stakeholders import settings
from stakeholders.access import User
from stakeholders.bulk import insert_columns
from stakeholders.db import make_engine, session_scope
from stakeholders.importing.pipeline import import_file
from stakeholders.importing.tables import read_tables
from stakeholders.models import ChangeLog, Organization
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


def _fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _empty_registry(url: str) -> Engine:
    """A migrated registry that must hold no organizations (the change log is append-only: the
    PostgreSQL database given for the benchmark must be a fresh, throwaway one)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(Organization.__table__)).scalar_one():
            raise RuntimeError("MAPA_BENCH_POSTGRES_URL debe ser una base de datos nueva y desechable")
    return engine


def _floor_table(engine: Engine) -> Table:
    """Where the floor inserts: a fresh SQLite file's ``organizacion``, or on PostgreSQL a copy of it
    with the same columns, defaults, indexes and generated geometry (see :func:`_child_floor`)."""
    if engine.dialect.name != "postgresql":
        return Organization.__table__
    return Table("piso_organizacion", MetaData(), *(Column(c.name, c.type) for c in Organization.__table__.columns
                                                    if c.name != "geom"))


def _high_water_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB. Unlike getrusage's maxrss it is not
    inherited from the parent across fork + exec, so a spawned worker measures only itself."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()


def _child_import(url: str, path: str, out: Any) -> None:
    """In a fresh process (so its peak memory is the import's): the whole import of ``path``."""
    engine = _empty_registry(url)
    geodata.assign_points([-70.65], [-33.45])  # what every page has loaded anyway: not the import's cost
    base = _high_water_mb()
    cpu = time.process_time()
    with timer() as took:
        result = import_file(engine, path, User("bench"))
    out.put({"s": took["s"], "cpu": time.process_time() - cpu, "creadas": result.creadas, "peak": _high_water_mb(),
             "base": base,
             "issues": [i.problema for i in result.issues[:3]]})


def _floor_columns(path: str) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The floor's rows, typed and serialised before the clock starts: the organizations, and one
    change-log row per organization (its values as JSON text, fixed hashes: no sealing)."""
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    n = len(frame)
    now = datetime.now(UTC)
    names = frame["nombre"].tolist()
    orgs: dict[str, Any] = {
        "id": list(range(1, n + 1)), "nombre": names, "nombre_normalizado": [v.lower() for v in names],
        "rut": [v or None for v in frame["rut"].tolist()], "sector_tripartito": frame["sector_tripartito"].tolist(),
        "tipo_actor": frame["tipo_actor"].tolist(), "escala": "local",
        "region_cut": [v.zfill(2) for v in frame["region"].tolist()], "regiones_presencia": [[]] * n,
        "grupos_representados": [[]] * n, "genero_representante": "ND", "email": frame["email"].tolist(),
        "activo": True, "version": 1, "creado_en": now, "actualizado_en": now, "ubicacion_aproximada": False}
    values = frame.to_dict("records")
    log: dict[str, Any] = {
        "entidad": "organizacion", "entidad_id": orgs["id"], "accion": "crear", "usuario": "bench", "momento": now,
        "antes": "null", "despues": [json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in values],
        "motivo": "piso", "region_cut": orgs["region_cut"], "hash_anterior": "0" * 64, "hash": "f" * 64}
    return orgs, log, n


def _child_floor(url: str, path: str, out: Any, with_log: bool = False) -> None:
    """The floor: the same rows with no reading rules, no validation, no sealing — a plain bulk
    insert (COPY on PostgreSQL, executemany on SQLite) of already-typed values; ``with_log`` also
    writes one plain change-log row per organization (what an audited import must write at least).
    On PostgreSQL into ordinary (logged) copies of the tables, made before and dropped after the clock."""
    engine = make_engine(url)
    target = _floor_table(engine)
    orgs, log, n = _floor_columns(path)
    log_table = ChangeLog.__table__
    copies = []
    if target is not Organization.__table__:
        log_table = Table("piso_registro", MetaData(), *(Column(c.name, c.type) for c in ChangeLog.__table__.columns))
        copies = [(target.name, "organizacion"), *([(log_table.name, "registro_cambios")] if with_log else [])]
        with engine.begin() as conn:
            for copy, source in copies:
                conn.execute(text(f"DROP TABLE IF EXISTS {copy}"))
                conn.execute(text(f"CREATE TABLE {copy} (LIKE {source} INCLUDING ALL)"))
    try:
        with timer() as took, session_scope(engine) as session:
            insert_columns(session, target, orgs, n)
            if with_log:
                insert_columns(session, log_table, log, n, raw=("antes", "despues"))
    finally:
        with engine.begin() as conn:
            for copy, _source in copies:
                conn.execute(text(f"DROP TABLE IF EXISTS {copy}"))
    out.put({"s": took["s"]})


def _child_floor_log(url: str, path: str, out: Any) -> None:
    _child_floor(url, path, out, with_log=True)


def _guarded(target: Any, url: str, path: str, out: Any) -> None:
    try:
        target(url, path, out)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the stage
        out.put({"error": f"{type(exc).__name__}: {exc}"})


def _in_child(target: Any, url: str, path: Path) -> dict[str, Any]:
    """Run ``target`` in a fresh interpreter (spawn: nothing inherited, so its peak memory is its own)."""
    context = mp.get_context("spawn")
    out = context.Queue()
    proc = context.Process(target=_guarded, args=(target, url, str(path), out))
    proc.start()
    try:
        result = out.get(timeout=3600)
    finally:
        proc.join(60)
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


@stage("importacion", order=20)
def bench_import(ctx: BenchContext) -> list[Metric]:
    """Import N rows into SQLite (and PostgreSQL when ``MAPA_BENCH_POSTGRES_URL`` names a throwaway
    database), each in a fresh process, next to a plain bulk insert of the same rows (the floor)."""
    n = ctx.orgs
    path = ctx.workdir / "importacion.csv"
    synthetic_organizations(n, ctx.seed).to_csv(path, index=False, sep=";", encoding="utf-8")
    with timer() as read_t:
        parts = list(read_tables(path)[0].parts())
    with timer() as val_t:
        for part in parts:
            if validate_organizations(part.frame).issues:
                raise RuntimeError("datos sintéticos inválidos")
    del parts
    name = "importacion"
    metrics = [Metric(name, "filas", n, "filas"), Metric(name, "lectura_csv", n / read_t["s"], "filas/s"),
               Metric(name, "validacion", n / val_t["s"], "filas/s")]
    targets = [("sqlite", _fresh_sqlite(ctx.workdir / "importacion.sqlite"))]
    postgres = settings.bench_postgres_url()
    if postgres:
        targets.append(("postgresql", postgres))
    for label, url in targets:
        done = _in_child(_child_import, url, path)
        if done["creadas"] != n:
            raise RuntimeError(f"se esperaban {n} creadas, hubo {done['creadas']}: {done['issues']}")
        floors = {}
        for kind, child in (("insercion", _child_floor), ("insercion_con_registro", _child_floor_log)):
            floor_url = _fresh_sqlite(ctx.workdir / f"importacion_piso_{kind}.sqlite") if label == "sqlite" else url
            floors[kind] = n / _in_child(child, floor_url, path)["s"]
        rate = n / done["s"]
        metrics += [
            Metric(name, f"importacion_{label}", rate, "filas/s", "≥ 20000 filas/s", rate >= 20_000),
            # Rows per second of this process's own CPU time: on a shared machine, what the import
            # would do with a core to itself (the database server's own work on PostgreSQL not counted).
            Metric(name, f"importacion_cpu_{label}", n / done["cpu"], "filas/s-cpu"),
            Metric(name, f"piso_insercion_{label}", floors["insercion"], "filas/s"),
            Metric(name, f"razon_importacion_piso_{label}", rate / floors["insercion"], "×"),
            Metric(name, f"piso_insercion_con_registro_{label}", floors["insercion_con_registro"], "filas/s"),
            Metric(name, f"razon_importacion_piso_con_registro_{label}", rate / floors["insercion_con_registro"], "×"),
            Metric(name, f"memoria_pico_{label}", done["peak"], "MB", "≤ 500 MB", done["peak"] <= 500),
            Metric(name, f"memoria_importacion_{label}", done["peak"] - done["base"], "MB"),
        ]
    return metrics
