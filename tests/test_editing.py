"""Editing one organization: same validation as the import, rights, version, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.audit import fingerprint
from stakeholders.editing import (
    EditRejected,
    create_organization,
    current_values,
    deactivate_organization,
    history,
    update_organization,
)
from stakeholders.importing import import_file
from stakeholders.models import Organization
from stakeholders.repository import load_organizations
from tests.factories import org, valid_rows, write_csv

CENTRAL = User("central", "central")
VALPO = User("valpo", "regional", "05")
RM = User("rm", "regional", "13")


@pytest.fixture
def ids(engine: Engine, tmp_path: Path) -> dict[str, int]:
    import_file(engine, write_csv(tmp_path / "a.csv", valid_rows()), CENTRAL)
    return dict(load_organizations(engine)[["nombre", "id"]].itertuples(index=False))


def test_create_validates_like_the_import(engine: Engine) -> None:
    with pytest.raises(EditRejected) as err:
        create_organization(engine, org(nombre="", rut="76.123.456-1", comuna="Valparaizo", region=""), CENTRAL)
    fields = err.value.by_field()
    assert {"nombre", "rut", "comuna"} <= set(fields)
    assert "Valparaíso" in fields["comuna"][0]
    new_id = create_organization(engine, org(), CENTRAL, reason="alta manual")
    [entry] = history(engine, new_id).to_dict("records")
    assert entry["accion"] == "crear" and entry["usuario"] == "central" and entry["motivo"] == "alta manual"
    with pytest.raises(EditRejected, match="RUT|rut"):
        create_organization(engine, org(nombre="Otra"), CENTRAL)  # same RUT as an existing one


def test_update_increments_version_and_keeps_history(engine: Engine, ids: dict[str, int]) -> None:
    org_id = ids["Sindicato Portuario Uno"]
    assert update_organization(engine, org_id, {"n_miembros": "150", "email": "nuevo@sindicato.cl"}, VALPO,
                               reason="actualización de socios")
    assert not update_organization(engine, org_id, {"n_miembros": "150"}, VALPO)
    with engine.connect() as conn:
        row = conn.execute(select(Organization).where(Organization.id == org_id)).one()
    assert (row.n_miembros, row.version) == (150, 2)
    log = history(engine, org_id)
    assert log["accion"].tolist() == ["crear", "actualizar"]
    last = log.iloc[-1]
    # Contact data is kept in the log only as a fingerprint (erasable on request, Ley 19.628).
    assert last["antes"] == {"n_miembros": 120, "email": fingerprint("contacto@sindicato.cl")}
    assert last["despues"] == {"n_miembros": 150, "email": fingerprint("nuevo@sindicato.cl")}
    assert last["usuario"] == "valpo" and last["motivo"] == "actualización de socios"


def test_update_runs_validation(engine: Engine, ids: dict[str, int]) -> None:
    org_id = ids["Sindicato Portuario Uno"]
    with pytest.raises(EditRejected) as err:
        update_organization(engine, org_id, {"latitud": "-71.62", "longitud": "-33.045"}, CENTRAL)
    assert "invertidas" in str(err.value)
    with pytest.raises(EditRejected):
        update_organization(engine, org_id, {"rut": "65.000.001-3"}, CENTRAL)  # another org's RUT
    assert current_values(engine, org_id)["rut"] == "76123456-0"


def test_moving_to_another_commune_drops_old_coordinates(engine: Engine, ids: dict[str, int]) -> None:
    org_id = ids["Sindicato Portuario Uno"]
    assert update_organization(engine, org_id, {"comuna": "Viña del Mar"}, CENTRAL)
    values = current_values(engine, org_id)
    assert values["comuna"] == "05109" and values["ubicacion_aproximada"] == "sí"


def test_regional_user_outside_region_refused(engine: Engine, ids: dict[str, int]) -> None:
    with pytest.raises(PermissionError, match="rm"):
        update_organization(engine, ids["Sindicato Portuario Uno"], {"n_miembros": "1"}, RM)
    with pytest.raises(PermissionError):
        deactivate_organization(engine, ids["Confederación Nacional de Prueba"], VALPO, "no existe")
    with pytest.raises(PermissionError):  # moving an organization out of one's region
        update_organization(engine, ids["Sindicato Portuario Uno"], {"comuna": "Santiago", "region": ""}, VALPO)
    with pytest.raises(PermissionError):
        create_organization(engine, org(rut="", nombre="Nueva"), RM)
    with pytest.raises(PermissionError, match="lectura"):
        update_organization(engine, ids["Sindicato Portuario Uno"], {"n_miembros": "1"}, User("x", "lectura"))


def test_deactivate_keeps_the_row(engine: Engine, ids: dict[str, int]) -> None:
    org_id = ids["ONG Inclusión Laboral"]
    with pytest.raises(ValueError, match="motivo"):
        deactivate_organization(engine, org_id, RM, "")
    deactivate_organization(engine, org_id, RM, "cerró sus puertas")
    assert org_id not in load_organizations(engine)["id"].tolist()
    assert org_id in load_organizations(engine, include_inactive=True)["id"].tolist()
    log = history(engine, org_id)
    assert log["accion"].tolist() == ["crear", "desactivar"] and log.iloc[-1]["motivo"] == "cerró sus puertas"
