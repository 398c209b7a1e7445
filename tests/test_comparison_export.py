"""Exports of the comparison: XLSX (a sheet per family + definitions), CSV, the 17-page PDF and the CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import geodata
from mapping.comparison import comparison_pdf_parts
from stakeholders.cli import main
from stakeholders.comparison.definitions import FAMILIES, INDICATORS, family_label, map_labels
from stakeholders.comparison.export import to_csv, to_xlsx, write
from stakeholders.comparison.population import census_2017
from stakeholders.comparison.report import to_pdf
from stakeholders.comparison.table import compare_regions
from tests import _comparison_data as data
from tests._components import require
from tests.factories import hostile_names

PAGE_BOX = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">')


def _hostile(tmp_path: Path, communes: slice = slice(7, 11)):
    names = hostile_names(tmp_path / "pwned")
    comp = compare_regions(data.inputs(), data.regions((names[0], names[-1])), data.communes(tuple(names[communes])),
                           data.population(), data.AS_OF, data.PROVINCES)
    return comp, names


@pytest.fixture(scope="module")
def national():
    """The hand-made registry over the real 16 regions and 345 communes (14 regions without organizations)."""
    regions = pd.DataFrame(geodata.regions().drop(columns="geometry"))
    communes = pd.DataFrame(geodata.communes().drop(columns="geometry"))
    orgs = data.orgs()
    orgs["comuna_cut"] = orgs["comuna_cut"].map({"01101": "15101", "01102": "15102", "02101": "12101",
                                                 "02102": "12102"})
    orgs["region_cut"] = orgs["comuna_cut"].str[:2]
    orgs["provincia_cut"] = orgs["comuna_cut"].str[:3]
    orgs["regiones_presencia"] = [[] if not p else ["12"] for p in data.orgs()["regiones_presencia"]]
    inputs = data.inputs()
    inputs.frames.orgs = orgs
    return compare_regions(inputs, regions, communes, census_2017(), data.AS_OF)


def _pdf_pages(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, list[tuple[float, ...]]]]:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) no está instalado")
    path = tmp_path / "informe.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        width, height = map(float, PAGE_BOX.search("<page " + chunk).groups())
        words = [tuple(map(float, m)) for m in WORD.findall(chunk)]
        pages.append((width, height, words))
    return pages


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "texto.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_xlsx_has_a_sheet_per_family_every_region_and_every_definition():
    comp = compare_regions(data.inputs(), data.regions(), data.communes(), data.population(), data.AS_OF,
                           data.PROVINCES)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(comp)))
    assert book.sheetnames == [family_label(f) for f in FAMILIES] + ["Comunas con brecha", "Definiciones y fuentes"]
    for family in FAMILIES:
        sheet = book[family_label(family)]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:2] == ("Código región", "Región")
        assert [r[1] for r in rows[1:]] == ["Norte", "Sur", "Chile (nacional)"]
    territory = list(book["Organizaciones y territorio"].iter_rows(values_only=True))
    total = territory[0].index("Organizaciones (total)")
    assert [r[total] for r in territory[1:]] == [5, 4, 8]
    definitions = list(book["Definiciones y fuentes"].iter_rows(values_only=True))
    assert len(definitions) == len(INDICATORS) + 1
    assert {r[2] for r in definitions[1:]} == {i.key for i in INDICATORS}
    assert all(r[3] and r[4] and r[6] for r in definitions[1:])  # definition, formula and source filled
    gaps = list(book["Comunas con brecha"].iter_rows(values_only=True))
    assert len(gaps) == 1 + 4


def test_nul_rtl_and_very_long_names_stay_inside_the_pdf_and_the_sheet(tmp_path):
    comp, names = _hostile(tmp_path, slice(13, 17))  # RTL override, NUL, markup, 2 000 characters
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(comp)))
    gaps = [r[3] for r in book["Comunas con brecha"].iter_rows(values_only=True)]
    assert "Nombre con NUL dentro" in gaps and "O" * 2000 in gaps  # XML cannot hold NUL: the writer drops it
    pages = _pdf_pages(to_pdf(comp, "org_total"), tmp_path)
    assert len(pages) == 3
    for width, height, words in pages:
        assert all(0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height for x0, y0, x1, y1 in words)


def test_hostile_names_come_out_literally_and_inert(tmp_path):
    comp, names = _hostile(tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(comp)))
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert names[0] in cells  # Jinja payload: literal text
    gaps = [r[3] for r in book["Comunas con brecha"].iter_rows(values_only=True)]
    assert "'=1+2*cmd|' /C calc'!A0" in gaps and "'+56 Sindicato" in gaps  # neutralised, not a formula
    assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for c in cells)
    csv_text = to_csv(comp).decode("utf-8")
    assert csv_text.startswith("\ufeff") and names[0] in csv_text
    assert not (tmp_path / "pwned").exists()
    pdf = to_pdf(comp, "org_total")
    pages = _pdf_pages(pdf, tmp_path)
    assert len(pages) == 3
    for width, height, words in pages:
        assert all(0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height for x0, y0, x1, y1 in words)
    text = _text(pdf, tmp_path)
    assert "{{ lipsum.__globals__" in text and not (tmp_path / "pwned").exists()


def test_pdf_has_17_pages_for_16_regions_all_inside_the_page_box(national, tmp_path):
    image, legend = comparison_pdf_parts(national, "org_por_100k_hab", geodata.regions(), map_labels())
    assert image.startswith(b"\x89PNG") and len(legend) >= 2
    pdf = to_pdf(national, "org_por_100k_hab", image, legend)
    pages = _pdf_pages(pdf, tmp_path)
    assert len(pages) == 17
    for width, height, words in pages:
        assert words, "página vacía"
        outside = [w for w in words if w[0] < 0 or w[1] < 0 or w[2] > width or w[3] > height]
        assert outside == []
    text = _text(pdf, tmp_path)
    assert text.count("Ficha regional:") == 16
    assert "Panorama nacional: Organizaciones por 100.000 hab." in text
    assert "Página 17 de 17" in text
    assert "bajar a 0 los asientos de trabajadores" in text  # Magallanes has no workers' organization


def test_cli_writes_every_format(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'vacio.sqlite'}"
    out = tmp_path / "comparacion.xlsx"
    assert main(["compare", "--db", db, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    regions = [r[1] for r in book["Organizaciones y territorio"].iter_rows(values_only=True)][1:]
    assert len(regions) == 17 and regions[-1] == "Chile (nacional)"
    assert main(["compare", "--db", db, "--format", "csv", "--out", str(tmp_path / "tabla.txt")]) == 0
    comma = (tmp_path / "tabla.txt").read_bytes().decode("utf-8")
    assert comma.startswith("\ufeffCódigo región,Región,")
    assert main(["compare", "--db", db, "--out", str(tmp_path / "excel.csv")]) == 0
    excel = (tmp_path / "excel.csv").read_bytes().decode("utf-8")
    assert excel.startswith("\ufeffCódigo región;Región;") and "Chile (nacional)" in excel
    assert "16 regiones" in capsys.readouterr().out
    assert main(["compare", "--db", db, "--format", "pdf", "--out", str(tmp_path / "informe.bin")]) == 0
    assert (tmp_path / "informe.bin").read_bytes().startswith(b"%PDF")
    assert main(["compare", "--db", db, "--out", str(tmp_path / "x.docx")]) == 2
    assert "Formato «docx» no disponible" in capsys.readouterr().err
    assert main(["compare", "--db", db, "--indicador", "nada", "--out", str(tmp_path / "x.csv")]) == 2
    assert "Indicador «nada» desconocido" in capsys.readouterr().err


def test_write_picks_the_format_from_the_extension(tmp_path):
    comp = compare_regions(data.inputs(), data.regions(), data.communes(), data.population(), data.AS_OF)
    assert write(comp, tmp_path / "a.csv").read_bytes().startswith("\ufeff".encode())
    assert write(comp, tmp_path / "b.pdf", indicator="indice_equilibrio").read_bytes().startswith(b"%PDF")
