"""Database connection and schema migrations.

SQLite file by default (zero set-up); ``DATABASE_URL=postgresql+psycopg://…`` for a shared
PostgreSQL + PostGIS deployment. The schema is created and migrated by the app itself: each
migration is a numbered function recorded in ``version_esquema`` and applied once.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from stakeholders.models import Base, SchemaVersion

DEFAULT_DB_PATH = Path(os.environ.get("MAPA_DATA_DIR", "var")) / "mapa_actores.sqlite"

# Feature modules that declare tables on ``Base``; imported before the schema is created.
MODEL_MODULES: tuple[str, ...] = (
    "stakeholders.models",
    "stakeholders.councils.records",
    "stakeholders.analysis.records",
    "stakeholders.importing.layouts",
)


def database_url(explicit: str | None = None) -> str:
    """The URL to use: explicit argument, else ``DATABASE_URL``, else the local SQLite file."""
    url = explicit or os.environ.get("DATABASE_URL")
    if url:
        return url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine and bring its schema up to date."""
    resolved = database_url(url)
    engine = create_engine(resolved, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    return engine


def _create_tables(engine: Engine) -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    Base.metadata.create_all(engine)


def _postgis_geometry(engine: Engine) -> None:
    """On PostgreSQL, a PostGIS point column derived from lat/lon, indexed for spatial queries."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        conn.execute(
            text(
                "ALTER TABLE organizacion ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) "
                "GENERATED ALWAYS AS (CASE WHEN longitud IS NULL OR latitud IS NULL THEN NULL "
                "ELSE ST_SetSRID(ST_MakePoint(longitud, latitud), 4326) END) STORED"
            )
        )
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_organizacion_geom ON organizacion USING GIST (geom)"))


MIGRATIONS: list[tuple[int, str, Callable[[Engine], None]]] = [
    (1, "esquema inicial del registro", _create_tables),
    (2, "geometría PostGIS de organizaciones", _postgis_geometry),
]


def migrate(engine: Engine) -> int:
    """Apply pending migrations; return the schema version reached.

    Tables declared later in feature modules are created by re-running ``create_all`` (it only
    adds missing tables), so a new feature needs no migration unless it alters a table.
    """
    SchemaVersion.__table__.create(engine, checkfirst=True)
    with Session(engine) as session:
        done = set(session.scalars(select(SchemaVersion.version)))
    for version, description, apply in MIGRATIONS:
        if version in done:
            continue
        apply(engine)
        with Session(engine) as session, session.begin():
            session.add(SchemaVersion(version=version, descripcion=description))
    _create_tables(engine)
    return max(v for v, _, _ in MIGRATIONS)


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    session = factory()
    try:
        with session.begin():
            yield session
    finally:
        session.close()
