"""Exports: formula neutralisation, numbers kept numeric, CRS of geo files, export → import round trip."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine

from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.exporting import (
    EXPORT_COLUMNS,
    export_frame,
    export_organizations,
    file_name,
    frame_to_csv_bytes,
    frame_to_xlsx_bytes,
    neutralise,
)
from stakeholders.importing import import_file
from tests.factories import org, registry_frame, valid_rows, write_csv

USER = User("exportador")
EVIL = ["=HYPERLINK(\"http://x\")", "+56 9 1234", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_neutralise() -> None:
    assert [neutralise(v) for v in EVIL] == ["'" + v for v in EVIL]
    assert neutralise("Sindicato") == "Sindicato" and neutralise(-71.6) == -71.6


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"nombre": EVIL, "longitud": [-71.6] * len(EVIL), "n_miembros": [3] * len(EVIL)})


def test_csv_neutralised_with_bom_and_numbers_kept() -> None:
    data = frame_to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["nombre"].tolist()[:4] == ["'" + v for v in EVIL[:4]]
    assert back["longitud"].tolist()[0] == "-71.6"


def test_xlsx_cells_neutralised_and_numeric() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx_bytes(_frame()))).active
    names = [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(EVIL))]
    assert all(isinstance(v, str) and v.startswith("'") for v in names)
    assert sheet.cell(row=2, column=1).data_type == "s"  # text, not a formula
    assert sheet.cell(row=2, column=2).value == -71.6 and sheet.cell(row=2, column=2).data_type == "n"
    assert sheet.cell(row=2, column=3).value == 3


@pytest.fixture
def filled(engine: Engine, tmp_path: Path) -> Engine:
    rows = valid_rows() + [org(nombre="=cmd|' /C calc'!A0", rut="", comuna="Viña del Mar", latitud="", longitud="",
                               id_externo="-EXT-1")]
    rows[3]["regiones_presencia"] = "Valparaíso; 13"
    result = import_file(engine, write_csv(tmp_path / "in.csv", rows), USER)
    assert result.ok, result.issues
    return engine


def test_export_columns_and_region_filter(filled: Engine) -> None:
    frame = export_frame(filled)
    assert list(frame.columns) == EXPORT_COLUMNS
    assert len(frame) == 5
    row = frame.set_index("nombre").loc["ONG Inclusión Laboral"]
    assert row["comuna"] == "Ñuñoa" and row["comuna_cut"] == "13120" and bool(row["ubicacion_aproximada"])
    valpo = export_frame(filled, "05")
    # Located in Valparaíso, or a national body with a chapter there.
    assert sorted(valpo["nombre"]) == sorted(["Sindicato Portuario Uno", "Confederación Nacional de Prueba",
                                              "=cmd|' /C calc'!A0"])


@pytest.mark.parametrize("fmt", ["csv", "csv_excel", "xlsx", "geojson", "gpkg"])
def test_round_trip_export_import(filled: Engine, tmp_path: Path, fmt: str) -> None:
    data = export_organizations(filled, fmt, user=USER)  # central level: contact data included
    path = tmp_path / file_name(fmt)
    path.write_bytes(data)
    target = make_engine(f"sqlite:///{tmp_path / 'copia.sqlite'}")
    result = import_file(target, path, USER)
    assert result.ok, result.issues
    # Spreadsheets round coordinates to 6 decimals (about 0.1 m); everything else comes back exactly.
    pd.testing.assert_frame_equal(_coords_to_6(registry_frame(target)), _coords_to_6(registry_frame(filled)))
    target.dispose()


def _coords_to_6(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("latitud", "longitud"):
        frame[col] = frame[col].astype(float).round(6).astype(str)
    return frame


def test_geojson_and_geopackage_crs(filled: Engine, tmp_path: Path) -> None:
    import pyogrio

    geo = json.loads(export_organizations(filled, "geojson"))
    point = next(f for f in geo["features"] if f["properties"]["nombre"] == "Sindicato Portuario Uno")
    assert point["geometry"]["coordinates"] == [-71.62, -33.045]
    national = next(f for f in geo["features"] if f["properties"]["escala"] == "nacional")
    assert national["geometry"] is None
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_organizations(filled, "gpkg"))
    info = pyogrio.read_info(path)
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point" and info["features"] == 5


def test_unknown_format(filled: Engine) -> None:
    with pytest.raises(ValueError, match="Formato"):
        export_organizations(filled, "pdf")
