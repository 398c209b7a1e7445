"""``python -m stakeholders`` registry commands: exit codes, reports, files written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from stakeholders.cli import main
from tests.factories import valid_rows, write_csv


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_template_csv_and_xlsx(tmp_path: Path, db: str) -> None:
    assert main(["template", str(tmp_path / "orgs.csv"), "--db", db]) == 0
    header = (tmp_path / "orgs.csv").read_text(encoding="utf-8-sig").strip()
    assert header.startswith("nombre,rut,sector_tripartito,tipo_actor,escala,region,provincia,comuna,latitud")
    assert main(["template", "--tipo", "participacion", str(tmp_path / "part.xlsx")]) == 0
    book = openpyxl.load_workbook(tmp_path / "part.xlsx")
    assert book.sheetnames == ["espacios", "membresias", "eventos", "asistencia", "valores_permitidos"]
    assert main(["template", "--tipo", "relaciones", str(tmp_path / "rel.csv")]) == 0
    assert "origen_rut" in (tmp_path / "rel.csv").read_text(encoding="utf-8-sig")


def test_validate_import_export(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAPA_USUARIO", "maria")
    for name in ("MAPA_ROL", "MAPA_REGION", "MAPA_TOKEN", "MAPA_AUTENTICACION"):
        monkeypatch.delenv(name, raising=False)
    good = write_csv(tmp_path / "ok.csv", valid_rows())
    assert main(["validate", str(good), "--db", db]) == 0
    assert main(["import", str(good), "--db", db, "--usuario", "ana"]) == 2  # nobody acts as someone else
    assert "no coincide" in capsys.readouterr().err
    assert main(["import", str(good), "--db", db, "--usuario", "maria"]) == 0
    captured = capsys.readouterr()
    assert "4 creadas" in captured.out
    assert "Importando «ok.csv»: leyendo, validando y guardando" in captured.err  # says what it is doing
    assert main(["import", str(good), "--db", db]) == 0
    assert "4 sin cambios" in capsys.readouterr().out
    out = tmp_path / "export.xlsx"
    assert main(["export", "--format", "xlsx", "--region", "13", str(out), "--db", db]) == 0
    assert "Preparando el archivo XLSX de Región Metropolitana" in capsys.readouterr().err
    assert len(pd.read_excel(out)) == 2  # Cámara de Comercio de Santiago and the ONG in Ñuñoa
    assert main(["export", "--format", "gpkg", str(tmp_path / "e.gpkg"), "--db", db]) == 0


def test_rejected_rows_exit_non_zero_with_report(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = valid_rows()
    rows[1]["sector_tripartito"] = "patronal"
    bad = write_csv(tmp_path / "bad.csv", rows)
    assert main(["validate", str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "fila 3" in err and "sector_tripartito" in err
    report = tmp_path / "reporte.csv"
    assert main(["import", str(bad), "--db", db, "--report", str(report)]) == 1
    frame = pd.read_csv(report, encoding="utf-8-sig")
    assert list(frame.columns) == ["nivel", "fila", "campo", "valor", "problema", "accion"]
    assert frame["fila"].tolist() == [3] and frame["nivel"].tolist() == ["error"]
    rejected = tmp_path / "rechazadas.csv"
    assert main(["import", str(bad), "--db", db, "--partial", "--rejected", str(rejected)]) == 1
    assert "3 creadas" in capsys.readouterr().out
    assert "error" in pd.read_csv(rejected, encoding="utf-8-sig").columns


def test_unusable_input_exit_2(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nada.csv"), "--db", db]) == 2
    assert "No existe" in capsys.readouterr().err
    weird = tmp_path / "x.pdf"
    weird.write_bytes(b"%PDF")
    assert main(["validate", str(weird), "--db", db]) == 2
    assert main(["export", "--format", "csv", "--region", "Atlántida", str(tmp_path / "x.csv"), "--db", db]) == 2


def test_sample_calls_the_sample_loader(db: str, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from stakeholders import sample

    calls: list[object] = []
    monkeypatch.setattr(sample, "load_sample", lambda engine: calls.append(engine) or {"organizaciones": 3})
    monkeypatch.setattr(sample, "load_message", lambda counts: f"cargadas {counts['organizaciones']}")
    assert main(["sample", "--db", db]) == 0
    assert len(calls) == 1 and "cargadas 3" in capsys.readouterr().out
