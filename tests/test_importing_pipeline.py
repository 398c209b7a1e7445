"""Import runs on SQLite and PostgreSQL: all-or-nothing, partial, idempotent upsert, audit trail."""

from __future__ import annotations

import gc
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from stakeholders.access import User
from stakeholders.importing import ImportFileError, import_file, pipeline, validate_file, write_rejected
from stakeholders.models import ChangeLog, ImportBatch, Organization
from tests.factories import SANTIAGO, db_snapshot, org, registry_frame, valid_rows, write_csv

USER = User("importador")


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)))


def test_import_creates_then_reimport_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orgs.csv", valid_rows())
    first = import_file(engine, path, USER)
    assert first.ok and first.written and (first.creadas, first.actualizadas) == (4, 0)
    assert count(engine, ChangeLog) == 4 and count(engine, ImportBatch) == 1
    with engine.connect() as conn:
        row = conn.execute(select(Organization).where(Organization.rut == "76123456-0")).one()
    assert (row.fuente, row.importado_por, row.version) == ("orgs.csv", "importador", 1)
    assert row.importado_en is not None
    before = db_snapshot(engine)
    log_before = before["registro_cambios"]
    second = import_file(engine, path, USER)
    assert (second.creadas, second.actualizadas, second.sin_cambios) == (0, 0, 4)
    after = db_snapshot(engine)
    assert after["registro_cambios"] == log_before
    assert after["organizacion"] == before["organizacion"]


def test_update_by_rut_external_id_and_name(engine: Engine, tmp_path: Path) -> None:
    rows = valid_rows()
    rows[1]["n_miembros"] = "10"
    for r in rows:
        r["id_externo"] = ""
    rows[3]["id_externo"] = "CONF-1"
    import_file(engine, write_csv(tmp_path / "a.csv", rows), USER)
    rows[0]["n_miembros"] = "121"  # matched by RUT
    rows[1]["n_miembros"] = "11"  # no RUT: matched by name + commune
    rows[3]["rut"] = ""  # matched by id_externo
    rows[3]["n_miembros"] = "49999"
    result = import_file(engine, write_csv(tmp_path / "b.csv", rows), USER)
    assert (result.creadas, result.actualizadas, result.sin_cambios) == (0, 3, 1), result.issues
    with engine.connect() as conn:
        logs = conn.execute(select(ChangeLog).where(ChangeLog.accion == "actualizar")).all()
        versions = dict(conn.execute(select(Organization.nombre, Organization.version)).all())
    assert len(logs) == 3
    changed = {tuple(sorted(log.despues)) for log in logs}
    assert ("n_miembros",) in changed
    assert versions["Sindicato Portuario Uno"] == 2
    assert versions["ONG Inclusión Laboral"] == 1


def test_all_or_nothing_leaves_database_unchanged(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "base.csv", valid_rows()[:1]), USER)
    before = db_snapshot(engine)
    rows = valid_rows()
    rows[0]["n_miembros"] = "999"  # a valid update...
    rows[2]["rut"] = "65.000.001-9"  # ...and a bad check digit
    result = import_file(engine, write_csv(tmp_path / "bad.csv", rows), USER)
    assert not result.written and result.rechazadas == 1
    assert [(i.fila, i.campo) for i in result.issues] == [(4, "rut")]
    assert db_snapshot(engine) == before


def test_partial_mode_and_fixed_rejected_file(engine: Engine, tmp_path: Path) -> None:
    rows = valid_rows()
    rows[1]["comuna"] = "Santiago Centroo"
    rows[3]["sector_tripartito"] = "patronal"
    result = import_file(engine, write_csv(tmp_path / "p.csv", rows), USER, partial=True)
    assert result.written and result.creadas == 2 and result.rechazadas == 2
    rejected = result.rejected_frame()
    assert rejected["nombre"].tolist() == ["Cámara de Comercio de Santiago", "Confederación Nacional de Prueba"]
    assert "comuna" in rejected["error"].iloc[0] and "patronal" in rejected["error"].iloc[1]
    # The user fixes the rejected file and imports it again (the error column is ignored).
    fixed_path = tmp_path / "rechazadas.csv"
    write_rejected(result, fixed_path)
    fixed = pd.read_csv(fixed_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    fixed.loc[0, "comuna"] = "Santiago"
    fixed.loc[1, "sector_tripartito"] = "trabajadores"
    fixed.to_csv(fixed_path, index=False)
    again = import_file(engine, fixed_path, USER)
    assert again.ok and again.creadas == 2
    assert count(engine, Organization) == 4


def test_dry_run_reports_namesakes_as_notes(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), USER)
    before = db_snapshot(engine)
    # Same name and commune as a registered organization but another RUT: another organization (a note).
    namesake = org(rut="11.111.111-1", nombre="ONG Inclusión Laboral", tipo_actor="ong", sector_tripartito="",
                   comuna="Ñuñoa", region="", latitud="", longitud="")
    result = validate_file(engine, write_csv(tmp_path / "b.csv", [namesake]), USER)
    assert result.issues == [] and (result.creadas, result.actualizadas) == (1, 0)
    [remark] = result.notes
    assert remark.nivel == "aviso" and "misma comuna" in remark.problema and "distinta" in remark.problema
    assert db_snapshot(engine) == before


