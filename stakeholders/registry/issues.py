"""One problem of one row, as the user will read it: row, field, value, problem, what to do."""

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


ISSUE_COLUMNS = ["fila", "campo", "valor", "problema", "accion"]


def issues_frame(issues: Iterable[Issue]) -> pd.DataFrame:
    """The report as a frame: row, field, value, problem, what to do (sheet when there is one)."""
    rows = [{"hoja": i.hoja, "fila": i.fila, "campo": i.campo, "valor": i.valor, "problema": i.problema,
             "accion": i.accion} for i in issues]
    frame = pd.DataFrame(rows, columns=["hoja", *ISSUE_COLUMNS])
    if frame["hoja"].isna().all():
        frame = frame.drop(columns="hoja")
    return frame.sort_values(["fila"], kind="stable").reset_index(drop=True)

