"""Bulk rows into a table the fastest way each database offers, in bounded chunks.

PostgreSQL: ``COPY … FROM STDIN`` (psycopg), the path PostgreSQL's own loaders use. SQLite: the
driver's ``executemany`` into an untyped TEMP table, then one ``INSERT … SELECT`` per chunk into the
table (its triggers and constraints run on every row, in one program), with values already
converted by the column types' own bind processors (so stored values are exactly what SQLAlchemy
would store). Values
are converted column by column (a constant once, not once per row) and sent ``chunk`` rows at a
time. It sits below the importer and the audit log, which both write through it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from psycopg.types.json import Json, Jsonb
from sqlalchemy import Table
from sqlalchemy.orm import Session

CHUNK = 10_000

Converter = Callable[[Any], Any] | None


def _as_text(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """On PostgreSQL a JSON value is bound as psycopg's ``Json`` wrapper, serialised again for
    every row it is sent in; for COPY it is serialised here, once per distinct value, the same way
    (the wrapper's own function, else ``json.dumps``, which is what psycopg's dumper does)."""
    def text(value: Any) -> Any:
        out = convert(value)
        if isinstance(out, Json | Jsonb):
            return (out.dumps or json.dumps)(out.obj)
        return out
    return text


def _converters(session: Session, table: Table, columns: Sequence[str], raw: Collection[str]) -> list[Converter]:
    dialect = session.get_bind().dialect
    out = []
    for column in columns:
        convert = None if column in raw else table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        out.append(_as_text(convert) if convert is not None and dialect.name == "postgresql" else convert)
    return out


def _key(value: Any) -> Any:
    """A key under which equal values convert alike (the type is part of it: ``True`` and ``1``
    are equal in Python, not in JSON); None for a value not worth remembering."""
    kind = type(value)
    if kind is list:
        return (list, *value) if all(type(v) is str for v in value) else None
    return (kind, value) if kind in (str, int, bool) else None


def _convert(values: Sequence[Any], convert: Converter) -> Sequence[Any]:
    """Each value through the column type's converter; a repeated value (the groups of an
    organization, an empty list) is converted once."""
    if convert is None:
        return values
    kinds = set(map(type, values))
    if kinds == {bool}:  # a flag column: two conversions
        flags = {flag: convert(flag) for flag in (False, True)}
        return list(map(flags.__getitem__, values))
    if kinds == {list}:  # a list column (groups, regions): keys as tuples, made and looked up in C
        keys = list(map(tuple, values))
        if all(type(v) is str for key in set(keys) for v in key):
            texts = {key: convert(list(key)) for key in set(keys)}
            return list(map(texts.__getitem__, keys))
    if kinds <= {float, type(None)}:  # coordinates: nothing worth remembering
        return [None if v is None else convert(v) for v in values]
    return convert_once(values, lambda value: None if value is None else convert(value))


def convert_once(values: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of each value, computed once for equal values of a kind worth remembering
    (text, numbers, flags, lists of text: see :func:`_key`). Also the audit log's JSON columns."""
    seen: dict[Any, Any] = {}
    out = []
    for value in values:
        key = _key(value)
        if key is None:
            out.append(convert(value))
        elif key in seen:
            out.append(seen[key])
        else:
            out.append(seen.setdefault(key, convert(value)))
    return out


def insert_columns(session: Session, table: Table, data: Mapping[str, Any], n: int, *, raw: Collection[str] = (),
                   chunk: int = CHUNK) -> int:
    """Insert ``n`` rows given column-wise: each value of ``data`` is a list of ``n`` Python values,
    or one value every row shares (anything but a list). Columns in ``raw`` are sent as given (a
    JSON column already serialised). Returns ``n``."""
    if n == 0:
        return 0
    names = list(data)
    converts = _converters(session, table, names, raw)
    constants = {c: _convert([v], f)[0] for c, v, f in zip(names, data.values(), converts, strict=True)
                 if not isinstance(v, list)}
    for column, values in data.items():
        if isinstance(values, list) and len(values) != n:
            raise ValueError(f"{column}: {len(values)} valores para {n} filas")

    def rows(start: int, stop: int) -> Iterable[tuple[Any, ...]]:
        parts = [itertools.repeat(constants[c], stop - start) if c in constants else _convert(data[c][start:stop], f)
                 for c, f in zip(names, converts, strict=True)]
        return zip(*parts, strict=False)

    connection = session.connection()
    raw_connection = connection.connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        quoted = ", ".join(f'"{c}"' for c in names)
        with raw_connection.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for start in range(0, n, chunk):
                for row in rows(start, min(n, start + chunk)):
                    copy.write_row(row)
        return n
    cursor = raw_connection.cursor()
    try:
        _sqlite_insert(cursor, table.name, names, ((rows(s, min(n, s + chunk))) for s in range(0, n, chunk)))
    finally:
        cursor.close()
    return n


def _sqlite_insert(cursor: Any, table: str, names: Sequence[str], chunks: Iterable[Iterable[tuple[Any, ...]]]) -> None:
    """Each chunk into an untyped TEMP table (no index, no trigger), then one ``INSERT … SELECT``
    of the chunk into ``table``, in the chunk's order (``ORDER BY rowid``: the change log's ids
    must follow its hash chain). The table's own triggers and constraints still run on every row
    (the change log's guard against ``INSERT OR REPLACE``): one statement per chunk runs them in one
    program instead of starting a trigger program per row as ``executemany`` does, ~3× cheaper."""
    columns = ", ".join(f'"{c}"' for c in names)
    staging = f'temp."carga_{table}"'
    cursor.execute(f"DROP TABLE IF EXISTS {staging}")
    cursor.execute(f"CREATE TEMP TABLE {staging} ({columns})")
    fill = f'INSERT INTO {staging} ({columns}) VALUES ({", ".join("?" for _ in names)})'
    move = f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM {staging} ORDER BY rowid'
    for part in chunks:
        cursor.executemany(fill, part)
        cursor.execute(move)
        cursor.execute(f"DELETE FROM {staging}")
    cursor.execute(f"DROP TABLE {staging}")


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                chunk: int = CHUNK) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, Python values) into ``table``; returns the count."""
    count = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, chunk)):
        values = [list(col) for col in zip(*batch, strict=True)]
        count += insert_columns(session, table, dict(zip(columns, values, strict=True)), len(batch), chunk=chunk)
    return count
