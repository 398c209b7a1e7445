"""Role × action × own/other region, through the service functions (no UI, no CLI in between).

Region 08 (Biobío) is "own" for the regional roles below; region 13 is "other". National bodies
located in Santiago belong to the central level, not to region 13.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from stakeholders.access import User
from stakeholders.auth.accounts import add_user
from stakeholders.councils.compose import compose
from stakeholders.councils.params import MODES, CouncilParams
from stakeholders.councils.records import list_proposals, save_proposal
from stakeholders.councils.synthetic import synthetic_pool
from stakeholders.editing import create_organization, deactivate_organization, update_organization
from stakeholders.importing import import_file
from stakeholders.repository import load_organizations
from tests.factories import org, write_csv

CONCEPCION = ("-36.8201", "-73.0444")
SANTIAGO = ("-33.4489", "-70.6693")

USERS = {
    "admin": User("adm", "admin"),
    "nivel_central": User("central", "nivel_central"),
    "director_regional": User("dr08", "director_regional", "08"),
    "planificador": User("plan08", "planificador", "08"),
    "lectura": User("lee", "lectura"),
}
# Expected outcome of each action: the roles allowed.
MATRIX = {
    "crear_org_propia": {"nivel_central", "director_regional"},
    "crear_org_otra": {"nivel_central"},
    "crear_org_nacional": {"nivel_central"},
    "editar_org_propia": {"nivel_central", "director_regional"},
    "editar_org_otra": {"nivel_central"},
    "editar_nacional_en_santiago": {"nivel_central"},
    "presencia_en_otras_regiones": {"nivel_central"},
    "guardar_propuesta_propia": {"planificador"},
    "guardar_propuesta_otra": set(),
    "crear_usuario": {"admin"},
}


def _biobio(**kw: str) -> dict[str, str]:
    return org(region="08", comuna="Concepción", latitud=CONCEPCION[0], longitud=CONCEPCION[1], **kw)


def _santiago(**kw: str) -> dict[str, str]:
    return org(region="13", comuna="Santiago", latitud=SANTIAGO[0], longitud=SANTIAGO[1], **kw)


@pytest.fixture
def seeded(engine: Engine, tmp_path) -> dict[str, int]:
    rows = [
        _biobio(nombre="Sindicato Biobío", rut="76.123.456-0"),
        _santiago(nombre="Sindicato Santiago", rut="65.000.001-3"),
        # A national body located in Santiago (like SENCE): region 13 does not own it.
        _santiago(nombre="Servicio Nacional de Prueba", rut="61.000.000-2", escala="nacional",
                  sector_tripartito="gobierno", tipo_actor="servicio_publico", email="", telefono=""),
    ]
    result = import_file(engine, write_csv(tmp_path / "seed.csv", rows), USERS["nivel_central"])
    assert not result.issues, result.issues
    return dict(load_organizations(engine)[["nombre", "id"]].itertuples(index=False))


@pytest.fixture(scope="module")
def proposal08():
    pool = synthetic_pool(60, seed=4, region_cut="08")
    return compose(pool, CouncilParams(), mode=MODES[0], seed=1, region_cut="08", region_nombre="Biobío")


def _attempt(action: str, user: User, engine: Engine, ids: dict[str, int], proposal) -> None:
    if action == "crear_org_propia":
        create_organization(engine, _biobio(nombre=f"Nueva Biobío {user.nombre}", rut="", email="", telefono=""), user)
    elif action == "crear_org_otra":
        create_organization(engine, _santiago(nombre=f"Nueva Santiago {user.nombre}", rut=""), user)
    elif action == "crear_org_nacional":
        create_organization(engine, _biobio(nombre=f"Nacional Nueva {user.nombre}", rut="", escala="nacional"), user)
    elif action == "editar_org_propia":
        update_organization(engine, ids["Sindicato Biobío"], {"n_miembros": "321"}, user)
    elif action == "editar_org_otra":
        update_organization(engine, ids["Sindicato Santiago"], {"n_miembros": "321"}, user)
    elif action == "editar_nacional_en_santiago":
        deactivate_organization(engine, ids["Servicio Nacional de Prueba"], user, "prueba")
    elif action == "presencia_en_otras_regiones":
        update_organization(engine, ids["Sindicato Biobío"], {"regiones_presencia": "08; 13; 05"}, user)
    elif action == "guardar_propuesta_propia":
        save_proposal(engine, proposal, user)
    elif action == "guardar_propuesta_otra":
        save_proposal(engine, dataclasses.replace(proposal, region_cut="13"), user)
    elif action == "crear_usuario":
        add_user(engine, user, f"nuevo.{user.nombre}", ["lectura"], password="una clave larga y buena")
    else:  # pragma: no cover
        raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_action_region_matrix(engine: Engine, seeded: dict[str, int], proposal08, action: str) -> None:
    outcome = {}
    for role, user in USERS.items():
        try:
            _attempt(action, user, engine, seeded, proposal08)
            outcome[role] = True
        except PermissionError as exc:
            assert user.nombre in str(exc)  # the Spanish message names who was refused
            outcome[role] = False
    assert {r for r, ok in outcome.items() if ok} == MATRIX[action]


def test_national_planner_and_several_regions(engine: Engine, proposal08) -> None:
    national = User("plan.nac", "planificador")
    save_proposal(engine, dataclasses.replace(proposal08, region_cut="13"), national)
    two = User("dr", grants=User("dr", "director_regional", "08").grants + User("dr", "director_regional", "16").grants)
    assert two.can_edit_region("08") and two.can_edit_region("16") and not two.can_edit_region("13")
    assert list_proposals(engine, "13")["autor"].tolist() == ["plan.nac"]


def test_regional_import_cannot_create_national_or_multi_region(engine: Engine, tmp_path) -> None:
    rows = [
        _biobio(nombre="Propia", rut=""),
        _biobio(nombre="Nacional Falsa", rut="", escala="nacional", regiones_presencia="13; 05; 16"),
        _biobio(nombre="Con presencia", rut="65.000.001-3", regiones_presencia="08; 13"),
    ]
    result = import_file(engine, write_csv(tmp_path / "r.csv", rows), USERS["director_regional"], partial=True)
    refused = {i.fila for i in result.issues if i.campo == "region"}
    assert refused == {3, 4}
    assert set(load_organizations(engine)["nombre"]) == {"Propia"}
