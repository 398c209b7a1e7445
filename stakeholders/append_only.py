"""The database itself keeps the change log and saved proposals append-only.

SQLite: triggers abort UPDATE and DELETE, and INSERT over an existing row (``INSERT OR REPLACE``
deletes the old row without firing delete triggers unless ``recursive_triggers`` is on, so both
are used). PostgreSQL: triggers abort UPDATE, DELETE and TRUNCATE, and the app connects as a role
granted only SELECT and INSERT on these tables (:func:`app_role_grants`); the owner role runs the
migrations. Rows written before the chain existed are sealed once, by the migration.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, select, text

from stakeholders import audit
from stakeholders.models import ChangeLog

APPEND_ONLY = ("registro_cambios", "propuesta_consejo")
_NEW_COLUMNS = {"region_cut": "VARCHAR(2)", "hash_anterior": "VARCHAR(64)", "hash": "VARCHAR(64)"}


def _sqlite_triggers(table: str, unique_where: str) -> list[str]:
    abort = f"SELECT RAISE(ABORT, '{table} solo admite agregar filas')"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_sin_update BEFORE UPDATE ON {table} BEGIN {abort}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_sin_delete BEFORE DELETE ON {table} BEGIN {abort}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_sin_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {unique_where}) BEGIN {abort}; END",
    ]


SQLITE_TRIGGERS = _sqlite_triggers("registro_cambios", "id = NEW.id") + _sqlite_triggers(
    "propuesta_consejo", "id = NEW.id OR (region_cut = NEW.region_cut AND numero = NEW.numero)"
)

PG_STATEMENTS = [
    "CREATE OR REPLACE FUNCTION mapa_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION '% solo admite agregar filas', TG_TABLE_NAME; END $$",
    *[
        stmt
        for table in APPEND_ONLY
        for stmt in (
            f"DROP TRIGGER IF EXISTS {table}_solo_agregar ON {table}",
            f"CREATE TRIGGER {table}_solo_agregar BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION mapa_solo_agregar()",
            f"DROP TRIGGER IF EXISTS {table}_sin_truncate ON {table}",
            f"CREATE TRIGGER {table}_sin_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION mapa_solo_agregar()",
        )
    ],
]


def _add_columns(engine: Engine) -> None:
    present = {c["name"] for c in inspect(engine).get_columns("registro_cambios")}
    with engine.begin() as conn:
        for name, kind in _NEW_COLUMNS.items():
            if name not in present:
                conn.execute(text(f"ALTER TABLE registro_cambios ADD COLUMN {name} {kind}"))


def _seal_legacy_rows(engine: Engine) -> None:
    """Chain rows written before migration 3 (before the triggers exist, by the owner)."""
    table = ChangeLog.__table__
    with engine.begin() as conn:
        rows = conn.execute(select(table).order_by(table.c.id)).mappings().all()
        if not rows or all(r["hash"] for r in rows):
            return
        previous = audit.GENESIS
        for row in rows:
            values = dict(row)
            values["region_cut"] = values["region_cut"] or audit._region_of(values)
            digest = audit.chain_hash(previous, values)
            conn.execute(table.update().where(table.c.id == row["id"]).values(
                region_cut=values["region_cut"], hash_anterior=previous, hash=digest))
            previous = digest


def protect_audit(engine: Engine) -> None:
    """Migration 3: chain columns, legacy rows sealed, append-only triggers."""
    _add_columns(engine)
    _seal_legacy_rows(engine)
    statements = SQLITE_TRIGGERS if engine.dialect.name == "sqlite" else PG_STATEMENTS
    if engine.dialect.name not in ("sqlite", "postgresql"):
        return
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))


def app_role_grants(role: str) -> list[str]:
    """SQL the owner runs so that ``role`` (the app's login) can read and write the registry but
    only add rows to the log and the proposals: no UPDATE, DELETE or TRUNCATE there."""
    if not role.replace("_", "").isalnum():
        raise ValueError(role)
    excluded = ", ".join(APPEND_ONLY)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {excluded} FROM {role}",
        f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
