"""Analyses in the registry (SQLite and PostgreSQL): history, access, movement, comparison."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from stakeholders.analysis import service
from stakeholders.analysis.records import Assessment
from stakeholders.db import session_scope
from stakeholders.models import ChangeLog
from tests.factories import BIOBIO, CENTRAL, NUBLE, READER, make_orgs


@pytest.fixture
def orgs(engine: Engine) -> list[int]:
    return make_orgs(engine)


def test_history_kept_on_every_change(engine: Engine, orgs: list[int]) -> None:
    aid = service.create_analysis(engine, NUBLE, "Plan regional de capacitación 2027", "16")
    service.add_actors(engine, NUBLE, aid, orgs[:3])
    org = orgs[0]
    service.assess(engine, NUBLE, aid, org, poder=2, interes=2, posicion="indiferente", justificacion="Primera mirada")
    service.assess(engine, CENTRAL, aid, org, poder=4, interes=3, posicion="a_favor", justificacion="Tras la reunión")
    service.assess(engine, NUBLE, aid, org, poder=5, interes=5, posicion="a_favor", justificacion="Lidera la mesa",
                   estrategia="Invitar a presidir la mesa")
    history = service.load_history(engine, aid)
    mine = history[history["organizacion_id"] == org]
    assert len(mine) == 3
    assert mine["poder"].tolist() == [2, 4, 5] and mine["autor"].tolist() == [NUBLE.nombre, CENTRAL.nombre,
                                                                                 NUBLE.nombre]
    frame = service.matrix_frame(engine, aid).set_index("organizacion_id")
    row = frame.loc[org]
    assert (row["poder_inicial"], row["interes_inicial"], row["posicion_inicial"]) == (2, 2, "indiferente")
    assert row["estrategia_inicial"] == "Monitorear" and row["cuadrante_inicial"] == "monitorear"
    assert (row["poder"], row["interes"], row["posicion"]) == (5, 5, "a_favor")
    assert row["estrategia"] == "Invitar a presidir la mesa" and row["cuadrante"] == "gestionar_de_cerca"
    assert row["n_evaluaciones"] == 3 and row["se_movio"] and row["cambio_cuadrante"]
    never = frame.loc[orgs[1]]
    assert pd.isna(never["poder"]) and pd.isna(never["cuadrante"]) and never["n_evaluaciones"] == 0
    with session_scope(engine) as session:
        rows = session.scalar(select(func.count()).select_from(Assessment).where(Assessment.analisis_id == aid))
        logged = session.scalar(select(func.count()).select_from(ChangeLog).where(
            ChangeLog.entidad == "evaluacion_actor"))
    assert rows == 3 and logged == 3


def test_movements_and_default_strategy(engine: Engine, orgs: list[int]) -> None:
    aid = service.create_analysis(engine, CENTRAL, "Mesa de empleo", "16")
    service.add_actors(engine, CENTRAL, aid, orgs[:2])
    service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=2, posicion="en_contra")
    service.assess(engine, CENTRAL, aid, orgs[1], poder=4, interes=4, posicion="a_favor")
    service.assess(engine, CENTRAL, aid, orgs[1], poder=4, interes=4, posicion="en_contra")  # position only: not a move
    frame = service.matrix_frame(engine, aid)
    assert frame.set_index("organizacion_id").loc[orgs[0], "estrategia"] == "Mantener satisfecho"
    assert service.movements(frame).empty
    service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=4, posicion="indiferente")
    moved = service.movements(service.matrix_frame(engine, aid))
    assert moved["organizacion_id"].tolist() == [orgs[0]]
    assert moved.loc[0, "delta_interes"] == 2 and moved.loc[0, "cuadrante"] == "gestionar_de_cerca"


def test_access_regional_user_edits_only_own_region(engine: Engine, orgs: list[int]) -> None:
    aid = service.create_analysis(engine, NUBLE, "Plan Ñuble", "16")
    with pytest.raises(PermissionError, match="no puede modificar"):
        service.create_analysis(engine, NUBLE, "Plan Biobío", "08")
    with pytest.raises(PermissionError, match="no puede modificar"):
        service.create_analysis(engine, NUBLE, "Plan nacional", None)
    for user in (BIOBIO, READER):
        with pytest.raises(PermissionError):
            service.add_actors(engine, user, aid, orgs[:1])
    service.add_actors(engine, NUBLE, aid, orgs[:1])
    with pytest.raises(PermissionError):
        service.assess(engine, BIOBIO, aid, orgs[0], poder=3, interes=3, posicion="a_favor")
    with pytest.raises(PermissionError, match="solo lectura"):
        service.assess(engine, READER, aid, orgs[0], poder=3, interes=3, posicion="a_favor")
    service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=3, posicion="a_favor")
    info = service.get_analysis(engine, aid)
    assert service.can_edit(NUBLE, info) and service.can_edit(CENTRAL, info) and not service.can_edit(BIOBIO, info)
    national = service.create_analysis(engine, CENTRAL, "Plan nacional", None)
    assert not service.can_edit(NUBLE, service.get_analysis(engine, national))


def test_validation_and_membership(engine: Engine, orgs: list[int]) -> None:
    aid = service.create_analysis(engine, CENTRAL, "Plan", "16")
    with pytest.raises(ValueError, match="no es actor"):
        service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=3, posicion="a_favor")
    service.add_actors(engine, CENTRAL, aid, [orgs[0]])
    with pytest.raises(ValueError, match="1 a 5"):
        service.assess(engine, CENTRAL, aid, orgs[0], poder=6, interes=3, posicion="a_favor")
    with pytest.raises(ValueError, match="Posición"):
        service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=3, posicion="tal vez")
    with pytest.raises(ValueError, match="No existen"):
        service.add_actors(engine, CENTRAL, aid, [999_999])
    with pytest.raises(ValueError, match="título"):
        service.create_analysis(engine, CENTRAL, "  ", "16")
    assert service.add_actors(engine, CENTRAL, aid, [orgs[0], orgs[1]]) == 1  # already there: skipped


def test_remove_actor_keeps_assessments(engine: Engine, orgs: list[int]) -> None:
    aid = service.create_analysis(engine, CENTRAL, "Plan", "16")
    service.add_actors(engine, CENTRAL, aid, orgs[:2])
    service.assess(engine, CENTRAL, aid, orgs[0], poder=3, interes=3, posicion="a_favor")
    service.remove_actor(engine, CENTRAL, aid, orgs[0])
    assert service.matrix_frame(engine, aid)["organizacion_id"].tolist() == [orgs[1]]
    assert len(service.load_history(engine, aid)) == 1
    assert service.add_actors(engine, CENTRAL, aid, [orgs[0]]) == 1
    frame = service.matrix_frame(engine, aid).set_index("organizacion_id")
    assert frame.loc[orgs[0], "poder"] == 3  # the old assessment comes back with it


def test_list_and_archive(engine: Engine, orgs: list[int]) -> None:
    a = service.create_analysis(engine, CENTRAL, "Plan 2026", "16", pregunta="Plan regional")
    b = service.create_analysis(engine, CENTRAL, "Plan 2027", "16", pregunta="Plan regional")
    service.create_analysis(engine, CENTRAL, "Plan Biobío", "08")
    service.add_actors(engine, CENTRAL, b, orgs[:4])
    listed = service.list_analyses(engine, "16")
    assert set(listed["id"]) == {a, b}
    assert listed.set_index("id").loc[b, "n_actores"] == 4
    assert len(service.list_analyses(engine)) == 3
    service.set_active(engine, CENTRAL, a, False, "duplicado")
    assert service.list_analyses(engine, "16")["id"].tolist() == [b]
    assert set(service.list_analyses(engine, "16", include_inactive=True)["id"]) == {a, b}


def test_compare_two_analyses_over_time(engine: Engine, orgs: list[int]) -> None:
    old = service.create_analysis(engine, CENTRAL, "Plan 2026", "16", pregunta="Plan regional")
    new = service.create_analysis(engine, CENTRAL, "Plan 2027", "16", pregunta="Plan regional")
    service.add_actors(engine, CENTRAL, old, orgs[:4])
    service.add_actors(engine, CENTRAL, new, orgs[1:5])
    for org, p, i, pos in ((orgs[0], 2, 2, "a_favor"), (orgs[1], 2, 2, "a_favor"), (orgs[2], 4, 4, "a_favor"),
                           (orgs[3], 4, 4, "a_favor")):
        service.assess(engine, CENTRAL, old, org, poder=p, interes=i, posicion=pos)
    for org, p, i, pos in ((orgs[1], 4, 4, "a_favor"), (orgs[2], 4, 4, "en_contra"), (orgs[3], 5, 4, "a_favor"),
                           (orgs[4], 1, 1, "indiferente")):
        service.assess(engine, CENTRAL, new, org, poder=p, interes=i, posicion=pos)
    table = service.compare_analyses(engine, old, new).set_index("organizacion_id")
    assert table.loc[orgs[0], "cambio"] == "solo_a"
    assert table.loc[orgs[1], "cambio"] == "cambio_cuadrante" and table.loc[orgs[1], "delta_poder"] == 2
    assert table.loc[orgs[2], "cambio"] == "cambio_posicion"
    assert table.loc[orgs[3], "cambio"] == "cambio_puntaje"
    assert table.loc[orgs[4], "cambio"] == "solo_b"
    assert table["nombre"].notna().all()


def test_current_vs_first_is_pure_and_ordered_by_moment() -> None:
    actors = pd.DataFrame([{"organizacion_id": 1, **{f: None for f in service.ORG_FIELDS}, "nombre": "A"}])
    history = pd.DataFrame([
        {"id": 2, "organizacion_id": 1, "poder": 5, "interes": 5, "posicion": "a_favor", "estrategia": "x",
         "justificacion": None, "autor": "b", "momento": pd.Timestamp("2026-02-01")},
        {"id": 1, "organizacion_id": 1, "poder": 1, "interes": 1, "posicion": "en_contra", "estrategia": "y",
         "justificacion": None, "autor": "a", "momento": pd.Timestamp("2026-01-01")},
    ])
    row = service.current_vs_first(actors, history).iloc[0]
    assert (row["poder_inicial"], row["poder"], row["autor"]) == (1, 5, "b")
