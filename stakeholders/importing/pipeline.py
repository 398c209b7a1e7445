"""Import run: read → validate every row → write in ONE transaction (or nothing).

All-or-nothing is the default: if any row is rejected nothing is written, not even the batch
record. Partial mode writes the valid rows and hands back the rejected ones, with an ``error``
column, as a file the user can fix and import again. Organizations are upserted (by RUT, else
``id_externo``, else normalised name + commune), so importing the same file twice changes nothing.
Writes are bulk statements: a 200 000-row file is a handful of round trips, not 200 000.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.access import User
from stakeholders.db import session_scope
from stakeholders.importing.headers import TABLE_ORDER
from stakeholders.importing.readers import ImportFileError, Table, read_tables
from stakeholders.importing.validate import (
    DATA_FIELDS,
    Issue,
    Validation,
    clean_value,
    existing_index,
    issues_frame,
    missing_columns,
    validate_organizations,
)
from stakeholders.models import ChangeLog, ImportBatch, Organization, utcnow

CHUNK = 5_000


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

    def report(self) -> pd.DataFrame:
        return issues_frame(self.issues)

    def summary(self) -> str:
        key = "importacion.resumen" if self.written else (
            "importacion.resumen_validacion" if self.modo == "validacion" else "importacion.resumen_nada")
        return t(key, total=self.total, creadas=self.creadas, actualizadas=self.actualizadas,
                 sin_cambios=self.sin_cambios, rechazadas=self.rechazadas)

    def rejected_frame(self) -> pd.DataFrame:
        """All rejected rows (single table) as they were read, with an ``error`` column."""
        frames = [tr.rejected for tr in self.tables if len(tr.rejected)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# ---------------------------------------------------------------- entry points

def import_file(engine: Engine, data: bytes | str | Path, user: User, *, name: str | None = None,
                partial: bool = False, kind: str | None = None, dry_run: bool = False,
                source: str | None = None) -> ImportResult:
    """Read, validate and (unless ``dry_run``) write a file; see the module docstring."""
    tables = read_tables(data, name, kind)
    archivo = source or tables[0].source
    return import_tables(engine, tables, user, archivo=archivo, partial=partial, dry_run=dry_run)


def validate_file(engine: Engine, data: bytes | str | Path, user: User, *, name: str | None = None,
                  kind: str | None = None) -> ImportResult:
    """Dry run: the full validation (including duplicates against the registry), nothing written."""
    return import_file(engine, data, user, name=name, kind=kind, dry_run=True)


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or rejected rows in all-or-nothing)."""


def import_tables(engine: Engine, tables: list[Table], user: User, *, archivo: str, partial: bool = False,
                  dry_run: bool = False) -> ImportResult:
    modo = "validacion" if dry_run else ("parcial" if partial else "todo_o_nada")
    for table in tables:
        if table.kind == "organizaciones":
            missing = missing_columns(table.frame)
            if missing:
                raise ImportFileError(t("importacion.faltan_columnas", columnas=", ".join(missing),
                                        archivo=archivo))
    ordered = sorted(tables, key=lambda tb: TABLE_ORDER.index(tb.kind))
    results: list[TableResult] = []
    issues: list[Issue] = []
    batch_id: int | None = None
    written = False
    try:
        with session_scope(engine) as session:
            batch = ImportBatch(archivo=archivo[:300], tipo_datos=",".join(tb.kind for tb in ordered), modo=modo,
                                usuario=user.nombre, filas_total=sum(len(tb.frame) for tb in ordered))
            session.add(batch)
            session.flush()
            ctx = _WriteContext(session, user, archivo, batch.id, utcnow())
            for table in ordered:
                res, found = _import_table(ctx, table)
                results.append(res)
                issues.extend(found)
            batch.filas_creadas = sum(r.creadas for r in results)
            batch.filas_actualizadas = sum(r.actualizadas for r in results)
            batch.filas_sin_cambios = sum(r.sin_cambios for r in results)
            batch.filas_rechazadas = sum(r.rechazadas for r in results)
            if dry_run or (issues and not partial):
                raise _Rollback
            batch_id, written = batch.id, True
    except _Rollback:
        pass
    if not written:
        for res in results:
            if not dry_run:
                res.creadas = res.actualizadas = res.sin_cambios = 0
    return ImportResult(archivo=archivo, modo=modo, tables=results, issues=issues, written=written,
                        batch_id=batch_id)


@dataclass
class _WriteContext:
    session: Session
    user: User
    archivo: str
    batch_id: int
    now: datetime

    @property
    def reason(self) -> str:
        return t("importacion.motivo_lote", lote=self.batch_id, archivo=self.archivo)


def _import_table(ctx: _WriteContext, table: Table) -> tuple[TableResult, list[Issue]]:
    if table.kind == "organizaciones":
        return import_organizations(ctx, table)
    from stakeholders.importing.links import import_links

    return import_links(ctx, table)


def rejected_rows(table: Table, issues: Iterable[Issue]) -> pd.DataFrame:
    """The rejected rows as read, plus ``error`` (all their problems), ready to fix and re-import."""
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.fila, []).append(f"{issue.campo}: {issue.problema}")
    frame = table.frame[table.frame["_fila"].isin(by_row)].copy()
    frame["error"] = frame["_fila"].map(lambda f: " | ".join(by_row[f]))
    return frame.drop(columns=["_fila"]).reset_index(drop=True)


# ---------------------------------------------------------------- organizations

