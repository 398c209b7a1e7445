"""A shared PostgreSQL deployment as an agency's DBA sets it up: owner role, app role, PostGIS.

Also: an unexpected error on a page shows a Spanish message with an error id, never a traceback.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from stakeholders.access import User
from stakeholders.append_only import app_role_grants
from stakeholders.db import make_engine
from stakeholders.editing import create_organization
from stakeholders.errors import DeploymentError
from tests.factories import org


def _admin(server):
    return create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")


def _as(server, role: str, db: str) -> str:
    return server.url(db).replace("postgres@", f"{role}:clave@", 1)


def test_missing_postgis_tells_the_dba_what_to_run(postgres_server) -> None:
    admin = _admin(postgres_server)
    with admin.connect() as conn:
        conn.execute(text("CREATE ROLE dueno_sin_postgis LOGIN PASSWORD 'clave' NOSUPERUSER"))
        conn.execute(text("CREATE DATABASE sin_postgis OWNER dueno_sin_postgis TEMPLATE template0"))
    admin.dispose()
    with pytest.raises(DeploymentError) as err:
        make_engine(_as(postgres_server, "dueno_sin_postgis", "sin_postgis"))
    message = str(err.value)
    assert "CREATE EXTENSION postgis" in message and "sin_postgis" in message
    assert "Traceback" not in message and "sqlalchemy" not in message.lower()


def test_app_role_cannot_rewrite_the_log_or_proposals(postgres_server) -> None:
    admin = _admin(postgres_server)
    with admin.connect() as conn:
        conn.execute(text("CREATE ROLE dueno LOGIN PASSWORD 'clave' NOSUPERUSER"))
        conn.execute(text("CREATE ROLE mapa_app LOGIN PASSWORD 'clave' NOSUPERUSER"))
        conn.execute(text("CREATE DATABASE mapa_prod OWNER dueno TEMPLATE template_mapa"))
    admin.dispose()
    owner = make_engine(_as(postgres_server, "dueno", "mapa_prod"))  # the owner migrates
    with owner.begin() as conn:
        for sql in app_role_grants("mapa_app"):
            conn.execute(text(sql))
    owner.dispose()
    app = make_engine(_as(postgres_server, "mapa_app", "mapa_prod"))  # schema current: no DDL needed
    create_organization(app, org(), User("central", "nivel_central"))  # ordinary writes work
    for sql in ("UPDATE registro_cambios SET usuario = 'Ministra'", "DELETE FROM registro_cambios",
                "TRUNCATE registro_cambios", "TRUNCATE propuesta_consejo", "DELETE FROM propuesta_consejo"):
        with pytest.raises(Exception, match="permission denied|permiso denegado"), app.begin() as conn:
            conn.execute(text(sql))
    app.dispose()


def _failing_page() -> None:
    from ui.common import run_page

    class Page:
        url_path = "prueba"

        def run(self) -> None:
            raise KeyError("/srv/app/secret.py SELECT * FROM usuario")

    run_page(Page())


def test_unexpected_errors_show_an_id_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAPA_ENTORNO", raising=False)
    at = AppTest.from_function(_failing_page, default_timeout=30).run()
    assert not at.exception
    [error] = at.error
    assert re.search(r"código [0-9a-f]{8}", error.value)
    assert "secret.py" not in error.value and "SELECT" not in error.value


def test_cli_reports_a_deployment_problem_in_spanish(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from stakeholders import cli

    def broken(_url: object = None) -> None:
        raise DeploymentError("Pida al DBA que ejecute: CREATE EXTENSION postgis;")

    monkeypatch.setattr("stakeholders.admin_cli.make_engine", broken)
    assert cli.main(["audit", "verify"]) == 2
    assert "CREATE EXTENSION postgis" in capsys.readouterr().err
