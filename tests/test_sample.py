"""The bundled sample: deterministic, shipped as generated, realistic, and loaded once."""

from __future__ import annotations

import filecmp
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

import geodata
from stakeholders import network
from stakeholders.dialogues.store import load_frames as load_dialogue_frames
from stakeholders.models import Organization, Relationship
from stakeholders.repository import (
    is_sample_dataset,
    load_attendance,
    load_memberships,
    load_organizations,
    load_relationships,
)
from stakeholders.rut import normalize_rut
from stakeholders.sample import (
    DATA_DIR,
    SAMPLE_SOURCE,
    ensure_sample,
    generate,
    load_sample,
    over_convened_ids,
    read_sample_files,
    write_sample_files,
)
from stakeholders.sample import catalog as cat
from stakeholders.sample.store import FILES
from stakeholders.vocab import ACTOR_TYPES, GENDERS, GROUPS, RUBROS, SCALES, sector_of


def by_name(orgs: pd.DataFrame, name: str) -> pd.Series:
    return orgs[orgs["nombre"] == name].iloc[0]


XSS = "<script>alert('xss')</script> Sindicato de prueba"


@pytest.fixture(scope="module")
def fresh():
    return generate()


@pytest.fixture(scope="module")
def shipped():
    return read_sample_files()


@pytest.fixture(scope="module")
def orgs(shipped) -> pd.DataFrame:
    return shipped.organizations


def test_generation_is_deterministic_and_matches_the_shipped_files(fresh, tmp_path):
    again = generate()
    for name, frame in fresh.frames().items():
        pd.testing.assert_frame_equal(frame, getattr(again, name), obj=name)
    write_sample_files(tmp_path, fresh)
    for file in FILES.values():
        assert filecmp.cmp(tmp_path / file, DATA_DIR / file, shallow=False), (
            f"{file} differs from generate(): run write_sample_files() and commit the files"
        )
    assert sum((DATA_DIR / f).stat().st_size for f in FILES.values()) < 3_000_000


def test_csv_round_trip_keeps_types(fresh, shipped):
    columns = ["id", "nombre", "region_cut", "comuna_cut", "rut", "latitud", "n_miembros"]
    as_text = lambda frame: frame[columns].astype(object).where(frame[columns].notna(), "").astype(str)  # noqa: E731
    pd.testing.assert_frame_equal(as_text(fresh.organizations), as_text(shipped.organizations))
    assert shipped.organizations.loc[3, "regiones_presencia"] == [r.cut for r in cat.REGIONS]
    assert isinstance(shipped.events.loc[0, "fecha"], date)


def test_every_region_has_its_public_bodies_and_every_commune_a_municipality(orgs):
    for region in cat.REGIONS:
        reg = orgs[orgs["region_cut"] == region.cut]
        assert (reg["tipo_actor"] == "gobierno_regional").sum() == 1, region.cut
        assert (reg["tipo_actor"] == "delegacion_presidencial").sum() == 1, region.cut
        assert reg["nombre"].str.startswith("SEREMI del Trabajo y Previsión Social").sum() == 1, region.cut
        assert reg["nombre"].str.startswith("Dirección Regional de SENCE").sum() == 1, region.cut
    table = geodata.commune_table()
    with_polygon = set(table.loc[~table["sin_geometria"], "comuna_cut"])
    munis = orgs[orgs["tipo_actor"] == "municipio"]
    assert len(munis) == 345
    assert set(munis["comuna_cut"]) == with_polygon
    assert "12202" not in set(orgs["comuna_cut"])  # Antártica: no polygon, no municipality
    names = dict(zip(table["comuna_cut"], table["nombre"], strict=True))
    expected = [f"Ilustre Municipalidad de {names[c]}" for c in munis["comuna_cut"]]
    assert munis["nombre"].tolist() == expected
    national = set(orgs.loc[orgs["escala"] == "nacional", "nombre"])
    for name in ("Servicio Nacional de Capacitación y Empleo (SENCE)", "Central Unitaria de Trabajadores (CUT)",
                 "Sociedad de Fomento Fabril (SOFOFA)", "Cámara Chilena de la Construcción (CChC)"):
        assert name in national


def test_ruts_are_valid_unique_and_only_on_synthetic_organizations(orgs):
    ruts = orgs["rut"].dropna()
    assert len(ruts) > 5_000
    assert ruts.is_unique
    assert all(normalize_rut(r) == r for r in ruts)
    assert orgs.loc[orgs["sector_tripartito"] == "gobierno", "rut"].isna().all()
    assert orgs.loc[orgs["tipo_actor"].isin(["empresa", "sindicato", "otec"]), "rut"].notna().all()


def test_vocabulary_and_profile_are_consistent(orgs):
    assert orgs["tipo_actor"].isin(list(ACTOR_TYPES)).all()
    assert (orgs["sector_tripartito"] == orgs["tipo_actor"].map(sector_of)).all()
    assert orgs["escala"].isin(list(SCALES)).all()
    assert orgs["genero_representante"].isin(list(GENDERS)).all()
    assert orgs["rubro"].dropna().isin(list(RUBROS)).all()
    assert orgs["grupos_representados"].map(lambda gs: set(gs) <= set(GROUPS)).all()
    economic = orgs[orgs["tipo_actor"].isin(["empresa", "sindicato", "federacion", "asociacion_gremial"])]
    assert economic.loc[economic["rut"].notna(), "rubro"].notna().all()  # synthetic ones
    assert by_name(orgs, "Sociedad Nacional de Minería (SONAMI)")["rubro"] == "B"
    groups = orgs[orgs["tipo_actor"] == "organizacion_grupos_excluidos"]
    assert groups["grupos_representados"].map(len).ge(1).all()
    women = (orgs["genero_representante"] == "F").mean()
    assert 0.35 <= women <= 0.48
    assert (orgs["genero_representante"] == "ND").sum() > 100
    contacts = orgs["email"].dropna()
    assert contacts.str.endswith(".example.cl").all()
    assert orgs["nombre"].is_unique


