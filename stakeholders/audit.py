"""Append-only, tamper-evident change log: every create, edit, deactivation, import, proposal and export.

Every row written to ``registro_cambios`` — by :func:`record`, by an ORM ``ChangeLog`` object or
by a Core insert — passes through one engine hook (:func:`install`); an import's many rows go
through :func:`append_batch`, which seals them the same way in one pass and writes them with the
bulk path (COPY / executemany). Either way, inside the writing transaction, the sealing:

- fills the time and the region (from the values when the caller did not give it);
- replaces contact data (e-mail, phone) by a short fingerprint: the log must be kept, and
  personal data must be erasable on request (Ley 19.628), so it never holds them in clear;
- chains the row to the previous one: ``hash = sha256(previous hash + canonical row)``.

The database refuses UPDATE, DELETE, REPLACE (and TRUNCATE on PostgreSQL) on the log
(:mod:`stakeholders.db` migrations), so a rewrite needs the owner's rights and still breaks the
chain, which :func:`verify` (``python -m stakeholders audit verify``) detects.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from json.encoder import encode_basestring
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from i18n import t
from stakeholders.access import VIEW_AUDIT, User, require
from stakeholders.bulk import convert_once, insert_columns
from stakeholders.models import Base, ChangeLog, utcnow

_SKIP = {"creado_en", "actualizado_en", "version"}
CONTACT_FIELDS = ("email", "telefono")
GENESIS = "0" * 64
_CHAINED = ("entidad", "entidad_id", "accion", "usuario", "momento", "region_cut", "antes", "despues", "motivo")
_LOCK_KEY = 190628  # PostgreSQL advisory lock that serialises writers of the chain


def snapshot(row: Base) -> dict[str, Any]:
    """Column values of an ORM row as JSON-friendly values."""
    out: dict[str, Any] = {}
    for col in inspect(row).mapper.column_attrs:
        if col.key in _SKIP:
            continue
        value = getattr(row, col.key)
        out[col.key] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return out


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed (all of ``after`` when there was no ``before``)."""
    if before is None:
        return after
    return {k: v for k, v in after.items() if before.get(k) != v}


def record(
    session: Session,
    user: User,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
    region_cut: str | None = None,
) -> ChangeLog:
    entry = ChangeLog(
        entidad=entity,
        entidad_id=entity_id,
        accion=action,
        usuario=user.nombre,
        antes=before,
        despues=after,
        motivo=reason,
        region_cut=region_cut,
    )
    session.add(entry)
    return entry


def record_on(conn: Connection | Engine, user: User | str, entity: str, action: str, details: dict[str, Any],
              region_cut: str | None = None, entity_id: int | None = None) -> None:
    """A log row for an event that changes no registry row (an export, a sign-in, a backup)."""
    name = user.nombre if isinstance(user, User) else user
    row = {"entidad": entity, "entidad_id": entity_id, "accion": action, "usuario": name, "antes": None,
           "despues": details, "motivo": None, "region_cut": region_cut}
    if isinstance(conn, Engine):
        with conn.begin() as c:
            c.execute(ChangeLog.__table__.insert(), [row])
    else:
        conn.execute(ChangeLog.__table__.insert(), [row])


# --- canonical form and hash ---------------------------------------------------------------

