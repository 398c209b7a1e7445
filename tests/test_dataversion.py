"""The registry's data version: every committed write by anyone bumps it, a rollback does not."""

from __future__ import annotations

from sqlalchemy import select, text

from stakeholders import dataversion
from stakeholders.access import User
from stakeholders.councils.records import CouncilProposal
from stakeholders.db import make_engine, session_scope
from stakeholders.editing import create_organization
from stakeholders.models import Organization
from tests.factories import write_then_fail

CENTRAL = User(nombre="prueba", rol="central", region_cut=None)
ORG = {"nombre": "Sindicato de prueba", "sector_tripartito": "trabajadores", "tipo_actor": "sindicato",
       "escala": "comunal", "region_cut": "16", "comuna_cut": "16101"}


def test_orm_and_core_writes_bump_the_version_seen_by_another_engine(engine, db_url) -> None:
    other = make_engine(db_url)  # another process / user: its own engine on the same database
    start = dataversion.current(other)
    create_organization(engine, ORG, CENTRAL, None)  # ORM session + audit row: one transaction
    after_edit = dataversion.current(other)
    assert after_edit == start + 1
    with engine.begin() as conn:  # plain Core write (as the sample loader and importer do)
        conn.execute(text("UPDATE organizacion SET n_miembros = 7"))
    assert dataversion.current(other) == after_edit + 1
    with engine.connect() as conn:  # reads never bump
        conn.execute(select(Organization.id)).all()
    assert dataversion.current(other) == after_edit + 1
    other.dispose()


def test_rolled_back_write_keeps_the_version(engine) -> None:
    start = dataversion.current(engine)
    write_then_fail(engine)
    assert dataversion.current(engine) == start
    with session_scope(engine) as s:  # a write without any audit row (e.g. a council record) counts too
        s.add(CouncilProposal(region_cut="16", numero=1, modo="optimizar", semilla=1, parametros={},
                              hash_datos="x", autor="prueba", resultado={}))
    assert dataversion.current(engine) == start + 1


def test_install_is_idempotent(engine) -> None:
    dataversion.install(engine)
    dataversion.install(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM version_datos")).scalar_one() == 1
    start = dataversion.current(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organizacion SET n_miembros = 1"))
    assert dataversion.current(engine) == start + 1  # one bump per transaction, listeners not doubled
