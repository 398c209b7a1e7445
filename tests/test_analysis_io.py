"""XLSX export read back, formula neutralisation, workshop import (per-row errors, all or nothing)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from stakeholders.analysis import io as aio
from stakeholders.analysis import service
from stakeholders.db import session_scope
from stakeholders.models import Organization
from stakeholders.tabular.formulas import neutralise
from tests.factories import CENTRAL, NUBLE, hostile_names, make_orgs


def _analysis(engine: Engine) -> tuple[int, list[int]]:
    orgs = make_orgs(engine)
    aid = service.create_analysis(engine, CENTRAL, "Plan regional de capacitación 2027", "16")
    service.add_actors(engine, CENTRAL, aid, orgs[:4] + [orgs[9]])
    service.assess(engine, CENTRAL, aid, orgs[0], poder=2, interes=2, posicion="indiferente", justificacion="primera")
    service.assess(engine, NUBLE, aid, orgs[0], poder=5, interes=4, posicion="a_favor", justificacion="segunda")
    service.assess(engine, CENTRAL, aid, orgs[1], poder=3, interes=1, posicion="en_contra",
                   justificacion="-baja prioridad")
    service.assess(engine, CENTRAL, aid, orgs[9], poder=1, interes=5, posicion="a_favor")
    return aid, orgs


def _candidates() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3, 4], "nombre": ["Sindicato Uno", "OTEC Dos", "Junta", "Junta"],
                         "rut": ["76543210-3", None, None, None], "en_analisis": [True, True, False, False]})


def _table(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=object).fillna("")


def test_xlsx_export_read_back(engine: Engine) -> None:
    aid, orgs = _analysis(engine)
    info = service.get_analysis(engine, aid)
    data = aio.export_xlsx(info, service.matrix_frame(engine, aid), service.load_history(engine, aid),
                           aio.territory_name("16"))
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Actores", "Historial", "Análisis"]
    actors = pd.DataFrame(list(wb["Actores"].values)[1:], columns=list(wb["Actores"].values)[0])
    assert list(actors.columns) == aio.ACTOR_SHEET_COLUMNS
    assert len(actors) == 5
    first = actors[actors["organizacion_id"] == orgs[0]].iloc[0]
    assert (first["poder"], first["interes"], first["posicion"], first["estrategia"]) == (5, 4, "A favor",
                                                                                          "Gestionar de cerca")
    assert (first["poder_inicial"], first["interes_inicial"], first["posicion_inicial"]) == (2, 2, "Indiferente")
    assert first["estrategia_inicial"] == "Monitorear" and first["n_evaluaciones"] == 2 and first["se_movio"] == "Sí"
    sheet = wb["Actores"]
    fecha = sheet.cell(row=2, column=aio.ACTOR_SHEET_COLUMNS.index("fecha") + 1)
    assert fecha.is_date and fecha.number_format == "DD-MM-YYYY HH:MM" and sheet.freeze_panes == "A2"
    history = list(wb["Historial"].values)
    assert len(history) == 1 + 4
    # Formula injection: a name and a justification starting with = or - are text, not formulas.
    hostile = actors[actors["organizacion_id"] == orgs[9]].iloc[0]
    assert hostile["nombre"].startswith("'=HYPERLINK")
    assert actors[actors["organizacion_id"] == orgs[1]].iloc[0]["justificacion"] == "'-baja prioridad"
    for row in wb["Actores"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    meta = dict(list(wb["Análisis"].values)[1:])
    assert meta["Territorio"] == "Región de Ñuble" and "3 o más cuenta como alto" in meta["Regla de cuadrantes"]


def test_neutralise() -> None:
    assert aio.neutralise("=1+1") == "'=1+1"
    assert aio.neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert aio.neutralise("Sindicato") == "Sindicato"
    assert aio.neutralise(-3) == -3


def test_validation_errors_per_row_in_spanish() -> None:
    table = _table([
        {"organizacion_id": "1", "poder": "4", "interes": "5", "posicion": "A favor"},
        {"organizacion_id": "99", "poder": "4", "interes": "5", "posicion": "A favor"},
        {"nombre": "OTEC Dos", "poder": "alto", "interes": "6", "posicion": "quizás"},
        {"rut": "76.543.210-0", "poder": "3", "interes": "3", "posicion": "+"},
        {"nombre": "Junta", "poder": "3", "interes": "3", "posicion": "neutral"},
        {"organizacion_id": "1", "poder": "2", "interes": "2", "posicion": "contra"},
        {"poder": "2", "interes": "2", "posicion": "contra"},
    ])
    result = aio.validate_workshop(table, _candidates())
    assert not result.ok and result.items == []
    text = "\n".join(result.errors)
    assert "Fila 3: no hay una organización con id 99" in text
    assert "Fila 4: «poder» debe ser un número entero de 1 a 5 (se leyó «alto»)" in text
    assert "Fila 4: «interes» debe ser un número entero de 1 a 5 (se leyó «6»)" in text
    assert "Fila 4: posición «quizás» no reconocida" in text
    assert "Fila 5: el dígito verificador" in text
    assert "Fila 6: hay 2 organizaciones llamadas «Junta»" in text
    assert "Fila 7: la organización ya aparece en la fila 2" in text
    assert "Fila 8: falta identificar la organización" in text
    assert "Fila 2" not in text


def test_validation_accepts_variants_and_reports_new_actors() -> None:
    table = _table([
        {"rut": "76.543.210-3", "poder": "4,0", "interes": "5", "posicion": "a favor", "justificacion": "'=x"},
        {"nombre": "otec dos", "poder": "3", "interes": "1", "posicion": "En contra", "estrategia": "Reunión"},
        {"organizacion_id": "3", "poder": "1", "interes": "1", "posicion": "Indiferente"},
        {"organizacion_id": "", "poder": "", "interes": "", "posicion": ""},
    ])
    result = aio.validate_workshop(table, _candidates())
    assert result.ok and result.rows_read == 3
    assert [(i.organizacion_id, i.poder, i.interes, i.posicion) for i in result.items] == [
        (1, 4, 5, "a_favor"), (2, 3, 1, "en_contra"), (3, 1, 1, "indiferente")]
    assert result.items[0].justificacion == "=x" and result.items[1].estrategia == "Reunión"
    assert result.new_actors == [3]


def test_missing_columns() -> None:
    result = aio.validate_workshop(_table([{"nombre": "x", "poder": "3"}]), _candidates())
    assert not result.ok and "Faltan columnas" in result.errors[0] and "interes" in result.errors[0]


def test_read_csv_semicolon_cp1252() -> None:
    raw = "Nombre;Poder;Interés;Posición\nOTEC Dos;3;4;Indiferente\n".encode("cp1252")
    table = aio.read_table(raw, "taller.csv")
    assert list(table.columns) == ["nombre", "poder", "interes", "posicion"]
    assert table.iloc[0].tolist() == ["OTEC Dos", "3", "4", "Indiferente"]
    with pytest.raises(ValueError, match=".csv o .xlsx"):
        aio.read_table(raw, "taller.ods")


def test_import_all_or_nothing(engine: Engine) -> None:
    aid, orgs = _analysis(engine)
    before = len(service.load_history(engine, aid))
    bad = f"organizacion_id,poder,interes,posicion\n{orgs[0]},3,3,a favor\n{orgs[1]},9,3,a favor\n".encode()
    result = aio.import_workshop(engine, CENTRAL, aid, bad, "taller.csv")
    assert not result.ok and len(result.errors) == 1 and result.errors[0].startswith("Fila 3:")
    assert len(service.load_history(engine, aid)) == before
    good = (f"organizacion_id,poder,interes,posicion,justificacion\n{orgs[0]},3,3,a favor,taller\n"
            f"{orgs[5]},2,5,en contra,nuevo actor\n").encode()
    result = aio.import_workshop(engine, CENTRAL, aid, good, "taller.csv")
    assert result.ok and result.new_actors == [orgs[5]]
    history = service.load_history(engine, aid)
    assert len(history) == before + 2 and set(history.tail(2)["origen"]) == {"taller"}
    frame = service.matrix_frame(engine, aid).set_index("organizacion_id")
    assert frame.loc[orgs[0], "poder"] == 3 and frame.loc[orgs[0], "poder_inicial"] == 2
    assert frame.loc[orgs[5], "estrategia"] == "Mantener informado"
    # An organization of another region is not a candidate.
    other = f"organizacion_id,poder,interes,posicion\n{orgs[10]},3,3,a favor\n".encode()
    assert not aio.import_workshop(engine, CENTRAL, aid, other, "t.csv").ok
    with pytest.raises(PermissionError):
        aio.import_workshop(engine, CENTRAL.__class__("x", "regional", "08"), aid, good, "taller.csv")


def test_export_roundtrip_and_template(engine: Engine) -> None:
    aid, _ = _analysis(engine)
    info = service.get_analysis(engine, aid)
    frame = service.matrix_frame(engine, aid)
    exported = aio.export_xlsx(info, frame, service.load_history(engine, aid))
    table = aio.read_table(exported, "export.xlsx")
    assessed = table[table["poder"] != ""]
    result = aio.validate_workshop(assessed, aio.candidates_for(engine, aid))
    assert result.ok, result.errors
    assert len(result.items) == 3
    template = load_workbook(io.BytesIO(aio.workshop_template(frame)))
    assert template.sheetnames == ["Actores", "Instrucciones"]
    header = [c.value for c in template["Actores"][1]]
    assert header[:7] == ["organizacion_id", "rut", "nombre", "sector", "poder", "interes", "posicion"]


def test_hostile_names_leave_the_workbook_and_template_literally(engine: Engine, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)[:10]
    aid, orgs = _analysis(engine)
    with session_scope(engine) as session:
        for org_id, name in zip(orgs, names, strict=False):
            session.get(Organization, org_id).nombre = name
    info = service.get_analysis(engine, aid)
    frame = service.matrix_frame(engine, aid)
    expected = {str(neutralise(n)).replace("\x00", "") for n in frame["nombre"]}
    for data in (aio.export_xlsx(info, frame, service.load_history(engine, aid)), aio.workshop_template(frame)):
        book = load_workbook(io.BytesIO(data))
        sheet = book["Actores"]
        column = [c.value for c in sheet[1]].index("nombre") + 1
        assert {sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)} == expected
        assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert not marker.exists()
