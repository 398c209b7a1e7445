"""Fatigue as a selection rule: leave out, or cap, the organizations already convened too often.

SENCE's field work found the same actors called to ever more spaces. A selection can therefore
*exclude* candidates marked fatigued (``stakeholders.network.fatigue``: over the threshold) or
convened more than X times in the last 12 months, or *cap* how many of them may sit on a panel.
Whoever a rule leaves out is listed with the reason, so the published result says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from i18n import t
from stakeholders.errors import InputError
from stakeholders.network.fatigue import participation_load

RULES = ("ninguna", "excluir", "limitar")
EVENTS_COLUMN = "convocatorias_12m"
TIRED_COLUMN = "fatigada"


@dataclass(frozen=True)
class FatigueRule:
    """``regla``: ninguna | excluir | limitar; ``max_convocatorias``: convened more than this in 12
    months counts as fatigued (None: only the fatigue measure's flag); ``tope``: most fatigued
    members on a panel under ``limitar``."""

    regla: str = "ninguna"
    max_convocatorias: int | None = None
    tope: int = 0

    def validate(self) -> None:
        if self.regla not in RULES:
            raise InputError(t("seleccion.error_regla_fatiga", regla=self.regla, reglas=", ".join(RULES)))
        if self.tope < 0 or (self.max_convocatorias is not None and self.max_convocatorias < 0):
            raise InputError(t("seleccion.error_tope_fatiga"))


def tired_mask(pool: pd.DataFrame, rule: FatigueRule) -> pd.Series:
    """Who counts as fatigued under ``rule`` (the flag, or more convocations than allowed)."""
    mask = pd.Series(False, index=pool.index)
    if TIRED_COLUMN in pool.columns:
        mask |= pool[TIRED_COLUMN].fillna(False).astype(bool)
    if rule.max_convocatorias is not None and EVENTS_COLUMN in pool.columns:
        events = pd.to_numeric(pool[EVENTS_COLUMN], errors="coerce").fillna(0)
        mask |= events > rule.max_convocatorias
    return mask


def _reason(row: pd.Series, rule: FatigueRule) -> str:
    events = row.get(EVENTS_COLUMN)
    if rule.max_convocatorias is not None and pd.notna(events) and float(events) > rule.max_convocatorias:
        return t("seleccion.motivo_convocatorias", n=int(events), x=rule.max_convocatorias)
    return t("seleccion.motivo_fatiga")


def apply_rule(pool: pd.DataFrame, rule: FatigueRule) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(pool for the lottery, left out)``: ``excluir`` drops the fatigued (listed with the reason);
    ``limitar`` keeps everyone and marks ``fatigada`` for the panel cap; ``ninguna`` changes nothing."""
    rule.validate()
    empty = pd.DataFrame({"id": pd.Series(dtype=object), "motivo": pd.Series(dtype=object)})
    if rule.regla == "ninguna":
        return pool, empty
    mask = tired_mask(pool, rule)
    if rule.regla == "limitar":
        return pool.assign(**{TIRED_COLUMN: mask.to_numpy()}), empty
    left = pool.loc[mask]
    out = pd.DataFrame({"id": left["id"].to_numpy(), "motivo": [_reason(r, rule) for _, r in left.iterrows()]})
    return pool.loc[~mask].reset_index(drop=True), out


def with_fatigue(pool: pd.DataFrame, attendance: pd.DataFrame | None, memberships: pd.DataFrame | None,
                 as_of: date, id_column: str = "id") -> pd.DataFrame:
    """``pool`` plus ``fatigada`` and ``convocatorias_12m`` from the registry's attendance (network measure)."""
    load = participation_load(attendance, memberships, as_of).set_index("organizacion_id")
    ids = pd.to_numeric(pool[id_column], errors="coerce")
    return pool.assign(**{
        TIRED_COLUMN: ids.map(load["fatigada"]).fillna(False).astype(bool).to_numpy(),
        EVENTS_COLUMN: ids.map(load["eventos_ventana"]).fillna(0).astype(int).to_numpy(),
    })
