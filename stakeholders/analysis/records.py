"""Tables of the stakeholder analysis: analyses, their actors and append-only assessments.

Assessments are never updated: each save adds a row, so the first assessment stays visible next
to the current one and every change is kept (who, when, why). Removing an actor from an analysis
only deactivates its link. Every write also goes to the registry's change log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stakeholders.models import Base, utcnow


class Analysis(Base):
    """An "análisis de actores" about one policy question or project, in one territory."""

    __tablename__ = "analisis_actores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    titulo: Mapped[str] = mapped_column(String(300))
    # The policy question; two analyses with the same question can be compared over time.
    pregunta: Mapped[str | None] = mapped_column(Text)
    region_cut: Mapped[str | None] = mapped_column(String(2), index=True)
    provincia_cut: Mapped[str | None] = mapped_column(String(3))
    comuna_cut: Mapped[str | None] = mapped_column(String(5))
    autor: Mapped[str] = mapped_column(String(120))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    descripcion: Mapped[str | None] = mapped_column(Text)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)


class AnalysisActor(Base):
    """An organization included in an analysis."""

    __tablename__ = "analisis_actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analisis_id: Mapped[int] = mapped_column(ForeignKey("analisis_actores.id"), index=True)
    organizacion_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)
    agregado_por: Mapped[str] = mapped_column(String(120))
    agregado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("analisis_id", "organizacion_id", name="uq_analisis_actor"),)


class Assessment(Base):
    """One scored assessment of an actor (append-only: the current one is the latest)."""

    __tablename__ = "evaluacion_actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analisis_id: Mapped[int] = mapped_column(ForeignKey("analisis_actores.id"))
    organizacion_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"))
    poder: Mapped[int] = mapped_column(Integer)
    interes: Mapped[int] = mapped_column(Integer)
    posicion: Mapped[str] = mapped_column(String(12))
    justificacion: Mapped[str | None] = mapped_column(Text)
    estrategia: Mapped[str] = mapped_column(Text)
    # The suggested power score shown when the assessment was made (None when none was shown).
    poder_sugerido: Mapped[int | None] = mapped_column(Integer)
    origen: Mapped[str] = mapped_column(String(20), default="manual")
    autor: Mapped[str] = mapped_column(String(120))
    momento: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_evaluacion_analisis_org", "analisis_id", "organizacion_id"),)
