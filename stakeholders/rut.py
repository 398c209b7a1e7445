"""Chilean RUT (Rol Único Tributario): modulo-11 check digit, normalised as ``12345678-5``."""

from __future__ import annotations

import re

from i18n import t
from stakeholders.errors import InvalidRutError

__all__ = ["InvalidRutError", "check_digit", "format_rut", "is_valid_rut", "normalize_rut"]

_CLEAN = re.compile(r"[^0-9kK]")


def check_digit(body: int) -> str:
    """Modulo-11 check digit of a RUT body ("K" for 10, "0" for 11)."""
    total, factor = 0, 2
    while body:
        total += (body % 10) * factor
        body //= 10
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {10: "K", 11: "0"}.get(rest, str(rest))


def normalize_rut(text: object) -> str:
    """Return ``"12345678-5"`` for any common spelling (dots, spaces, lowercase k).

    Raises :class:`InvalidRutError` with the expected digit when the check digit is wrong.
    """
    raw = _CLEAN.sub("", str(text)).upper()
    if len(raw) < 2 or not raw[:-1].isdigit():
        raise InvalidRutError(t("rut.sin_forma", texto=text))
    body, given = int(raw[:-1]), raw[-1]
    expected = check_digit(body)
    if given != expected:
        raise InvalidRutError(t("rut.digito_incorrecto", texto=text, esperado=expected))
    return f"{body}-{given}"


def is_valid_rut(text: object) -> bool:
    try:
        normalize_rut(text)
    except InvalidRutError:
        return False
    return True


def format_rut(body: int) -> str:
    """Build a valid normalised RUT from its body (used by the sample generator)."""
    return f"{body}-{check_digit(body)}"