def _moment(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    return str(value)


def canonical(row: Mapping[str, Any]) -> str:
    """The row as one stable text (same on SQLite and PostgreSQL, before and after a restore).

    ``antes``/``despues`` are JSON-native already (the JSON column could not store them
    otherwise), so they serialise the same when written and when read back.
    """
    data = {k: row.get(k) for k in _CHAINED}
    data["momento"] = _moment(data["momento"])
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def chain_hash(previous: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256((previous + canonical(row)).encode("utf-8")).hexdigest()


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
_JSON_NULL = "null"


def _text(value: Any) -> str:
    """One value exactly as :func:`canonical` writes it inside the row (strings and integers, the
    most common, the way the encoder itself writes them, without its per-call set-up)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    return _ENCODER.encode(value)


def fingerprint(value: Any) -> str | None:
    """Contact data as a fingerprint: shows that it changed, never what it was."""
    if value is None or value == "":
        return None
    return "huella:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:12]


def redact(values: Any) -> Any:
    if not isinstance(values, Mapping):
        return values
    out = dict(values)  # same keys, same order; only the contact fields change
    for key in CONTACT_FIELDS:
        if key in out:
            out[key] = fingerprint(out[key])
    return out


def _region_of(row: Mapping[str, Any]) -> str | None:
    for part in (row.get("despues"), row.get("antes")):
        if isinstance(part, Mapping) and isinstance(part.get("region_cut"), str):
            return part["region_cut"]
    return None


# --- the engine hook ------------------------------------------------------------------------

def _last_hash(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
    table = ChangeLog.__table__
    last = conn.execute(select(table.c.hash).order_by(table.c.id.desc()).limit(1)).scalar()
    return last or GENESIS


def _seal(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    previous = _last_hash(conn)
    now = utcnow()
    sealed = []
    for original in rows:
        row = {k: original.get(k) for k in _CHAINED}
        if original.get("id") is not None:
            row["id"] = original["id"]
        row["momento"] = row.get("momento") or now
        row["antes"], row["despues"] = redact(row.get("antes")), redact(row.get("despues"))
        row["region_cut"] = row.get("region_cut") or _region_of(row)
        row["hash_anterior"] = previous
        row["hash"] = previous = chain_hash(previous, row)
        sealed.append(row)
    return sealed


Change = tuple[str, int | None, Mapping[str, Any] | None, Mapping[str, Any] | None]


@dataclass(frozen=True)
class Created:
    """Many creations given column-wise: entity ``ids[i]`` was created with the values
    ``{field: columns[field][i]}`` (what ``("crear", ids[i], None, that dict)`` says as a change)."""

    ids: list[int]
    columns: Mapping[str, list[Any]]


def _float_text(value: float) -> str:
    return float.__repr__(value) if math.isfinite(value) else _ENCODER.encode(value)


# How the encoder writes each plain type (``float.__repr__`` is its own rule for finite floats).
_SCALAR_TEXT: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, float: _float_text, bool: lambda v: "true" if v else "false",
    type(None): lambda _v: _JSON_NULL,
}


def _json_column(values: list[Any]) -> list[str]:
    """Each value of a column as :func:`_text` writes it; a column of one plain type is written
    with that type's own rule in one pass, and a repeated list of text (the groups) is encoded once."""
    kinds = set(map(type, values))
    if len(kinds) == 1 and (kind := next(iter(kinds))) in _SCALAR_TEXT:
        return list(map(_SCALAR_TEXT[kind], values))
    kinds.discard(type(None))
    if len(kinds) == 1 and (kind := next(iter(kinds))) in _SCALAR_TEXT:  # one type, or empty
        text = _SCALAR_TEXT[kind]
        return [_JSON_NULL if v is None else text(v) for v in values]
    return convert_once(values, _value_text)


def _value_text(value: Any) -> str:
    """One value as :func:`_text` writes it, plain types by their own rule."""
    scalar = _SCALAR_TEXT.get(type(value))
    return scalar(value) if scalar is not None else _text(value)


def _created_parts(created: Created) -> tuple[list[Any], ...]:
    """The creations' ``(accion, entidad_id, antes, despues, region_cut)`` columns, the JSON of
    ``despues`` put together column by column: each field's values redacted and encoded for the
    whole column, then one format per row in sorted key order, which is what ``_text`` of the
    redacted dict writes (``test_audit_batch`` compares both)."""
    n = len(created.ids)
    columns = {k: list(v) for k, v in created.columns.items()}
    for key in CONTACT_FIELDS:
        if key in columns:
            columns[key] = [fingerprint(v) for v in columns[key]]
    for column in columns.values():
        if len(column) != n:
            raise ValueError(f"{len(column)} valores para {n} filas")
    keys = sorted(columns)
    template = "{" + ",".join(f"{encode_basestring(k)}:%s" for k in keys) + "}"
    encoded = [_json_column(columns[k]) for k in keys]
    after = [template % row for row in zip(*encoded, strict=True)] if keys else ["{}"] * n
    regions = [v if isinstance(v, str) else None for v in columns.get("region_cut", [None] * n)]
    return ["crear"] * n, list(created.ids), [_JSON_NULL] * n, after, regions


def _change_parts(changes: Iterable[Change]) -> tuple[list[Any], ...]:
    """The same five columns for changes given one by one (values redacted, region derived)."""
    parts: tuple[list[Any], ...] = ([], [], [], [], [])
    appends = [p.append for p in parts]
    for action, entity_id, before, after in changes:
        before, after = redact(before), redact(after)
        region = _region_of({"despues": after, "antes": before})
        before_text = _JSON_NULL if before is None else _text(before)
        after_text = _JSON_NULL if after is None else _text(after)
        for append, value in zip(appends, (action, entity_id, before_text, after_text, region), strict=True):
            append(value)
    return parts


def seal_batch(previous: str, common: Mapping[str, Any], changes: Iterable[Change] = (),
               created: Created | None = None) -> dict[str, Any]:
    """Seal many log rows at once, in order (``created`` first, then ``changes``), chained from
    ``previous``: the same rows and hashes as the engine hook gives them one by one
    (``test_audit_batch``), without its per-row statement.

    ``common`` holds what every row shares (``entidad``, ``usuario``, ``momento``, ``motivo``);
    each change is ``(accion, entidad_id, antes, despues)``. The canonical text is put together
    from the JSON of each part, which is what ``json.dumps(sort_keys=True)`` of the whole row
    writes, so only ``antes``/``despues`` are encoded per row, once, and that text is also what is
    stored (read back, it gives the same values, so :func:`verify` recomputes the same hash).
    Returns the ``registro_cambios`` columns (lists, or one value shared by every row).
    """
    moment = common.get("momento") or utcnow()
    shared = {k: common.get(k) for k in ("entidad", "usuario", "motivo")}
    middle = (f',"entidad":{_text(shared["entidad"])},"entidad_id":')
    tail = f',"momento":{_text(_moment(moment))},"motivo":{_text(shared["motivo"])},"region_cut":'
    end = f',"usuario":{_text(shared["usuario"])}}}'
    first = _created_parts(created) if created is not None else ([], [], [], [], [])
    parts = [a + b for a, b in zip(first, _change_parts(changes), strict=True)]
    heads = {action: f'{{"accion":{_text(action)},"antes":' for action in set(parts[0])}
    texts = [f'{heads[action]}{before},"despues":{after}{middle}{_JSON_NULL if entity_id is None else _text(entity_id)}'
             f'{tail}{_JSON_NULL if region is None else encode_basestring(region)}{end}'
             for action, entity_id, before, after, region in zip(*parts, strict=True)]
    chain = [previous]
    sha256 = hashlib.sha256
    for text in texts:
        chain.append(sha256((chain[-1] + text).encode("utf-8")).hexdigest())
    columns = dict(zip(("accion", "entidad_id", "antes", "despues", "region_cut"), parts, strict=True))
    return {**shared, "momento": moment, **columns, "hash_anterior": chain[:-1], "hash": chain[1:]}


def append_batch(session: Session, common: Mapping[str, Any], changes: Iterable[Change] = (),
                 created: Created | None = None) -> int:
    """Append many changes to the log in the session's transaction: sealed together
    (:func:`seal_batch`, after the chain's lock) and written with the bulk path (COPY on
    PostgreSQL). Returns how many rows were written."""
    conn = session.connection()
    columns = seal_batch(_last_hash(conn), common, changes, created)
    n = len(columns["hash"])
    return insert_columns(session, ChangeLog.__table__, columns, n, raw=("antes", "despues"))


def _before_execute(conn: Connection, clause: Any, multiparams: Any, params: Any,
                    execution_options: Any) -> tuple[Any, Any, Any]:
    if not (isinstance(clause, Insert) and getattr(clause.table, "name", None) == ChangeLog.__tablename__):
        return clause, multiparams, params
    if execution_options.get("audit_restore"):
        return clause, multiparams, params
    rows = list(multiparams) if multiparams else [params or {}]
    rows = [dict(r) for r in rows]
    values = clause._values or {}
    if values:
        rows = [{**{c.key if hasattr(c, "key") else c: getattr(v, "value", v) for c, v in values.items()}, **r}
                for r in rows]
        clause = ChangeLog.__table__.insert()
    sealed = _seal(conn, rows)
    return clause, sealed, {}


def install(engine: Engine) -> None:
    """Attach the sealing hook to ``engine`` (idempotent)."""
    if not event.contains(engine, "before_execute", _before_execute):
        event.listen(engine, "before_execute", _before_execute, retval=True)


# --- verification ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: list[int]

    @property
    def ok(self) -> bool:
        return not self.broken_at


def _rows(conn: Connection) -> Iterator[Mapping[str, Any]]:
    table = ChangeLog.__table__
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(table.c.id))
    yield from result.mappings()


def verify(engine: Engine) -> ChainReport:
    """Recompute the chain in id order; list the ids whose row or link does not match."""
    previous = GENESIS
    count = 0
    broken: list[int] = []
    with engine.connect() as conn:
        for row in _rows(conn):
            count += 1
            expected = chain_hash(previous, row)
            if row["hash_anterior"] != previous or row["hash"] != expected:
                broken.append(int(row["id"]))
            previous = row["hash"] or expected
    return ChainReport(count, broken)



# --- reading the log (Auditoría page) -------------------------------------------------------

LOG_COLUMNS = ["id", "momento", "usuario", "region_cut", "entidad", "entidad_id", "accion", "antes", "despues",
               "motivo"]


def load_log(engine: Engine, actor: User, *, users: list[str] | None = None, region_cut: str | None = None,
             entities: list[str] | None = None, since: date | None = None, until: date | None = None,
             limit: int = 5000) -> pd.DataFrame:
    """The newest log rows matching the filters (admin only); ``until`` is inclusive."""
    require(actor, VIEW_AUDIT, None, t("auditoria.objetivo"))
    table = ChangeLog.__table__
    stmt = select(*[table.c[c] for c in LOG_COLUMNS]).order_by(table.c.id.desc()).limit(limit)
    if users:
        stmt = stmt.where(table.c.usuario.in_(users))
    if region_cut:
        stmt = stmt.where(table.c.region_cut == region_cut)
    if entities:
        stmt = stmt.where(table.c.entidad.in_(entities))
    if since:
        stmt = stmt.where(table.c.momento >= datetime.combine(since, time.min))
    if until:
        stmt = stmt.where(table.c.momento < datetime.combine(until + timedelta(days=1), time.min))
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=LOG_COLUMNS)
    frame["momento"] = pd.to_datetime(frame["momento"], utc=True).dt.tz_localize(None)  # UTC, for Excel
    for col in ("antes", "despues"):
        frame[col] = frame[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=str) if v else "")
    return frame


def distinct_values(engine: Engine, column: str) -> list[str]:
    table = ChangeLog.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(table.c[column]).distinct().where(table.c[column].is_not(None)))
        return sorted(str(r[0]) for r in rows)
