"""Each validation rule with a real bad row (pure: no database)."""

from __future__ import annotations

import pandas as pd
import pytest

from stakeholders.access import User
from stakeholders.registry.matching import existing_index
from stakeholders.registry.validation import validate_organizations
from stakeholders.registry.values import parse_count, parse_number
from tests.factories import NUNOA, SANTIAGO, org, valid_rows


def frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    out["_fila"] = range(2, len(out) + 2)
    return out


def issues_of(rows: list[dict[str, str]], **kw):
    return validate_organizations(frame(rows), **kw).issues


def only(issues, campo: str):
    found = [i for i in issues if i.campo == campo]
    assert found, f"sin problema en {campo}: {issues}"
    return found[0]


def test_valid_rows_pass_and_are_cleaned() -> None:
    result = validate_organizations(frame(valid_rows()))
    assert result.issues == []
    rec = result.records.set_index("nombre")
    assert rec.loc["Sindicato Portuario Uno", "rut"] == "76123456-0"
    assert rec.loc["Sindicato Portuario Uno", "comuna_cut"] == "05101"
    assert rec.loc["Sindicato Portuario Uno", "grupos_representados"] == ["mujeres", "jovenes"]
    assert rec.loc["Cámara de Comercio de Santiago", "tipo_actor"] == "camara"
    assert rec.loc["Cámara de Comercio de Santiago", "n_miembros"] == 1200
    ong = rec.loc["ONG Inclusión Laboral"]
    assert ong["sector_tripartito"] == "sociedad_civil"  # inferred from the actor type
    assert ong["region_cut"] == "13" and ong["ubicacion_aproximada"] and ong["latitud"] is not None
    assert rec.loc["Confederación Nacional de Prueba", "rut"] == "70000001-K"


def test_missing_name() -> None:
    issue = only(issues_of([org(nombre="")]), "nombre")
    assert issue.fila == 2 and "nombre" in issue.problema and issue.accion


def test_bad_sector_lists_allowed_values() -> None:
    issue = only(issues_of([org(sector_tripartito="sindicalistas")]), "sector_tripartito")
    assert "sindicalistas" in issue.problema
    for allowed in ("gobierno", "empleadores", "trabajadores", "sociedad_civil"):
        assert allowed in issue.problema


def test_actor_type_of_another_sector() -> None:
    issue = only(issues_of([org(sector_tripartito="empleadores", tipo_actor="sindicato")]), "tipo_actor")
    assert "empresa" in issue.problema  # the types of the declared sector are listed


def test_bad_rut_check_digit() -> None:
    issue = only(issues_of([org(rut="76.123.456-1")]), "rut")
    assert "debería ser 0" in issue.problema


def test_unknown_commune_with_suggestion() -> None:
    issue = only(issues_of([org(comuna="Valparaizo", region="")]), "comuna")
    assert "Valparaíso" in issue.problema


def test_coordinates_outside_chile() -> None:
    issue = only(issues_of([org(latitud="48.85", longitud="2.35")]), "latitud, longitud")
    assert "fuera de Chile" in issue.problema


def test_swapped_coordinates() -> None:
    issue = only(issues_of([org(latitud="-71.62", longitud="-33.045")]), "latitud, longitud")
    assert "invertidas" in issue.problema and "Intercambie" in issue.accion


def test_coordinates_contradicting_commune() -> None:
    issue = only(issues_of([org(latitud=SANTIAGO[0], longitud=SANTIAGO[1])]), "latitud, longitud")
    assert "Santiago" in issue.problema and "Valparaíso" in issue.problema


def test_region_contradicting_commune() -> None:
    issue = only(issues_of([org(region="Biobío")]), "region")
    assert "05" in issue.problema


def test_duplicate_rut_in_file() -> None:
    issues = issues_of([org(), org(nombre="Otro nombre")])
    issue = only(issues, "rut")
    assert issue.fila == 3 and "fila 2" in issue.problema


def test_duplicate_name_same_commune_in_file() -> None:
    rows = [org(rut=""), org(rut="", nombre="  SINDICATO portuario uno ")]
    issue = only(issues_of(rows), "nombre")
    assert issue.fila == 3 and "fila 2" in issue.problema
    # The same name in another commune is a different organization.
    other = org(rut="", comuna="Ñuñoa", region="", latitud=NUNOA[0], longitud=NUNOA[1])
    assert issues_of([org(rut=""), other]) == []


REGISTERED = [
    {"id": 1, "rut": "76123456-0", "id_externo": None, "nombre": "Sindicato Portuario Uno", "comuna_cut": "05101",
     "region_cut": "05"},
    {"id": 2, "rut": "99500000-8", "id_externo": "EXT-2", "nombre": "Empresa Dos", "comuna_cut": "05101",
     "region_cut": "05"},
    {"id": 3, "rut": None, "id_externo": "RSU-100", "nombre": "Sindicato Empresa Roble", "comuna_cut": None,
     "region_cut": "08"},
    {"id": 4, "rut": None, "id_externo": None, "nombre": "Junta de Vecinos Uno", "comuna_cut": "05101",
     "region_cut": "05"},
]


