"""CSV files of the sample and their bulk load into the registry (one transaction, ids kept)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select, text

from i18n import t
from stakeholders.models import (
    SAMPLE_SOURCE,
    Attendance,
    ChangeLog,
    Event,
    Membership,
    Organization,
    ParticipationSpace,
    Relationship,
)
from stakeholders.registry.values import name_key

FILES = {
    "organizations": "organizaciones.csv", "relationships": "relaciones.csv", "spaces": "espacios.csv",
    "memberships": "membresias.csv", "events": "eventos.csv", "attendance": "asistencia.csv",
}
TABLES = {
    "organizations": Organization.__table__, "relationships": Relationship.__table__,
    "spaces": ParticipationSpace.__table__, "memberships": Membership.__table__, "events": Event.__table__,
    "attendance": Attendance.__table__,
}
LIST_COLUMNS = ("regiones_presencia", "grupos_representados")
FLOAT_COLUMNS = {"latitud": "{:.5f}", "longitud": "{:.5f}", "peso": "{:g}"}
INT_COLUMNS = ("id", "n_miembros", "origen_id", "destino_id", "espacio_id", "organizacion_id", "evento_id")
DATE_COLUMNS = ("desde", "hasta", "fecha")
LIST_SEPARATOR = ";"


def _cell(value: object, column: str) -> str:
    if column in LIST_COLUMNS:
        return LIST_SEPARATOR.join(value)  # type: ignore[arg-type]
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if column in FLOAT_COLUMNS:
        return FLOAT_COLUMNS[column].format(float(value))  # type: ignore[arg-type]
    if column in INT_COLUMNS:
        return str(int(value))  # type: ignore[call-overload]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_frames(folder: Path, data) -> list[Path]:  # SampleData
    """One CSV per table, every cell formatted explicitly so the bytes do not depend on pandas."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in data.frames().items():
        text_frame = pd.DataFrame({c: [_cell(v, c) for v in frame[c]] for c in frame.columns}, columns=frame.columns)
        path = folder / FILES[name]
        text_frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        raw = out[column]
        if column in LIST_COLUMNS:
            out[column] = [v.split(LIST_SEPARATOR) if v else [] for v in raw]
        elif column in FLOAT_COLUMNS:
            out[column] = pd.Series([float(v) if v else None for v in raw], index=out.index, dtype=object)
        elif column in INT_COLUMNS:
            out[column] = pd.Series([int(v) if v else None for v in raw], index=out.index, dtype=object)
        elif column in DATE_COLUMNS:
            out[column] = pd.Series([date.fromisoformat(v) if v else None for v in raw], index=out.index, dtype=object)
        else:
            out[column] = pd.Series([v if v != "" else None for v in raw], index=out.index, dtype=object)
    return out


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        name: _typed(pd.read_csv(folder / file, dtype=str, keep_default_na=False, encoding="utf-8"))
        for name, file in FILES.items()
    }


def registry_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Organization.__table__)).scalar_one() == 0


def _records(frame: pd.DataFrame, **constant: object) -> list[dict]:
    rows = frame.to_dict("records")
    if constant:
        for row in rows:
            row.update(constant)
    return rows


def insert_sample(engine: Engine, data) -> dict[str, int]:  # SampleData
    """Insert every table of ``data`` in one transaction and record the load in the change log."""
    now = datetime.now(UTC)
    orgs = data.organizations.assign(nombre_normalizado=data.organizations["nombre"].map(name_key))
    stamp = {"fuente": SAMPLE_SOURCE, "creado_en": now}
    payload = {
        "organizations": _records(orgs, ubicacion_aproximada=False, importado_en=now, importado_por="sistema",
                                  activo=True, version=1, actualizado_en=now, **stamp),
        "relationships": _records(data.relationships, activo=True, **stamp),
        "spaces": _records(data.spaces, activo=True, **stamp),
        "memberships": _records(data.memberships),
        "events": _records(data.events),
        "attendance": _records(data.attendance),
    }
    counts = {name: len(rows) for name, rows in payload.items()}
    with engine.begin() as conn:
        for name, rows in payload.items():
            if rows:
                conn.execute(TABLES[name].insert(), rows)
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in TABLES.values():
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                ))
        conn.execute(ChangeLog.__table__.insert(), [{
            "entidad": "datos_de_ejemplo", "entidad_id": None, "accion": "cargar", "usuario": "sistema",
            "momento": now, "antes": None, "despues": counts, "motivo": t("muestra.motivo_carga"),
        }])
    return counts
