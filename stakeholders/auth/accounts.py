"""Accounts: create, grant roles, sign in (rate-limited), issue and resolve CLI tokens.

Only an ``admin`` manages accounts, except the very first administrator, created from the
command line on a database that has none (``python -m stakeholders user add …``). There is no
default account and no default password. Every change and every sign-in is logged.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from i18n import t
from stakeholders import audit
from stakeholders.access import MANAGE_USERS, Grant, User, make_grant, require
from stakeholders.auth.models import Account, ApiToken, RoleGrant
from stakeholders.auth.passwords import check_strength, hash_password, needs_rehash, verify_password
from stakeholders.db import session_scope
from stakeholders.errors import InputError
from stakeholders.models import utcnow

MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class SignIn:
    """Outcome of a sign-in attempt: the user, or the Spanish reason it was refused."""

    user: User | None
    message: str | None = None


def parse_grant(text: str, user: str = "?") -> Grant:
    """``director_regional:08``, ``planificador`` (national), ``nivel_central`` → a validated grant."""
    rol, _, region = text.partition(":")
    return make_grant(rol.strip(), region.strip() or None, user)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def has_admin(engine: Engine) -> bool:
    with Session(engine) as session:
        stmt = (select(Account.id).join(RoleGrant, RoleGrant.usuario_id == Account.id)
                .where(RoleGrant.rol == "admin", Account.activo.is_(True)).limit(1))
        return session.scalar(stmt) is not None


def _account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.nombre == name))
    if account is None:
        raise InputError(t("usuarios.no_existe", usuario=name))
    return account


def _grants(session: Session, account: Account) -> tuple[Grant, ...]:
    rows = session.scalars(select(RoleGrant).where(RoleGrant.usuario_id == account.id).order_by(RoleGrant.id))
    return tuple(Grant(r.rol, r.region_cut) for r in rows)


def _as_user(session: Session, account: Account) -> User | None:
    grants = _grants(session, account)
    return User(account.nombre, grants=grants) if grants else None


def add_user(engine: Engine, actor: User | None, name: str, grants: Iterable[str], *, password: str | None = None,
             full_name: str | None = None, email: str | None = None, service: bool = False) -> None:
    """Create an account. ``actor=None`` only for the first administrator of an empty database."""
    parsed = [parse_grant(g, name) for g in grants]
    if not parsed:
        raise InputError(t("usuarios.sin_roles"))
    if actor is None:
        if has_admin(engine):
            raise PermissionError(t("usuarios.ya_hay_admin"))
        if not any(g.rol == "admin" for g in parsed):
            raise InputError(t("usuarios.primero_admin"))
    else:
        require(actor, MANAGE_USERS, None, name)
    if password is not None:
        check_strength(password, name)
    with session_scope(engine) as session:
        if session.scalar(select(Account.id).where(Account.nombre == name)) is not None:
            raise InputError(t("usuarios.ya_existe", usuario=name))
        account = Account(nombre=name, nombre_completo=full_name, email=(email or None),
                          hash_clave=hash_password(password) if password else None, servicio=service)
        session.add(account)
        session.flush()
        for grant in parsed:
            session.add(RoleGrant(usuario_id=account.id, rol=grant.rol, region_cut=grant.region_cut))
        roles = [f"{g.rol}:{g.region_cut or ''}" for g in parsed]
        audit.record(session, actor or User(name, grants=tuple(parsed)), "usuario", account.id, "crear", None,
                     {"nombre": name, "roles": roles, "servicio": service, "email": email})


def set_grants(engine: Engine, actor: User, name: str, grants: Iterable[str]) -> None:
    """Replace an account's roles (the log keeps both lists)."""
    require(actor, MANAGE_USERS, None, name)
    parsed = [parse_grant(g, name) for g in grants]
    with session_scope(engine) as session:
        account = _account(session, name)
        before = [f"{g.rol}:{g.region_cut or ''}" for g in _grants(session, account)]
        for row in session.scalars(select(RoleGrant).where(RoleGrant.usuario_id == account.id)):
            session.delete(row)
        session.flush()
        for grant in parsed:
            session.add(RoleGrant(usuario_id=account.id, rol=grant.rol, region_cut=grant.region_cut))
        after = [f"{g.rol}:{g.region_cut or ''}" for g in parsed]
        audit.record(session, actor, "usuario", account.id, "roles", {"roles": before}, {"roles": after})


