"""ENE importer, exports, national rotation, records (SQLite and PostgreSQL) and the CLI."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from stakeholders.councils.compose import compose
from stakeholders.councils.export import to_csv, to_json, to_pdf, to_xlsx
from stakeholders.councils.national import balance, rotation
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.records import CouncilProposal, ImmutableProposalError, get_proposal, save_proposal
from stakeholders.councils.sector_shares import import_ene
from stakeholders.councils.synthetic import synthetic_pool

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
def proposal():  # noqa: ANN201
    cands = synthetic_pool(150, seed=3)
    cands.loc[0, "nombre"] = '=HYPERLINK("x")'
    return compose(
        cands,
        CouncilParams(must_include={int(cands.loc[0, "id"]): "pedido por la mesa"}),
        "sorteo",
        seed=7,
        region_cut="11",
        region_nombre="Aysén",
    )


def test_json_keys_exactly(proposal) -> None:  # noqa: ANN001
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


def test_csv_xlsx_pdf(proposal) -> None:  # noqa: ANN001
    raw = to_csv(proposal)
    assert raw.startswith("\ufeff".encode())
    assert "'=HYPERLINK" in raw.decode("utf-8")
    book = pd.read_excel(io.BytesIO(to_xlsx(proposal)), sheet_name=None)
    assert {"Miembros", "Suplentes", "Restricciones", "Puntajes", "Parámetros", "Probabilidades"} <= set(book)
    assert to_pdf(proposal).startswith(b"%PDF")


def test_national_rotation_balanced_and_rotating() -> None:
    regions = [f"{i:02d}" for i in range(1, 17)]
    cal = rotation(regions, 6)
    counts = balance(cal)
    assert (counts.max(axis=1) - counts.min(axis=1) <= 1).all()
    assert (counts["empleadores"] == counts["trabajadores"]).all()
    for region in regions:
        seq = cal[cal["region_cut"] == region].sort_values("periodo")["sector"].tolist()
        assert set(seq[:3]) == {"gobierno", "empleadores", "trabajadores"} or len(set(seq)) == 3


def test_records_numbered_immutable_with_overrides(engine: Engine, proposal) -> None:  # noqa: ANN001
    first = save_proposal(engine, proposal, "ana")
    second = save_proposal(engine, proposal, "beto")
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


def _registry(url: str) -> None:
    from stakeholders.db import make_engine, session_scope
    from stakeholders.models import Organization

    cands = synthetic_pool(120, seed=9, region_cut="11")
    engine = make_engine(url)
    with session_scope(engine) as s:
        for r in cands.to_dict("records"):
            s.add(
                Organization(
                    id=int(r["id"]),
                    nombre=r["nombre"],
                    nombre_normalizado=r["nombre"].lower(),
                    sector_tripartito=r["sector_tripartito"],
                    tipo_actor=r["tipo_actor"],
                    escala=r["escala"],
                    region_cut="11",
                    provincia_cut="11" + r["provincia_cut"][-1],
                    comuna_cut=r["comuna_cut"],
                    rubro=r["rubro"],
                    grupos_representados=r["grupos_representados"],
                    genero_representante=r["genero_representante"],
                    n_miembros=int(r["n_miembros"]),
                    regiones_presencia=[],
                )
            )
    engine.dispose()


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stakeholders.cli import main

    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    _registry(url)
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
