"""Column mappings remembered per file layout, so the next file of a registry maps itself.

One row per layout key (:func:`stakeholders.importing.mapping.layout_key`): the mapping as JSON,
who saved it and when. Loading a file whose headers were mapped before offers that mapping.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from stakeholders.db import session_scope
from stakeholders.importing.mapping import ColumnMapping
from stakeholders.models import Base, utcnow


class ImportLayout(Base):
    """A saved column mapping for one file layout."""

    __tablename__ = "formato_importacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clave: Mapped[str] = mapped_column(String(64), unique=True)
    mapeo: Mapped[dict[str, Any]] = mapped_column(JSON)
    usuario: Mapped[str] = mapped_column(String(120))
    momento: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def save_layout(engine: Engine, key: str, mapping: ColumnMapping, user: str) -> None:
    """Remember ``mapping`` for files with layout ``key`` (replacing an earlier one)."""
    with session_scope(engine) as session:
        row = session.scalars(select(ImportLayout).where(ImportLayout.clave == key)).first()
        if row is None:
            session.add(ImportLayout(clave=key, mapeo=mapping.to_json(), usuario=user[:120], momento=utcnow()))
        else:
            row.mapeo, row.usuario, row.momento = mapping.to_json(), user[:120], utcnow()


def load_layout(engine: Engine, key: str) -> ColumnMapping | None:
    """The mapping saved for layout ``key``, if any."""
    with engine.connect() as conn:
        data = conn.execute(select(ImportLayout.mapeo).where(ImportLayout.clave == key)).scalar_one_or_none()
    return ColumnMapping.from_json(data) if data else None
