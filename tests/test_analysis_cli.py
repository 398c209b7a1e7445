"""``python -m stakeholders analysis``: list, export (.xlsx/.png/.pdf) and import."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from stakeholders.analysis import service
from stakeholders.cli import main
from tests.factories import CENTRAL, make_orgs


@pytest.fixture
def analysis(engine: Engine) -> tuple[str, int, list[int]]:
    orgs = make_orgs(engine)
    aid = service.create_analysis(engine, CENTRAL, "Plan regional de capacitación 2027", "16")
    service.add_actors(engine, CENTRAL, aid, orgs[:3])
    service.assess(engine, CENTRAL, aid, orgs[0], poder=4, interes=4, posicion="a_favor")
    service.assess(engine, CENTRAL, aid, orgs[1], poder=2, interes=5, posicion="en_contra")
    return engine.url.render_as_string(hide_password=False), aid, orgs


def test_export_xlsx_png_pdf(analysis: tuple[str, int, list[int]], tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    url, aid, _ = analysis
    for ext in ("xlsx", "png", "pdf"):
        out = tmp_path / "salida" / f"matriz.{ext}"
        assert main(["analysis", "export", "--id", str(aid), "--out", str(out), "--db", url]) == 0
        assert out.stat().st_size > 1000
    assert "Exportado" in capsys.readouterr().out
    wb = load_workbook(tmp_path / "salida" / "matriz.xlsx")
    assert wb["Actores"].max_row == 4
    png = (tmp_path / "salida" / "matriz.png").read_bytes()
    assert struct.unpack(">II", png[16:24])[0] > struct.unpack(">II", png[16:24])[1]
    assert (tmp_path / "salida" / "matriz.pdf").read_bytes().startswith(b"%PDF")


def test_export_errors_in_spanish(analysis: tuple[str, int, list[int]], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    url, aid, _ = analysis
    assert main(["analysis", "export", "--id", str(aid), "--out", str(tmp_path / "m.docx"), "--db", url]) == 2
    assert "Formato" in capsys.readouterr().err
    assert main(["analysis", "export", "--id", "9999", "--out", str(tmp_path / "m.xlsx"), "--db", url]) == 2
    assert "No existe el análisis 9999" in capsys.readouterr().err


def test_list(analysis: tuple[str, int, list[int]], capsys: pytest.CaptureFixture[str]) -> None:
    url, aid, _ = analysis
    assert main(["analysis", "list", "--db", url, "--region", "16"]) == 0
    out = capsys.readouterr().out
    assert f"{aid} | Plan regional de capacitación 2027 | Región de Ñuble | 3 |" in out
    assert main(["analysis", "list", "--db", url, "--region", "8"]) == 0
    assert "No hay análisis" in capsys.readouterr().out


def test_import(analysis: tuple[str, int, list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    url, aid, orgs = analysis
    monkeypatch.setenv("MAPA_USUARIO", "taller.nuble")
    monkeypatch.delenv("MAPA_REGION", raising=False)
    monkeypatch.delenv("MAPA_ROL", raising=False)
    bad = tmp_path / "malo.csv"
    bad.write_text(f"organizacion_id;poder;interes;posicion\n{orgs[0]};7;3;a favor\n", encoding="utf-8")
    assert main(["analysis", "import", "--id", str(aid), str(bad), "--db", url]) == 2
    err = capsys.readouterr().err
    assert "Fila 2: «poder» debe ser un número entero de 1 a 5" in err and "no se guardó nada" in err
    good = tmp_path / "taller.csv"
    good.write_text(f"organizacion_id;poder;interes;posicion\n{orgs[0]};5;5;a favor\n", encoding="utf-8")
    assert main(["analysis", "import", "--id", str(aid), str(good), "--db", url, "--validar"]) == 0
    assert "Archivo válido" in capsys.readouterr().out
    assert main(["analysis", "import", "--id", str(aid), str(good), "--db", url]) == 0
    assert "Se guardaron 1 evaluaciones" in capsys.readouterr().out
    history = service.load_history(service_engine(url), aid)
    assert history.iloc[-1]["autor"] == "taller.nuble" and history.iloc[-1]["origen"] == "taller"
    assert main(["analysis", "import", "--id", str(aid), str(tmp_path / "no.csv"), "--db", url]) == 2


def service_engine(url: str) -> Engine:
    from stakeholders.db import make_engine

    return make_engine(url)
