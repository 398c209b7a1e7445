"""Bulk rows into a table the fastest way each database offers, in bounded chunks.

PostgreSQL: ``COPY … FROM STDIN`` (psycopg), the path PostgreSQL's own loaders use. SQLite: the
driver's ``executemany`` on a plain ``INSERT`` with values already converted by the column
types' own bind processors (so stored values are exactly what SQLAlchemy would store). Rows come
from an iterator and are sent ``chunk`` at a time: memory does not grow with the file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

CHUNK = 10_000


def _converters(session: Session, table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    dialect = session.get_bind().dialect
    return [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                chunk: int = CHUNK) -> int:
    """Insert ``rows`` (tuples in ``columns`` order, Python values) into ``table``; returns the count."""
    convert = _converters(session, table, columns)
    postgres = session.get_bind().dialect.name == "postgresql"
    connection = session.connection()
    raw = connection.connection.driver_connection
    count = 0
    iterator = iter(rows)
    if postgres:
        names = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in iterator:
                copy.write_row([f(v) if f is not None and v is not None else v for f, v in zip(convert, row,
                                                                                              strict=True)])
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    statement = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({marks})'
    cursor = raw.cursor()
    try:
        while True:
            batch = [tuple(f(v) if f is not None and v is not None else v for f, v in zip(convert, row, strict=True))
                     for row in itertools.islice(iterator, chunk)]
            if not batch:
                break
            cursor.executemany(statement, batch)
            count += len(batch)
    finally:
        cursor.close()
    return count
