"""Auditoría page: only an admin sees the log; filters by user and entity narrow it; the chain checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.editing import create_organization
from tests.factories import hostile_names, org

PAGE = str(Path(__file__).resolve().parent.parent / "ui" / "auditoria.py")


@pytest.fixture
def page_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'ui.sqlite'}"
    engine = make_engine(url)
    marker = tmp_path / "ejecutado"
    create_organization(engine, org(nombre=hostile_names(marker)[0], rut=""), User("ana", "nivel_central"))
    create_organization(engine, org(nombre="Otra", rut="", email="", telefono=""), User("beto", "nivel_central"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    for name in ("MAPA_REGION", "MAPA_AUTENTICACION", "MAPA_ROL"):
        monkeypatch.delenv(name, raising=False)
    return marker


def test_admin_sees_filters_and_verifies(page_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_ROL", "admin")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and not at.error
    log = at.dataframe[0].value
    assert set(log["usuario"]) == {"ana", "beto"} and set(log["accion"]) == {"crear"}
    at.multiselect[0].select("beto").run()
    assert at.dataframe[0].value["usuario"].tolist() == ["beto"]
    at.button(key="auditoria_verificar").click().run()
    assert "2 entradas verificadas" in at.success[0].value
    assert not page_env.exists()


def test_other_roles_are_refused(page_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_ROL", "nivel_central")
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "Solo un administrador" in at.error[0].value.replace("\\", "")
    assert len(at.dataframe) == 0


APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_app_asks_to_sign_in_and_refuses_an_unsafe_proxy(page_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_AUTENTICACION", "cuentas")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Ingresar a Mapa de Actores" and len(at.text_input) == 2
    monkeypatch.setenv("MAPA_AUTENTICACION", "proxy")
    monkeypatch.delenv("MAPA_HEADER_USUARIO", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "MAPA\\_HEADER\\_USUARIO" in at.error[0].value and not at.title


def test_idle_session_expires_back_to_sign_in(page_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_AUTENTICACION", "cuentas")
    monkeypatch.setenv("MAPA_SESION_MINUTOS", "30")
    clock = [10_000.0]
    monkeypatch.setattr("ui.common.time.monotonic", lambda: clock[0])
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_usuario"] = User("ana", "nivel_central")
    at.session_state["_ultima_actividad"] = clock[0]
    at.run()
    titles = [x.value for x in at.title]
    assert not at.exception and "Ingresar a Mapa de Actores" not in titles  # still signed in: the Mapa page runs
    assert at.button(key="cerrar_sesion").label == "Cerrar sesión"
    clock[0] += 31 * 60
    at.run()
    assert at.title[0].value == "Ingresar a Mapa de Actores"
    assert "expiró" in at.info[0].value
