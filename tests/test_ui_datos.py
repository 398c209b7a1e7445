"""The "Datos" page (streamlit AppTest): validation report, import, templates, export, edit form, history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.editing import create_organization, update_organization
from stakeholders.repository import load_organizations
from tests.factories import valid_rows

PAGE = str(Path(__file__).resolve().parents[1] / "ui" / "datos.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'ui.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    monkeypatch.setenv("MAPA_USUARIO", "prueba")
    monkeypatch.setenv("MAPA_ROL", "central")
    monkeypatch.delenv("MAPA_REGION", raising=False)
    return url


def run(at: AppTest) -> AppTest:
    at.run(timeout=60)
    assert not at.exception, at.exception
    return at


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False, sep=";").encode("cp1252")


def test_upload_report_and_import(db: str) -> None:
    rows = valid_rows()
    rows[1]["rut"] = "76.123.456-1"
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["datos_subida"] = {"name": "actores.csv", "data": csv_bytes(rows)}
    run(at)
    report = next(d.value for d in at.dataframe if "campo" in d.value.columns)
    assert report["fila"].tolist() == [3] and report["campo"].tolist() == ["rut"]
    assert "dígito verificador" in report["problema"].iloc[0]
    assert any("Descargar reporte" in b.label for b in at.get("download_button"))
    # All-or-nothing: nothing written.
    at.button(key="datos_importar").click()
    run(at)
    assert any("No se importó nada" in w.value for w in at.warning)
    assert load_organizations(make_engine(db)).empty
    # Partial: three rows written, the rejected one downloadable.
    at.radio(key="datos_modo").set_value("parcial")
    at.button(key="datos_importar").click()
    run(at)
    assert len(load_organizations(make_engine(db))) == 3
    assert any("rechazadas" in b.label for b in at.get("download_button"))


def test_edit_form_errors_per_field_and_history(db: str) -> None:
    at = run(AppTest.from_file(PAGE, default_timeout=60))
    row = valid_rows()[0]
    # Fixed vocabularies are select boxes (ids), the rest typed.
    chosen = {"sector_tripartito": "trabajadores", "tipo_actor": "sindicato", "escala": "local", "region": "05",
              "rubro": "H", "genero_representante": "F"}
    for name, value in chosen.items():
        at.selectbox(key=f"datos_f_None_{name}").set_value(value)
    at.multiselect(key="datos_f_None_grupos_representados").set_value(["mujeres", "jovenes"])
    typed = {k: v for k, v in row.items() if k not in chosen and k != "grupos_representados"}
    typed |= {"rut": "76.123.456-1", "comuna": "Valparaizo"}
    for name, value in typed.items():
        at.text_input(key=f"datos_f_None_{name}").set_value(value)
    at.get("form_submit_button")[0].click()
    run(at)
    errors = " ".join(e.value for e in at.error)
    assert "debería ser 0" in errors and "Valparaíso" in errors
    assert load_organizations(make_engine(db)).empty
    at.text_input(key="datos_f_None_rut").set_value("76.123.456-0")
    at.text_input(key="datos_f_None_comuna").set_value("Valparaíso")
    at.text_input(key="datos_motivo_None").set_value("alta de prueba")
    at.get("form_submit_button")[0].click()
    run(at)
    orgs = load_organizations(make_engine(db))
    assert orgs["nombre"].tolist() == ["Sindicato Portuario Uno"]
    assert (orgs["sector_tripartito"].iloc[0], orgs["region_cut"].iloc[0]) == ("trabajadores", "05")
    assert sorted(orgs["grupos_representados"].iloc[0]) == ["jovenes", "mujeres"]
    org_id = int(orgs["id"].iloc[0])
    at.selectbox(key="datos_org").set_value(org_id)
    run(at)
    at.text_input(key=f"datos_f_{org_id}_n_miembros").set_value("130")
    at.get("form_submit_button")[0].click()
    run(at)
    assert int(load_organizations(make_engine(db))["n_miembros"].iloc[0]) == 130
    history = at.dataframe[-1].value
    assert history["accion"].tolist() == ["crear", "actualizar"]


def test_templates_and_export(db: str) -> None:
    at = run(AppTest.from_file(PAGE, default_timeout=60))
    labels = [b.label for b in at.get("download_button")]
    assert "Descargar plantilla CSV" in labels and "Descargar plantilla XLSX" in labels
    at.selectbox(key="datos_formato").set_value("geojson")
    at.button(key="datos_preparar").click()
    run(at)
    assert any(b.label == "Descargar GeoJSON" for b in at.get("download_button"))


def test_column_mapping_step_maps_a_raw_registry_file_and_remembers_it(db: str) -> None:
    raw = ("Región;RSU;Nombre Sindicato;Tipo Sindicato;Socios;Socias;Inspección\n"
           "8;08010101;SINDICATO UNO;SINDICATO EMPRESA;40;12;IPT CONCEPCION\n"
           "8;08010102;SINDICATO UNO;SINDICATO EMPRESA;25;30;IPT CONCEPCION\n").encode("cp1252")
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["datos_subida"] = {"name": "sindicatos.csv", "data": raw}
    run(at)
    preview = at.dataframe[0].value
    assert list(preview.columns)[:3] == ["Región", "RSU", "Nombre Sindicato"] and len(preview) == 2
    boxes = [b for b in at.selectbox if b.key and b.key.startswith("datos_mapeo_") and "_const_" not in b.key
             and "_val_" not in b.key]
    by_header = dict(zip(["Región", "RSU", "Nombre Sindicato", "Tipo Sindicato", "Socios", "Socias", "Inspección"],
                         boxes, strict=True))
    assert by_header["Socios"].value == by_header["Socias"].value == "n_miembros"
    assert (by_header["RSU"].value, by_header["Nombre Sindicato"].value) == ("id_externo", "nombre")
    assert by_header["Inspección"].value == ""  # an office, not a commune: not used unless the user says so
    by_header["Tipo Sindicato"].set_value("tipo_actor")
    run(at)
    [escala] = [b for b in at.selectbox if b.key and b.key.endswith("_const_escala")]
    escala.set_value("local")
    [kind] = [b for b in at.selectbox if b.key and "_val_tipo_actor_" in b.key]
    kind.set_value("sindicato")
    run(at)
    at.button(key="datos_mapeo_guardar").click()
    run(at)
    at.button(key="datos_importar").click()
    run(at)
    orgs = load_organizations(make_engine(db))
    assert sorted(orgs["id_externo"]) == ["08010101", "08010102"] and sorted(orgs["n_miembros"]) == [52, 55]
    # A second file with the same headers maps itself.
    again = AppTest.from_file(PAGE, default_timeout=60)
    again.session_state["datos_subida"] = {"name": "otro.csv", "data": raw}
    run(again)
    assert any(b.value == "id_externo" for b in again.selectbox if b.key and b.key.startswith("datos_mapeo_"))


def _one_organization(db: str) -> int:
    run(AppTest.from_file(PAGE, default_timeout=60))  # creates the registry
    return create_organization(make_engine(db), valid_rows()[0], User("central.ana", "central"))


def test_stale_edit_form_is_refused_naming_who_changed_it(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sessions open the same organization; the second one to save, on the old version, is refused."""
    org_id = _one_organization(db)
    first, second = (AppTest.from_file(PAGE, default_timeout=60) for _ in range(2))
    for at in (first, second):
        run(at)
        at.selectbox(key="datos_org").set_value(org_id)
        run(at)
    monkeypatch.setenv("MAPA_USUARIO", "otra.persona")
    second.text_input(key=f"datos_f_{org_id}_n_miembros").set_value("130")
    second.get("form_submit_button")[0].click()
    run(second)
    monkeypatch.setenv("MAPA_USUARIO", "prueba")
    first.text_input(key=f"datos_f_{org_id}_n_miembros").set_value("999")
    first.get("form_submit_button")[0].click()
    run(first)
    errors = " ".join(e.value for e in first.error).replace("\\", "")  # shown Markdown-escaped
    assert "fue modificada por otra.persona" in errors and "no se sobrescribió" in errors
    assert int(load_organizations(make_engine(db))["n_miembros"].iloc[0]) == 130
    # The form reloaded the current values and version: saving again now applies.
    assert first.text_input(key=f"datos_f_{org_id}_n_miembros").value == "130"
    first.text_input(key=f"datos_f_{org_id}_n_miembros").set_value("999")
    first.get("form_submit_button")[0].click()
    run(first)
    assert int(load_organizations(make_engine(db))["n_miembros"].iloc[0]) == 999


def test_stale_deactivation_is_refused(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    org_id = _one_organization(db)
    at = run(AppTest.from_file(PAGE, default_timeout=60))
    at.selectbox(key="datos_org").set_value(org_id)
    run(at)
    update_organization(make_engine(db), org_id, {"n_miembros": "77"}, User("otra.persona", "central"))
    at.text_input(key=f"datos_motivo_baja_{org_id}").set_value("cerró")
    at.button(key=f"datos_baja_{org_id}").click()
    run(at)
    assert "fue modificada por otra.persona" in " ".join(e.value for e in at.error).replace("\\", "")
    assert len(load_organizations(make_engine(db))) == 1  # still active
