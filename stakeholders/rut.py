"""Chilean RUT (Rol Único Tributario): modulo-11 check digit, normalised as ``12345678-5``.

Only RUT-shaped text is accepted: a body of 1 to 8 digits (optionally grouped with dots or
spaces as ``76.123.456``), an optional dash, and the check digit. Text around it ("hola 76… chao")
or a zero body (``0-0``) is refused rather than guessed at.
"""

from __future__ import annotations

import re

from i18n import t
from stakeholders.errors import InvalidRutError

__all__ = ["InvalidRutError", "check_digit", "format_rut", "is_valid_rut", "normalize_rut"]

# 1–8 digits, grouped by thousands with "." or " " or not at all; optional "-" before the digit.
_SHAPE = re.compile(r"(?P<body>\d{1,8}|\d{1,2}(?:[. ]\d{3}){1,2})\s*-?\s*(?P<dv>[0-9kK])")
_GROUPING = re.compile(r"[. ]")
MAX_LEN = 12  # "12345678-5" is 10; the column is 12 wide


_FACTORS = (2, 3, 4, 5, 6, 7) * 4  # weights of the digits, from the last one
_DIGIT = {10: "K", 11: "0", **{r: str(r) for r in range(1, 10)}}


def check_digit(body: int) -> str:
    """Modulo-11 check digit of a RUT body ("K" for 10, "0" for 11)."""
    digits = str(body)[::-1]
    if body < 0 or len(digits) > len(_FACTORS):
        total, factor = 0, 2
        while body:
            total += (body % 10) * factor
            body //= 10
            factor = 2 if factor == 7 else factor + 1
    else:
        total = sum(map(int.__mul__, map(int, digits), _FACTORS))
    return _DIGIT[11 - total % 11]


def normalize_rut(text: object) -> str:
    """Return ``"12345678-5"`` for any common spelling (dots, spaces, lowercase k).

    Raises :class:`InvalidRutError` with the expected digit when the check digit is wrong.
    """
    shown = str(text)[:40]
    match = _SHAPE.fullmatch(str(text).strip())
    if match is None:
        raise InvalidRutError(t("rut.sin_forma", valor=shown))
    digits = match["body"]
    body, given = int(digits if digits.isdigit() else _GROUPING.sub("", digits)), match["dv"].upper()
    if body == 0:
        raise InvalidRutError(t("rut.cero", valor=shown))
    expected = check_digit(body)
    if given != expected:
        raise InvalidRutError(t("rut.digito", valor=shown, esperado=expected))
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
