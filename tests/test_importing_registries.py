"""Files shaped like the public registries users load first, each imported without loss.

Small hand-made files with the layout and quirks of the Dirección del Trabajo's union registry
(region number, RSU number, Socios/Socias, inspection office, employer's RUT, no commune) and of
MINEDUC's school directory (``;``, decimal commas, upper-case accented communes, region
abbreviations, rows without coordinates). No third-party data is shipped.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.importing import import_file, validate_file, write_rejected
from stakeholders.importing.mapping import ColumnMapping, apply_columns, distinct_values, layout_key, propose
from stakeholders.models import Organization
from stakeholders.repository import load_organizations, needs_commune, region_level_counts

USER = User("equipo_biobio", "central")

UNIONS = (
    "Región;RSU;Nombre Sindicato;Estado;Tipo Sindicato;Socios;Socias;Teléfono;Correo;Dirección;"
    "Fecha Constitución;Inspección;Rut Empresa;Nombre Empresa\r\n"
    "8;08010101;SINDICATO DE TRABAJADORES EMPRESA FORESTAL EL ROBLE;ACTIVO;SINDICATO EMPRESA;40;12;412345678;"
    "sind1@ejemplo.cl;Camino a Lota 123;2021-03-04;IPT CONCEPCION;76.123.456-0;FORESTAL EL ROBLE S.A.\r\n"
    "8;08010102;SINDICATO DE TRABAJADORES EMPRESA FORESTAL EL ROBLE;ACTIVO;SINDICATO EMPRESA;25;30;;;"
    "Camino a Lota 123;2021-03-04;IPT CONCEPCION;76.123.456-0;FORESTAL EL ROBLE S.A.\r\n"
    "13;13020201;SINDICATO INTEREMPRESA DE CONDUCTORES;ACTIVO;SINDICATO INTEREMPRESA;310;4;;;;2019-11-20;"
    "STGO NORTE;;\r\n"
    "5;05030301;SINDICATO INDEPENDIENTE DE PESCADORES;ACTIVO;SINDICATO INDEPENDIENTE;18;9;;;;2018-01-15;"
    "ICT VIÑA DEL MAR;;\r\n"
).encode("cp1252")

UNION_MAPPING = ColumnMapping(
    columns={"Región": "region", "RSU": "id_externo", "Nombre Sindicato": "nombre", "Estado": None,
             "Tipo Sindicato": "tipo_actor", "Socios": "n_miembros", "Socias": "n_miembros",
             "Teléfono": "telefono", "Correo": "email", "Dirección": None, "Fecha Constitución": None,
             "Inspección": None, "Rut Empresa": None, "Nombre Empresa": None},
    values={"tipo_actor": {"SINDICATO EMPRESA": "sindicato", "SINDICATO INTEREMPRESA": "sindicato",
                           "SINDICATO INDEPENDIENTE": "sindicato"}},
    constants={"escala": "local"},
)


def test_union_registry_two_same_named_unions_stay_two_and_are_counted_in_their_region(engine: Engine) -> None:
    result = import_file(engine, UNIONS, USER, name="sindicatos_dt.csv", mapping=UNION_MAPPING)
    assert result.ok and result.written and result.creadas == 4, result.issues
    orgs = load_organizations(engine).set_index("id_externo")
    roble = orgs.loc[["08010101", "08010102"]]
    assert roble["nombre"].nunique() == 1  # same name, same employer, consecutive RSU numbers: two unions
    assert roble["n_miembros"].tolist() == [52, 55]  # Socios + Socias
    assert (orgs["nivel_ubicacion"] == "region").all() and orgs["comuna_cut"].isna().all()
    assert orgs["latitud"].isna().all()  # never a point at an invented commune
    assert needs_commune(orgs).all()
    biobio = load_organizations(engine, "08")
    assert len(biobio) == 2
    counts = region_level_counts(load_organizations(engine))
    assert counts.to_dict("records") == [
        {"region_cut": "05", "nivel_ubicacion": "region", "organizaciones": 1},
        {"region_cut": "08", "nivel_ubicacion": "region", "organizaciones": 2},
        {"region_cut": "13", "nivel_ubicacion": "region", "organizaciones": 1},
    ]
    report = result.report()
    unused = report[report["campo"] == "encabezado"]["problema"].iloc[0]
    for column in ("Estado", "Dirección", "Inspección", "Rut Empresa", "Nombre Empresa"):
        assert column in unused
    assert (report[report["campo"] == "comuna"]["problema"].str.contains("solo región")).sum() == 4
    assert any("Socios + Socias" in p for p in report["problema"])
    # The same file again: nothing new, nothing changed (matched by RSU number = id_externo).
    again = import_file(engine, UNIONS, USER, name="sindicatos_dt.csv", mapping=UNION_MAPPING)
    assert (again.creadas, again.actualizadas, again.sin_cambios) == (0, 0, 4)


def test_union_registry_proposal_sums_socios_and_socias_and_lists_what_it_leaves() -> None:
    headers = pd.read_csv(pd.io.common.BytesIO(UNIONS), sep=";", encoding="cp1252", nrows=0).columns
    proposal = propose(headers)
    assert proposal.columns["Socios"] == proposal.columns["Socias"] == "n_miembros"
    assert proposal.sums_members() == ["Socios", "Socias"]
    assert "Estado" in proposal.unused() and "Inspección" in proposal.unused()
    frame = pd.DataFrame({"Socios": ["40", "1.200", ""], "Socias": ["12", "30", ""]})
    summed = apply_columns(frame, ColumnMapping({"Socios": "n_miembros", "Socias": "n_miembros"}))
    assert summed["n_miembros"].tolist() == ["52", "1230", ""]
    assert layout_key(headers) == layout_key([h.upper() for h in headers])
    assert distinct_values(pd.DataFrame({"t": ["A", "B", "A", ""]}), "t") == ["A", "B"]
    restored = ColumnMapping.from_json(UNION_MAPPING.to_json())
    assert restored == UNION_MAPPING


MINEDUC = (
    "AGNO;RBD;DGV_RBD;NOM_RBD;COD_REG_RBD;NOM_REG_RBD_A;COD_COM_RBD;NOM_COM_RBD;LATITUD;LONGITUD;ENS_01\n"
    "2023;8485;2;LICEO INDUSTRIAL A-22;13;RM;13120;ÑUÑOA;-33,4569;-70,5979;410\n"
    "2023;4641;3;LICEO POLITÉCNICO DE AYSÉN;11;AYSEN;11201;AYSÉN;;;510\n"
    "2023;1745;0;LICEO TÉCNICO DE TALCAHUANO;8;BBIO;8110;TALCAHUANO;-36,7249;-73,1168;610\n"
    "2023;2130;K;COMPLEJO EDUCACIONAL DE CHILLÁN;16;NUBLE;16101;CHILLÁN;-36,622;-72,13;710\n"
).encode()

MINEDUC_MAPPING = ColumnMapping(
    columns={"AGNO": None, "RBD": "id_externo", "DGV_RBD": None, "NOM_RBD": "nombre", "COD_REG_RBD": None,
             "NOM_REG_RBD_A": "region", "COD_COM_RBD": None, "NOM_COM_RBD": "comuna", "LATITUD": "latitud",
             "LONGITUD": "longitud", "ENS_01": None},
    constants={"tipo_actor": "liceo_tp", "escala": "local"},
)


def test_school_directory_imports_with_decimal_commas_abbreviations_and_missing_points(engine: Engine) -> None:
    checked = validate_file(engine, MINEDUC, USER, name="directorio.csv", mapping=MINEDUC_MAPPING)
    assert checked.ok, checked.issues
    result = import_file(engine, MINEDUC, USER, name="directorio.csv", mapping=MINEDUC_MAPPING)
    assert result.written and result.creadas == 4
    with engine.connect() as conn:
        rows = {r.id_externo: r for r in conn.execute(select(Organization)).all()}
    assert rows["8485"].comuna_cut == "13120" and rows["8485"].latitud == -33.4569
    assert rows["4641"].comuna_cut == "11201" and rows["4641"].ubicacion_aproximada  # no point: commune centre
    assert rows["1745"].region_cut == "08" and rows["1745"].longitud == -73.1168
    # A Chillán school whose point falls 173 m into Chillán Viejo on the simplified map: Chillán wins, noted.
    assert rows["2130"].comuna_cut == "16101"
    border = [n for n in result.notes if n.campo == "latitud, longitud"]
    assert len(border) == 1 and "173 m" in border[0].problema and "Chillán Viejo" in border[0].problema


def test_a_point_far_into_another_commune_is_reported_with_the_distance(engine: Engine) -> None:
    far = MINEDUC.replace(b"-36,622;-72,13", b"-36,63;-72,13")  # 865 m into Chillán Viejo
    result = validate_file(engine, far, USER, name="directorio.csv", mapping=MINEDUC_MAPPING)
    [issue] = result.issues
    assert issue.fila == 5 and "865 m" in issue.problema and "500 m" in issue.problema


def test_province_typed_as_commune_is_kept_at_province_level(engine: Engine) -> None:
    data = ("nombre;tipo_actor;escala;comuna\n"
            "Unión Comunal Cordillera;organizacion_comunitaria;local;CORDILLERA\n"
            "Cámara Marga Marga;camara;local;MARGA MARGA\n").encode()
    result = import_file(engine, data, USER, name="provincias.csv")
    assert result.ok and result.creadas == 2, result.issues
    orgs = load_organizations(engine).set_index("nombre")
    assert orgs.loc["Unión Comunal Cordillera", ["provincia_cut", "region_cut"]].tolist() == ["132", "13"]
    assert orgs.loc["Cámara Marga Marga", "nivel_ubicacion"] == "provincia"
    assert sum("es la provincia" in n.problema for n in result.notes) == 2


def test_rejected_rows_file_keeps_the_users_layout_and_reimports_after_one_fix(engine: Engine) -> None:
    bad = MINEDUC.replace(b";13120;\xc3\x91U\xc3\x91OA;", b";13120;\xc3\x91U\xc3\x91OAA;")  # a typo in the commune
    bad = bad.replace(b"AGNO;", b"=HYPERLINK(1);")  # a hostile header
    mapping = ColumnMapping({("=HYPERLINK(1)" if h == "AGNO" else h): f for h, f in MINEDUC_MAPPING.columns.items()},
                            constants=MINEDUC_MAPPING.constants)
    result = import_file(engine, bad, USER, name="directorio.csv", mapping=mapping, partial=True)
    assert result.written and result.creadas == 3 and result.rechazadas == 1
    data = write_rejected(result)
    text = data.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(";")[:4] == ["'=HYPERLINK(1)", "RBD", "DGV_RBD", "NOM_RBD"] and header.endswith(";error")
    assert ";-33,4569;-70,5979;" in row and "'-33" not in row  # the user's decimal commas, no ' prefix
    assert "ÑUÑOAA" in row
    fixed = data.replace("ÑUÑOAA".encode(), "ÑUÑOA".encode())
    again = import_file(engine, fixed, USER, name="rechazadas.csv", mapping=mapping)
    assert again.ok and (again.creadas, again.actualizadas) == (1, 0), again.issues
    assert len(load_organizations(engine)) == 4
