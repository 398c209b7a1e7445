"""Shared test data for the importer tests (valid rows, file writers, a full DB snapshot)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, MetaData, select

from stakeholders.registry.schema import ORG_FILE_COLUMNS

# Points inside their communes (checked against the DPA layer by geodata).
VALPARAISO = ("-33.045", "-71.62")
SANTIAGO = ("-33.4489", "-70.6693")
NUNOA = ("-33.4569", "-70.5979")
VINA = ("-33.0245", "-71.5518")


def org(**overrides: Any) -> dict[str, str]:
    """A valid organization row in the canonical layout; override any field."""
    row = {c: "" for c in ORG_FILE_COLUMNS}
    row.update({
        "nombre": "Sindicato Portuario Uno", "rut": "76.123.456-0", "sector_tripartito": "trabajadores",
        "tipo_actor": "sindicato", "escala": "local", "region": "Valparaíso", "comuna": "Valparaíso",
        "latitud": VALPARAISO[0], "longitud": VALPARAISO[1], "rubro": "H",
        "grupos_representados": "mujeres; jóvenes", "genero_representante": "F", "n_miembros": "120",
        "email": "contacto@sindicato.cl", "telefono": "+56 9 1234 5678",
    })
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def valid_rows() -> list[dict[str, str]]:
    """Four organizations of different sectors, scales and territories (no problems)."""
    return [
        org(),
        org(nombre="Cámara de Comercio de Santiago", rut="", sector_tripartito="Empleadores", tipo_actor="Cámara",
            escala="regional", region="13", comuna="Santiago", latitud=SANTIAGO[0], longitud=SANTIAGO[1], rubro="G",
            grupos_representados="", genero_representante="M", n_miembros="1.200", email="", telefono=""),
        org(nombre="ONG Inclusión Laboral", rut="65.000.001-3", sector_tripartito="", tipo_actor="ONG", escala="local",
            region="", comuna="Ñuñoa", latitud="", longitud="", rubro="", genero_representante="ND",
            grupos_representados="personas con discapacidad", n_miembros="", email="", telefono=""),
        org(nombre="Confederación Nacional de Prueba", rut="70.000.001-k", sector_tripartito="trabajadores",
            tipo_actor="confederacion", escala="nacional", region="", comuna="", latitud="", longitud="", rubro="",
            grupos_representados="", n_miembros="50000", email="", telefono=""),
    ]


def write_csv(path: Path, rows: list[dict[str, str]], sep: str = ",", encoding: str = "utf-8-sig") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep, encoding=encoding)
    return path


def db_snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table (sorted): two equal snapshots mean an unchanged database."""
    meta = MetaData()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PostGIS "geometry" type is unknown to plain SQLAlchemy
        meta.reflect(engine)
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            cols = [c for c in table.columns if c.name != "geom"]
            out[name] = sorted((tuple(map(repr, r)) for r in conn.execute(select(*cols))), key=str)
    return out


def registry_frame(engine: Engine) -> pd.DataFrame:
    """The registry's data fields (no ids, timestamps or provenance) for comparisons."""
    from stakeholders.repository import load_organizations

    frame = load_organizations(engine, include_inactive=True)
    keep = ["nombre", "rut", "sector_tripartito", "tipo_actor", "escala", "region_cut", "provincia_cut", "comuna_cut",
            "regiones_presencia", "latitud", "longitud", "ubicacion_aproximada", "rubro", "grupos_representados",
            "genero_representante", "n_miembros", "email", "telefono", "id_externo", "activo"]
    frame = frame[keep].copy()
    for col in ("regiones_presencia", "grupos_representados"):
        frame[col] = frame[col].map(lambda v: ";".join(v))
    frame["latitud"] = frame["latitud"].astype(float).round(9)
    frame["longitud"] = frame["longitud"].astype(float).round(9)
    return frame.astype(str).sort_values("nombre").reset_index(drop=True)


def test_valid_rows_have_the_canonical_columns() -> None:
    assert all(list(r) == ORG_FILE_COLUMNS for r in valid_rows())
