"""Hostile files and values on SQLite and PostgreSQL: every one reported by row and field, none crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.exporting import export_organizations
from stakeholders.importing import ImportFileError, import_file, validate_file, write_rejected
from stakeholders.importing.pipeline import report_bytes
from stakeholders.models import Organization, Relationship
from stakeholders.registry.schema import DATA_FIELDS, MAX_LEN, NAME_KEY_LEN
from tests.factories import hostile_names, org, write_csv

USER = User("importador")


def test_limits_fit_their_columns() -> None:
    """Validation knows every column's limit: no accepted text is wider than where it is stored."""
    columns = Organization.__table__.columns
    for field, limit in MAX_LEN.items():
        width = getattr(columns[field].type, "length", None)
        assert width is None or limit <= width, field
    assert columns["nombre_normalizado"].type.length == NAME_KEY_LEN
    assert set(MAX_LEN) <= set(DATA_FIELDS)


def test_values_that_used_to_crash_the_write_are_reported(engine: Engine, tmp_path: Path) -> None:
    long_name = "Sindicato " + "Ñ" * 1490  # 1 500 characters: valid (limit 2 000), wider than the key column
    rows = [
        org(rut="", nombre=long_name),
        org(rut="", nombre="Sindicato\x00Nulo"),
        org(rut="", nombre="Demasiado largo " + "x" * 2000),
        org(rut="12345678901234567", nombre="RUT de 17"),
        org(rut="", nombre="Tres mil millones", n_miembros="3e9"),
        org(rut="", nombre="Cien trillones", n_miembros="1e20"),
        org(rut="hola 7 6 . 1 2 3 . 4 5 6 - 0 chao", nombre="RUT en prosa"),
        org(rut="0-0", nombre="RUT cero"),
    ]
    path = write_csv(tmp_path / "hostil.csv", rows)
    checked = validate_file(engine, path, USER)
    got = sorted((i.fila, i.campo) for i in checked.issues)
    assert got == [(3, "nombre"), (4, "nombre"), (5, "rut"), (6, "n_miembros"), (7, "n_miembros"), (8, "rut"),
                   (9, "rut")]
    assert all(len(i.valor) < 200 for i in checked.issues)  # a 2 000-character cell is quoted by its start
    done = import_file(engine, path, USER, partial=True)
    assert done.written and done.creadas == 1 and done.rechazadas == 7
    with engine.connect() as conn:
        name, key = conn.execute(select(Organization.nombre, Organization.nombre_normalizado)).one()
    assert name == long_name and len(key) == NAME_KEY_LEN
    # Importing the same file again matches the long name by its cut key: nothing new.
    again = import_file(engine, path, USER, partial=True)
    assert (again.creadas, again.sin_cambios) == (0, 1)


def test_user_name_wider_than_the_log_is_refused_before_reading(engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [org()])
    with pytest.raises(ImportFileError, match="máximo es 120"):
        import_file(engine, path, User("u" * 121))
    with engine.connect() as conn:
        assert conn.execute(select(Organization.id)).first() is None
        assert conn.execute(select(Relationship.id)).first() is None


def test_hostile_names_are_stored_literally_and_come_back_guarded(engine: Engine, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    rows = [org(rut="", nombre=name, id_externo=f"H-{i}") for i, name in enumerate(names)]
    path = write_csv(tmp_path / "hostil.csv", rows, sep=";")
    result = import_file(engine, path, USER, partial=True)
    nul = [i for i, n in enumerate(names) if "\x00" in n]
    assert result.written and result.creadas == len(names) - len(nul)
    assert [(i.fila, i.campo) for i in result.issues] == [(2 + k, "nombre") for k in nul]
    with engine.connect() as conn:
        stored = set(conn.execute(select(Organization.nombre)).scalars())
    assert stored == {n for n in names if "\x00" not in n}  # literally, nothing evaluated or escaped
    rejected = write_rejected(result).decode("utf-8-sig")
    assert "Nombre con NUL" in rejected and "\x00" in rejected  # the user's text, to fix it themselves
    report = report_bytes(result).decode("utf-8-sig")
    assert "NUL" in report
    exported = export_organizations(engine, "csv")
    for line in exported.decode("utf-8-sig").splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@"))
    again = import_file(engine, exported, USER, name="exportado.csv")
    # The export blanks contact data for a reader who may not see it: re-importing it erases nothing.
    assert again.ok and (again.creadas, again.actualizadas) == (0, 0), again.issues[:2]
    with engine.connect() as conn:
        assert set(conn.execute(select(Organization.email)).scalars()) == {"contacto@sindicato.cl"}
    assert not marker.exists()