def test_regional_user_cannot_import_other_regions(engine: Engine, tmp_path: Path) -> None:
    user = User("ana", "regional", "05")
    result = import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), user, partial=True)
    assert result.creadas == 1  # only the Valparaíso organization
    assert {i.fila for i in result.issues} == {3, 4, 5}


def test_missing_required_column_is_unusable(tmp_path: Path, engine: Engine) -> None:
    frame = pd.DataFrame(valid_rows()).drop(columns=["tipo_actor"])
    path = tmp_path / "x.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ImportFileError, match="tipo_actor"):
        import_file(engine, path, USER)


def test_relationships_and_participation(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, write_csv(tmp_path / "orgs.csv", valid_rows()), USER)
    rels = [
        {"origen_rut": "76.123.456-0", "destino_rut": "70000001-K", "tipo": "Afiliación", "peso": "1"},
        {"origen_nombre": "Cámara de Comercio de Santiago", "origen_comuna": "Santiago", "destino_rut": "65000001-3",
         "tipo": "alianza", "peso": "2,5", "desde": "01-03-2022"},
        {"origen_rut": "76.123.456-0", "destino_rut": "99.999.999-9", "tipo": "alianza"},
    ]
    result = import_file(engine, write_csv(tmp_path / "rel.csv", rels), USER, partial=True)
    assert result.creadas == 2 and [(i.fila, i.campo) for i in result.issues] == [(4, "destino_rut")]
    again = import_file(engine, write_csv(tmp_path / "rel2.csv", rels[:2]), USER)
    assert (again.creadas, again.sin_cambios) == (0, 2), again.issues

    spaces = [{"espacio": "Consejo Regional de Capacitación", "tipo": "consejo", "region": "Valparaíso"}]
    assert import_file(engine, write_csv(tmp_path / "esp.csv", spaces), USER).creadas == 1
    members = [{"espacio": "Consejo Regional de Capacitación", "espacio_region": "05",
                "organizacion_rut": "76123456-0", "rol": "integrante", "desde": "2023-01-01"}]
    assert import_file(engine, write_csv(tmp_path / "mem.csv", members), USER).creadas == 1
    attendance = [{"espacio": "Consejo Regional de Capacitación", "espacio_region": "05", "evento": "Sesión 1",
                   "fecha": "2023-04-12", "organizacion_rut": "76123456-0"},
                  {"espacio": "Consejo Regional de Capacitación", "espacio_region": "05", "evento": "Sesión 1",
                   "fecha": "2023-04-12", "organizacion_id_externo": "",
                   "organizacion_nombre": "Cámara de Comercio de Santiago", "organizacion_comuna": "Santiago"}]
    result = import_file(engine, write_csv(tmp_path / "asis.csv", attendance), USER)
    assert result.ok and result.creadas == 2
    from stakeholders.repository import load_attendance, load_memberships, load_relationships

    assert len(load_relationships(engine)) == 2
    assert load_memberships(engine)["espacio"].tolist() == ["Consejo Regional de Capacitación"]
    assert len(load_attendance(engine)) == 2
    assert import_file(engine, write_csv(tmp_path / "asis2.csv", attendance), USER).sin_cambios == 2


def test_workbook_with_organizations_and_relationships(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "libro.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame(valid_rows()).to_excel(writer, sheet_name="organizaciones", index=False)
        pd.DataFrame([{"origen_rut": "76123456-0", "destino_rut": "70000001-K", "tipo": "afiliacion"},
                      {"origen_rut": "76123456-0", "destino_rut": "1-9", "tipo": "afiliacion"}]).to_excel(
            writer, sheet_name="relaciones", index=False)
    result = import_file(engine, path, USER)
    assert not result.written and [(i.hoja, i.fila) for i in result.issues] == [("relaciones", 3)]
    assert count(engine, Organization) == 0  # all-or-nothing across sheets
    result = import_file(engine, path, USER, partial=True)
    assert result.creadas == 5


def test_point_far_from_declared_commune_is_rejected(engine: Engine, tmp_path: Path) -> None:
    bad = org(latitud=SANTIAGO[0], longitud=SANTIAGO[1])
    result = import_file(engine, write_csv(tmp_path / "a.csv", [bad]), USER)
    assert [i.campo for i in result.issues] == ["latitud, longitud"]
    assert registry_frame(engine).empty


def test_import_hands_the_garbage_collector_back_as_it_found_it(engine: Engine, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects alive before an import are frozen while it runs (the collector's full passes skip
    them) and unfrozen after it, also when it fails; a process's own freeze is left as it is."""
    seen: list[int] = []
    real = pipeline.validate_organizations

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "validate_organizations", spy)
    assert gc.get_freeze_count() == 0
    assert import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), USER).written
    assert seen and seen[0] > 0 and gc.get_freeze_count() == 0
    bad = valid_rows()
    bad[0]["tipo_actor"] = "no existe"
    assert not import_file(engine, write_csv(tmp_path / "b.csv", bad), USER).written  # rolled back
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        seen.clear()
        import_file(engine, write_csv(tmp_path / "c.csv", valid_rows()), USER)
        # Not frozen again (more objects), nor unfrozen (0) by the import; a few frozen ones freed.
        assert len(seen) == 1 and 0 < seen[0] <= frozen and 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
