"""Registry tables (SQLAlchemy 2): organizations, relationships, participation, change log.

Nothing is deleted in place: rows are deactivated (``activo = False``) and every change is
written to :class:`ChangeLog` with who, when and the values before and after. Column names
are the Spanish field names users see in templates and exports.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# ``fuente`` of every row of the bundled sample ("datos de ejemplo"): how the app tells the sample apart.
SAMPLE_SOURCE = "datos_de_ejemplo"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Organization(Base):
    __tablename__ = "organizacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_externo: Mapped[str | None] = mapped_column(String(120), unique=True)
    nombre: Mapped[str] = mapped_column(Text)
    nombre_normalizado: Mapped[str] = mapped_column(String(400), index=True)
    rut: Mapped[str | None] = mapped_column(String(12), unique=True)
    sector_tripartito: Mapped[str] = mapped_column(String(20), index=True)
    tipo_actor: Mapped[str] = mapped_column(String(40))
    escala: Mapped[str] = mapped_column(String(10))
    region_cut: Mapped[str | None] = mapped_column(String(2), index=True)
    provincia_cut: Mapped[str | None] = mapped_column(String(3))
    comuna_cut: Mapped[str | None] = mapped_column(String(5), index=True)
    regiones_presencia: Mapped[list[str]] = mapped_column(JSON, default=list)
    latitud: Mapped[float | None] = mapped_column(Float)
    longitud: Mapped[float | None] = mapped_column(Float)
    ubicacion_aproximada: Mapped[bool] = mapped_column(Boolean, default=False)
    rubro: Mapped[str | None] = mapped_column(String(1))
    grupos_representados: Mapped[list[str]] = mapped_column(JSON, default=list)
    genero_representante: Mapped[str] = mapped_column(String(2), default="ND")
    n_miembros: Mapped[int | None] = mapped_column(Integer)
    email: Mapped[str | None] = mapped_column(String(200))
    telefono: Mapped[str | None] = mapped_column(String(40))
    fuente: Mapped[str | None] = mapped_column(String(300))  # file name, form, or SAMPLE_SOURCE
    importado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    importado_por: Mapped[str | None] = mapped_column(String(120))
    activo: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actualizado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_org_nombre_comuna", "nombre_normalizado", "comuna_cut"),)
    # Optimistic concurrency: every ORM update says "WHERE version = <the version read>" and fails
    # (StaleDataError) when someone else wrote in between; writers set the new version themselves.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Relationship(Base):
    """A directed tie: ``origen`` is affiliated to / allied with / funded by ``destino``."""

    __tablename__ = "relacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origen_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)
    destino_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)
    tipo: Mapped[str] = mapped_column(String(20))
    peso: Mapped[float] = mapped_column(Float, default=1.0)
    desde: Mapped[date | None] = mapped_column(Date)
    hasta: Mapped[date | None] = mapped_column(Date)
    fuente: Mapped[str | None] = mapped_column(String(300))
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("origen_id", "destino_id", "tipo", name="uq_relacion"),)


class ParticipationSpace(Base):
    """A council, COSOC, participatory dialogue or roundtable."""

    __tablename__ = "espacio_participacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre: Mapped[str] = mapped_column(Text)
    tipo: Mapped[str] = mapped_column(String(30))
    region_cut: Mapped[str | None] = mapped_column(String(2), index=True)
    comuna_cut: Mapped[str | None] = mapped_column(String(5))
    descripcion: Mapped[str | None] = mapped_column(Text)
    fuente: Mapped[str | None] = mapped_column(String(300))
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Membership(Base):
    __tablename__ = "membresia"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacio_participacion.id"), index=True)
    organizacion_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)
    rol: Mapped[str] = mapped_column(String(40), default="integrante")
    desde: Mapped[date | None] = mapped_column(Date)
    hasta: Mapped[date | None] = mapped_column(Date)


class Event(Base):
    """One session of a participation space (a meeting, a dialogue day)."""

    __tablename__ = "evento"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    espacio_id: Mapped[int] = mapped_column(ForeignKey("espacio_participacion.id"), index=True)
    nombre: Mapped[str | None] = mapped_column(Text)
    fecha: Mapped[date] = mapped_column(Date, index=True)


class Attendance(Base):
    __tablename__ = "asistencia"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evento_id: Mapped[int] = mapped_column(ForeignKey("evento.id"), index=True)
    organizacion_id: Mapped[int] = mapped_column(ForeignKey("organizacion.id"), index=True)

    __table_args__ = (UniqueConstraint("evento_id", "organizacion_id", name="uq_asistencia"),)


class ChangeLog(Base):
    """Append-only audit trail: who changed what, when, and the values before and after."""

    __tablename__ = "registro_cambios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entidad: Mapped[str] = mapped_column(String(40), index=True)
    entidad_id: Mapped[int | None] = mapped_column(Integer, index=True)
    accion: Mapped[str] = mapped_column(String(20))
    usuario: Mapped[str] = mapped_column(String(120))
    momento: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    antes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    despues: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    motivo: Mapped[str | None] = mapped_column(Text)
    # Region the change concerns, and the hash chain (see stakeholders/audit.py).
    region_cut: Mapped[str | None] = mapped_column(String(2), index=True)
    hash_anterior: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class ImportBatch(Base):
    """One import run (file, mode, counts), referenced by the change log rows it wrote."""

    __tablename__ = "lote_importacion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    archivo: Mapped[str] = mapped_column(String(300))
    tipo_datos: Mapped[str] = mapped_column(String(30), default="organizaciones")
    modo: Mapped[str] = mapped_column(String(20))
    usuario: Mapped[str] = mapped_column(String(120))
    momento: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    filas_total: Mapped[int] = mapped_column(Integer, default=0)
    filas_creadas: Mapped[int] = mapped_column(Integer, default=0)
    filas_actualizadas: Mapped[int] = mapped_column(Integer, default=0)
    filas_sin_cambios: Mapped[int] = mapped_column(Integer, default=0)
    filas_rechazadas: Mapped[int] = mapped_column(Integer, default=0)


class SchemaVersion(Base):
    __tablename__ = "version_esquema"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    aplicada_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    descripcion: Mapped[str] = mapped_column(Text)
