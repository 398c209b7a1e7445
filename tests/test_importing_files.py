"""Files as Excel and other programs really write them: quoting, separators, encodings, odd rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from sqlalchemy import Engine, select

from stakeholders.access import User
from stakeholders.importing import ImportFileError, import_file, read_tables
from stakeholders.models import Organization
from stakeholders.tabular import read as read_module
from stakeholders.tabular.read import Limits, decode_text, detect_separator, mojibake_fix

USER = User("importador")
HEADER = "nombre;tipo_actor;escala;region;comuna"


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


EXCEL_QUOTED = _csv([
    HEADER,
    '"=HYPERLINK(""http://sindicato.cl"",""clic"")";sindicato;local;Biobío;Concepción',
    '"Sindicato ""El Roble""";sindicato;local;Biobío;Concepción',
    '"Sindicato Lota, Coronel y Arauco";sindicato;local;Biobío;Lota',
])


@pytest.mark.parametrize(("text", "sep"), [
    (EXCEL_QUOTED.decode(), ";"),
    ("AGNO;RBD;LATITUD;LONGITUD\n2023;1;-18,4783;-70,3126\n2023;2;-20,2133;-70,1503\n", ";"),
    ('nombre,grupos\n"Uno","mujeres; jóvenes"\n"Dos","migrantes; personas mayores"\n', ","),
    ("nombre\ttipo\nA\tsindicato\nB, Ltda.\tempresa\n", "\t"),
    ("nombre|tipo\nA|sindicato\nB; Ltda.|empresa\n", "|"),
    ("nombre\nSindicato A\nSindicato B\n", ","),
    ('nombre;direccion;comuna\n"A";"Calle 1\nDepto 2";Arica\nB;"Av. 2";Lota\n', ";"),
])
def test_separator_gives_a_consistent_column_count(text: str, sep: str) -> None:
    assert detect_separator(text) == sep


def test_excel_quoted_semicolon_file_imports_every_row(engine: Engine) -> None:
    result = import_file(engine, EXCEL_QUOTED, USER, name="sindicatos.csv")
    assert result.ok and result.creadas == 3, result.issues
    with engine.connect() as conn:
        names = sorted(conn.execute(select(Organization.nombre)).scalars())
    assert names == ['=HYPERLINK("http://sindicato.cl","clic")', "Sindicato \"El Roble\"",
                     "Sindicato Lota, Coronel y Arauco"]


def test_a_broken_row_is_reported_not_the_whole_file(engine: Engine) -> None:
    data = _csv([HEADER, "Sindicato A;sindicato;local;Biobío;Lota", "Sindicato B;sindicato;local;Biobío;Lota;extra;más",
                 "Sindicato C;sindicato;local;Biobío;Coronel;"])
    result = import_file(engine, data, USER, name="roto.csv", partial=True)
    assert result.written and result.creadas == 2
    [issue] = result.issues
    assert (issue.fila, issue.campo) == (3, "fila") and "7 columnas" in issue.problema


def test_utf16_excel_unicode_text_is_read() -> None:
    text = "nombre\ttipo_actor\tescala\tcomuna\r\nCámara Ñuble\tcamara\tlocal\tChillán\r\n"
    for raw in (text.encode("utf-16"), text.encode("utf-16-le")):
        [table] = read_tables(raw, "texto_unicode.txt")
        assert table.frame["nombre"].tolist() == ["Cámara Ñuble"]
        assert table.frame["comuna"].tolist() == ["Chillán"]


def test_mixed_utf8_and_cp1252_lines_are_each_decoded_and_reported() -> None:
    raw = "nombre;tipo_actor;escala;comuna\r\nCámara Uno;camara;local;Ñuñoa\r\n".encode() + \
        "Cámara Dos;camara;local;Ñuñoa\r\n".encode("cp1252")
    text, encoding, legacy = decode_text(raw)
    assert encoding == "utf-8+cp1252" and legacy == [3]
    [table] = read_tables(raw, "mezcla.csv")
    assert table.frame["nombre"].tolist() == ["Cámara Uno", "Cámara Dos"]
    assert [n.nivel for n in table.notes] == ["aviso"] and "Windows-1252" in table.notes[0].problema


def test_mangled_utf8_text_is_reported_with_the_likely_text() -> None:
    assert mojibake_fix("CÃ¡mara de Ã‘uble") == "Cámara de Ñuble"
    assert mojibake_fix("Cámara") is None and mojibake_fix("Ãlvaro") is None
    raw = "nombre;tipo_actor;escala;comuna\nCÃ¡mara Uno;camara;local;Ñuñoa\n".encode()
    [table] = read_tables(raw, "dañado.csv")
    [issue] = table.problems
    assert issue.fila == 2 and issue.campo == "nombre" and "«Cámara Uno»" in issue.problema


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", b"   \n"])
def test_empty_or_bom_only_file_says_so_in_spanish(raw: bytes) -> None:
    with pytest.raises(ImportFileError, match="vacío"):
        read_tables(raw, "vacio.csv")


def test_a_one_megabyte_cell_names_its_row_and_field(engine: Engine) -> None:
    data = _csv([HEADER, "Sindicato A;sindicato;local;Biobío;Lota", "B" * 1_000_000 + ";sindicato;local;Biobío;Lota"])
    result = import_file(engine, data, USER, name="grande.csv", partial=True)
    [issue] = result.issues
    assert (issue.fila, issue.campo) == (3, "nombre") and "2000" in issue.problema
    assert len(issue.valor) < 200 and "1000000 caracteres" in issue.valor


