"""The bulk path (COPY / executemany, column-wise) stores exactly what SQLAlchemy's own insert stores,
and the streaming CSV pieces it relies on read exactly as before.

Runs on SQLite and PostgreSQL (``engine`` fixture).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from stakeholders.bulk import insert_columns, insert_rows
from stakeholders.db import session_scope
from stakeholders.models import Organization
from stakeholders.tabular.read import _first_lines, _lines, cell_text, cell_texts

NOW = datetime(2026, 5, 1, 12, 30, 15, 250000, tzinfo=UTC)
COLUMNS = ("nombre", "nombre_normalizado", "sector_tripartito", "tipo_actor", "escala", "regiones_presencia",
           "grupos_representados", "genero_representante", "ubicacion_aproximada", "latitud", "n_miembros", "email",
           "activo", "version", "creado_en", "actualizado_en")


def _values(i: int) -> dict[str, Any]:
    """Rows whose JSON lists repeat ([] and ["01"] often) and differ only by type ([1] / [True])."""
    return {"nombre": f"=Org {i} «ñ»", "nombre_normalizado": f"org {i}", "sector_tripartito": "trabajador",
            "tipo_actor": "sindicato", "escala": "local", "regiones_presencia": [[], ["01"], ["01", "13"]][i % 3],
            "grupos_representados": [[1], [True], ["1"], []][i % 4], "genero_representante": "ND",
            "ubicacion_aproximada": bool(i % 2), "latitud": None if i % 5 == 0 else -33.5 + i / 3,
            "n_miembros": None if i % 7 == 0 else i, "email": None if i % 2 else f"c{i}@ejemplo.cl", "activo": True,
            "version": 1, "creado_en": NOW, "actualizado_en": NOW}


def _stored(engine: Engine, ids: range) -> list[str]:
    table = Organization.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(*[table.c[c] for c in ("id", *COLUMNS)]).where(table.c.id.in_(list(ids)))
                            .order_by(table.c.id)).mappings()
        # As JSON text: Python says [1] == [True], JSON (and the database) tells them apart.
        return [json.dumps({k: v for k, v in r.items() if k != "id"}, default=str) for r in rows]


def test_insert_columns_stores_what_a_core_insert_stores(engine: Engine) -> None:
    n = 24
    rows = [_values(i) for i in range(n)]
    with session_scope(engine) as session:
        session.execute(Organization.__table__.insert(), [{"id": 1000 + i, **r} for i, r in enumerate(rows)])
    columns: dict[str, Any] = {c: [r[c] for r in rows] for c in COLUMNS}
    columns.update(activo=True, version=1, creado_en=NOW, actualizado_en=NOW)  # constants: one value for all
    columns["id"] = list(range(2000, 2000 + n))
    with session_scope(engine) as session:
        assert insert_columns(session, Organization.__table__, columns, n, chunk=5) == n
    with session_scope(engine) as session:  # the row-wise entry point, on the same path
        insert_rows(session, Organization.__table__, ["id", *COLUMNS],
                    ([3000 + i, *(r[c] for c in COLUMNS)] for i, r in enumerate(rows)), chunk=7)
    core = _stored(engine, range(1000, 1000 + n))
    assert _stored(engine, range(2000, 2000 + n)) == core
    assert _stored(engine, range(3000, 3000 + n)) == core
    first = [json.loads(r) for r in core[:4]]
    assert [r["grupos_representados"] for r in first] == [[1], [True], ["1"], []]
    assert [type(r["grupos_representados"][0]) for r in first[:3]] == [int, bool, str]
    assert first[1]["regiones_presencia"] == ["01"] and first[0]["latitud"] is None


def test_insert_columns_refuses_a_short_column(engine: Engine) -> None:
    with session_scope(engine) as session, pytest.raises(ValueError, match="nombre"):
        insert_columns(session, Organization.__table__, {"id": [1, 2], "nombre": ["a"]}, 2)


@pytest.mark.parametrize("text", ["", "a", "a\n", "a\r\nb\rc\n\nd", "\r\r\n\n\u2028x\x85y\r", 'x"q\nq";1\r\n',
                                  "nombre;rut\r\n\"Sindicato\r\nDos\";1-9\r\n"])
def test_lines_split_like_stringio(text: str) -> None:
    expected = list(io.StringIO(text, newline=""))
    assert list(_lines(text)) == expected
    for block in range(1, 8):  # blocks cut at every place, "\r\n" included: the same lines
        assert list(_lines(text, block)) == expected


@pytest.mark.parametrize("text", ["", "a", "a\r\nb\rc\n\nd\u2028e", "x\n" * 300, "x\r" * 70_000 + "y;z\n",
                                  "a" * 65_535 + "\r\nb"])
def test_first_lines_are_the_start_of_splitlines(text: str) -> None:
    for n in (1, 3, 201):
        assert _first_lines(text, n) == text.splitlines(keepends=True)[:n]


def test_cell_texts_match_cell_text() -> None:
    plain = ["  a ", "'=SUMA(A1)", "'x", "", " 'Ñ ", "''=1"]
    mixed = [*plain, None, 3.0, 2.5, True, datetime(2026, 1, 2), float("nan")]
    for values in (plain, mixed, ["  a ", "b\t", "O'Higgins "], [" x", "y "]):
        assert cell_texts(values) == [cell_text(v) for v in values]
