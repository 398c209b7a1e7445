"""Stakeholder analyses: create, include actors, assess (append-only), read and compare.

Writes check :mod:`stakeholders.access` (a regional user edits only analyses of their own
region; national analyses are central-only) and go to the change log. Reads return plain
frames; the frame logic (first vs current, movements, comparison) is pure and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from i18n import t
from stakeholders.access import User, check_can_edit
from stakeholders.analysis.quadrants import (
    check_position,
    check_score,
    default_strategy,
    quadrant,
)
from stakeholders.analysis.records import Analysis, AnalysisActor, Assessment
from stakeholders.audit import record, snapshot
from stakeholders.db import session_scope
from stakeholders.errors import InputError
from stakeholders.models import Organization

ORG_FIELDS = ("nombre", "rut", "sector_tripartito", "tipo_actor", "escala", "region_cut", "comuna_cut",
              "latitud", "longitud", "n_miembros")
HISTORY_COLUMNS = ["id", "analisis_id", "organizacion_id", "poder", "interes", "posicion", "justificacion",
                   "estrategia", "poder_sugerido", "origen", "autor", "momento"]
ANALYSIS_COLUMNS = ["id", "titulo", "pregunta", "region_cut", "provincia_cut", "comuna_cut", "autor",
                    "creado_en", "descripcion", "activo"]


@dataclass(frozen=True)
class AnalysisInfo:
    id: int
    titulo: str
    pregunta: str | None
    region_cut: str | None
    provincia_cut: str | None
    comuna_cut: str | None
    autor: str
    creado_en: datetime
    descripcion: str | None
    activo: bool


@dataclass(frozen=True)
class AssessmentInput:
    """One assessment to append (from the page, a workshop file or the sample)."""

    organizacion_id: int
    poder: int
    interes: int
    posicion: str
    justificacion: str | None = None
    estrategia: str | None = None
    poder_sugerido: int | None = None
    momento: datetime | None = None


def _what(analysis: Analysis) -> str:
    return t("analisis.objetivo", titulo=analysis.titulo)


def _load(session, analysis_id: int) -> Analysis:  # Session
    analysis = session.get(Analysis, analysis_id)
    if analysis is None:
        raise InputError(t("analisis.error_no_existe", id=analysis_id))
    return analysis


def create_analysis(
    engine: Engine,
    user: User,
    titulo: str,
    region_cut: str | None,
    *,
    pregunta: str | None = None,
    descripcion: str | None = None,
    provincia_cut: str | None = None,
    comuna_cut: str | None = None,
) -> int:
    """A new analysis in ``region_cut`` (``None``: national) authored by ``user``."""
    titulo = (titulo or "").strip()
    if not titulo:
        raise InputError(t("analisis.error_titulo"))
    check_can_edit(user, region_cut, t("analisis.objetivo", titulo=titulo))
    with session_scope(engine) as session:
        analysis = Analysis(titulo=titulo, pregunta=(pregunta or titulo).strip(), region_cut=region_cut,
                            provincia_cut=provincia_cut, comuna_cut=comuna_cut, autor=user.nombre,
                            descripcion=descripcion, activo=True)
        session.add(analysis)
        session.flush()
        record(session, user, "analisis_actores", analysis.id, "crear", None, snapshot(analysis))
        return analysis.id


def get_analysis(engine: Engine, analysis_id: int) -> AnalysisInfo:
    with session_scope(engine) as session:
        a = _load(session, analysis_id)
        return AnalysisInfo(**{c: getattr(a, c) for c in ANALYSIS_COLUMNS})


def can_edit(user: User, analysis: AnalysisInfo) -> bool:
    return user.can_edit_region(analysis.region_cut)


def set_active(engine: Engine, user: User, analysis_id: int, active: bool, reason: str | None = None) -> None:
    """Archive (``active=False``) or restore an analysis; nothing is deleted."""
    with session_scope(engine) as session:
        analysis = _load(session, analysis_id)
        check_can_edit(user, analysis.region_cut, _what(analysis))
        before = snapshot(analysis)
        analysis.activo = active
        record(session, user, "analisis_actores", analysis.id, "activar" if active else "archivar",
               before, snapshot(analysis), reason)


def list_analyses(engine: Engine, region_cut: str | None = None, include_inactive: bool = False) -> pd.DataFrame:
    """Analyses (newest first) with their number of actors; ``region_cut`` filters."""
    a, aa = Analysis.__table__, AnalysisActor.__table__
    n_actors = (select(aa.c.analisis_id, func.count().label("n_actores")).where(aa.c.activo.is_(True))
                .group_by(aa.c.analisis_id).subquery())
    stmt = (select(a, func.coalesce(n_actors.c.n_actores, 0).label("n_actores"))
            .outerjoin(n_actors, n_actors.c.analisis_id == a.c.id).order_by(a.c.creado_en.desc(), a.c.id.desc()))
    if region_cut is not None:
        stmt = stmt.where(a.c.region_cut == region_cut)
    if not include_inactive:
        stmt = stmt.where(a.c.activo.is_(True))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[*ANALYSIS_COLUMNS, "n_actores"])


def add_actors(engine: Engine, user: User, analysis_id: int, org_ids: Iterable[int]) -> int:
    """Include organizations (re-activating removed ones); returns how many were added."""
    ids = sorted({int(i) for i in org_ids})
    added = 0
    with session_scope(engine) as session:
        analysis = _load(session, analysis_id)
        check_can_edit(user, analysis.region_cut, _what(analysis))
        found = set(session.scalars(select(Organization.id).where(Organization.id.in_(ids)))) if ids else set()
        missing = [i for i in ids if i not in found]
        if missing:
            raise InputError(t("analisis.error_org_no_existe", ids=", ".join(map(str, missing))))
        existing = {
            link.organizacion_id: link
            for link in session.scalars(select(AnalysisActor).where(AnalysisActor.analisis_id == analysis_id))
        }
        for org_id in ids:
            link = existing.get(org_id)
            if link is not None and link.activo:
                continue
            if link is None:
                link = AnalysisActor(analisis_id=analysis_id, organizacion_id=org_id, agregado_por=user.nombre,
                                     activo=True)
                session.add(link)
            else:
                link.activo = True
            session.flush()
            record(session, user, "analisis_actor", link.id, "agregar", None, snapshot(link))
            added += 1
    return added


def remove_actor(engine: Engine, user: User, analysis_id: int, org_id: int, reason: str | None = None) -> None:
    """Take an actor out of the analysis (deactivated; its assessments are kept)."""
    with session_scope(engine) as session:
        analysis = _load(session, analysis_id)
        check_can_edit(user, analysis.region_cut, _what(analysis))
        link = session.scalars(select(AnalysisActor).where(AnalysisActor.analisis_id == analysis_id,
                                                           AnalysisActor.organizacion_id == org_id)).first()
        if link is None or not link.activo:
            raise InputError(t("analisis.error_no_es_actor", org=org_id))
        before = snapshot(link)
        link.activo = False
        record(session, user, "analisis_actor", link.id, "quitar", before, snapshot(link), reason)


def _validated(item: AssessmentInput) -> AssessmentInput:
    check_score(item.poder, "poder")
    check_score(item.interes, "interes")
    check_position(item.posicion)
    return item


def assess_many(
    engine: Engine, user: User, analysis_id: int, items: Sequence[AssessmentInput], *,
    origin: str = "manual", add_missing: bool = False,
) -> list[int]:
    """Append one assessment per item in one transaction (all or nothing); returns their ids.

    An empty ``estrategia`` takes the quadrant's default. ``add_missing`` includes actors not yet
    in the analysis (workshop imports); otherwise assessing an outsider is an error.
    """
    items = [_validated(i) for i in items]
    ids: list[int] = []
    with session_scope(engine) as session:
        analysis = _load(session, analysis_id)
        check_can_edit(user, analysis.region_cut, _what(analysis))
        links = {
            link.organizacion_id: link
            for link in session.scalars(select(AnalysisActor).where(AnalysisActor.analisis_id == analysis_id))
        }
        for item in items:
            link = links.get(item.organizacion_id)
            if link is None or not link.activo:
                if not add_missing:
                    raise InputError(t("analisis.error_no_es_actor", org=item.organizacion_id))
                if link is None:
                    link = AnalysisActor(analisis_id=analysis_id, organizacion_id=item.organizacion_id,
                                         agregado_por=user.nombre, activo=True)
                    session.add(link)
                    links[item.organizacion_id] = link
                link.activo = True
                session.flush()
                record(session, user, "analisis_actor", link.id, "agregar", None, snapshot(link))
            strategy = (item.estrategia or "").strip() or default_strategy(item.poder, item.interes)
            row = Assessment(analisis_id=analysis_id, organizacion_id=item.organizacion_id, poder=item.poder,
                             interes=item.interes, posicion=item.posicion,
                             justificacion=(item.justificacion or "").strip() or None, estrategia=strategy,
                             poder_sugerido=item.poder_sugerido, origen=origin, autor=user.nombre)
            if item.momento is not None:
                row.momento = item.momento
            session.add(row)
            session.flush()
            record(session, user, "evaluacion_actor", row.id, "evaluar", None, snapshot(row))
            ids.append(row.id)
    return ids


def assess(engine: Engine, user: User, analysis_id: int, organizacion_id: int, *, poder: int, interes: int,
           posicion: str, justificacion: str | None = None, estrategia: str | None = None,
           poder_sugerido: int | None = None) -> int:
    """Append one assessment of one actor; returns its id (scores by name: two ints are easy to swap)."""
    item = AssessmentInput(organizacion_id, poder, interes, posicion, justificacion, estrategia, poder_sugerido)
    return assess_many(engine, user, analysis_id, [item])[0]


def load_actors(engine: Engine, analysis_id: int) -> pd.DataFrame:
    """Active actors of an analysis with their registry attributes (one row per organization)."""
    aa, o = AnalysisActor.__table__, Organization.__table__
    stmt = (select(aa.c.organizacion_id, *[o.c[f] for f in ORG_FIELDS])
            .join(o, o.c.id == aa.c.organizacion_id)
            .where(aa.c.analisis_id == analysis_id, aa.c.activo.is_(True)).order_by(o.c.nombre, o.c.id))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["organizacion_id", *ORG_FIELDS])


def load_history(engine: Engine, analysis_id: int) -> pd.DataFrame:
    """Every assessment of the analysis, oldest first, with the organization's name."""
    e, o = Assessment.__table__, Organization.__table__
    stmt = (select(*[e.c[c] for c in HISTORY_COLUMNS], o.c.nombre).join(o, o.c.id == e.c.organizacion_id)
            .where(e.c.analisis_id == analysis_id).order_by(e.c.momento, e.c.id))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=[*HISTORY_COLUMNS, "nombre"])


