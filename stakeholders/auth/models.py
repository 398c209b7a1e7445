"""Tables of accounts: people and service accounts, their role grants, their CLI tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stakeholders.models import Base, utcnow


class Account(Base):
    __tablename__ = "usuario"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nombre: Mapped[str] = mapped_column(String(120), unique=True)
    nombre_completo: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200), unique=True)
    hash_clave: Mapped[str | None] = mapped_column(String(200))  # None: no password (OIDC or service)
    servicio: Mapped[bool] = mapped_column(Boolean, default=False)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)
    fallos: Mapped[int] = mapped_column(Integer, default=0)
    bloqueado_hasta: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ultimo_ingreso: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RoleGrant(Base):
    __tablename__ = "rol_usuario"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    rol: Mapped[str] = mapped_column(String(30))
    region_cut: Mapped[str | None] = mapped_column(String(2))

    __table_args__ = (UniqueConstraint("usuario_id", "rol", "region_cut", name="uq_rol_usuario"),)


class ApiToken(Base):
    """A command-line token: only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "token_usuario"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    hash_token: Mapped[str] = mapped_column(String(64), unique=True)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revocado: Mapped[bool] = mapped_column(Boolean, default=False)
