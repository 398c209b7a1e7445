"""Power–interest quadrants and their default strategies (pure; no IO).

Boundary rule, on the 1–5 scales used by planners: **3 counts as high**. A score is "high"
when it is ``>= HIGH_FROM`` (3, 4 or 5) and "low" when it is 1 or 2. The rule errs on the side
of engagement: an actor a planner hesitates about ("medio") is kept close rather than only
monitored, because leaving out an actor who turns out to matter costs more than informing one
too many. The chart draws the dividing lines at 2.5, between the low and the high scores, so
no actor ever sits on a line.
"""

from __future__ import annotations

from i18n import t
from stakeholders.errors import InputError
from stakeholders.vocab import fold

SCALE_MIN = 1
SCALE_MAX = 5
HIGH_FROM = 3
DIVIDER = HIGH_FROM - 0.5

# Quadrant ids double as the default strategy ids (Laboratorio de Gobierno's wording).
MANAGE_CLOSELY = "gestionar_de_cerca"
KEEP_SATISFIED = "mantener_satisfecho"
KEEP_INFORMED = "mantener_informado"
MONITOR = "monitorear"
QUADRANTS: tuple[str, ...] = (MANAGE_CLOSELY, KEEP_SATISFIED, KEEP_INFORMED, MONITOR)

POSITIONS: tuple[str, ...] = ("a_favor", "indiferente", "en_contra")


def check_score(value: int, field: str) -> int:
    """The score as an int, or ``ValueError`` (Spanish) when it is not an integer in 1–5."""
    if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise InputError(t("analisis.error_puntaje", campo=field, valor=value, min=SCALE_MIN, max=SCALE_MAX))
    return value


def is_high(score: int) -> bool:
    return score >= HIGH_FROM


def quadrant(power: int, interest: int) -> str:
    """The quadrant id of an actor with ``power`` (Y) and ``interest`` (X), both 1–5."""
    check_score(power, "poder")
    check_score(interest, "interes")
    if is_high(power):
        return MANAGE_CLOSELY if is_high(interest) else KEEP_SATISFIED
    return KEEP_INFORMED if is_high(interest) else MONITOR


def quadrant_label(quadrant_id: str) -> str:
    return t(f"analisis.cuadrante.{quadrant_id}")


def default_strategy(power: int, interest: int) -> str:
    """The strategy text that follows from the quadrant (what an untouched assessment stores)."""
    return strategy_label(quadrant(power, interest))


def strategy_label(quadrant_id: str) -> str:
    return t(f"analisis.estrategia.{quadrant_id}")


def strategy_help(quadrant_id: str) -> str:
    return t(f"analisis.estrategia_ayuda.{quadrant_id}")


def position_label(position: object) -> str:
    """The Spanish label of a position id; empty for a missing one (None or NaN)."""
    if not isinstance(position, str) or not position:
        return ""
    return t(f"analisis.posicion.{position}")


def check_position(value: str) -> str:
    if value not in POSITIONS:
        raise InputError(t("analisis.error_posicion", valor=value, permitidos=", ".join(POSITIONS)))
    return value


def parse_position(value: object) -> str | None:
    """A position id from what a workshop sheet says ("A favor", "neutral", "+", "contra"…)."""
    raw = str(value).strip()
    symbols = {"+": "a_favor", "=": "indiferente", "0": "indiferente", "-": "en_contra", "−": "en_contra"}
    if raw in symbols:
        return symbols[raw]
    key = fold(raw)
    aliases = {
        "afavor": "a_favor", "favor": "a_favor", "favorable": "a_favor", "apoya": "a_favor", "aliado": "a_favor",
        "indiferente": "indiferente", "neutral": "indiferente", "neutro": "indiferente", "indeciso": "indiferente",
        "encontra": "en_contra", "contra": "en_contra", "opositor": "en_contra", "desfavorable": "en_contra",
    }
    for ident in POSITIONS:
        if key in (fold(ident), fold(position_label(ident))):
            return ident
    return aliases.get(key)
