"""A regional user changes only their region; read-only users change nothing."""

from __future__ import annotations

import pytest

from stakeholders.access import User, check_can_edit, user_from_env


def test_central_edits_everything() -> None:
    check_can_edit(User("ana", "central"), "05", "una organización")
    check_can_edit(User("ana", "central"), None, "un organismo nacional")


def test_regional_user_limited_to_own_region() -> None:
    user = User("luis", "regional", "08")
    check_can_edit(user, "08", "una organización")
    with pytest.raises(PermissionError, match="región 08"):
        check_can_edit(user, "13", "una organización")
    with pytest.raises(PermissionError, match="nivel nacional"):
        check_can_edit(user, None, "un organismo nacional")


def test_read_only_user_refused() -> None:
    with pytest.raises(PermissionError, match="solo lectura"):
        check_can_edit(User("eva", "lectura"), "13", "una organización")


def test_invalid_roles_rejected() -> None:
    with pytest.raises(ValueError, match="Rol"):
        User("x", "superusuario")
    with pytest.raises(ValueError, match="MAPA_REGION"):
        User("x", "regional")


def test_user_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_USUARIO", "dr.nuble")
    monkeypatch.setenv("MAPA_REGION", "16")
    monkeypatch.delenv("MAPA_ROL", raising=False)
    user = user_from_env()
    assert (user.nombre, user.rol, user.region_cut) == ("dr.nuble", "director_regional", "16")
    monkeypatch.delenv("MAPA_REGION")
    owner = user_from_env()
    assert owner.roles == {"admin", "nivel_central", "planificador"}
