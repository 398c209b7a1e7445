"""Database connection and schema migrations.

SQLite file by default (zero set-up); ``DATABASE_URL=postgresql+psycopg://…`` for a shared
PostgreSQL + PostGIS deployment. The schema is created and migrated by the app itself: each
migration is a numbered function recorded in ``version_esquema`` and applied once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from i18n import t
from stakeholders import append_only, audit, dataversion, settings
from stakeholders.errors import DeploymentError
from stakeholders.models import Base, SchemaVersion

# Feature modules that declare tables on ``Base``; imported before the schema is created.
MODEL_MODULES: tuple[str, ...] = (
    "stakeholders.models",
    "stakeholders.councils.records",
    "stakeholders.analysis.records",
    "stakeholders.auth.models",
    "stakeholders.dataversion",
    "stakeholders.importing.layouts",
    "stakeholders.dialogues.models",
)


def database_url(explicit: str | None = None) -> str:
    """The URL to use: explicit argument, else ``DATABASE_URL``, else the local SQLite file."""
    url = explicit or settings.database_url()
    if url:
        return url
    path = settings.default_sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA foreign_keys=ON")
    # REPLACE deletes the old row; with recursive triggers the append-only DELETE triggers fire.
    cur.execute("PRAGMA recursive_triggers=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine and bring its schema up to date."""
    resolved = database_url(url)
    engine = create_engine(resolved, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    audit.install(engine)
    migrate(engine)
    dataversion.install(engine)
    return engine


def _create_tables(engine: Engine) -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    Base.metadata.create_all(engine)


def _postgis_geometry(engine: Engine) -> None:
    """On PostgreSQL, a PostGIS point column derived from lat/lon, indexed for spatial queries."""
    if engine.dialect.name != "postgresql":
        return
    _require_postgis(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "ALTER TABLE organizacion ADD COLUMN IF NOT EXISTS geom geometry(Point, 4326) "
                "GENERATED ALWAYS AS (CASE WHEN longitud IS NULL OR latitud IS NULL THEN NULL "
                "ELSE ST_SetSRID(ST_MakePoint(longitud, latitud), 4326) END) STORED"
            )
        )
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_organizacion_geom ON organizacion USING GIST (geom)"))


def _require_postgis(engine: Engine) -> None:
    """PostGIS must be installed by the DBA: an ordinary owner role cannot create the extension."""
    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).scalar():
            return
        database = conn.execute(text("SELECT current_database()")).scalar()
        available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).scalar()
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except DBAPIError as exc:
        key = "despliegue.postgis_falta" if available else "despliegue.postgis_no_instalado"
        raise DeploymentError(t(key, base=database)) from exc


MIGRATIONS: list[tuple[int, str, Callable[[Engine], None]]] = [
    (1, "esquema inicial del registro", _create_tables),
    (2, "geometría PostGIS de organizaciones", _postgis_geometry),
    (3, "registro de cambios encadenado y protegido contra cambios", append_only.protect_audit),
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
