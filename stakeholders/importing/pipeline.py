"""Import run: read → validate every row → write in ONE transaction (or nothing).

All-or-nothing is the default: if any row is rejected nothing is written, not even the batch
record. Partial mode writes the valid rows and hands back the rejected ones, with an ``error``
column, as a file the user can fix and import again. Organizations are upserted (by RUT, else
``id_externo``, else normalised name + commune), so importing the same file twice changes nothing.
Writes are bulk statements: a 200 000-row file is a handful of round trips, not 200 000.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, bindparam, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.access import User
from stakeholders.audit import CONTACT_FIELDS, Created, append_batch
from stakeholders.bulk import insert_columns
from stakeholders.db import session_scope
from stakeholders.exporting import frame_to_csv_bytes, frame_to_xlsx_bytes
from stakeholders.importing.headers import TABLE_ORDER
from stakeholders.importing.links import import_links
from stakeholders.importing.mapping import ColumnMapping
from stakeholders.importing.results import ImportResult, TableResult, WriteContext, rejected_rows
from stakeholders.importing.tables import Table, read_tables
from stakeholders.models import ImportBatch, Organization, utcnow
from stakeholders.registry.issues import Issue, note
from stakeholders.registry.matching import load_existing
from stakeholders.registry.schema import DATA_FIELDS
from stakeholders.registry.validation import (
    FileState,
    Validation,
    missing_columns,
    user_name_problem,
    validate_organizations,
)
from stakeholders.registry.values import clean_value, same_value
from stakeholders.registry.writes import (
    WRITE_WAIT_S,
    RegistryBusyError,
    is_busy_error,
    lock_versions,
    stale_message,
    take_write_lock,
)
from stakeholders.tabular.read import ImportFileError
from stakeholders.tabular.write import csv_bytes_as_typed

CHUNK = 5_000


# ---------------------------------------------------------------- entry points

def import_file(engine: Engine, data: bytes | str | Path, user: User, *, name: str | None = None,
                partial: bool = False, kind: str | None = None, dry_run: bool = False,
                source: str | None = None, mapping: ColumnMapping | None = None) -> ImportResult:
    """Read, validate and (unless ``dry_run``) write a file; see the module docstring.

    ``mapping`` (from the Datos page's column-mapping step) says which file column feeds which
    field and how values translate; without it the importer's own proposal is used.
    """
    tables = read_tables(data, name, kind, mapping)
    archivo = source or tables[0].source
    return import_tables(engine, tables, user, archivo=archivo, partial=partial, dry_run=dry_run)


def validate_file(engine: Engine, data: bytes | str | Path, user: User, *, name: str | None = None,
                  kind: str | None = None, mapping: ColumnMapping | None = None) -> ImportResult:
    """Dry run: the full validation (including duplicates against the registry), nothing written."""
    return import_file(engine, data, user, name=name, kind=kind, dry_run=True, mapping=mapping)


@contextmanager
def _earlier_objects_frozen() -> Iterator[None]:
    """Let the garbage collector's full passes skip, while the import runs, every object that was
    alive before it (the territory every page has loaded: millions of objects that the passes would
    otherwise walk again and again while 200 000 rows' worth of new objects come and go, ~1 s of
    ~10). Nothing is kept longer: those objects are freed by their reference counts as always, and
    handed back to the collector at the end. A process that froze its own objects is left alone."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or rejected rows in all-or-nothing)."""


def import_tables(engine: Engine, tables: list[Table], user: User, *, archivo: str, partial: bool = False,
                  dry_run: bool = False) -> ImportResult:
    modo = "validacion" if dry_run else ("parcial" if partial else "todo_o_nada")
    _check_usable(tables, user, archivo)
    ordered = sorted(tables, key=lambda tb: TABLE_ORDER.index(tb.kind))
    results: list[TableResult] = []
    issues: list[Issue] = []
    batch_id: int | None = None
    written = False
    try:
        with _earlier_objects_frozen(), session_scope(engine) as session:
            take_write_lock(session, serialise_imports=True)
            batch = ImportBatch(archivo=archivo[:300], tipo_datos=",".join(tb.kind for tb in ordered), modo=modo,
                                usuario=user.nombre, filas_total=sum(len(tb.frame) for tb in ordered))
            session.add(batch)
            session.flush()
            ctx = WriteContext(session, user, archivo, batch.id, utcnow())
            for table in ordered:
                res, found = _import_table(ctx, table)
                results.append(res)
                issues.extend(found)
            batch.filas_total = sum(r.total for r in results)
            batch.filas_creadas = sum(r.creadas for r in results)
            batch.filas_actualizadas = sum(r.actualizadas for r in results)
            batch.filas_sin_cambios = sum(r.sin_cambios for r in results)
            batch.filas_rechazadas = sum(r.rechazadas for r in results)
            if dry_run or (issues and not partial):
                raise _Rollback
            batch_id, written = batch.id, True
    except _Rollback:
        pass
    except OperationalError as exc:
        if not is_busy_error(exc):
            raise
        raise RegistryBusyError(t("importacion.registro_ocupado", segundos=WRITE_WAIT_S)) from exc
    if not written:
        for res in results:
            if not dry_run:
                res.creadas = res.actualizadas = res.sin_cambios = 0
    return ImportResult(archivo=archivo, modo=modo, tables=results, issues=issues, written=written,
                        batch_id=batch_id)


def _check_usable(tables: list[Table], user: User, archivo: str) -> None:
    """Refuse before any write what no row could fix: the user's name, a required column missing."""
    problem = user_name_problem(user)
    if problem:
        raise ImportFileError(problem)
    for table in tables:
        missing = missing_columns(table.frame) if table.kind == "organizaciones" else []
        if missing:
            raise ImportFileError(t("importacion.faltan_columnas", columnas=", ".join(missing), archivo=archivo))


def _import_table(ctx: WriteContext, table: Table) -> tuple[TableResult, list[Issue]]:
    if table.kind == "organizaciones":
        return import_organizations(ctx, table)
    return import_links(ctx, table)


# ---------------------------------------------------------------- organizations

def import_organizations(ctx: WriteContext, table: Table) -> tuple[TableResult, list[Issue]]:
    """Validate and write the table chunk by chunk (a streamed CSV is never all in memory); the
    file-wide checks (duplicates inside the file, two rows updating one organization) carry over."""
    existing = load_existing(ctx.session)
    state = FileState()
    result = TableResult("organizaciones", table.sheet, separator=table.separator)
    issues: list[Issue] = []
    rejected: list[pd.DataFrame] = []
    for part in table.parts():
        validation = validate_organizations(part.frame, existing, ctx.user, part.sheet, state)
        result.total += len(part.frame)
        result.notes.extend([*part.notes, *validation.notes])
        validation.issues.extend(part.problems)  # rows the reader could not take apart are not written
        stale = write_organizations(ctx, validation, existing, result, part.sheet)
        found = [*validation.issues, *stale]
        issues.extend(found)
        if found:
            rejected.append(rejected_rows(part, found))
    result.rechazadas = len({i.fila for i in issues})
    result.rejected = pd.concat(rejected, ignore_index=True) if rejected else pd.DataFrame()
    return result, issues


@dataclass
class _Update:
    fila: int
    org_id: int
    nombre: str
    version: int
    before: dict[str, Any]
    after: dict[str, Any]
    rule: str


def _keeps_contact(field: str, value: object) -> bool:
    """An empty e-mail or phone never erases a stored one: exports blank contact data the reader may
    not see (Ley 19.628), so re-importing such a file must not wipe it; erasure is its own action."""
    return field in CONTACT_FIELDS and clean_value(value) in (None, "")


def _plan(validation: Validation, existing: pd.DataFrame) -> tuple[pd.DataFrame, list[_Update], int]:
    """New organizations (a frame), changed ones (with the version they were validated against),
    and how many are unchanged. Only matched rows are compared field by field."""
    fields = [f for f in DATA_FIELDS if f in validation.present or f == "nombre_normalizado"]
    valid = validation.valid
    is_new = valid["match_id"].isna().to_numpy()
    matched = valid[~is_new]
    updates: list[_Update] = []
    if len(matched):
        old = existing.set_index("id")
        columns = [matched[c].tolist() for c in ("match_id", "_fila", "regla", *fields)]
        for match, fila, rule, *values in zip(*columns, strict=True):
            current = old.loc[int(match)]
            before = {f: clean_value(current[f]) for f, v in zip(fields, values, strict=True)
                      if not same_value(current[f], v) and not _keeps_contact(f, v)}
            if before:
                new = dict(zip(fields, values, strict=True))
                updates.append(_Update(int(fila), int(match), str(current["nombre"]), int(current["version"]),
                                       before, {f: clean_value(new[f]) for f in before}, str(rule)))
    return valid[is_new], updates, len(matched) - len(updates)


_PLAIN = frozenset({str, int, bool, list, type(None)})


def _database_ready(values: list[Any]) -> list[Any]:
    """One column database-ready: NaN → None, numpy → Python (see ``clean_value``); a column of
    plain values (the common case) is returned as it is, a float column only loses its NaN."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return values
    if kinds <= _PLAIN | {float}:
        return [None if type(v) is float and math.isnan(v) else v for v in values]
    return [clean_value(v) for v in values]


def _clean_columns(new: pd.DataFrame) -> list[list[Any]]:
    """The new organizations' DATA_FIELDS columns, database-ready (NaN → None, numpy → Python)."""
    return [_database_ready(new[name].tolist()) for name in DATA_FIELDS]


def write_organizations(ctx: WriteContext, validation: Validation, existing: pd.DataFrame,
                        result: TableResult, sheet: str | None = None) -> list[Issue]:
    """Bulk insert new organizations (COPY on PostgreSQL), update changed ones, log both; unchanged
    rows untouched.

    Rows to update are locked and their version compared with the one validated against: a row
    changed meanwhile (an edit during the import) is returned as an issue, not overwritten.
    """
    new, updates, unchanged = _plan(validation, existing)
    current = lock_versions(ctx.session, [u.org_id for u in updates])
    ctx.now = utcnow()  # the log's time is the time of the write, after the locks
    stale = [u for u in updates if current.get(u.org_id) != u.version]
    updates = [u for u in updates if current.get(u.org_id) == u.version]
    issues = [Issue(u.fila, "id", stale_message(ctx.session, u.org_id, u.nombre), t("importacion.accion_version"),
                    str(u.org_id), sheet) for u in stale]
    for u in updates:
        result.notes.append(note(u.fila, "id", t("importacion.actualiza", id=u.org_id,
                                 regla=t(f"importacion.regla_{u.rule}"), campos=", ".join(u.before)),
                                 valor=u.org_id, hoja=sheet))
    result.creadas += len(new)
    result.actualizadas += len(updates)
    result.sin_cambios += unchanged
    provenance = {"fuente": ctx.archivo[:300], "importado_en": ctx.now, "importado_por": ctx.user.nombre}
    ids = reserve_ids(ctx.session, len(new))
    columns = _clean_columns(new)
    insert_columns(ctx.session, Organization.__table__,
                   {**dict(zip(DATA_FIELDS, columns, strict=True)), **provenance, "activo": True, "version": 1,
                    "creado_en": ctx.now, "actualizado_en": ctx.now, "id": ids}, len(ids))
    params = [{"id": u.org_id, **u.after, **provenance, "version": u.version + 1, "actualizado_en": ctx.now}
              for u in updates]
    _bulk_update(ctx.session, params)
    # The change log: every row sealed in one pass (hash chain, contact data as fingerprints) and
    # written in bulk, creations first, then updates, in the order of the file.
    created = Created(ids, dict(zip(DATA_FIELDS, columns, strict=True)))
    changed = (("actualizar", u.org_id, u.before, u.after) for u in updates)
    append_batch(ctx.session, ctx.log_common(), changed, created)
    return issues


def _bulk_update(session: Session, params: list[dict[str, Any]]) -> None:
    """UPDATE by id in executemany batches, one statement per set of changed columns (Core, no ORM
    version check: the rows are locked and their versions checked by :func:`write_organizations`)."""
    table = Organization.__table__
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in params:
        groups.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for keys, rows in groups.items():
        stmt = (table.update().where(table.c.id == bindparam("b_id"))
                .values({k: bindparam(f"b_{k}", type_=table.c[k].type) for k in keys}))
        for start in range(0, len(rows), CHUNK):
            session.execute(stmt, [{"b_id": r["id"], **{f"b_{k}": r[k] for k in keys}}
                                   for r in rows[start:start + CHUNK]])


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


def rejected_csv_bytes(result: ImportResult) -> bytes:
    """The rejected rows in the user's own layout: their separator, header spelling and numbers, plus
    ``error``; UTF-8 with BOM; text and headers guarded against formulas."""
    sep = next((tr.separator for tr in result.tables if tr.separator and len(tr.rejected)), ",")
    return csv_bytes_as_typed(result.rejected_frame(), sep)


def write_rejected(result: ImportResult, path: str | Path | None = None, fmt: str = "csv") -> bytes:
    """Rejected rows as CSV (see :func:`rejected_csv_bytes`) or XLSX bytes; also written to ``path``."""
    frame = result.rejected_frame()
    data = frame_to_xlsx_bytes(frame) if fmt == "xlsx" else rejected_csv_bytes(result)
    if path is not None:
        Path(path).write_bytes(data)
    return data


def report_bytes(result: ImportResult, fmt: str = "csv") -> bytes:
    """The issue report (row, field, value, problem, what to do) as CSV or XLSX bytes."""
    frame = result.report()
    return frame_to_xlsx_bytes(frame) if fmt == "xlsx" else frame_to_csv_bytes(frame)
