"""Sample dialogues and ideas for every region (labelled as sample), loaded with the registry sample.

Deterministic (fixed seed and dates): two dialogues per region with organizations of that
region, 10–16 ideas each drawn from a bank of plausible proposals, votes with a long tail (a few
ideas gather most votes, as in SENCE's 2023 dialogues), and follow-up in every state —
including commitments whose due date has passed, so the Seguimiento page has something to flag.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.db import session_scope
from stakeholders.dialogues.store import DialogueInput, IdeaInput, add_dialogue
from stakeholders.models import Organization

SEED = 15
SAMPLE_USER = User("datos de ejemplo", "central")
REGIONS = ("15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12")
THEMES = ("Capacitación en oficios", "Empleo juvenil", "Inclusión laboral", "Certificación de competencias",
          "Capacitación en el territorio")
IDEAS: tuple[tuple[str, str], ...] = (
    ("Capacitación en oficios", "Cursos de soldadura y electricidad con horario vespertino para quienes trabajan"),
    ("Capacitación en oficios", "Talleres de gasfitería y construcción con práctica en obras reales"),
    ("Capacitación en oficios", "Más cupos en cursos de operación de maquinaria para la minería y la agricultura"),
    ("Capacitación en oficios", "Cursos de cocina y turismo ligados a la temporada alta de la región"),
    ("Empleo juvenil", "Prácticas laborales pagadas para jóvenes egresados de liceos técnicos"),
    ("Empleo juvenil", "Acompañamiento en la búsqueda del primer empleo con tutores de empresas locales"),
    ("Empleo juvenil", "Ferias laborales en los liceos con empleadores de la comuna"),
    ("Empleo juvenil", "Becas de movilización para que los jóvenes rurales asistan a los cursos"),
    ("Inclusión laboral", "Cursos accesibles para personas con discapacidad, con intérprete de lengua de señas"),
    ("Inclusión laboral", "Salas cuna durante los cursos para que las madres puedan capacitarse"),
    ("Inclusión laboral", "Capacitación en español y oficios para personas migrantes"),
    ("Inclusión laboral", "Programas de reinserción laboral para personas que salen de la cárcel"),
    ("Inclusión laboral", "Cupos reservados para personas mayores de 50 años que buscan reconvertirse"),
    ("Certificación de competencias", "Certificar la experiencia de quienes trabajan en la construcción"),
    ("Certificación de competencias", "Reconocer los oficios tradicionales de las comunidades indígenas"),
    ("Certificación de competencias", "Certificación de competencias gratuita para trabajadores independientes"),
    ("Capacitación en el territorio", "Llevar los cursos a las localidades rurales y no solo a la capital regional"),
    ("Capacitación en el territorio", "Cursos en línea con apoyo de conectividad para sectores aislados"),
    ("Capacitación en el territorio", "Coordinar la oferta de cursos con las municipalidades y sus oficinas de empleo"),
    ("Capacitación en el territorio", "Informar la oferta de capacitación por radio local y juntas de vecinos"),
    ("Empleo juvenil", "Cursos de habilidades digitales y programación para jóvenes que no estudian ni trabajan"),
    ("Capacitación en oficios", "Capacitación en energías renovables e instalación de paneles solares"),
    ("Inclusión laboral", "Horarios flexibles y cursos modulares para cuidadoras y cuidadores"),
    ("Certificación de competencias", "Que las empresas reconozcan los certificados de SENCE al contratar"),
)
UNITS = ("Dirección Regional SENCE", "Unidad de Capacitación", "Unidad de Empleo", "Departamento de Personas",
         "Oficina Municipal de Información Laboral")
REASONS = ("No es competencia de SENCE: se derivó al Ministerio de Educación",
           "Ya existe en el programa Despega MIPE: se informará mejor a la comunidad",
           "Sin presupuesto este año; se reevaluará en la próxima formulación")
FIRST_DAY = date(2025, 4, 7)


def _state(rng: np.random.Generator, k: int) -> IdeaInput:
    """Follow-up drawn for the k-th idea of a dialogue (the most voted are more often committed)."""
    roll = rng.random()
    if k < 3 or roll < 0.30:
        due = date(2025, 11, 28) + timedelta(days=int(rng.integers(0, 900)))  # some already past
        if roll < 0.12:
            return IdeaInput("", estado="implementada", unidad_responsable=str(rng.choice(UNITS)), fecha_compromiso=due)
        return IdeaInput("", estado="comprometida", unidad_responsable=str(rng.choice(UNITS)), fecha_compromiso=due)
    if roll < 0.55:
        return IdeaInput("", estado="en_analisis")
    if roll < 0.70:
        return IdeaInput("", estado="descartada", motivo_descarte=str(rng.choice(REASONS)))
    return IdeaInput("", estado="recibida")


def _ideas(rng: np.random.Generator) -> list[IdeaInput]:
    picks = rng.choice(len(IDEAS), size=int(rng.integers(10, 17)), replace=False)
    votes = np.sort(np.rint(60 * rng.pareto(2.2, size=len(picks)) + rng.integers(0, 5, size=len(picks))))[::-1]
    out = []
    for k, (i, v) in enumerate(zip(picks, votes, strict=True)):
        state = _state(rng, k)
        theme, text = IDEAS[int(i)]
        state.texto, state.tema, state.votos = text, theme, int(v)
        out.append(state)
    return out


def dialogue_inputs(org_ids: dict[str, list[int]], seed: int = SEED) -> list[DialogueInput]:
    """Two sample dialogues per region, with organizations drawn from ``org_ids[region]``."""
    rng = np.random.default_rng(seed)
    out = []
    for r, region in enumerate(REGIONS):
        orgs = org_ids.get(region, [])
        for j in range(2):
            people = int(rng.integers(18, 60))
            women = int(rng.integers(people // 3, people // 3 * 2 + 1))
            men = people - women - int(rng.integers(0, 2))
            chosen = sorted(int(i) for i in rng.choice(orgs, size=min(len(orgs), int(rng.integers(6, 18))),
                                                        replace=False)) if orgs else []
            theme = THEMES[(r + j) % len(THEMES)]
            out.append(DialogueInput(
                nombre=f"Diálogo participativo de ejemplo {j + 1} — {theme}", tipo="dialogo",
                fecha=FIRST_DAY + timedelta(days=int(r * 11 + j * 190)), region_cut=region, tema=theme,
                personas=people, mujeres=women, hombres=men, organizaciones=chosen, ideas=_ideas(rng), muestra=True))
    return out


def create_sample_dialogues(engine: Engine) -> int:
    """Insert the sample dialogues (one transaction) with the registry's sample organizations."""
    with session_scope(engine) as session:
        rows = session.execute(select(Organization.id, Organization.region_cut)
                               .where(Organization.activo.is_(True)).order_by(Organization.id)).all()
        org_ids: dict[str, list[int]] = {}
        for org_id, region in rows:
            org_ids.setdefault(str(region), []).append(int(org_id))
        inputs = dialogue_inputs(org_ids)
        for d in inputs:
            add_dialogue(session, SAMPLE_USER, d)
    return len(inputs)
