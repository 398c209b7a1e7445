"""The change log and saved proposals are append-only and tamper-evident; backups keep them so.

Runs on SQLite and PostgreSQL (``engine`` fixture). "Tampering" uses the owner's rights (the
triggers are dropped first), which is exactly what the hash chain must still reveal.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select, text

from stakeholders import audit
from stakeholders.access import User
from stakeholders.backup import backup, restore
from stakeholders.bulk import insert_columns
from stakeholders.cli import main
from stakeholders.db import make_engine, session_scope
from stakeholders.editing import create_organization, update_organization
from stakeholders.importing import import_file
from stakeholders.models import ChangeLog
from stakeholders.privacy import erase_contact
from stakeholders.repository import load_organizations
from tests.factories import db_snapshot, org, valid_rows, write_csv

CENTRAL = User("central", "nivel_central")
ADMIN = User("adm", "admin")


@pytest.fixture
def logged(engine: Engine, tmp_path: Path) -> Engine:
    import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), CENTRAL)
    org_id = create_organization(engine, org(nombre="Sindicato Dos", rut=""), CENTRAL, reason="alta")
    update_organization(engine, org_id, {"n_miembros": "99"}, CENTRAL)
    return engine


def _rewrite_as_owner(engine: Engine, sql: str) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER registro_cambios_sin_update"))
            conn.execute(text("DROP TRIGGER registro_cambios_sin_delete"))
        else:
            conn.execute(text("ALTER TABLE registro_cambios DISABLE TRIGGER USER"))
        conn.execute(text(sql))


@pytest.mark.parametrize("sql", [
    "UPDATE registro_cambios SET usuario = 'Ministra'",
    "DELETE FROM registro_cambios",
    "INSERT OR REPLACE INTO registro_cambios (id, entidad, accion, usuario, momento) "
    "VALUES (1, 'x', 'x', 'Ministra', '2026-01-01')",
    "TRUNCATE registro_cambios",
    "TRUNCATE propuesta_consejo",
    "INSERT OR REPLACE INTO propuesta_consejo (id, region_cut, numero, modo, parametros, hash_datos, autor, "
    "creado_en, resultado) VALUES (1, '08', 1, 'x', '{}', 'h', 'Ministra', '2026-01-01', '{}')",
])
def test_log_and_proposals_refuse_rewrites(logged: Engine, sql: str) -> None:
    sqlite_only = "OR REPLACE" in sql
    if sqlite_only != (logged.dialect.name == "sqlite") and ("TRUNCATE" in sql or sqlite_only):
        pytest.skip("statement of the other dialect")
    if "propuesta_consejo" in sql and "REPLACE" in sql:
        with logged.begin() as conn:  # a saved proposal to overwrite
            conn.execute(text(sql.replace("OR REPLACE ", "")))
    before = audit.verify(logged)
    with pytest.raises(Exception, match="solo admite agregar|inmutable"), logged.begin() as conn:
        conn.execute(text(sql))
    assert audit.verify(logged) == before and before.ok


def test_chain_verifies_and_reveals_an_owner_rewrite(logged: Engine) -> None:
    report = audit.verify(logged)
    assert report.ok and report.entries >= 3
    with logged.connect() as conn:
        target = conn.execute(select(ChangeLog.id).where(ChangeLog.accion == "actualizar")).scalar()
    _rewrite_as_owner(logged, f"UPDATE registro_cambios SET usuario = 'Ministra' WHERE id = {target}")
    assert audit.verify(logged).broken_at == [target]


def test_deleting_a_middle_entry_breaks_the_next_link(logged: Engine) -> None:
    with logged.connect() as conn:
        ids = conn.execute(select(ChangeLog.id).order_by(ChangeLog.id)).scalars().all()
    _rewrite_as_owner(logged, f"DELETE FROM registro_cambios WHERE id = {ids[1]}")
    assert audit.verify(logged).broken_at == [ids[2]]


def test_contact_data_never_in_clear_in_the_log_and_erasable(logged: Engine) -> None:
    orgs = load_organizations(logged)
    org_id = int(orgs.loc[orgs["nombre"] == "Sindicato Portuario Uno", "id"].iloc[0])
    with logged.connect() as conn:
        dump = " ".join(str(r) for r in conn.execute(select(ChangeLog.antes, ChangeLog.despues)).all())
    assert "contacto@sindicato.cl" not in dump and "1234 5678" not in dump
    with pytest.raises(PermissionError):
        erase_contact(logged, org_id, User("dr13", "director_regional", "13"), "solicitud del titular")
    assert erase_contact(logged, org_id, User("dr05", "director_regional", "05"), "solicitud del titular 2026-11-27")
    row = load_organizations(logged).set_index("id").loc[org_id]
    assert pd.isna(row["email"]) and pd.isna(row["telefono"]) and row["nombre"] == "Sindicato Portuario Uno"
    assert audit.verify(logged).ok


def test_backup_restore_keeps_registry_and_a_verifying_log(logged: Engine, tmp_path: Path, db_url: str) -> None:
    path = tmp_path / "respaldo.zip"
    counts = backup(logged, ADMIN, path)
    assert counts["organizacion"] == 5 and counts["registro_cambios"] >= 4
    with pytest.raises(PermissionError):
        backup(logged, CENTRAL, tmp_path / "otro.zip")
    if logged.dialect.name == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'restaurada.sqlite'}"
    else:
        target_url = db_url.rsplit("/", 1)[0] + "/" + _new_pg_database(db_url)
    target = make_engine(target_url)
    restore(target, "dba", path)
    assert audit.verify(target).ok
    source, copy = db_snapshot(logged), db_snapshot(target)
    for table in ("organizacion", "propuesta_consejo", "usuario", "relacion"):
        assert copy[table] == source[table], table
    # the restored log holds every backed-up entry unchanged (ids, hashes), then the restore's own
    n = len(source["registro_cambios"])
    assert copy["registro_cambios"][:n] == source["registro_cambios"] and len(copy["registro_cambios"]) == n + 1
    with pytest.raises(ValueError, match="no está vacía"):
        restore(target, "dba", path)
    target.dispose()


def _new_pg_database(db_url: str) -> str:
    from sqlalchemy import create_engine

    admin = create_engine(db_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE restaurada TEMPLATE template_mapa"))
    admin.dispose()
    return "restaurada"


def test_audit_verify_and_backup_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("MAPA_ROL", "MAPA_REGION", "MAPA_TOKEN", "MAPA_AUTENTICACION"):
        monkeypatch.delenv(name, raising=False)
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    engine = make_engine(db)
    import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), CENTRAL)
    assert main(["audit", "verify", "--db", db]) == 0
    assert "íntegro" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "r.zip"), "--db", db]) == 0
    assert main(["restore", str(tmp_path / "r.zip"), "--db", f"sqlite:///{tmp_path / 'nueva.sqlite'}"]) == 0
    _rewrite_as_owner(engine, "UPDATE registro_cambios SET motivo = 'otro' WHERE id = 1")
    assert main(["audit", "verify", "--db", db]) == 1
    assert "fue alterado" in capsys.readouterr().err
    monkeypatch.setenv("MAPA_ROL", "lectura")
    assert main(["audit", "verify", "--db", db]) == 2


def test_bulk_path_runs_the_log_guard_on_every_row(logged: Engine) -> None:
    """The bulk path (staged INSERT … SELECT on SQLite, COPY on PostgreSQL) is refused like any
    other insert that would reuse a log row's id: the guard is not skipped for speed."""
    with logged.connect() as conn:
        first = conn.execute(select(ChangeLog.id).order_by(ChangeLog.id).limit(1)).scalar_one()
    before = audit.verify(logged)
    row = {"entidad": "organizacion", "accion": "crear", "usuario": "Ministra",
           "momento": datetime(2026, 1, 1, tzinfo=UTC), "hash_anterior": "0" * 64, "hash": "f" * 64}
    columns = {"id": [first + 10_000, first], **row}  # the second row would overwrite the first entry
    expected = "solo admite agregar" if logged.dialect.name == "sqlite" else "duplicate key"
    with pytest.raises(Exception, match=expected), session_scope(logged) as session:
        insert_columns(session, ChangeLog.__table__, columns, 2)
    assert audit.verify(logged) == before and before.ok
