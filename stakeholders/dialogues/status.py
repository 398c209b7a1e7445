"""The follow-up states of an idea and which changes are allowed.

``recibida`` → ``en_analisis`` → ``comprometida`` (responsible unit and due date) →
``implementada``; ``descartada`` (with the reason) from any open state. An idea is never
implemented without a commitment first: that is what participants are promised.
"""

from __future__ import annotations

from datetime import date

from i18n import t
from stakeholders.errors import InputError

STATES: tuple[str, ...] = ("recibida", "en_analisis", "comprometida", "implementada", "descartada")
OPEN_STATES = frozenset({"recibida", "en_analisis", "comprometida"})
TRANSITIONS: dict[str, frozenset[str]] = {
    "recibida": frozenset({"en_analisis", "descartada"}),
    "en_analisis": frozenset({"comprometida", "descartada"}),
    "comprometida": frozenset({"implementada", "descartada", "comprometida"}),  # a new due date is a change
    "implementada": frozenset(),
    "descartada": frozenset(),
}


def label(state: str) -> str:
    return t(f"seguimiento.estado_{state}")


def parse_state(text: object) -> str:
    """A state id from an id or its label ("En análisis" → ``en_analisis``); Spanish error otherwise."""
    raw = str(text or "").strip()
    for state in STATES:
        if raw.lower() in (state, label(state).lower(), state.replace("_", " ")):
            return state
    raise InputError(t("seguimiento.error_estado", estado=raw, estados=", ".join(label(s) for s in STATES)))


def check_transition(current: str, new: str, unit: str | None, due: date | None, reason: str | None) -> None:
    """Raise ``ValueError`` (Spanish, says what to do) when ``current → new`` is not allowed."""
    if new not in STATES:
        raise InputError(t("seguimiento.error_estado", estado=new, estados=", ".join(label(s) for s in STATES)))
    if new not in TRANSITIONS.get(current, frozenset()):
        if current == "recibida" and new == "implementada":
            raise InputError(t("seguimiento.error_sin_compromiso"))
        raise InputError(t("seguimiento.error_transicion", desde=label(current), hacia=label(new)))
    if new == "comprometida" and (not (unit or "").strip() or due is None):
        raise InputError(t("seguimiento.error_compromiso_incompleto"))
    if new == "descartada" and not (reason or "").strip():
        raise InputError(t("seguimiento.error_sin_motivo"))


def path_to(state: str) -> list[str]:
    """The states an imported idea goes through to reach ``state`` (history is never skipped)."""
    chain = {"recibida": [], "en_analisis": ["en_analisis"], "comprometida": ["en_analisis", "comprometida"],
             "implementada": ["en_analisis", "comprometida", "implementada"], "descartada": ["descartada"]}
    return chain[state]
