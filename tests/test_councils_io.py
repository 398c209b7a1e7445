"""ENE importer, exports, national rotation, records (SQLite and PostgreSQL) and the CLI."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from stakeholders.access import User
from stakeholders.councils.compose import compose
from stakeholders.councils.export import to_csv, to_csv_excel, to_json, to_pdf, to_xlsx
from stakeholders.councils.national import balance, rotation
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.records import CouncilProposal, ImmutableProposalError, get_proposal, save_proposal
from stakeholders.councils.sector_shares import import_ene
from stakeholders.councils.synthetic import synthetic_pool
from stakeholders.tabular.formulas import neutralise
from tests.factories import council_registry, hostile_names

ENE = """region;activ;b14_rev4cl_caenes;fact_cal
11;1;1;100,0
11;1;1;300
11;1;3;100
11;1;7;500
11;2;3;999
11;1;99;50
13;1;7;10
"""


def test_ene_importer_weighted_shares_and_cv() -> None:
    table = import_ene(io.StringIO(ENE))
    r11 = table[table["region_cut"] == "11"].set_index("rubro")
    assert r11.loc["A", "ocupados"] == 400 and r11.loc["C", "ocupados"] == 100 and r11.loc["G", "ocupados"] == 500
    assert r11["participacion"].to_dict() == pytest.approx({"A": 0.4, "C": 0.1, "G": 0.5})
    # Kish deff over the 4 employed rows: n Σw² / (Σw)² = 4·360000/1000² = 1.44
    p = 0.1
    assert r11.loc["C", "cv"] == pytest.approx(math.sqrt(1.44 * p * (1 - p) / 4) / p)
    assert bool(r11.loc["C", "cv_alto"])
    assert table.attrs["sin_clasificar"] == 1
    assert table[table["region_cut"] == "13"]["participacion"].tolist() == [1.0]


@pytest.fixture(scope="module")
def proposal():
    cands = synthetic_pool(150, seed=3)
    cands.loc[0, "nombre"] = '=HYPERLINK("x")'
    return compose(
        cands,
        CouncilParams(must_include={int(cands.loc[0, "id"]): "pedido por la mesa"}),
        mode="sorteo",
        seed=7,
        region_cut="11",
        region_nombre="Aysén",
    )


def test_json_keys_exactly(proposal) -> None:
    data = json.loads(to_json(proposal))
    assert list(data) == [
        "region",
        "modo",
        "semilla",
        "asientos",
        "miembros",
        "suplentes",
        "restricciones",
        "probabilidades",
    ]
    assert list(data["miembros"][0]) == [
        "id",
        "nombre",
        "rut",
        "sector_tripartito",
        "genero_representante",
        "provincia_cut",
        "comuna_cut",
        "rubro",
        "grupos_representados",
        "razones",
    ]
    assert set(data["restricciones"][0]) == {"nombre", "requerido", "logrado", "cumple"}
    assert data["semilla"] == 7 and data["modo"] == "sorteo"


def test_csv_xlsx_pdf(proposal) -> None:
    raw = to_csv(proposal)
    assert raw.startswith("\ufeff".encode())
    assert "'=HYPERLINK" in raw.decode("utf-8")
    book = pd.read_excel(io.BytesIO(to_xlsx(proposal)), sheet_name=None)
    assert {"Miembros", "Suplentes", "Restricciones", "Puntajes", "Parámetros", "Probabilidades"} <= set(book)
    assert to_pdf(proposal).startswith(b"%PDF")


def test_csv_for_excel_chile_and_xlsx_layout(proposal) -> None:
    text = to_csv_excel(proposal).decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[:3] == ["rol", "titular_id", "id"] and "True" not in text and "False" not in text
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(proposal)))["Probabilidades"]
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    numbers = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, float)]
    assert numbers and all(round(v, 4) == v for v in numbers)


def test_national_rotation_balanced_and_rotating() -> None:
    regions = [f"{i:02d}" for i in range(1, 17)]
    cal = rotation(regions, 6)
    counts = balance(cal)
    assert (counts.max(axis=1) - counts.min(axis=1) <= 1).all()
    assert (counts["empleadores"] == counts["trabajadores"]).all()
    for region in regions:
        seq = cal[cal["region_cut"] == region].sort_values("periodo")["sector"].tolist()
        assert set(seq[:3]) == {"gobierno", "empleadores", "trabajadores"} or len(set(seq)) == 3


def test_records_numbered_immutable_with_overrides(engine: Engine, proposal) -> None:
    first = save_proposal(engine, proposal, User("ana", "planificador", "11"))
    second = save_proposal(engine, proposal, User("beto", "planificador"))  # a national planner
    assert (first.numero, second.numero) == (1, 2)
    stored = get_proposal(engine, first.id)
    assert "pedido por la mesa" in stored.parametros["must_include"].values()
    assert stored.semilla == 7 and len(stored.hash_datos) == 64
    with Session(engine) as session, pytest.raises(ImmutableProposalError):
        with session.begin():
            session.get(CouncilProposal, first.id).autor = "otra"
    with pytest.raises(Exception, match="inmutable"), engine.begin() as conn:
        conn.execute(text("UPDATE propuesta_consejo SET autor = 'x'"))
    with pytest.raises(Exception, match="inmutable"), engine.begin() as conn:
        conn.execute(text("DELETE FROM propuesta_consejo"))


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from stakeholders.cli import main

    monkeypatch.setenv("MAPA_USUARIO", "ana")  # the local single user; --autor may only repeat it
    for name in ("MAPA_ROL", "MAPA_REGION", "MAPA_TOKEN", "MAPA_AUTENTICACION"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    council_registry(url)
    out = tmp_path / "p.json"
    assert (
        main(
            [
                "council",
                "--region",
                "11",
                "--seed",
                "5",
                "--mode",
                "sorteo",
                "--db",
                url,
                "--out",
                str(out),
                "--autor",
                "ana",
            ]
        )
        == 0
    )
    assert json.loads(out.read_text("utf-8"))["region"] == "11"
    assert (
        main(["council", "--region", "11", "--seats", "40,3,3,2", "--db", url, "--out", str(tmp_path / "x.json")]) == 3
    )
    assert "Se piden 40 asientos de gobierno" in capsys.readouterr().err
    assert main(["council", "--region", "11", "--db", url, "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["council", "national", "--terms", "3"]) == 0


def test_hostile_names_leave_csv_and_xlsx_literally(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    cands = synthetic_pool(80, seed=5)
    cands["nombre"] = [f"{names[i % len(names)]} {i}" if i % len(names) else names[0] for i in range(len(cands))]
    proposal = compose(cands, CouncilParams(), mode="optimizar", region_cut="99")
    expected = [neutralise(n) for n in proposal.members["nombre"]]
    for data, sep in ((to_csv(proposal), ","), (to_csv_excel(proposal), ";")):
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=sep))
        assert [r["nombre"] for r in rows if r["rol"] == "titular"] == expected
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(proposal)))
    sheet = book["Miembros"]
    column = [c.value for c in sheet[1]].index("nombre") + 1
    assert [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)] == [
        str(n).replace("\x00", "") for n in expected]
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert not marker.exists()
