"""What an import run holds and hands back: its write context, per-table counts, rejected rows.

Shared by the organization writer (:mod:`.pipeline`) and the relationship/participation writer
(:mod:`.links`), so neither has to import the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.access import User
from stakeholders.importing.tables import Table
from stakeholders.registry.issues import Issue, issues_frame


@dataclass
class WriteContext:
    """The open transaction of one import and who/what/when it is written for."""

    session: Session
    user: User
    archivo: str
    batch_id: int
    now: datetime

    @cached_property
    def reason(self) -> str:
        return t("importacion.motivo_lote", lote=self.batch_id, archivo=self.archivo)

    def log_common(self) -> dict[str, Any]:
        """What every change-log row of this import shares: who, when, why (see ``audit.append_batch``)."""
        return {"entidad": "organizacion", "usuario": self.user.nombre, "momento": self.now, "motivo": self.reason}


@dataclass
class TableResult:
    """Counts and rejected rows of one table of the file."""

    tipo: str
    hoja: str | None
    total: int = 0
    creadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    rechazadas: int = 0
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[Issue] = field(default_factory=list)
    separator: str | None = None  # of the CSV the rows came from


@dataclass
class ImportResult:
    """What an import (or a dry run) did: counts, issues, rejected rows, whether it wrote."""

    archivo: str
    modo: str
    tables: list[TableResult]
    issues: list[Issue]
    written: bool
    batch_id: int | None = None

    def _sum(self, name: str) -> int:
        return sum(getattr(tr, name) for tr in self.tables)

    @property
    def total(self) -> int:
        return self._sum("total")

    @property
    def creadas(self) -> int:
        return self._sum("creadas")

    @property
    def actualizadas(self) -> int:
        return self._sum("actualizadas")

    @property
    def sin_cambios(self) -> int:
        return self._sum("sin_cambios")

    @property
    def rechazadas(self) -> int:
        return self._sum("rechazadas")

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def notes(self) -> list[Issue]:
        """Remarks that did not reject a row: which rule matched each update, places kept at region level…"""
        return [n for tr in self.tables for n in tr.notes]

    def report(self) -> pd.DataFrame:
        """Errors and remarks, by row (column ``nivel``: ``error`` rejects the row, ``aviso`` does not)."""
        return issues_frame([*self.issues, *self.notes])

    def summary(self) -> str:
        key = "importacion.resumen" if self.written else (
            "importacion.resumen_validacion" if self.modo == "validacion" else "importacion.resumen_nada")
        return t(key, total=self.total, creadas=self.creadas, actualizadas=self.actualizadas,
                 sin_cambios=self.sin_cambios, rechazadas=self.rechazadas)

    def rejected_frame(self) -> pd.DataFrame:
        """All rejected rows (single table) as they were read, with an ``error`` column."""
        frames = [tr.rejected for tr in self.tables if len(tr.rejected)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def rejected_rows(table: Table, issues: Iterable[Issue]) -> pd.DataFrame:
    """The rejected rows as the user wrote them (own headers, every column, numbers as typed), plus
    ``error`` (all their problems), ready to fix and import again."""
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.fila, []).append(f"{issue.campo}: {issue.problema}")
    source = table.original if table.original is not None else table.frame
    frame = source[source["_fila"].isin(by_row)].copy()
    frame["error"] = frame["_fila"].map(lambda f: " | ".join(by_row[f]))
    return frame.drop(columns=["_fila"]).reset_index(drop=True)
