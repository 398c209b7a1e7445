"""The printable PDF for a meeting: a national page (choropleth + ranking) and one "ficha regional" per region.

One page each, always: no automatic page break; every line is checked against the bottom margin
and long texts are shortened with "…", so 16 regions give 17 pages and nothing leaves the page
box. DejaVu Sans comes from matplotlib's own data (ñ, tildes, ≥), as in the council PDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from i18n import t
from stakeholders.comparison.definitions import (
    FAMILIES,
    MISSING,
    definition,
    family_label,
    format_value,
    in_family,
    label,
)
from stakeholders.comparison.table import Comparison, far_from_median, median_of
from stakeholders.comparison.territory import NATIONAL

MARGIN = 12.0
MAX_TEXT = 320
TITLE_TEXT = 90
MAX_GAP_NAMES = 14
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fonts() -> tuple[Path, Path]:
    import matplotlib  # noqa: PLC0415 - lazy: only drawn files need it

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"


def pdf_text(value: object, limit: int = MAX_TEXT) -> str:
    """Printable text: control characters replaced, at most ``limit`` characters."""
    text = _CONTROL.sub("\ufffd", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Page:
    """Writes lines on one page and refuses those that would cross the bottom margin."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.bottom = pdf.h - MARGIN - 6  # room for the footer

    def fits(self, height: float) -> bool:
        return bool(self.pdf.get_y() + height <= self.bottom)

    def line(self, text: str, size: float = 9, height: float = 4.4, bold: bool = False,
             limit: int = MAX_TEXT) -> bool:
        pdf = self.pdf
        pdf.set_font("DejaVu", "B" if bold else "", size)
        width = pdf.w - pdf.l_margin - pdf.r_margin
        text = pdf_text(text, limit)
        lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES", align="L")
        if not self.fits(height * len(lines)):
            return False
        pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT", align="L")
        return True

    def pair(self, left: str, right: str, size: float = 8, height: float = 4.0) -> bool:
        pdf = self.pdf
        pdf.set_font("DejaVu", "", size)
        full = pdf.w - pdf.l_margin - pdf.r_margin
        lw = full * 0.45
        rlines = pdf.multi_cell(full - lw, height, pdf_text(right), dry_run=True, output="LINES", align="L")
        llines = pdf.multi_cell(lw, height, pdf_text(left), dry_run=True, output="LINES", align="L")
        rows = max(len(rlines), len(llines))
        if not self.fits(height * rows):
            return False
        y = pdf.get_y()
        pdf.multi_cell(lw, height, pdf_text(left), new_x="RIGHT", new_y="TOP", align="L")
        pdf.set_xy(pdf.l_margin + lw, y)
        pdf.multi_cell(full - lw, height, pdf_text(right), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_y(y + height * rows)
        return True


def _footer(pdf: Any, comp: Comparison, number: int, total: int) -> None:
    pdf.set_font("DejaVu", "", 7)
    pdf.set_xy(pdf.l_margin, pdf.h - MARGIN - 4)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.cell(width * 0.8, 4, pdf_text(comp.population.note(), 160))
    pdf.cell(width * 0.2, 4, t("comparar.pdf_pagina", n=number, total=total), align="R")


def _national_page(pdf: Any, comp: Comparison, key: str, image: bytes | None, legend: Sequence[tuple[str, str]]
                   ) -> None:
    page = _Page(pdf)
    page.line(t("comparar.pdf_titulo"), 16, 8, bold=True)
    page.line(t("comparar.pdf_subtitulo", fecha=comp.as_of.strftime("%d-%m-%Y")), 9)
    page.line(t("comparar.pdf_nacional", indicador=label(key)), 12, 6, bold=True)
    page.line(definition(key), 8, 4)
    top = pdf.get_y() + 2
    x_table = pdf.l_margin
    if image is not None:
        pdf.image(io.BytesIO(image), x=pdf.l_margin, y=top, h=page.bottom - top - 2)
        x_table = pdf.l_margin + 70
    values = comp.regions[key].astype(float)
    flags = far_from_median(values)
    order = values.sort_values(ascending=False, na_position="last").index
    pdf.set_xy(x_table, top)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(20, 5.5, t("comparar.posicion"))
    pdf.cell(56, 5.5, t("comparar.region"))
    pdf.cell(30, 5.5, t("comparar.valor"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for rank, code in enumerate(order, start=1):
        pdf.set_x(x_table)
        mark = {1: " ▲", -1: " ▼"}.get(int(flags.get(code, 0)), "")
        pdf.cell(20, 5.5, str(rank))
        pdf.cell(56, 5.5, pdf_text(comp.table.loc[code, "nombre_corto"], 34))
        pdf.cell(40, 5.5, pdf_text(format_value(key, values[code]) + mark, 30), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x_table)
    median = format_value(key, median_of(values))
    pdf.cell(76, 5.5, f"{t('comparar.mediana')}: {median}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x_table)
    pdf.cell(76, 5.5, f"{t('comparar.nacional')}: {format_value(key, comp.table.loc[NATIONAL, key])}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    pdf.set_x(x_table)
    pdf.multi_cell(pdf.w - pdf.r_margin - x_table, 3.6, t("comparar.lejanas_regla") + " ▲/▼ = "
                   + t("comparar.pdf_lejos") + ".", new_x="LMARGIN", new_y="NEXT", align="L")
    if legend:
        _legend(pdf, key, legend, x_table)


def _legend(pdf: Any, key: str, legend: Sequence[tuple[str, str]], x: float) -> None:
    """Colour classes of the map image, with their limits in words (the map is never colour alone)."""
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_x(x)
    pdf.cell(80, 4.5, label(key), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    for fill, text in legend:
        pdf.set_fill_color(*(int(fill[i:i + 2], 16) for i in (1, 3, 5)))
        pdf.rect(x, pdf.get_y() + 0.8, 6, 3, style="FD")
        pdf.set_x(x + 8)
        pdf.cell(70, 4.5, pdf_text(text, 60), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(x)
    pdf.cell(80, 4.5, t("comparar.pdf_rayado"), new_x="LMARGIN", new_y="NEXT")


def _region_page(pdf: Any, comp: Comparison, code: str) -> None:
    page = _Page(pdf)
    row = comp.table.loc[code]
    page.line(t("comparar.pdf_ficha", region=row["region"]), 14, 7, bold=True, limit=TITLE_TEXT)
    page.line(t("comparar.pdf_subtitulo", fecha=comp.as_of.strftime("%d-%m-%Y")), 8, 4)
    for family in FAMILIES:
        if not page.line(family_label(family), 9.5, 5.4, bold=True):
            return
        for ind in in_family(family):
            value = row[ind.key]
            text = format_value(ind.key, value) if ind.key in comp.table.columns else MISSING
            national = format_value(ind.key, comp.table.loc[NATIONAL, ind.key])
            right = text if ind.unit == "texto" else f"{text}   ({t('comparar.nacional')}: {national})"
            if not page.pair(label(ind.key), right):
                return
    gaps = comp.gaps[comp.gaps["region_cut"] == code]
    if not page.line(t("comparar.pdf_brechas", n=len(gaps)), 9.5, 5.4, bold=True):
        return
    names = ", ".join(pdf_text(n, 60) for n in gaps["nombre"].head(MAX_GAP_NAMES))
    if len(gaps) > MAX_GAP_NAMES:
        names += " " + t("comparar.pdf_mas", n=len(gaps) - MAX_GAP_NAMES)
    page.line(names or t("comparar.brechas_ninguna"), 8, 4)


def to_pdf(comp: Comparison, key: str, image: bytes | None = None, legend: Sequence[tuple[str, str]] = ()) -> bytes:
    """National page for indicator ``key`` plus one page per region (north to south).

    ``image`` is the national choropleth as PNG and ``legend`` its classes as (``#rrggbb``, text),
    both drawn by :mod:`mapping.comparison` (the registry never imports the drawing layer).
    """
    from fpdf import FPDF  # noqa: PLC0415 - lazy: only PDFs need it

    regular, bold = _fonts()
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False)
    codes = list(comp.regions.index)
    total = len(codes) + 1
    pdf.add_page()
    _national_page(pdf, comp, key, image, legend)
    _footer(pdf, comp, 1, total)
    for number, code in enumerate(codes, start=2):
        pdf.add_page()
        _region_page(pdf, comp, code)
        _footer(pdf, comp, number, total)
    return bytes(pdf.output())
