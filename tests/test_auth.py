"""Accounts, sign-in rate limit, CLI tokens, the first administrator, and start-up rules."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.auth import accounts
from stakeholders.auth.actor import cli_user
from stakeholders.auth.deployment import header_trusted, startup_problem
from stakeholders.auth.models import Account
from stakeholders.cli import main
from stakeholders.db import make_engine
from stakeholders.models import ChangeLog, utcnow

GOOD = "una clave larga y buena"


@pytest.fixture
def with_admin(engine: Engine) -> Engine:
    accounts.add_user(engine, None, "adm", ["admin"], password=GOOD)
    return engine


def test_first_admin_only_on_an_empty_database(with_admin: Engine) -> None:
    with pytest.raises(PermissionError, match="Ya hay un administrador"):
        accounts.add_user(with_admin, None, "otro", ["admin"], password=GOOD)
    with pytest.raises(PermissionError):
        accounts.add_user(with_admin, User("dr", "director_regional", "08"), "x", ["lectura"], password=GOOD)
    admin = accounts.authenticate(with_admin, "adm", GOOD).user
    assert admin is not None and admin.roles == {"admin"}
    accounts.add_user(with_admin, admin, "dr08", ["director_regional:08", "planificador:16"], password=GOOD)
    dr = accounts.authenticate(with_admin, "dr08", GOOD).user
    assert dr is not None and dr.can_edit_region("08") and not dr.can_edit_region("16")
    assert {(g.rol, g.region_cut) for g in dr.grants} == {("director_regional", "08"), ("planificador", "16")}


def test_passwords_hashed_with_argon2_and_policy(with_admin: Engine) -> None:
    with with_admin.connect() as conn:
        stored = conn.execute(select(Account.hash_clave).where(Account.nombre == "adm")).scalar()
    assert stored.startswith("$argon2id$") and GOOD not in stored
    admin = User("adm", "admin")
    with pytest.raises(ValueError, match="al menos 12"):
        accounts.add_user(with_admin, admin, "corto", ["lectura"], password="corta")
    with pytest.raises(ValueError, match="nombre de usuario"):
        accounts.add_user(with_admin, admin, "maria.perez", ["lectura"], password="xxmaria.perez2026xx")


def test_failed_sign_ins_lock_the_account_then_expire(with_admin: Engine) -> None:
    now = utcnow()
    for _ in range(accounts.MAX_FAILURES):
        assert accounts.authenticate(with_admin, "adm", "equivocada!!", now).user is None
    locked = accounts.authenticate(with_admin, "adm", GOOD, now + timedelta(minutes=1))
    assert locked.user is None and "Demasiados intentos" in (locked.message or "")
    later = now + timedelta(minutes=accounts.LOCK_MINUTES + 1)
    assert accounts.authenticate(with_admin, "adm", GOOD, later).user is not None
    unknown = accounts.authenticate(with_admin, "nadie", GOOD)
    assert unknown.user is None and unknown.message == accounts.authenticate(with_admin, "adm", "mal!!").message
    with with_admin.connect() as conn:
        actions = conn.execute(select(ChangeLog.accion).where(ChangeLog.entidad == "sesion")).scalars().all()
    assert actions.count("ingreso_fallido") == accounts.MAX_FAILURES + 2 and actions.count("ingreso") == 1


def test_tokens_identify_the_cli_user_and_revoke_on_disable(with_admin: Engine,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    admin = User("adm", "admin")
    accounts.add_user(with_admin, admin, "robot", ["planificador:08"], service=True)
    token = accounts.issue_token(with_admin, admin, "robot")
    monkeypatch.setenv("MAPA_AUTENTICACION", "cuentas")
    monkeypatch.setenv("MAPA_TOKEN", token)
    assert cli_user(with_admin).nombre == "robot"
    with pytest.raises(PermissionError, match="no coincide"):
        cli_user(with_admin, "adm")  # --usuario cannot borrow someone else's rights
    assert accounts.authenticate(with_admin, "robot", "").user is None  # service accounts have no password
    accounts.set_active(with_admin, admin, "robot", False)
    with pytest.raises(PermissionError, match="token"):
        cli_user(with_admin)
    monkeypatch.delenv("MAPA_TOKEN")
    with pytest.raises(PermissionError, match="MAPA_TOKEN"):
        cli_user(with_admin)


def test_user_add_command_creates_the_first_admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'u.sqlite'}"
    for name in ("MAPA_ROL", "MAPA_REGION", "MAPA_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAPA_AUTENTICACION", "cuentas")
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    assert main(["user", "add", "ana", "--rol", "director_regional:08", "--clave-stdin", "--db", db]) == 2
    assert "admin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    assert main(["user", "add", "ana", "--rol", "admin", "--clave-stdin", "--db", db]) == 0
    assert main(["user", "add", "beto", "--rol", "lectura", "--servicio", "--db", db]) == 2  # needs a token now
    assert "MAPA_TOKEN" in capsys.readouterr().err
    engine = make_engine(db)
    assert accounts.authenticate(engine, "ana", GOOD).user is not None


@pytest.mark.parametrize(("mode", "address", "header", "trusted", "refused"), [
    ("local", "127.0.0.1", None, None, False),
    ("local", "", None, None, True),  # every interface
    ("local", "0.0.0.0", None, None, True),
    ("cuentas", "0.0.0.0", None, None, False),
    ("cuentas", "0.0.0.0", "X-Remote-User", None, True),
    ("proxy", "127.0.0.1", "X-Remote-User", None, False),
    ("proxy", "10.0.0.5", "X-Remote-User", "10.0.0.1", False),
    ("proxy", "10.0.0.5", None, "10.0.0.1", True),
    ("ldap", "127.0.0.1", None, None, True),
])
def test_startup_rules(mode: str, address: str, header: str | None, trusted: str | None, refused: bool) -> None:
    problem = startup_problem(mode, address, header, trusted)
    assert (problem is not None) == refused
    if problem:
        assert any(word in problem for word in ("MAPA_", "127.0.0.1"))


def test_proxy_header_trusted_only_from_the_proxy() -> None:
    assert header_trusted(None, "127.0.0.1", None)
    assert not header_trusted("203.0.113.9", "127.0.0.1", None)
    assert header_trusted("10.0.0.1", "10.0.0.5", "10.0.0.1")
    assert not header_trusted("10.0.0.66", "10.0.0.5", "10.0.0.1")