MATRIX_COLUMNS = [
    "organizacion_id", *ORG_FIELDS, "n_evaluaciones",
    "poder_inicial", "interes_inicial", "posicion_inicial", "cuadrante_inicial", "estrategia_inicial",
    "momento_inicial",
    "poder", "interes", "posicion", "cuadrante", "estrategia", "justificacion", "autor", "momento",
    "se_movio", "cambio_cuadrante",
]


def _quadrant_or_none(power: object, interest: object) -> str | None:
    if pd.isna(power) or pd.isna(interest):
        return None
    return quadrant(int(power), int(interest))  # type: ignore[call-overload]


def current_vs_first(actors: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: the first assessment next to the current (latest) one.

    Pure. Actors never assessed keep empty scores and no quadrant. ``se_movio`` is True when the
    current power or interest differs from the first; ``cambio_cuadrante`` when the quadrant did.
    """
    hist = history.sort_values(["momento", "id"], kind="stable")
    grouped = hist.groupby("organizacion_id", sort=False)
    first = grouped.head(1).set_index("organizacion_id")
    last = grouped.tail(1).set_index("organizacion_id")
    counts = grouped.size()
    out = actors[["organizacion_id", *ORG_FIELDS]].copy().reset_index(drop=True)
    ids = out["organizacion_id"]
    out["n_evaluaciones"] = ids.map(counts).fillna(0).astype(int)
    for suffix, src in (("_inicial", first), ("", last)):
        for col in ("poder", "interes"):
            out[col + suffix] = ids.map(src[col]).astype("Int64")
        for col in ("posicion", "estrategia", "momento"):
            out[col + suffix] = ids.map(src[col])
    out["justificacion"] = ids.map(last["justificacion"])
    out["autor"] = ids.map(last["autor"])
    out["cuadrante_inicial"] = [_quadrant_or_none(p, i) for p, i in zip(out["poder_inicial"], out["interes_inicial"],
                                                                         strict=True)]
    out["cuadrante"] = [_quadrant_or_none(p, i) for p, i in zip(out["poder"], out["interes"], strict=True)]
    moved = (out["poder"] != out["poder_inicial"]) | (out["interes"] != out["interes_inicial"])
    out["se_movio"] = moved.fillna(False).astype(bool)
    out["cambio_cuadrante"] = (out["cuadrante"] != out["cuadrante_inicial"]) & out["cuadrante"].notna()
    return out[MATRIX_COLUMNS]


def matrix_frame(engine: Engine, analysis_id: int) -> pd.DataFrame:
    """The analysis as one frame (actors, first and current assessment); see :func:`current_vs_first`."""
    return current_vs_first(load_actors(engine, analysis_id), load_history(engine, analysis_id))


def movements(frame: pd.DataFrame) -> pd.DataFrame:
    """Actors whose scores moved between the first and the current assessment, with the deltas."""
    moved = frame[frame["se_movio"]].copy()
    moved["delta_poder"] = moved["poder"] - moved["poder_inicial"]
    moved["delta_interes"] = moved["interes"] - moved["interes_inicial"]
    return moved[["organizacion_id", "nombre", "sector_tripartito", "poder_inicial", "interes_inicial", "poder",
                  "interes", "delta_poder", "delta_interes", "cuadrante_inicial", "cuadrante",
                  "cambio_cuadrante"]].reset_index(drop=True)


CHANGE_KINDS = ("solo_a", "solo_b", "cambio_cuadrante", "cambio_posicion", "cambio_puntaje", "sin_cambio",
                "sin_evaluar")


def _change_kind(row: pd.Series) -> str:
    if pd.isna(row["organizacion_id_a"]):
        return "solo_b"
    if pd.isna(row["organizacion_id_b"]):
        return "solo_a"
    if pd.isna(row["poder_a"]) or pd.isna(row["poder_b"]):
        return "sin_evaluar"
    if row["cuadrante_a"] != row["cuadrante_b"]:
        return "cambio_cuadrante"
    if row["posicion_a"] != row["posicion_b"]:
        return "cambio_posicion"
    if row["poder_a"] != row["poder_b"] or row["interes_a"] != row["interes_b"]:
        return "cambio_puntaje"
    return "sin_cambio"


def compare_frames(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Two analyses (``matrix_frame`` outputs) side by side, current assessments, one row per actor.

    Pure. ``cambio`` is one of :data:`CHANGE_KINDS`; ``delta_*`` is b − a.
    """
    keep = ["organizacion_id", "poder", "interes", "posicion", "cuadrante", "estrategia"]
    left = a[keep].assign(organizacion_id_a=a["organizacion_id"])
    right = b[keep].assign(organizacion_id_b=b["organizacion_id"])
    merged = left.merge(right, on="organizacion_id", how="outer", suffixes=("_a", "_b"))
    names = pd.concat([a, b])[["organizacion_id", "nombre", "sector_tripartito"]].drop_duplicates("organizacion_id")
    merged = merged.merge(names, on="organizacion_id", how="left")
    merged["delta_poder"] = merged["poder_b"] - merged["poder_a"]
    merged["delta_interes"] = merged["interes_b"] - merged["interes_a"]
    merged["cambio"] = merged.apply(_change_kind, axis=1) if len(merged) else pd.Series(dtype=str)
    cols = ["organizacion_id", "nombre", "sector_tripartito", "poder_a", "interes_a", "posicion_a", "cuadrante_a",
            "poder_b", "interes_b", "posicion_b", "cuadrante_b", "delta_poder", "delta_interes", "cambio"]
    return merged[cols].sort_values(["cambio", "nombre"], key=_change_order).reset_index(drop=True)


def _change_order(col: pd.Series) -> pd.Series:
    if col.name == "cambio":
        return col.map({k: i for i, k in enumerate(CHANGE_KINDS)})
    return col.astype(str).str.lower()


def compare_analyses(engine: Engine, a_id: int, b_id: int) -> pd.DataFrame:
    return compare_frames(matrix_frame(engine, a_id), matrix_frame(engine, b_id))
