"""Append-only change log: every create, edit, deactivation and import is kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from stakeholders.access import User
from stakeholders.models import Base, ChangeLog

_SKIP = {"creado_en", "actualizado_en", "version"}


def snapshot(row: Base) -> dict[str, Any]:
    """Column values of an ORM row as JSON-friendly values."""
    out: dict[str, Any] = {}
    for col in inspect(row).mapper.column_attrs:
        if col.key in _SKIP:
            continue
        value = getattr(row, col.key)
        out[col.key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return out


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed (all of ``after`` when there was no ``before``)."""
    if before is None:
        return after
    return {k: v for k, v in after.items() if before.get(k) != v}


def record(
    session: Session,
    user: User,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> ChangeLog:
    entry = ChangeLog(
        entidad=entity,
        entidad_id=entity_id,
        accion=action,
        usuario=user.nombre,
        antes=before,
        despues=after,
        motivo=reason,
    )
    session.add(entry)
    return entry