def match(**row: str) -> tuple[list, list, list]:
    result = validate_organizations(frame([org(**row)]), existing_index(pd.DataFrame(REGISTERED)))
    rec = result.records
    return [None if pd.isna(v) else int(v) for v in rec["match_id"]], rec["regla"].tolist(), result.issues


def test_matching_precedence_id_externo_rut_then_name() -> None:
    assert match() == ([1], ["rut"], [])
    assert match(rut="", id_externo="EXT-2", nombre="Otro nombre") == ([2], ["id_externo"], [])
    assert match(rut="99.500.000-8", id_externo="EXT-2") == ([2], ["id_externo"], [])
    # Name + commune only when neither side has a key.
    assert match(rut="", nombre="Junta de Vecinos Uno", tipo_actor="junta_vecinos", sector_tripartito="") == (
        [4], ["nombre_lugar"], [])
    # A registered name, but the registered one has a RUT and the row none: a new organization.
    assert match(rut="", nombre="Empresa Dos")[:2] == ([None], [None])


def test_matching_never_merges_different_keys() -> None:
    # RUT of organization 1 but id_externo of organization 2.
    ids, _, issues = match(id_externo="EXT-2")
    assert ids == [None] and "id 1" in only(issues, "rut").problema
    # id_externo of organization 2 but another RUT: never a silent RUT change.
    ids, _, issues = match(rut="11.111.111-1", id_externo="EXT-2")
    assert ids == [None] and "99500000-8" in only(issues, "rut").problema
    # RUT of organization 2 (which has id_externo EXT-2) with a new id_externo.
    ids, _, issues = match(rut="99.500.000-8", id_externo="EXT-9")
    assert ids == [None] and "EXT-2" in only(issues, "id_externo").problema
    # Same name, same region, no commune (union registry), new RSU number: a second union, with a note.
    result = validate_organizations(frame([org(rut="", id_externo="RSU-101", nombre="Sindicato Empresa Roble",
                                               escala="regional", region="Biobío", comuna="", latitud="",
                                               longitud="")]), existing_index(pd.DataFrame(REGISTERED)))
    assert result.issues == [] and result.records["match_id"].tolist() == [None]
    [remark] = result.notes
    assert "id 3" in remark.problema and "misma región" in remark.problema and "comuna" not in remark.problema[:60]


def test_same_name_in_file_is_two_organizations_when_keys_differ() -> None:
    rows = [org(rut="", id_externo="RSU-1", escala="regional", comuna="", latitud="", longitud=""),
            org(rut="", id_externo="RSU-2", escala="regional", comuna="", latitud="", longitud="")]
    assert issues_of(rows) == []
    keyless = [org(rut="", escala="regional", comuna="", latitud="", longitud="") for _ in range(2)]
    issue = only(issues_of(keyless), "nombre")
    assert "misma región" in issue.problema and "misma comuna" not in issue.problema


def test_other_rules() -> None:
    rows = [org(escala="planetaria"), org(rut="", nombre="B", rubro="Z"), org(rut="", nombre="C", email="no-es-correo"),
            org(rut="", nombre="D", n_miembros="doce"), org(rut="", nombre="E", grupos_representados="marcianos"),
            org(rut="", nombre="F", latitud="-33.045", longitud=""), org(rut="", nombre="G", genero_representante="Q"),
            org(rut="", nombre="H", tipo_actor="")]
    issues = issues_of(rows)
    got = {(i.fila, i.campo) for i in issues}
    assert got == {(2, "escala"), (3, "rubro"), (4, "email"), (5, "n_miembros"), (6, "grupos_representados"),
                   (7, "latitud, longitud"), (8, "genero_representante"), (9, "tipo_actor")}
    assert all(i.problema and i.accion for i in issues)


def test_local_without_commune_and_regional_without_region() -> None:
    rows = [org(comuna="", region="", latitud="", longitud=""),
            org(rut="", nombre="R", escala="regional", comuna="", region="", latitud="", longitud="")]
    assert {(i.fila, i.campo) for i in issues_of(rows)} == {(2, "comuna"), (3, "region")}


def test_regional_user_outside_region_is_refused() -> None:
    user = User("ana", "regional", "13")
    issue = only(issues_of([org()], user=user), "region")
    assert "ana" in issue.problema
    assert issues_of([org()], user=User("ana", "regional", "05")) == []


@pytest.mark.parametrize(("text", "value"), [("-33,45", -33.45), ("-33.45", -33.45), ("1.234,5", 1234.5),
                                             ("1,234.5", 1234.5), ("", None), ("\u221270,6", -70.6)])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_parse_count() -> None:
    assert parse_count("1.200") == 1200 and parse_count("12") == 12 and parse_count("120,0") == 120
    for bad in ("-3", "1,5", "doce"):
        with pytest.raises(ValueError):
            parse_count(bad)
