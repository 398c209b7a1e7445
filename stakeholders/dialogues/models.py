"""Tables of dialogues (or council sessions), their organizations, ideas and each idea's status history.

A dialogue is also recorded as an :class:`~stakeholders.models.Event` of a participation space
with one :class:`~stakeholders.models.Attendance` per organization (``evento_id``), so the
network's co-participation ties and the fatigue measure count it without knowing this module.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stakeholders.models import Base, utcnow


class Dialogue(Base):
    """One dialogue or council session: when, where, on what, who and how many took part."""

    __tablename__ = "dialogo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre: Mapped[str] = mapped_column(Text)
    tipo: Mapped[str] = mapped_column(String(30), default="dialogo")  # dialogo | sesion_consejo
    fecha: Mapped[date] = mapped_column(Date, index=True)
    region_cut: Mapped[str] = mapped_column(String(2), index=True)
    provincia_cut: Mapped[str | None] = mapped_column(String(3))
    comuna_cut: Mapped[str | None] = mapped_column(String(5))
    tema: Mapped[str] = mapped_column(Text)
    personas: Mapped[int] = mapped_column(Integer, default=0)
    mujeres: Mapped[int | None] = mapped_column(Integer)
    hombres: Mapped[int | None] = mapped_column(Integer)
    otros_generos: Mapped[int | None] = mapped_column(Integer)
    evento_id: Mapped[int | None] = mapped_column(ForeignKey("evento.id"))
    muestra: Mapped[bool] = mapped_column(Boolean, default=False)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DialogueOrganization(Base):
    __tablename__ = "dialogo_organizacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogo_id: Mapped[int] = mapped_column(ForeignKey("dialogo.id"), index=True)
    organizacion_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)

    __table_args__ = (UniqueConstraint("dialogo_id", "organizacion_id", name="uq_dialogo_organizacion"),)


class Idea(Base):
    """An idea or agreement of a dialogue, with its votes and current follow-up status."""

    __tablename__ = "idea"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogo_id: Mapped[int] = mapped_column(ForeignKey("dialogo.id"), index=True)
    texto: Mapped[str] = mapped_column(Text)
    tema: Mapped[str | None] = mapped_column(Text)
    votos: Mapped[int] = mapped_column(Integer, default=0)
    estado: Mapped[str] = mapped_column(String(20), default="recibida", index=True)
    unidad_responsable: Mapped[str | None] = mapped_column(Text)
    fecha_compromiso: Mapped[date | None] = mapped_column(Date)
    motivo_descarte: Mapped[str | None] = mapped_column(Text)


class IdeaStatus(Base):
    """Append-only history of an idea's status: from, to, who, when and the commitment or reason."""

    __tablename__ = "idea_estado"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id"), index=True)
    desde: Mapped[str | None] = mapped_column(String(20))
    hacia: Mapped[str] = mapped_column(String(20))
    usuario: Mapped[str] = mapped_column(String(120))
    momento: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unidad_responsable: Mapped[str | None] = mapped_column(Text)
    fecha_compromiso: Mapped[date | None] = mapped_column(Date)
    motivo: Mapped[str | None] = mapped_column(Text)
