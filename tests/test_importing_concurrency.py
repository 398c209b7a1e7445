"""Concurrent writers on SQLite and PostgreSQL, in two processes: nothing lost, nothing duplicated.

An import is paused in a child process after it has read and validated the registry (just before
it locks the rows it will update); the test process meanwhile edits or imports. The change log must
always replay to the current value.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from stakeholders import editing
from stakeholders.access import User
from stakeholders.audit import CONTACT_FIELDS, fingerprint
from stakeholders.db import make_engine
from stakeholders.importing import import_file, pipeline
from stakeholders.models import ChangeLog, Organization
from stakeholders.registry import writes
from stakeholders.rut import format_rut
from tests.factories import org, write_csv

CENTRAL = User("central", "central")
CTX = mp.get_context("spawn")  # a fresh interpreter: no database connection shared with the test


def _child_import(url: str, path: str, user: str, ready: Any, go: Any, out: Any, pause: bool) -> None:
    """Import ``path`` as ``user``; with ``pause``, stop before the row locks until ``go`` is set."""
    real = pipeline.lock_versions

    def paused(session: Any, ids: Any) -> dict[int, int]:
        ready.set()
        go.wait(120)
        return real(session, ids)

    if pause:
        pipeline.lock_versions = paused  # type: ignore[assignment]  # the test's pause point
    else:
        ready.set()
        go.wait(120)
    engine = make_engine(url)
    try:
        result = import_file(engine, path, User(user))
        out.put({"written": result.written, "issues": [i.problema for i in result.issues],
                 "creadas": result.creadas, "actualizadas": result.actualizadas})
    except Exception as exc:  # noqa: BLE001 - the parent asserts on what the child saw
        out.put({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        engine.dispose()


def _start(engine: Engine, path: Path, user: str, *, pause: bool) -> tuple[Any, Any, Any, Any]:
    ready, go, out = CTX.Event(), CTX.Event(), CTX.Queue()
    url = engine.url.render_as_string(hide_password=False)
    proc = CTX.Process(target=_child_import, args=(url, str(path), user, ready, go, out, pause))
    proc.start()
    assert ready.wait(120), "the child import never got ready"
    return proc, go, out, ready


def _finish(proc: Any, out: Any) -> dict[str, Any]:
    result = out.get(timeout=180)
    proc.join(60)
    return result


def _log_replays(engine: Engine, org_id: int, field: str) -> tuple[Any, Any]:
    """(value after the last logged change of ``field``, current value)."""
    with engine.connect() as conn:
        logs = conn.execute(select(ChangeLog.despues).where(ChangeLog.entidad == "organizacion",
                                                            ChangeLog.entidad_id == org_id)
                            .order_by(ChangeLog.momento, ChangeLog.id)).scalars().all()
        current = conn.execute(select(getattr(Organization, field)).where(Organization.id == org_id)).scalar_one()
    last = next(entry[field] for entry in reversed(logs) if entry and field in entry)
    # Contact fields are logged as fingerprints (Ley 19.628): the log replays to the current value's.
    return last, current


def _same(logged: Any, current: Any, field: str) -> bool:
    return logged == (fingerprint(current) if field in CONTACT_FIELDS else current)


def test_edit_during_import_is_never_lost(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "base.csv", [org(telefono="ORIGINAL")]), CENTRAL)
    with engine.connect() as conn:
        org_id = conn.execute(select(Organization.id)).scalar_one()
    proc, go, out, _ = _start(engine, write_csv(tmp_path / "imp.csv", [org(telefono="IMPORT")]), "importador",
                              pause=True)
    edit_error: list[BaseException] = []

    def edit() -> None:
        try:
            editing.update_organization(engine, org_id, {"telefono": "EDIT"}, User("editora", "central"),
                                        expected_version=1)
        except editing.EditConflict as exc:
            edit_error.append(exc)

    worker = threading.Thread(target=edit)
    worker.start()
    worker.join(2)  # PostgreSQL: the edit commits now; SQLite: it waits for the import's write lock
    go.set()
    child = _finish(proc, out)
    worker.join(180)
    assert "error" not in child, child
    last, current = _log_replays(engine, org_id, "telefono")
    with engine.connect() as conn:
        version = conn.execute(select(Organization.version).where(Organization.id == org_id)).scalar_one()
        updates = conn.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.accion == "actualizar"))
    assert _same(last, current, "telefono") and version == 1 + updates == 2
    if engine.dialect.name == "postgresql":  # the edit won; the stale import wrote nothing and says why
        assert current == "EDIT" and not child["written"]
        assert any("editora" in problem for problem in child["issues"])
    else:  # SQLite serialises writers: the import won, the edit made on version 1 is refused
        assert current == "IMPORT" and child["written"]
        assert edit_error and "importador" in str(edit_error[0])


def test_two_imports_at_once_duplicate_nothing(engine: Engine, tmp_path: Path) -> None:
    rows = [org(rut="", nombre=f"Junta Vecinal {i}", tipo_actor="junta_vecinos", sector_tripartito="")
            for i in range(150)]
    rows += [org(rut=format_rut(60_000_000 + i), nombre=f"Empresa {i}",
                 tipo_actor="empresa", sector_tripartito="empleadores") for i in range(50)]
    path = write_csv(tmp_path / "mismo.csv", rows)
    first, go1, out1, _ = _start(engine, path, "uno", pause=False)
    second, go2, out2, _ = _start(engine, path, "dos", pause=False)
    go1.set()
    go2.set()
    results = [_finish(first, out1), _finish(second, out2)]
    assert all("error" not in r and r["written"] and not r["issues"] for r in results), results
    assert sorted(r["creadas"] for r in results) == [0, 200]
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Organization)) == 200


def test_writer_blocked_too_long_gets_a_spanish_message(engine: Engine, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(engine, write_csv(tmp_path / "base.csv", [org()]), CENTRAL)
    proc, go, out, _ = _start(engine, write_csv(tmp_path / "imp.csv", [org(telefono="IMPORT")]), "importador",
                              pause=True)
    monkeypatch.setattr(writes, "WRITE_WAIT_S", 1)
    try:
        with pytest.raises(writes.RegistryBusyError, match="ocupado"):
            editing.create_organization(engine, org(rut="", nombre="Nueva"), CENTRAL)
    finally:
        go.set()
        child = _finish(proc, out)
    assert child["written"], child