def test_points_fall_in_their_declared_commune(orgs):
    located = orgs.dropna(subset=["latitud", "longitud"])
    assert len(located) == len(orgs)
    found = geodata.assign_points(located["longitud"].to_numpy(), located["latitud"].to_numpy())
    assert (found["estado"] == "dentro").all()
    assert (found["comuna_cut"].to_numpy() == located["comuna_cut"].to_numpy()).all()


def test_region_sizes_follow_population_and_economy(orgs):
    sizes = orgs[orgs["escala"] != "nacional"].groupby("region_cut").size()
    population = pd.Series({r.cut: r.poblacion for r in cat.REGIONS})
    assert sizes.idxmax() == "13"
    assert sizes["13"] > 2 * sizes["05"] > 2 * sizes["11"]
    assert sizes.rank().corr(population.reindex(sizes.index).rank()) > 0.9
    employers = orgs[orgs["tipo_actor"] == "empresa"]
    share = lambda region, rubro: (employers.loc[employers["region_cut"] == region, "rubro"] == rubro).mean()  # noqa: E731
    national_mining = (employers["rubro"] == "B").mean()
    assert share("02", "B") > 3 * national_mining
    assert share("07", "A") > share("13", "A")
    assert share("10", "A") > share("02", "A")


def test_hostile_names_are_present_for_security_tests(orgs):
    xss = orgs[orgs["nombre"] == XSS]
    assert len(xss) == 1 and xss.iloc[0]["sector_tripartito"] == "trabajadores"
    assert xss.iloc[0]["region_cut"] == "13"
    assert orgs["nombre"].str.startswith("=").sum() == 1


def test_ties_make_chains_brokers_and_isolates(shipped, orgs):
    rel = shipped.relationships
    assert set(rel["origen_id"]) | set(rel["destino_id"]) <= set(orgs["id"])
    assert set(rel["tipo"]) == {"afiliacion", "alianza", "financiamiento"}
    parent = network.parents(rel)
    by_id = orgs.set_index("id")
    chains = 0
    for union in orgs.loc[orgs["tipo_actor"] == "sindicato", "id"]:
        path = [by_id.at[union, "tipo_actor"]]
        node = union
        while node in parent and len(path) < 6:
            node = parent[node]
            path.append(by_id.at[node, "tipo_actor"])
        chains += path == ["sindicato", "federacion", "confederacion", "central_sindical"]
    assert chains > 300
    funding = rel[rel["tipo"] == "financiamiento"].merge(by_id[["tipo_actor"]], left_on="origen_id", right_index=True)
    assert set(funding["tipo_actor"]) == {"otec", "municipio"}
    graph = network.build_graph(orgs, rel, shipped.memberships, shipped.attendance)
    isolated = [n for n in graph if graph.degree(n) == 0]
    assert 50 < len(isolated) < 0.15 * len(orgs)


def test_planted_over_convened_organizations_are_fatigued(shipped):
    events = shipped.events.rename(columns={"id": "evento_id"})[["evento_id", "espacio_id", "fecha"]]
    attendance = shipped.attendance.merge(events, on="evento_id")
    load = network.participation_load(attendance, shipped.memberships, date(2026, 10, 31))
    fatigued = set(load.loc[load["fatigada"], "organizacion_id"])
    planted = set(over_convened_ids(shipped))
    assert len(planted) == 4 * 16
    assert planted <= fatigued
    assert len(fatigued) < 2 * len(planted)
    assert events["fecha"].min().year == 2021 and events["fecha"].max().year == 2026


def test_ensure_sample_loads_once_and_keeps_ids(engine):
    assert ensure_sample(engine) is True
    assert is_sample_dataset(engine)
    orgs = load_organizations(engine)
    shipped = read_sample_files()
    assert len(orgs) == len(shipped.organizations)
    assert (orgs["fuente"] == SAMPLE_SOURCE).all()
    assert orgs["id"].tolist() == shipped.organizations["id"].tolist()
    assert XSS in set(orgs["nombre"])
    assert len(load_relationships(engine)) == len(shipped.relationships)
    assert len(load_memberships(engine)) == len(shipped.memberships)
    dialogue_rows = len(load_dialogue_frames(engine)["participantes"])  # sample dialogues (#15) are events too
    assert dialogue_rows > 0 and len(load_attendance(engine)) == len(shipped.attendance) + dialogue_rows
    assert len(load_organizations(engine, "11")) > 100
    assert ensure_sample(engine) is False  # idempotent: the registry is no longer empty
    with pytest.raises(ValueError, match="ya tiene organizaciones"):
        load_sample(engine)
    from stakeholders.db import session_scope

    with session_scope(engine) as session:  # new rows get fresh ids (sequences moved past the sample)
        org = Organization(nombre="Nueva", nombre_normalizado="nueva", sector_tripartito="gobierno",
                           tipo_actor="municipio", escala="local")
        session.add(org)
        session.flush()
        assert org.id == len(shipped.organizations) + 1
        session.add(Relationship(origen_id=org.id, destino_id=1, tipo="alianza"))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Relationship.__table__)).scalar_one() == \
            len(shipped.relationships) + 1
