"""A realistic sample analysis on the bundled sample registry (Región de Ñuble).

Two analyses of the same question a year apart ("Plan regional de capacitación 2026" and
"… 2027"), so the page can show the matrix, the movement between a first and a second
assessment, and the comparison over time. Everything is derived from the registry with fixed
rules (no randomness): re-running gives the same analyses, and running twice adds nothing.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, select

from i18n import t
from stakeholders.access import User
from stakeholders.analysis import service
from stakeholders.analysis.records import Analysis
from stakeholders.analysis.suggest import suggest_power
from stakeholders.db import session_scope
from stakeholders.errors import InputError
from stakeholders.repository import load_organizations

REGION = "16"
SAMPLE_AUTHOR = "datos de ejemplo"
QUESTION = "Plan regional de capacitación, Región de Ñuble"
TITLE = "Plan regional de capacitación 2027, Región de Ñuble"
PREVIOUS_TITLE = "Plan regional de capacitación 2026, Región de Ñuble"
# (actor type, how many): a council-like mix of the four tripartite sectors.
RECIPE: tuple[tuple[str, int], ...] = (
    ("gobierno_regional", 1), ("delegacion_presidencial", 1), ("seremi", 2), ("servicio_publico", 1),
    ("municipio", 2), ("camara", 1), ("asociacion_gremial", 2), ("empresa", 2), ("asociacion_mipyme", 1),
    ("cooperativa", 1), ("central_sindical", 1), ("federacion", 1), ("sindicato", 2),
    ("otec", 2), ("cft", 1), ("universidad", 1), ("liceo_tp", 1), ("organizacion_grupos_excluidos", 2),
    ("fundacion", 1), ("junta_vecinos", 1),
)
MAX_ACTORS = 24
# Interest in a regional training plan, by actor type (1–5).
INTEREST: dict[str, int] = {
    "gobierno_regional": 4, "delegacion_presidencial": 2, "seremi": 4, "servicio_publico": 5, "ministerio": 3,
    "municipio": 4, "camara": 3, "asociacion_gremial": 3, "empresa": 2, "asociacion_mipyme": 4, "cooperativa": 3,
    "central_sindical": 4, "federacion": 3, "confederacion": 3, "sindicato": 3, "asociacion_funcionarios": 2,
    "otec": 5, "cft": 4, "instituto_profesional": 4, "universidad": 3, "liceo_tp": 4,
    "organizacion_grupos_excluidos": 5, "fundacion": 3, "ong": 3, "junta_vecinos": 2, "organizacion_comunitaria": 2,
}
MOMENTS = {
    "previo": datetime(2025, 10, 14, 15, 0, tzinfo=UTC),
    "primera": datetime(2026, 9, 8, 15, 0, tzinfo=UTC),
    "segunda": datetime(2026, 11, 10, 15, 0, tzinfo=UTC),
}


def _bucket(name: str, n: int) -> int:
    """A stable pseudo-random bucket of a name (CRC32), so choices vary yet never change."""
    return zlib.crc32(name.encode("utf-8")) % n


def pick_actors(orgs: pd.DataFrame) -> pd.DataFrame:
    """The sample's actors: the recipe's types in id order, topped up to ~20 when types are missing."""
    orgs = orgs.sort_values("id")
    chosen: list[int] = []
    for actor_type, count in RECIPE:
        chosen += orgs.loc[orgs["tipo_actor"] == actor_type, "id"].head(count).astype(int).tolist()
    if len(chosen) < 20:
        rest = orgs.loc[~orgs["id"].isin(chosen), "id"].astype(int)
        chosen += rest.head(20 - len(chosen)).tolist()
    return orgs[orgs["id"].isin(chosen[:MAX_ACTORS])].reset_index(drop=True)


def first_assessment(org: dict[str, object]) -> service.AssessmentInput:
    """Power from the registry suggestion, interest from the type; position varies by name."""
    name = str(org["nombre"])
    suggestion = suggest_power(org)
    interest = INTEREST.get(str(org["tipo_actor"]), 3)
    interest = max(1, min(5, interest + (_bucket(name, 3) - 1)))
    position = ("a_favor", "a_favor", "indiferente", "indiferente", "en_contra")[_bucket(name + "/p", 5)]
    return service.AssessmentInput(
        organizacion_id=int(org["id"]), poder=suggestion.score, interes=interest, posicion=position,  # type: ignore[call-overload]
        justificacion=t("analisis.ejemplo_justificacion_inicial"), poder_sugerido=suggestion.score)


def moved(item: service.AssessmentInput, index: int) -> service.AssessmentInput | None:
    """The second assessment for every third actor: more interest after the dialogues, or less."""
    if index % 3 != 0:
        return None
    if index % 2 == 0:
        power, interest, position = item.poder, min(5, item.interes + 2), "a_favor"
        why = t("analisis.ejemplo_justificacion_sube")
    else:
        power, interest = max(1, item.poder - 1), max(1, item.interes - 2)
        position = "indiferente" if item.posicion == "a_favor" else "en_contra"
        why = t("analisis.ejemplo_justificacion_baja")
    return service.AssessmentInput(item.organizacion_id, power, interest, position, why)


def _existing(engine: Engine, title: str) -> int | None:
    with session_scope(engine) as session:
        return session.scalars(select(Analysis.id).where(Analysis.titulo == title,
                                                         Analysis.autor == SAMPLE_AUTHOR)).first()


def _create(engine: Engine, user: User, title: str, created: datetime, description: str) -> int:
    analysis_id = service.create_analysis(engine, user, title, REGION, pregunta=QUESTION, descripcion=description)
    with session_scope(engine) as session:
        row = session.get(Analysis, analysis_id)
        assert row is not None
        row.creado_en = created
    return analysis_id


def create_sample_analysis(engine: Engine) -> int:
    """Create the sample analyses once (idempotent); return the id of the 2027 analysis.

    Raises ``ValueError`` when the registry has no organization in Ñuble (load the sample first).
    """
    found = _existing(engine, TITLE)
    if found is not None:
        return found
    orgs = load_organizations(engine, REGION)
    orgs = orgs[orgs["region_cut"] == REGION]
    if orgs.empty:
        raise InputError(t("analisis.ejemplo_sin_datos"))
    user = User(SAMPLE_AUTHOR, "central")
    actors = pick_actors(orgs)
    firsts = [first_assessment(org) for org in actors.to_dict("records")]
    ids = [i.organizacion_id for i in firsts]

    if _existing(engine, PREVIOUS_TITLE) is None:
        _create_previous(engine, user, firsts)

    current = _create(engine, user, TITLE, MOMENTS["primera"], t("analisis.ejemplo_descripcion"))
    service.add_actors(engine, user, current, ids)
    service.assess_many(engine, user, current, [_at(i, MOMENTS["primera"]) for i in firsts], origin="ejemplo")
    second = [m for k, i in enumerate(firsts) if (m := moved(i, k)) is not None]
    service.assess_many(engine, user, current, [_at(i, MOMENTS["segunda"]) for i in second], origin="ejemplo")
    return current


def _at(item: service.AssessmentInput, moment: datetime) -> service.AssessmentInput:
    return service.AssessmentInput(item.organizacion_id, item.poder, item.interes, item.posicion, item.justificacion,
                                   item.estrategia, item.poder_sugerido, moment)


def _create_previous(engine: Engine, user: User, firsts: list[service.AssessmentInput]) -> int:
    """Last year's analysis of the same question: fewer actors, somewhat lower scores."""
    kept = firsts[: max(1, len(firsts) - 3)]
    previous = _create(engine, user, PREVIOUS_TITLE, MOMENTS["previo"], t("analisis.ejemplo_descripcion_previa"))
    service.add_actors(engine, user, previous, [i.organizacion_id for i in kept])
    before = [service.AssessmentInput(i.organizacion_id, max(1, i.poder - (k % 2)), max(1, i.interes - 1),
                                      "indiferente" if k % 4 == 0 else i.posicion, i.justificacion,
                                      momento=MOMENTS["previo"])
              for k, i in enumerate(kept)]
    service.assess_many(engine, user, previous, before, origin="ejemplo")
    return previous