def load_existing(session: Session) -> pd.DataFrame:
    """Every registered organization (active or not: RUT and id_externo are unique across both)."""
    cols = ["id", "version", *[f for f in DATA_FIELDS if f != "nombre_normalizado"]]
    table = Organization.__table__
    rows = session.execute(select(*[table.c[c] for c in cols])).all()
    frame = pd.DataFrame(rows, columns=cols)
    return existing_index(frame).join(frame.drop(columns=["id", "rut", "id_externo", "nombre", "comuna_cut",
                                                          "region_cut"]))


def import_organizations(ctx: _WriteContext, table: Table) -> tuple[TableResult, list[Issue]]:
    existing = load_existing(ctx.session)
    validation = validate_organizations(table.frame, existing, ctx.user, table.sheet)
    result = TableResult("organizaciones", table.sheet, total=len(table.frame))
    bad = validation.bad_rows
    result.rechazadas = len(bad)
    result.rejected = rejected_rows(table, validation.issues)
    write_organizations(ctx, validation, existing, result)
    return result, validation.issues


def _same(a: Any, b: Any) -> bool:
    a, b = clean_value(a), clean_value(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    return a == b


def write_organizations(ctx: _WriteContext, validation: Validation, existing: pd.DataFrame,
                        result: TableResult) -> None:
    """Bulk insert new organizations, bulk update changed ones, log both; unchanged rows untouched."""
    valid = validation.valid
    fields = [f for f in DATA_FIELDS if f in validation.present or f == "nombre_normalizado"]
    old = existing.set_index("id") if len(existing) else existing
    creates: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    records = valid.to_dict("records")
    for rec in records:
        match = rec.get("match_id")
        if match is None or (isinstance(match, float) and math.isnan(match)):
            creates.append({f: clean_value(rec[f]) for f in DATA_FIELDS})
            continue
        current = old.loc[int(match)]
        before = {f: clean_value(current[f]) for f in fields if not _same(current[f], rec[f])}
        if before:
            after = {f: clean_value(rec[f]) for f in before}
            updates.append((int(match), before, {**after, "_version": int(current["version"])}))
    result.creadas = len(creates)
    result.actualizadas = len(updates)
    result.sin_cambios = len(records) - len(creates) - len(updates)
    provenance = {"fuente": ctx.archivo[:300], "importado_en": ctx.now, "importado_por": ctx.user.nombre}
    logs: list[dict[str, Any]] = []
    ids = reserve_ids(ctx.session, len(creates))
    table = Organization.__table__
    for start in range(0, len(creates), CHUNK):
        chunk = creates[start:start + CHUNK]
        rows = [{**c, **provenance, "id": i, "activo": True, "version": 1, "creado_en": ctx.now,
                 "actualizado_en": ctx.now} for i, c in zip(ids[start:start + CHUNK], chunk, strict=True)]
        ctx.session.execute(table.insert(), rows)
        logs.extend(_log("organizacion", i, "crear", ctx, None, c)
                    for i, c in zip(ids[start:start + CHUNK], chunk, strict=True))
    if updates:
        params = []
        for org_id, before, after in updates:
            version = after.pop("_version")
            params.append({"id": org_id, **after, **provenance, "version": version + 1, "actualizado_en": ctx.now})
            logs.append(_log("organizacion", org_id, "actualizar", ctx, before, after))
        for start in range(0, len(params), CHUNK):
            ctx.session.execute(update(Organization), params[start:start + CHUNK])
    for start in range(0, len(logs), CHUNK):
        ctx.session.execute(ChangeLog.__table__.insert(), logs[start:start + CHUNK])


def reserve_ids(session: Session, n: int) -> list[int]:
    """``n`` new organization ids, taken without one round trip per row.

    PostgreSQL: from the table's sequence (safe with concurrent writers). SQLite: max(id) + 1…,
    safe because the import's transaction already holds SQLite's single write lock.
    """
    if n == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        stmt = text("SELECT nextval(pg_get_serial_sequence('organizacion', 'id')) FROM generate_series(1, :n)")
        return [int(v) for v in session.scalars(stmt, {"n": n})]
    start = session.scalar(select(func.coalesce(func.max(Organization.id), 0))) or 0
    return list(range(int(start) + 1, int(start) + n + 1))


def _json(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _log(entity: str, entity_id: int, action: str, ctx: _WriteContext, before: dict[str, Any] | None,
         after: dict[str, Any] | None) -> dict[str, Any]:
    return {"entidad": entity, "entidad_id": int(entity_id), "accion": action, "usuario": ctx.user.nombre,
            "momento": ctx.now, "antes": _json(before), "despues": _json(after), "motivo": ctx.reason}


def write_rejected(result: ImportResult, path: str | Path | None = None, fmt: str = "csv") -> bytes:
    """Rejected rows as CSV (UTF-8 BOM) or XLSX bytes; also written to ``path`` when given."""
    from stakeholders.exporting import frame_to_csv_bytes, frame_to_xlsx_bytes

    frame = result.rejected_frame()
    data = frame_to_xlsx_bytes(frame) if fmt == "xlsx" else frame_to_csv_bytes(frame)
    if path is not None:
        Path(path).write_bytes(data)
    return data


def report_bytes(result: ImportResult, fmt: str = "csv") -> bytes:
    """The issue report (row, field, value, problem, what to do) as CSV or XLSX bytes."""
    from stakeholders.exporting import frame_to_csv_bytes, frame_to_xlsx_bytes

    frame = result.report()
    return frame_to_xlsx_bytes(frame) if fmt == "xlsx" else frame_to_csv_bytes(frame)
