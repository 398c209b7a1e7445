"""The council's printed report and rotation calendar: every line inside the page, names whole.

The report once drew every line after the title from x≈570 pt on a 595 pt page (fpdf2 left
the cursor at the right edge). Here the PDF is read back as word boxes (poppler's
``pdftotext -bbox``) and checked the way a reader would: every word inside the page, every
member's name present whole and literal, hostile names included, in both modes.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from stakeholders.councils.compose import Proposal, compose
from stakeholders.councils.export import to_pdf
from stakeholders.councils.national import rotation
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.report import calendar_pdf, calendar_xlsx
from stakeholders.councils.synthetic import synthetic_pool
from tests._components import require
from tests.factories import hostile_names

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_INVISIBLE = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def _pages(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) no está instalado")
    source = tmp_path / "r.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(source), "-"], capture_output=True, check=True, text=True).stdout
    pages = []
    for width, height, body in _PAGE.findall(out):
        words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in _WORD.findall(body)]
        pages.append((float(width), float(height), words))
    return pages


def _squash(text: str) -> str:
    """Text as compared: no whitespace (lines wrap anywhere), no invisible bidi controls, NUL shown as U+FFFD."""
    return "".join(text.replace("\x00", "\ufffd").translate(_INVISIBLE).split())


def _assert_readable(pdf: bytes, names: list[str], tmp_path: Path) -> str:
    pages = _pages(pdf, tmp_path)
    assert pages
    for width, height, words in pages:
        for x0, y0, x1, y1, word in words:
            assert 0 <= x0 and x1 <= width + 0.5 and 0 <= y0 and y1 <= height + 0.5, f"fuera de la página: {word!r}"
    text = _squash("".join(w for _, _, words in pages for *_, w in words))
    for name in names:
        assert _squash(name) in text, f"nombre incompleto en el PDF: {name[:60]!r}"
    return text


def _hostile_proposals(mode: str, names: list[str]) -> list[Proposal]:
    """Proposals whose members carry the hostile names (the members kept by a planner's decision)."""
    cands = synthetic_pool(150, seed=3)
    first = compose(cands, CouncilParams(), mode=mode, seed=7, region_cut="11", region_nombre="Aysén")
    ids = first.ids
    out = []
    for start in range(0, len(names), len(ids)):
        chunk = names[start:start + len(ids)]
        renamed = cands.copy()
        for org_id, name in zip(ids, chunk, strict=False):
            renamed.loc[renamed["id"] == org_id, "nombre"] = name
        params = CouncilParams(must_include={i: "decisión de la mesa $x$ {{ 1 }}" for i in ids[:len(chunk)]})
        out.append(compose(renamed, params, mode=mode, seed=7, region_cut="11", region_nombre="Aysén"))
    return out


@pytest.mark.parametrize("mode", ["optimizar", "sorteo"])
def test_every_member_name_is_whole_inside_the_page(mode: str, tmp_path: Path) -> None:
    proposal = compose(synthetic_pool(150, seed=3), CouncilParams(), mode=mode, seed=7, region_cut="11",
                       region_nombre="Aysén")
    text = _assert_readable(to_pdf(proposal), list(proposal.members["nombre"]), tmp_path)
    assert _squash("Propuesta de Consejo Regional de Empleabilidad — Aysén") in text
    assert (_squash("semilla pública del sorteo: 7") in text) == (mode == "sorteo")
    assert (_squash("puntaje = (") in text) == (mode == "optimizar")  # the formula only where it applies
    for reason in proposal.members["razones"].iloc[0]:
        assert _squash(reason) in text  # why each member is there, in full sentences


@pytest.mark.parametrize("mode", ["optimizar", "sorteo"])
def test_hostile_names_print_literally(mode: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    for proposal in _hostile_proposals(mode, names):
        shown = [n for n in names if n in set(proposal.members["nombre"])]
        assert shown, "the planner's inclusions keep the renamed members"
        _assert_readable(to_pdf(proposal), shown, tmp_path)
    assert not marker.exists()


def test_rotation_calendar_pdf_and_xlsx(tmp_path: Path) -> None:
    regions = ["15", "01", "16"]
    calendar = rotation(regions, 3, region_names={"15": "Arica y Parinacota", "01": "Tarapacá", "16": "Ñuble"},
                        first_year=2027)
    text = _assert_readable(calendar_pdf(calendar, "Consejo nacional"), ["Arica y Parinacota", "Ñuble"], tmp_path)
    assert text.count(_squash("Período")) >= 3
    book = load_workbook(io.BytesIO(calendar_xlsx(calendar)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == ["Período", "Inicio", "Región", "Sector que representa", "Representante"]
    rows = pd.DataFrame(list(sheet.iter_rows(min_row=2, values_only=True)), columns=header)
    assert len(rows) == 9 and sheet.freeze_panes == "A2"
    assert set(rows["Región"]) == {"Arica y Parinacota", "Tarapacá", "Ñuble"}  # names, never codes
    # each term is balanced: one region per category (three regions, three categories)
    assert all(len(set(g["Sector que representa"])) == 3 for _, g in rows.groupby("Período"))