# ---------------------------------------------------------------- limits on what a file may cost (item 13)

def _xlsx(rows: int, cols: int = 3) -> bytes:
    frame = pd.DataFrame({f"c{j}": [f"valor {i}" for i in range(rows)] for j in range(cols)})
    frame = frame.rename(columns={"c0": "nombre", "c1": "tipo_actor", "c2": "escala"})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_it_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _xlsx(20_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 1_000_000 > len(data) * 2
    monkeypatch.setenv("MAPA_IMPORT_MAX_DESCOMPRIMIDO_MB", "1")
    with pytest.raises(ImportFileError, match="al descomprimirse; el máximo es 1 MB"):
        read_tables(data, "bomba.xlsx")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_row_bomb_is_refused_at_the_limit(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setenv("MAPA_IMPORT_MAX_FILAS", "100")
    data = _xlsx(101) if fmt == "xlsx" else _csv([HEADER] + ["A;sindicato;local;Biobío;Lota"] * 101)
    with pytest.raises(ImportFileError, match="más de 100 filas"):
        read_tables(data, f"filas.{fmt}")
    ok = _xlsx(100) if fmt == "xlsx" else _csv([HEADER] + ["A;sindicato;local;Biobío;Lota"] * 100)
    assert len(read_tables(ok, f"filas.{fmt}")[0].frame) == 100


def test_too_many_columns_and_too_large_files(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImportFileError, match="400 columnas"):
        read_tables(_csv([";".join(["nombre", *[f"x{i}" for i in range(399)]]), ";".join(["A"] * 400)]), "ancho.csv")
    monkeypatch.setenv("MAPA_IMPORT_MAX_MB", "1")
    with pytest.raises(ImportFileError, match="el máximo es 1 MB"):
        read_tables(_csv([HEADER] + ["A;sindicato;local;Biobío;Lota"] * 40_000), "grande.csv")
    assert Limits.current().max_file_mb == 1


# ---------------------------------------------------------------- GeoJSON / GeoPackage (item 15)

def _points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"nombre": ["Sindicato Lota", "Sin geometría", "Un polígono"], "tipo_actor": ["sindicato"] * 3,
         "escala": ["local"] * 3, "comuna": ["Lota"] * 3},
        geometry=[shapely.Point(-73.157, -37.089), None, shapely.box(-73.2, -37.1, -73.1, -37.0)], crs="EPSG:4326")


def test_each_bad_geometry_is_reported_on_its_row(tmp_path: Path) -> None:
    path = tmp_path / "puntos.geojson"
    _points().to_file(path, driver="GeoJSON")
    [table] = read_tables(path)
    assert [(i.fila, i.campo) for i in table.problems] == [(3, "geometria")]
    assert "Polygon" in table.problems[0].problema
    assert [(n.fila, n.campo) for n in table.notes] == [(2, "geometria")]


def test_geopackage_layers_read_by_name_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "capas.gpkg"
    _points().iloc[[0]].to_file(path, layer="comunas", driver="GPKG")
    _points().iloc[[0]].to_file(path, layer="organizaciones", driver="GPKG")
    [table] = read_tables(path)
    assert table.frame["nombre"].tolist() == ["Sindicato Lota"]
    assert any("comunas" in n.problema and n.campo == "capa" for n in table.notes)
    other = tmp_path / "otras.gpkg"
    _points().iloc[[0]].to_file(other, layer="a", driver="GPKG")
    _points().iloc[[0]].to_file(other, layer="b", driver="GPKG")
    with pytest.raises(ImportFileError, match="varias capas \\(a, b\\)"):
        read_tables(other)


def test_gdal_errors_name_the_file_not_a_temporary_path() -> None:
    with pytest.raises(ImportFileError) as err:
        read_tables(b"esto no es un geopackage", "mis_datos.gpkg")
    assert "mis_datos.gpkg" in str(err.value) and "/tmp" not in str(err.value) and "datos.gpkg" not in str(
        err.value).replace("mis_datos.gpkg", "")


def test_a_streamed_file_keeps_file_wide_checks_across_chunks(engine: Engine,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_module, "CHUNK_ROWS", 2)  # five chunks for nine rows
    lines = [HEADER + ";rut"]
    lines += [f"Sindicato {i};sindicato;local;Biobío;Lota;" for i in range(6)]
    lines += ["Sindicato 1;sindicato;local;Biobío;Lota;",  # keyless name repeated three chunks later
              "Sindicato con RUT;sindicato;local;Biobío;Lota;76.123.456-0",
              "Sindicato Dos RUT;sindicato;local;Biobío;Lota;76.123.456-0"]  # RUT repeated in the next chunk
    result = import_file(engine, _csv(lines), USER, name="trozos.csv", partial=True)
    assert result.total == 9 and result.creadas == 7
    assert sorted((i.fila, i.campo) for i in result.issues) == [(8, "nombre"), (10, "rut")]
    assert "fila 3" in next(i for i in result.issues if i.fila == 8).problema
    assert result.rejected_frame()["nombre"].tolist() == ["Sindicato 1", "Sindicato Dos RUT"]
