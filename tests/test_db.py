"""The store creates its schema on both backends and keeps PostGIS geometry in sync."""

from __future__ import annotations

from sqlalchemy import select, text

from stakeholders.db import MIGRATIONS, make_engine, migrate, session_scope, table_names
from stakeholders.models import Organization, SchemaVersion
from tests.factories import write_then_fail


def test_schema_created_and_versioned(engine) -> None:
    names = set(table_names(engine))
    assert {"organizacion", "relacion", "espacio_participacion", "membresia", "evento", "asistencia",
            "registro_cambios", "lote_importacion"} <= names
    with session_scope(engine) as s:
        versions = sorted(s.scalars(select(SchemaVersion.version)))
    assert versions == [v for v, _, _ in MIGRATIONS]
    assert migrate(engine) == MIGRATIONS[-1][0]  # idempotent


def test_failed_transaction_writes_nothing(engine) -> None:
    write_then_fail(engine)
    with session_scope(engine) as s:
        assert s.scalars(select(Organization)).all() == []


def test_postgis_point_follows_coordinates(db_url) -> None:
    eng = make_engine(db_url)
    if eng.dialect.name != "postgresql":
        return
    with session_scope(eng) as s:
        s.add(Organization(nombre="SENCE", nombre_normalizado="sence", sector_tripartito="gobierno",
                           tipo_actor="servicio_publico", escala="nacional", latitud=-33.44, longitud=-70.65))
    with eng.connect() as conn:
        x, y, srid = conn.execute(text("SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom) FROM organizacion")).one()
    assert (round(x, 2), round(y, 2), srid) == (-70.65, -33.44, 4326)
