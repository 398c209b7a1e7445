"""Spreadsheet formula injection: one rule for every export, and its inverse for re-import.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
by Excel or LibreOffice as a formula; exports prefix it with an apostrophe (shown as text), and
imports remove that apostrophe again so export → import round-trips. Numbers are never touched,
so negative longitudes stay numeric. Column headers are cells too: writers pass them through
:func:`neutralise` as well (a header can come from user data, e.g. a region or rubro name).
"""

from __future__ import annotations

from typing import Final

FORMULA_PREFIX: Final[str] = "'"
DANGEROUS_START: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix ``'`` to text a spreadsheet would run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return FORMULA_PREFIX + value
    return value


def neutralise_text(value: str) -> str:
    """:func:`neutralise` for text known to be a string (headers, sheet cells built from labels)."""
    return FORMULA_PREFIX + value if value.startswith(DANGEROUS_START) else value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` (``'=x`` → ``=x``); any other text is returned as it is."""
    if len(value) > 1 and value[0] == FORMULA_PREFIX and value[1:].startswith(DANGEROUS_START):
        return value[1:]
    return value
