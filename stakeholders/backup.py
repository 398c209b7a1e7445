"""Backup and restore of everything (registry, accounts, proposals, analyses, audit log) as one file.

The file is a ZIP with one JSON Lines member per table, written in dependency order. A restore
goes into an empty database (SQLite or PostgreSQL, either way round), keeps every id and copies
the log rows with their hashes untouched, so ``audit verify`` still passes afterwards.
"""

from __future__ import annotations

import importlib
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, Table, func, select, text

from i18n import t
from stakeholders import audit
from stakeholders.access import MANAGE_USERS, User, require
from stakeholders.db import MODEL_MODULES, table_names
from stakeholders.errors import InputError
from stakeholders.models import Base

FORMAT = "mapa-actores-respaldo/1"
_SKIP = {"version_esquema", "version_datos"}  # schema bookkeeping and the cache counter


def _tables() -> list[Table]:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return [tb for tb in Base.metadata.sorted_tables if tb.name not in _SKIP]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def backup(engine: Engine, actor: User, path: Path | str) -> dict[str, int]:
    """Write every table to ``path``; returns rows per table. The backup itself is logged first."""
    require(actor, MANAGE_USERS, None, t("respaldo.objetivo"))
    audit.record_on(engine, actor, "respaldo", "crear", {"archivo": Path(path).name})
    counts: dict[str, int] = {}
    present = set(table_names(engine))
    with engine.connect() as conn, zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("formato.txt", FORMAT)
        for table in _tables():
            if table.name not in present:
                continue
            order = [c for c in table.primary_key.columns] or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings()
            with zf.open(f"{table.name}.jsonl", "w") as fh:
                n = 0
                for row in rows:
                    fh.write((json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
                             .encode("utf-8"))
                    n += 1
            counts[table.name] = n
    return counts


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        column = table.columns.get(key)
        if column is None:
            continue
        if isinstance(value, str) and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def restore(engine: Engine, actor_name: str, path: Path | str) -> dict[str, int]:
    """Load a backup into an empty database in one transaction; returns rows per table.

    No role is checked: the target is empty (no accounts yet) and whoever can reach it with the
    owner's URL already controls it; the restore is logged with ``actor_name``.
    """
    with zipfile.ZipFile(path) as zf:
        if zf.read("formato.txt").decode() != FORMAT:
            raise InputError(t("respaldo.formato", archivo=Path(path).name))
        tables = _tables()
        counts: dict[str, int] = {}
        with engine.begin() as conn:
            for table in tables:
                if conn.execute(select(func.count()).select_from(table)).scalar():
                    raise InputError(t("respaldo.no_vacia", tabla=table.name))
            restoring = conn.execution_options(audit_restore=True)
            for table in tables:
                name = f"{table.name}.jsonl"
                if name not in zf.namelist():
                    continue
                rows = [_typed(table, json.loads(line)) for line in zf.read(name).decode("utf-8").splitlines() if line]
                for start in range(0, len(rows), 5000):
                    restoring.execute(table.insert(), rows[start:start + 5000])
                counts[table.name] = len(rows)
            if engine.dialect.name == "postgresql":
                for table in tables:
                    if "id" in table.columns and counts.get(table.name):
                        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                          f"(SELECT MAX(id) FROM {table.name}))"))
    audit.record_on(engine, actor_name, "respaldo", "restaurar", {"archivo": Path(path).name, "filas": counts})
    return counts
