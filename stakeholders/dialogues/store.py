"""Write and read dialogues: permission check, audit, and the mirrored event with attendance.

Every write checks the user's rights (``access.check_can_edit`` on the dialogue's region) and
appends a ChangeLog row (``audit.record``); every status change also appends an
:class:`~stakeholders.dialogues.models.IdeaStatus` row. A dialogue is recorded as an event of the
region's "Diálogos participativos" space with one attendance per organization, so the network's
co-participation ties and the fatigue measure see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from i18n import t
from stakeholders import audit
from stakeholders.access import User, check_can_edit
from stakeholders.dialogues.models import Dialogue, DialogueOrganization, Idea, IdeaStatus
from stakeholders.dialogues.status import check_transition, path_to
from stakeholders.errors import InputError
from stakeholders.models import Attendance, Event, Organization, ParticipationSpace

SPACE_TYPE = "dialogo_participativo"
DIALOGUE_TYPES = ("dialogo", "sesion_consejo")


@dataclass
class IdeaInput:
    texto: str
    tema: str | None = None
    votos: int = 0
    estado: str = "recibida"
    unidad_responsable: str | None = None
    fecha_compromiso: date | None = None
    motivo_descarte: str | None = None


@dataclass
class DialogueInput:
    nombre: str
    fecha: date
    region_cut: str
    tema: str
    personas: int
    tipo: str = "dialogo"
    provincia_cut: str | None = None
    comuna_cut: str | None = None
    mujeres: int | None = None
    hombres: int | None = None
    otros_generos: int | None = None
    organizaciones: list[int] = field(default_factory=list)
    ideas: list[IdeaInput] = field(default_factory=list)
    muestra: bool = False


def check_counts(d: DialogueInput) -> list[str]:
    """Spanish problems with the people counts (gender counts, when given, cannot exceed the total)."""
    out = []
    if d.personas < 0:
        out.append(t("seguimiento.error_personas"))
    known = [v for v in (d.mujeres, d.hombres, d.otros_generos) if v is not None]
    if any(v < 0 for v in known):
        out.append(t("seguimiento.error_personas"))
    if sum(known) > d.personas:
        out.append(t("seguimiento.error_genero_total", suma=sum(known), personas=d.personas))
    if d.tipo not in DIALOGUE_TYPES:
        out.append(t("seguimiento.error_tipo", tipo=d.tipo, tipos=", ".join(DIALOGUE_TYPES)))
    return out


def _space(session: Session, region_cut: str) -> ParticipationSpace:
    """The region's dialogue space (created on first use), under which dialogues are events."""
    found = session.scalars(select(ParticipationSpace).where(
        ParticipationSpace.tipo == SPACE_TYPE, ParticipationSpace.region_cut == region_cut,
        ParticipationSpace.nombre == t("seguimiento.espacio_nombre", region=region_cut))).first()
    if found is not None:
        return found
    space = ParticipationSpace(nombre=t("seguimiento.espacio_nombre", region=region_cut), tipo=SPACE_TYPE,
                               region_cut=region_cut, descripcion=t("seguimiento.espacio_descripcion"))
    session.add(space)
    session.flush()
    return space


def add_dialogue(session: Session, user: User, d: DialogueInput, when: object = None) -> Dialogue:
    """Insert one dialogue with its organizations (as attendance) and ideas; raises in Spanish."""
    check_can_edit(user, d.region_cut, t("seguimiento.objetivo_dialogo", nombre=d.nombre))
    problems = check_counts(d)
    if problems:
        raise InputError("; ".join(problems))
    orgs = sorted(set(int(i) for i in d.organizaciones))
    known = set(session.scalars(select(Organization.id).where(Organization.id.in_(orgs)))) if orgs else set()
    missing = [i for i in orgs if i not in known]
    if missing:
        raise InputError(t("seguimiento.error_organizaciones", ids=", ".join(map(str, missing))))
    space = _space(session, d.region_cut)
    event = Event(espacio_id=space.id, nombre=d.nombre, fecha=d.fecha)
    session.add(event)
    session.flush()
    row = Dialogue(nombre=d.nombre, tipo=d.tipo, fecha=d.fecha, region_cut=d.region_cut, provincia_cut=d.provincia_cut,
                   comuna_cut=d.comuna_cut, tema=d.tema, personas=d.personas, mujeres=d.mujeres, hombres=d.hombres,
                   otros_generos=d.otros_generos, evento_id=event.id, muestra=d.muestra)
    session.add(row)
    session.flush()
    for org in orgs:
        session.add(Attendance(evento_id=event.id, organizacion_id=org))
        session.add(DialogueOrganization(dialogo_id=row.id, organizacion_id=org))
    audit.record(session, user, "dialogo", row.id, "crear", None, audit.snapshot(row))
    for idea in d.ideas:
        add_idea(session, user, row, idea, when)
    return row