def set_password(engine: Engine, actor: User, name: str, password: str) -> None:
    """An admin sets anyone's password; a person their own."""
    if actor.nombre != name:
        require(actor, MANAGE_USERS, None, name)
    check_strength(password, name)
    with session_scope(engine) as session:
        account = _account(session, name)
        account.hash_clave = hash_password(password)
        account.fallos, account.bloqueado_hasta = 0, None
        audit.record(session, actor, "usuario", account.id, "cambiar_clave", None, {"nombre": name})


def set_active(engine: Engine, actor: User, name: str, active: bool) -> None:
    require(actor, MANAGE_USERS, None, name)
    with session_scope(engine) as session:
        account = _account(session, name)
        account.activo = active
        if not active:
            for token in session.scalars(select(ApiToken).where(ApiToken.usuario_id == account.id)):
                token.revocado = True
        audit.record(session, actor, "usuario", account.id, "activar" if active else "desactivar",
                     None, {"nombre": name})


def list_users(engine: Engine, actor: User) -> pd.DataFrame:
    require(actor, MANAGE_USERS, None, t("usuarios.objetivo_lista"))
    with Session(engine) as session:
        rows = []
        for account in session.scalars(select(Account).order_by(Account.nombre)):
            rows.append({
                "usuario": account.nombre,
                "nombre": account.nombre_completo or "",
                "roles": ", ".join(f"{g.rol}:{g.region_cut or 'nacional'}" for g in _grants(session, account)),
                "servicio": account.servicio,
                "activo": account.activo,
                "ultimo_ingreso": account.ultimo_ingreso,
            })
    return pd.DataFrame(rows, columns=["usuario", "nombre", "roles", "servicio", "activo", "ultimo_ingreso"])


def authenticate(engine: Engine, name: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a password. After ``MAX_FAILURES`` failures in a row the account waits ``LOCK_MINUTES``."""
    now = now or utcnow()
    with session_scope(engine) as session:
        account = session.scalar(select(Account).where(Account.nombre == name))
        if account is None or not account.activo or account.servicio:
            verify_password(None, password)
            audit.record(session, User(name[:120] or "?", "lectura"), "sesion", None, "ingreso_fallido", None,
                         {"motivo": "cuenta inexistente o inactiva"})
            return SignIn(None, t("acceso.credenciales_invalidas"))
        locked = _aware(account.bloqueado_hasta)
        if locked is not None and locked > now:
            minutes = max(1, int((locked - now).total_seconds() // 60) + 1)
            return SignIn(None, t("acceso.bloqueado", usuario=name, minutos=minutes))
        if not verify_password(account.hash_clave, password):
            account.fallos = (account.fallos or 0) + 1
            if account.fallos >= MAX_FAILURES:
                account.bloqueado_hasta = now + timedelta(minutes=LOCK_MINUTES)
                account.fallos = 0
            audit.record(session, User(name, "lectura"), "sesion", account.id, "ingreso_fallido", None,
                         {"bloqueada": account.bloqueado_hasta is not None})
            return SignIn(None, t("acceso.credenciales_invalidas"))
        if account.hash_clave and needs_rehash(account.hash_clave):
            account.hash_clave = hash_password(password)
        account.fallos, account.bloqueado_hasta, account.ultimo_ingreso = 0, None, now
        user = _as_user(session, account)
        if user is None:
            return SignIn(None, t("acceso.sin_roles", usuario=name))
        audit.record(session, user, "sesion", account.id, "ingreso", None, {"metodo": "cuenta"})
        return SignIn(user)


def user_named(engine: Engine, name: str) -> User | None:
    """The active account ``name`` (or with that e-mail, for OIDC) as a User; ``None`` if absent."""
    with Session(engine) as session:
        account = session.scalar(select(Account).where((Account.nombre == name) | (Account.email == name)))
        if account is None or not account.activo:
            return None
        return _as_user(session, account)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(engine: Engine, actor: User, name: str) -> str:
    """A new CLI token for ``name`` (an admin for anyone, a person for themself); shown once."""
    if actor.nombre != name:
        require(actor, MANAGE_USERS, None, name)
    token = "mapa_" + secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        account = _account(session, name)
        session.add(ApiToken(usuario_id=account.id, hash_token=_digest(token)))
        audit.record(session, actor, "usuario", account.id, "emitir_token", None, {"nombre": name})
    return token


def user_for_token(engine: Engine, token: str) -> User | None:
    with Session(engine) as session:
        row = session.scalar(select(ApiToken).where(ApiToken.hash_token == _digest(token),
                                                    ApiToken.revocado.is_(False)))
        if row is None:
            return None
        account = session.get(Account, row.usuario_id)
        if account is None or not account.activo:
            return None
        return _as_user(session, account)
