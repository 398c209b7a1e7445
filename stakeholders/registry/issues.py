"""One problem of one row, as the user will read it: row, field, value, problem, what to do.

An ``error`` rejects the row; an ``aviso`` (note) is reported and the row is written anyway
(which rule matched an updated row, a location kept at region level, a point just over a border).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Issue:
    """One problem of one row: where it is, what is wrong, what to do."""

    fila: int
    campo: str
    problema: str
    accion: str
    valor: str = ""
    hoja: str | None = None
    nivel: str = "error"  # "error" rejects the row, "aviso" does not


ERROR = "error"
NOTE = "aviso"
ISSUE_COLUMNS = ["nivel", "fila", "campo", "valor", "problema", "accion"]


def note(fila: int, campo: str, problema: str, accion: str = "", valor: object = "", hoja: str | None = None) -> Issue:
    """A non-blocking remark on a row (written anyway)."""
    return Issue(fila, campo, problema, accion, str(valor or ""), hoja, NOTE)


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """The report as a frame: row, field, value, problem, what to do (sheet when there is one)."""
    rows = [{"hoja": i.hoja, "nivel": i.nivel, "fila": i.fila, "campo": i.campo, "valor": i.valor,
             "problema": i.problema, "accion": i.accion} for i in issues]
    frame = pd.DataFrame(rows, columns=["hoja", *ISSUE_COLUMNS])
    if frame["hoja"].isna().all():
        frame = frame.drop(columns="hoja")
    return frame.sort_values(["fila"], kind="stable").reset_index(drop=True)