def add_idea(session: Session, user: User, dialogue: Dialogue, idea: IdeaInput, when: object = None) -> Idea:
    """A new idea starts ``recibida``; an imported later state is reached through the allowed steps."""
    if not idea.texto.strip():
        raise InputError(t("seguimiento.error_texto_vacio"))
    if idea.votos < 0:
        raise InputError(t("seguimiento.error_votos"))
    row = Idea(dialogo_id=dialogue.id, texto=idea.texto, tema=idea.tema, votos=idea.votos, estado="recibida")
    session.add(row)
    session.flush()
    session.add(IdeaStatus(idea_id=row.id, desde=None, hacia="recibida", usuario=user.nombre, **_moment(when)))
    audit.record(session, user, "idea", row.id, "crear", None, audit.snapshot(row))
    for step in path_to(idea.estado):
        _transition(session, user, row, step, idea.unidad_responsable, idea.fecha_compromiso, idea.motivo_descarte,
                    when)
    return row


def _moment(when: object) -> dict[str, object]:
    return {"momento": when} if when is not None else {}


def _transition(session: Session, user: User, idea: Idea, new: str, unit: str | None, due: date | None,
                reason: str | None, when: object = None) -> None:
    check_transition(idea.estado, new, unit, due, reason)
    before = audit.snapshot(idea)
    session.add(IdeaStatus(idea_id=idea.id, desde=idea.estado, hacia=new, usuario=user.nombre,
                           unidad_responsable=unit if new == "comprometida" else None,
                           fecha_compromiso=due if new == "comprometida" else None,
                           motivo=reason if new == "descartada" else None, **_moment(when)))
    idea.estado = new
    if new == "comprometida":
        idea.unidad_responsable, idea.fecha_compromiso = (unit or "").strip(), due
    if new == "descartada":
        idea.motivo_descarte = (reason or "").strip()
    session.flush()
    audit.record(session, user, "idea", idea.id, "estado", before, audit.diff(before, audit.snapshot(idea)),
                 reason)


def change_status(session: Session, user: User, idea_id: int, new: str, unit: str | None = None,
                  due: date | None = None, reason: str | None = None) -> Idea:
    """Move one idea to ``new`` (checked against the allowed steps and the user's region)."""
    idea = session.get(Idea, int(idea_id))
    if idea is None:
        raise InputError(t("seguimiento.error_idea_no_existe", id=idea_id))
    dialogue = session.get(Dialogue, idea.dialogo_id)
    check_can_edit(user, dialogue.region_cut if dialogue else None, t("seguimiento.objetivo_idea", id=idea_id))
    _transition(session, user, idea, new, unit, due, reason)
    return idea


def load_frames(engine: Engine, region_cut: str | None = None) -> dict[str, pd.DataFrame]:
    """``dialogos``, ``ideas`` (with the dialogue's region and date), ``participantes`` and ``historial``."""
    with engine.connect() as conn:
        dialogues = pd.read_sql(select(Dialogue.__table__), conn)
        ideas = pd.read_sql(select(Idea.__table__), conn)
        parts = pd.read_sql(select(DialogueOrganization.__table__), conn)
        history = pd.read_sql(select(IdeaStatus.__table__).order_by(IdeaStatus.id), conn)
    if region_cut:
        dialogues = dialogues[dialogues["region_cut"] == region_cut]
    keep = set(dialogues["id"])
    ideas = ideas[ideas["dialogo_id"].isin(keep)].merge(
        dialogues[["id", "region_cut", "fecha", "nombre"]].rename(
            columns={"id": "dialogo_id", "fecha": "fecha_dialogo", "nombre": "dialogo"}), on="dialogo_id", how="left")
    parts = parts[parts["dialogo_id"].isin(keep)]
    history = history[history["idea_id"].isin(set(ideas["id"]))]
    return {"dialogos": dialogues.reset_index(drop=True), "ideas": ideas.reset_index(drop=True),
            "participantes": parts.reset_index(drop=True), "historial": history.reset_index(drop=True)}
