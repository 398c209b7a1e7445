"""Idea follow-up: allowed status changes, commitments and reasons, history with who and when."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from stakeholders.access import User
from stakeholders.db import session_scope
from stakeholders.dialogues.models import Dialogue, IdeaStatus
from stakeholders.dialogues.status import check_transition, parse_state
from stakeholders.dialogues.store import DialogueInput, IdeaInput, add_dialogue, change_status, load_frames
from stakeholders.models import Attendance, ChangeLog, Event, Organization
from stakeholders.network.fatigue import participation_load
from stakeholders.network.graph import build_graph
from stakeholders.repository import load_attendance

CENTRAL = User("ana.central")


def test_allowed_and_forbidden_transitions() -> None:
    check_transition("recibida", "en_analisis", None, None, None)
    check_transition("en_analisis", "comprometida", "Unidad de Capacitación", date(2026, 12, 1), None)
    check_transition("comprometida", "implementada", None, None, None)
    check_transition("en_analisis", "descartada", None, None, "Fuera de las competencias de SENCE")
    with pytest.raises(ValueError, match="no puede pasar directo a implementada"):
        check_transition("recibida", "implementada", None, None, None)
    with pytest.raises(ValueError, match="unidad responsable y la fecha"):
        check_transition("en_analisis", "comprometida", "Unidad", None, None)
    with pytest.raises(ValueError, match="escriba el motivo"):
        check_transition("recibida", "descartada", None, None, "  ")
    with pytest.raises(ValueError, match="No se puede pasar de «Implementada» a «En análisis»"):
        check_transition("implementada", "en_analisis", None, None, None)
    assert parse_state("En análisis") == "en_analisis" and parse_state("comprometida") == "comprometida"


def _org(session, region: str = "05") -> int:
    org = Organization(nombre="Sindicato de prueba", nombre_normalizado="sindicato de prueba",
                       sector_tripartito="trabajadores", tipo_actor="sindicato", region_cut=region, escala="regional")
    session.add(org)
    session.flush()
    return org.id


def test_dialogue_is_an_event_with_attendance_and_status_history_is_recorded(engine) -> None:
    with session_scope(engine) as s:
        a, b = _org(s), _org(s)
        d = add_dialogue(s, CENTRAL, DialogueInput(
            nombre="Diálogo Valparaíso", fecha=date(2026, 5, 4), region_cut="05", tema="Capacitación",
            personas=30, mujeres=16, hombres=12, organizaciones=[a, b],
            ideas=[IdeaInput("Más cursos en oficios", votos=12), IdeaInput("Cursos en línea", votos=3)]))
        dialogue_id = d.id
    att = load_attendance(engine)
    assert sorted(att["organizacion_id"]) == sorted([a, b]) and att["fecha"].nunique() == 1
    ideas = load_frames(engine)["ideas"]
    first = int(ideas.sort_values("votos").iloc[-1]["id"])
    with session_scope(engine) as s:
        with pytest.raises(ValueError, match="no puede pasar directo"):
            change_status(s, CENTRAL, first, "implementada")
    with session_scope(engine) as s:
        change_status(s, User("beto", "regional", "05"), first, "en_analisis")
        change_status(s, CENTRAL, first, "comprometida", "Dirección Regional", date(2026, 8, 1))
        change_status(s, CENTRAL, first, "implementada")
    with session_scope(engine) as s:
        with pytest.raises(PermissionError):
            change_status(s, User("otra", "regional", "13"), first, "descartada", reason="x")
        history = s.scalars(select(IdeaStatus).where(IdeaStatus.idea_id == first).order_by(IdeaStatus.id)).all()
        assert [(h.desde, h.hacia) for h in history] == [
            (None, "recibida"), ("recibida", "en_analisis"), ("en_analisis", "comprometida"),
            ("comprometida", "implementada")]
        assert [h.usuario for h in history][1:] == ["beto", "ana.central", "ana.central"]
        assert history[2].unidad_responsable == "Dirección Regional" and all(h.momento for h in history)
        log = s.scalars(select(ChangeLog).where(ChangeLog.entidad == "idea", ChangeLog.entidad_id == first)).all()
        assert [e.accion for e in log] == ["crear", "estado", "estado", "estado"]
        assert log[-1].despues == {"estado": "implementada"} and log[-1].usuario == "ana.central"
        assert s.get(Dialogue, dialogue_id).evento_id == s.scalars(select(Event.id)).one()
        assert len(s.scalars(select(Attendance)).all()) == 2


def test_gender_counts_cannot_exceed_people_and_regional_users_stay_in_their_region(engine) -> None:
    base = dict(nombre="D", fecha=date(2026, 1, 1), region_cut="05", tema="T")
    with session_scope(engine) as s, pytest.raises(ValueError, match="suman 12, más que el total de 10"):
        add_dialogue(s, CENTRAL, DialogueInput(personas=10, mujeres=6, hombres=6, **base))
    with session_scope(engine) as s, pytest.raises(PermissionError):
        add_dialogue(s, User("r", "regional", "13"), DialogueInput(personas=10, **base))


def test_dialogue_attendance_feeds_coparticipation_ties_and_fatigue(engine) -> None:
    with session_scope(engine) as s:
        a, b, c = _org(s), _org(s), _org(s)
        for month in range(1, 9):  # a and b meet in eight dialogues; c comes once
            orgs = [a, b, c] if month == 1 else [a, b]
            add_dialogue(s, CENTRAL, DialogueInput(nombre=f"D{month}", fecha=date(2026, month, 3), region_cut="05",
                                                   tema="T", personas=10, organizaciones=orgs))
    attendance = load_attendance(engine)
    orgs = pd.DataFrame({"id": [a, b, c]})
    graph = build_graph(orgs, None, None, attendance)
    assert graph[a][b]["peso"] == 8 and graph[a][c]["peso"] == 1 and "coparticipacion" in str(graph[a][b]["tipos"])
    load = participation_load(attendance, None, date(2026, 9, 1)).set_index("organizacion_id")
    assert load.loc[a, "eventos_ventana"] == 8 and load.loc[c, "eventos_ventana"] == 1
