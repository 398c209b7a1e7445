"""Reading real-world files: encodings, separators, decimal commas, XLSX, GeoJSON, GeoPackage."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from stakeholders.importing.headers import canonical_header, detect_table
from stakeholders.importing.tables import read_tables
from stakeholders.registry.validation import validate_organizations
from stakeholders.tabular.read import ImportFileError, detect_encoding, detect_separator
from tests.factories import org, valid_rows, write_csv

LATIN1_CSV = (
    "Nombre organización;RUT;Sector;Tipo de actor;Escala;Región;Comuna;Lat;Lon;Rubro;Género;N° de miembros\r\n"
    "Sindicato Pescadores Ñuble;76.123.456-0;Trabajadores;Sindicato;Local;Valparaíso;Valparaíso;"
    "-33,045;-71,62;A;F;1.250\r\n"
    "Cámara Pyme Viña;;Empleadores;Cámara;local;Valparaíso;Viña del Mar;-33,0245;-71,5518;G;ND;30\r\n"
)


def test_latin1_semicolon_decimal_comma_file(tmp_path: Path) -> None:
    raw = LATIN1_CSV.encode("cp1252")
    assert b"\xd1" in raw and b"\xe1" in raw  # real Windows-1252 bytes: Ñ, á
    path = tmp_path / "actores.csv"
    path.write_bytes(raw)
    [table] = read_tables(path)
    assert table.kind == "organizaciones"
    assert table.frame["nombre"].tolist() == ["Sindicato Pescadores Ñuble", "Cámara Pyme Viña"]
    assert table.frame["_fila"].tolist() == [2, 3]
    result = validate_organizations(table.frame)
    assert result.issues == []
    rec = result.records
    assert rec["latitud"].tolist() == [-33.045, -33.0245]
    assert rec["longitud"].tolist() == [-71.62, -71.5518]
    assert rec["n_miembros"].tolist() == [1250, 30]
    assert rec["comuna_cut"].tolist() == ["05101", "05109"]
    assert rec["tipo_actor"].tolist() == ["sindicato", "camara"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_encodings_and_separators(tmp_path: Path, encoding: str, sep: str) -> None:
    path = write_csv(tmp_path / "x.csv", valid_rows(), sep=sep, encoding=encoding)
    [table] = read_tables(path)
    assert table.frame["nombre"].tolist()[1] == "Cámara de Comercio de Santiago"
    assert set(table.frame.columns) >= {"nombre", "rut", "comuna", "latitud"}


def test_detectors() -> None:
    assert detect_encoding("ñ".encode()) == "utf-8"
    assert detect_encoding("\ufeffñ".encode()) == "utf-8-sig"
    assert detect_encoding("ñandú".encode("cp1252")) == "cp1252"
    assert detect_separator("a;b;c\n1;2,5;3\n") == ";"
    assert detect_separator("a,b,c\n1,2,3\n") == ","


def test_header_variants() -> None:
    assert canonical_header("Nombre organización") == "nombre"
    assert canonical_header("COMUNA") == "comuna"
    assert canonical_header("Lat") == "latitud"
    assert canonical_header("Longitude") == "longitud"
    assert canonical_header("Región") == "region"
    assert canonical_header("E-mail") == "email"
    assert canonical_header("\ufeffnombre") == "nombre"
    assert detect_table(["origen_rut", "destino_rut", "tipo"]) == "relaciones"
    assert detect_table(["espacio", "tipo", "region"]) == "espacios"
    assert detect_table(["espacio", "espacio_region", "evento", "fecha"]) == "eventos"
    assert detect_table(["espacio", "fecha", "organizacion_rut"]) == "asistencia"
    assert detect_table(["foo", "bar"]) is None


def test_xlsx_numbers_and_formula_guard(tmp_path: Path) -> None:
    frame = pd.DataFrame([org(nombre="'=Sindicato")])
    frame["latitud"] = -33.045
    frame["longitud"] = -71.62
    frame["n_miembros"] = 120.0
    path = tmp_path / "x.xlsx"
    frame.to_excel(path, index=False)
    [table] = read_tables(path)
    row = table.frame.iloc[0]
    assert row["nombre"] == "=Sindicato"  # the export's guard is undone
    assert row["latitud"] == "-33.045" and row["n_miembros"] == "120"


def test_geojson_takes_coordinates_from_points(tmp_path: Path) -> None:
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-71.62, -33.045]},
                 "properties": {k: v for k, v in org().items() if k not in ("latitud", "longitud")}}]
    path = tmp_path / "x.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    [table] = read_tables(path)
    assert table.first_row == 1 and table.frame["_fila"].tolist() == [1]
    result = validate_organizations(table.frame)
    assert result.issues == []
    assert result.records["latitud"].tolist() == [-33.045]


def test_geopackage_in_another_crs(tmp_path: Path) -> None:
    import geopandas as gpd

    props = {k: [v] for k, v in org().items() if k not in ("latitud", "longitud")}
    gdf = gpd.GeoDataFrame(props, geometry=gpd.points_from_xy([-71.62], [-33.045]), crs=4326).to_crs(32719)
    path = tmp_path / "x.gpkg"
    gdf.to_file(path, driver="GPKG")
    [table] = read_tables(io.BytesIO(path.read_bytes()).getvalue(), name="x.gpkg")
    assert float(table.frame["latitud"].iloc[0]) == pytest.approx(-33.045, abs=1e-6)


def test_unusable_files(tmp_path: Path) -> None:
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="vacío"):
        read_tables(empty)
    with pytest.raises(ImportFileError, match="Formato"):
        read_tables(b"x", name="datos.pdf")
    with pytest.raises(ImportFileError, match="encabezados"):
        read_tables(b"foo,bar\n1,2\n", name="raro.csv")
    with pytest.raises(FileNotFoundError):
        read_tables(tmp_path / "no.csv")
