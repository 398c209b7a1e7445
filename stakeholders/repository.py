"""Read access to the registry as pandas frames, for the map, the network and the councils.

Frames are plain data (no ORM objects) so the layers above can cache them and stay pure.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from sqlalchemy import Engine, select

from stakeholders.models import (
    SAMPLE_SOURCE,
    Attendance,
    Event,
    Membership,
    Organization,
    ParticipationSpace,
    Relationship,
)

LEVEL_COMMUNE, LEVEL_PROVINCE, LEVEL_REGION, LEVEL_NATIONAL = "comuna", "provincia", "region", "nacional"
# Every column of the ``organizacion`` table (stored names and codes, not the file's columns).
ORG_TABLE_COLUMNS = [c.key for c in Organization.__table__.columns]


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def load_organizations(engine: Engine, region_cut: str | None = None, include_inactive: bool = False) -> pd.DataFrame:
    """Organizations as a frame; with ``region_cut``, those present in that region.

    Present means located there, or a national body declaring a chapter there
    (``regiones_presencia``).
    """
    table = Organization.__table__
    stmt = select(*[table.c[c] for c in ORG_TABLE_COLUMNS if c != "geom"]).order_by(table.c.id)
    if not include_inactive:
        stmt = stmt.where(table.c.activo.is_(True))
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    frame = pd.DataFrame(rows, columns=[c for c in ORG_TABLE_COLUMNS if c != "geom"])
    for col in ("grupos_representados", "regiones_presencia"):
        frame[col] = frame[col].map(_as_list)
    frame["nivel_ubicacion"] = location_level(frame)
    if region_cut is not None:
        frame = frame[present_in_region(frame, region_cut)].reset_index(drop=True)
    return frame


def location_level(frame: pd.DataFrame) -> pd.Series:
    """Where each organization is placed: ``comuna``, ``provincia`` or ``region`` (no commune known:
    registries such as the union registry give only the region), or ``nacional`` (no territory)."""
    level = pd.Series(LEVEL_NATIONAL, index=frame.index, dtype=object)
    steps = (("region_cut", LEVEL_REGION), ("provincia_cut", LEVEL_PROVINCE), ("comuna_cut", LEVEL_COMMUNE))
    for column, name in steps:
        level = level.mask(frame[column].notna() & (frame[column].astype(str) != ""), name)
    return level


def needs_commune(frame: pd.DataFrame) -> pd.Series:
    """Boolean mask: local organizations placed only at region or province level ("necesita comuna")."""
    return (frame["escala"] == "local") & frame["nivel_ubicacion"].isin([LEVEL_REGION, LEVEL_PROVINCE])


def region_level_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Organizations placed without a commune, counted per region (for the region's map and table).

    Columns: ``region_cut``, ``nivel_ubicacion`` (region|provincia), ``organizaciones``.
    """
    located = frame[frame["nivel_ubicacion"].isin([LEVEL_REGION, LEVEL_PROVINCE])]
    counts = located.groupby(["region_cut", "nivel_ubicacion"]).size().rename("organizaciones").reset_index()
    return counts.sort_values(["region_cut", "nivel_ubicacion"]).reset_index(drop=True)


def present_in_region(frame: pd.DataFrame, region_cut: str) -> pd.Series:
    """Boolean mask: located in ``region_cut`` or declaring a chapter there."""
    located = frame["region_cut"] == region_cut
    chapter = frame["regiones_presencia"].map(lambda regions: region_cut in regions)
    return located | chapter


def load_relationships(engine: Engine, include_inactive: bool = False) -> pd.DataFrame:
    table = Relationship.__table__
    stmt = select(table).order_by(table.c.id)
    if not include_inactive:
        stmt = stmt.where(table.c.activo.is_(True))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[c.key for c in table.columns])


def load_spaces(engine: Engine) -> pd.DataFrame:
    table = ParticipationSpace.__table__
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(select(table).order_by(table.c.id)).mappings().all(), columns=[c.key for c in table.columns]
        )


def load_memberships(engine: Engine) -> pd.DataFrame:
    """Memberships with the space's name, type and region."""
    m, s = Membership.__table__, ParticipationSpace.__table__
    stmt = (
        select(
            m, s.c.nombre.label("espacio"), s.c.tipo.label("tipo_espacio"), s.c.region_cut.label("espacio_region_cut")
        )
        .join(s, s.c.id == m.c.espacio_id)
        .order_by(m.c.id)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all())


def load_attendance(engine: Engine) -> pd.DataFrame:
    """One row per organization present at an event: organizacion_id, evento_id, espacio_id, fecha."""
    a, e = Attendance.__table__, Event.__table__
    stmt = (
        select(a.c.organizacion_id, a.c.evento_id, e.c.espacio_id, e.c.fecha)
        .join(e, e.c.id == a.c.evento_id)
        .order_by(a.c.id)
    )
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(stmt).mappings().all(), columns=["organizacion_id", "evento_id", "espacio_id", "fecha"]
        )


def frame_hash(frame: pd.DataFrame) -> str:
    """Stable SHA-256 of a frame's content (row order and column order included)."""
    digest = hashlib.sha256()
    digest.update("|".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes())
    return digest.hexdigest()


def is_sample_dataset(engine: Engine) -> bool:
    """True when the registry holds the bundled sample ("datos de ejemplo")."""
    table = Organization.__table__
    with engine.connect() as conn:
        return conn.execute(select(table.c.id).where(table.c.fuente == SAMPLE_SOURCE).limit(1)).first() is not None
