"""Batch sealing (the importer's path) writes the same chain as the per-row engine hook.

Runs on SQLite and PostgreSQL (``engine`` fixture). The same changes are written twice into one
log: once through the hook (a Core insert, sealed row by row), once through
``audit.append_batch`` (sealed in one pass, written with COPY / executemany). Both halves must
read back as the same values, and each half's hashes must be what the hook's own rule gives.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from stakeholders import audit
from stakeholders.db import session_scope
from stakeholders.models import ChangeLog
from tests.factories import hostile_names

MOMENT = datetime(2026, 3, 14, 15, 9, 26, 535897, tzinfo=UTC)
COMMON = {"entidad": "organizacion", "usuario": "Ñuñoa «central»", "momento": MOMENT, "motivo": "lote 7: a;b.csv"}


def _changes(marker: Path) -> list[tuple[str, int | None, dict[str, Any] | None, dict[str, Any] | None]]:
    names = hostile_names(marker)
    changes: list[tuple[str, int | None, dict[str, Any] | None, dict[str, Any] | None]] = []
    for i, name in enumerate(names):
        after = {"nombre": name.replace("\x00", "␀"), "rut": None if i % 2 else f"{60_000_000 + i}-{i % 10}",
                 "region_cut": f"{i % 16 + 1:02d}", "latitud": -33.4 - i / 7, "n_miembros": i * 1000,
                 "ubicacion_aproximada": bool(i % 2), "grupos_representados": ["mujeres", "jóvenes"][: i % 3],
                 "email": f"c{i}@ejemplo.cl", "telefono": "" if i % 3 else None, "extra": 1e16}
        changes.append(("crear", 1000 + i, None, after))
    changes.append(("actualizar", 1000, {"telefono": "+56 9 1234 5678", "n_miembros": 5},
                    {"telefono": "+56 9 8765 4321", "n_miembros": 6}))
    changes.append(("actualizar", None, {"region_cut": "13"}, {"nombre": "sin región después"}))
    changes.append(("crear", 7, None, {"latitud": 0.1 + 0.2, "nombre": "ü\u202eRTL"}))
    return changes


def _log(engine: Engine) -> list[dict[str, Any]]:
    table = ChangeLog.__table__
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table).order_by(table.c.id)).mappings()]


def test_batch_sealing_writes_the_same_chain_as_row_sealing(engine: Engine, tmp_path: Path) -> None:
    changes = _changes(tmp_path / "marker")
    rows = [{**COMMON, "accion": a, "entidad_id": i, "antes": b, "despues": d} for a, i, b, d in changes]
    with session_scope(engine) as session:
        session.execute(ChangeLog.__table__.insert(), rows)  # the hook: one row at a time
    with session_scope(engine) as session:
        written = audit.append_batch(session, COMMON, changes)
    assert written == len(changes)

    log = _log(engine)
    by_hook, by_batch = log[:len(changes)], log[len(changes):]
    assert len(by_batch) == len(changes)
    fields = ("entidad", "entidad_id", "accion", "usuario", "momento", "antes", "despues", "motivo", "region_cut")
    for hook_row, batch_row in zip(by_hook, by_batch, strict=True):
        assert {f: batch_row[f] for f in fields} == {f: hook_row[f] for f in fields}
    # The batch continues the chain from the hook's last row; the hook's rule gives every hash.
    previous = audit.GENESIS
    for row in log:
        assert row["hash_anterior"] == previous
        assert row["hash"] == audit.chain_hash(previous, row)
        previous = row["hash"]
    assert audit.verify(engine).ok
    # Contact data only as fingerprints; the region taken from the values (before when after has none).
    assert by_batch[0]["despues"]["email"] == audit.fingerprint("c0@ejemplo.cl")
    assert by_batch[-3]["antes"]["telefono"].startswith("huella:")
    assert by_batch[-2]["region_cut"] == "13"
    assert not (tmp_path / "marker").exists()


def test_seal_batch_matches_the_canonical_form_in_memory() -> None:
    """Pure check, no database: each batch hash is sha256(previous + canonical(row)) of the row the
    hook would build (values redacted, region derived)."""
    changes = _changes(Path("/nonexistent/marker"))
    sealed = audit.seal_batch("a" * 64, COMMON, changes)
    previous = "a" * 64
    for j, (action, entity_id, before, after) in enumerate(changes):
        row = {**COMMON, "accion": action, "entidad_id": entity_id, "antes": audit.redact(before),
               "despues": audit.redact(after)}
        row["region_cut"] = audit._region_of(row)
        assert sealed["hash_anterior"][j] == previous
        assert sealed["hash"][j] == audit.chain_hash(previous, row)
        previous = sealed["hash"][j]
    # A batch sealed in two parts chains into the same hashes as one batch.
    first = audit.seal_batch("a" * 64, COMMON, changes[:5])
    rest = audit.seal_batch(first["hash"][-1], COMMON, changes[5:])
    assert first["hash"] + rest["hash"] == sealed["hash"]


def _as_columns(changes: list[tuple[str, int | None, dict[str, Any] | None, dict[str, Any] | None]],
                ) -> audit.Created:
    """Creations with the same fields (the importer's shape) given column-wise: hostile names,
    None, "", floats (-0.0, 1e16, NaN), ints, bools, lists of text (repeated) and of numbers."""
    rows = [after for action, _i, _b, after in changes if action == "crear" and after and "rut" in after]
    fields = sorted({k for r in rows for k in r}, reverse=True)  # not in sorted order: the JSON sorts them
    columns = {f: [r.get(f) for r in rows] for f in fields}
    columns["latitud"][:3] = [-0.0, 0.0, float("nan")]
    columns["rubro"] = [[1, True], ["a"], ["a"], []] * (len(rows) // 4) + [None] * (len(rows) % 4)
    return audit.Created([2000 + i for i in range(len(rows))], columns)


def test_column_wise_creations_seal_like_one_change_per_row() -> None:
    created = _as_columns(_changes(Path("/nonexistent/marker")))
    changes = [("crear", i, None, {f: created.columns[f][j] for f in created.columns})
               for j, i in enumerate(created.ids)]
    update = ("actualizar", 2000, {"email": "a@b.cl", "region_cut": "05"}, {"email": None})
    by_columns = audit.seal_batch("b" * 64, COMMON, [update], created)
    by_rows = audit.seal_batch("b" * 64, COMMON, [*changes, update])
    assert by_columns == by_rows
    assert len(by_columns["hash"]) == len(changes) + 1 and by_columns["region_cut"][-1] == "05"
    assert by_columns["despues"][0].count("huella:") == 1 and "c0@ejemplo.cl" not in by_columns["despues"][0]
    assert '"latitud":-0.0' in by_columns["despues"][0] and '"latitud":NaN' in by_columns["despues"][2]
    previous = "b" * 64
    for j, (action, entity_id, before, after) in enumerate([*changes, update]):
        row = {**COMMON, "accion": action, "entidad_id": entity_id, "antes": audit.redact(before),
               "despues": audit.redact(after)}
        row["region_cut"] = audit._region_of(row)
        assert by_columns["hash"][j] == audit.chain_hash(previous, row)
        previous = by_columns["hash"][j]


def test_column_wise_creations_verify_in_the_database(engine: Engine) -> None:
    created = _as_columns(_changes(Path("/nonexistent/marker")))
    created.columns["latitud"][2] = 1.5  # NaN is not JSON a database can store
    with session_scope(engine) as session:
        assert audit.append_batch(session, COMMON, created=created) == len(created.ids)
    log = _log(engine)
    assert [r["entidad_id"] for r in log] == created.ids
    assert log[0]["despues"]["email"] == audit.fingerprint("c0@ejemplo.cl")
    assert log[4]["despues"]["rubro"] == [1, True] and log[5]["despues"]["rubro"] == ["a"]
    assert audit.verify(engine).ok
