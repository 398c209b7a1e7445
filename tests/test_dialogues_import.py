"""Dialogue import: the template round-trips, every problem is reported, nothing is half-written."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from stakeholders.access import User
from stakeholders.db import session_scope
from stakeholders.dialogues.importer import DIALOGUE_COLUMNS, IDEA_COLUMNS, import_workbook, template_bytes
from stakeholders.dialogues.store import load_frames
from stakeholders.models import Organization
from stakeholders.repository import load_attendance

USER = User("importadora")


def _book(dialogues: list[list[object]], ideas: list[list[object]]) -> bytes:
    book = load_workbook(io.BytesIO(template_bytes()))
    assert [c.value for c in book["dialogos"][1]] == DIALOGUE_COLUMNS
    assert [c.value for c in book["ideas"][1]] == IDEA_COLUMNS
    for row in dialogues:
        book["dialogos"].append(row)
    for row in ideas:
        book["ideas"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _orgs(engine) -> list[int]:
    with session_scope(engine) as s:
        rows = [Organization(nombre=f"Org {i}", nombre_normalizado=f"org {i}", sector_tripartito="empleadores",
                             tipo_actor="gremio", region_cut="08", escala="regional") for i in range(3)]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def test_valid_workbook_imports_dialogues_ideas_history_and_attendance(engine) -> None:
    a, b, _ = _orgs(engine)
    data = _book(
        [["D1", "Diálogo Concepción", "dialogo", "2026-04-15", "Biobío", "Concepción", "Talcahuano", "Empleo",
          40, 22, 17, None, f"{a}; {b}"]],
        [["D1", "Cursos de soldadura", "Oficios", 30, "Comprometida", "Unidad de Capacitación", "2026-09-30", None],
         ["D1", "@todos: más cursos", "Otro", 2, "Descartada", None, None, "Fuera de competencia"],
         ["D1", "Prácticas pagadas", "Empleo juvenil", 12, "En análisis", None, None, None]])
    result = import_workbook(engine, data, USER)
    assert result.ok and result.written == 1 and result.ideas_written == 3
    frames = load_frames(engine, "08")
    d = frames["dialogos"].iloc[0]
    assert (d["provincia_cut"], d["comuna_cut"], d["personas"]) == ("081", "08110", 40)  # Talcahuano
    ideas = frames["ideas"].set_index("texto")
    assert ideas.loc["Cursos de soldadura", "estado"] == "comprometida"
    assert ideas.loc["@todos: más cursos", "motivo_descarte"] == "Fuera de competencia"  # formula prefix kept as text
    steps = frames["historial"].groupby("idea_id")["hacia"].apply(list).to_dict()
    assert steps[int(ideas.loc["Cursos de soldadura", "id"])] == ["recibida", "en_analisis", "comprometida"]
    assert sorted(load_attendance(engine)["organizacion_id"]) == sorted([a, b])


def test_problems_are_reported_by_sheet_row_and_field_and_nothing_is_written(engine) -> None:
    a, _, _ = _orgs(engine)
    data = _book(
        [["D1", "Diálogo", "dialogo", "no es fecha", "Biobío", None, None, "Empleo", 10, 8, 5, None, f"{a}; 99999"],
         ["D2", "Otro", "asamblea", "2026-01-10", "Narnia", None, None, "Empleo", 5, None, None, None, None]],
        [["D1", "Idea", None, 3, "Implementada", None, None, None],
         ["D9", "Idea huérfana", None, 1, "Recibida", None, None, None],
         ["D2", "Idea", None, -4, "Descartada", None, None, None]])
    result = import_workbook(engine, data, USER)
    assert not result.ok and result.written == 0
    report = result.report()
    found = {(r.hoja, r.fila, r.campo) for r in report.itertuples()}
    assert {("dialogos", 2, "fecha"), ("dialogos", 2, "organizaciones"), ("dialogos", 2, "personas"),
            ("dialogos", 3, "tipo"), ("dialogos", 3, "region"), ("ideas", 2, "fecha_compromiso"),
            ("ideas", 3, "dialogo"), ("ideas", 4, "votos"), ("ideas", 4, "motivo_descarte")} <= found
    assert "99999" in " ".join(report["problema"])
    assert load_frames(engine)["dialogos"].empty and load_attendance(engine).empty
