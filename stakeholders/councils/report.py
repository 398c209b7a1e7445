"""The printable council report (PDF): what a planner signs and defends, in Spanish.

Every line starts at the left margin (fpdf2's ``multi_cell`` leaves the cursor at the right
edge by default, which pushed every line after the title off the page). Names are drawn as
plain text; a name longer than the line wraps inside the page. Codes stay in the data exports;
here provinces, communes, genders and rubros are named. The font is DejaVu Sans from
matplotlib's package data (Unicode: ñ, tildes, «»), so there is no system font dependency.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.councils.compose import Proposal
from stakeholders.councils.labels import alternate_view, calendar_view, member_view, quota_view, why
from stakeholders.tabular import write as tabular

FONT = "DejaVu"
_CONTROL = {c: "\ufffd" for c in range(32) if c not in (9, 10)}  # NUL & co. cannot be drawn


def _font_dir() -> Path:
    import matplotlib  # noqa: PLC0415 - lazy: only drawn files need it

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def printable(text: object) -> str:
    """User text as drawable text: control characters become U+FFFD, nothing is interpreted."""
    return str(text).translate(_CONTROL)


class _Report:
    """A thin writer over fpdf2: every call starts at the left margin and ends on a new line."""

    def __init__(self, title: str) -> None:
        from fpdf import FPDF  # noqa: PLC0415 - lazy: only PDFs need it
        from fpdf.enums import XPos, YPos  # noqa: PLC0415 - lazy: only PDFs need it

        self._next = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
        pdf = FPDF(format="A4")
        pdf.set_title(printable(title))
        pdf.add_font(FONT, "", str(_font_dir() / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        self.pdf = pdf

    def line(self, text: object, size: float = 9, height: float | None = None, *, bold: bool = False,
             indent: float = 0) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.w - pdf.r_margin - pdf.l_margin - indent, height or size * 0.5, printable(text), align="L",
                       wrapmode="CHAR" if len(str(text)) > 300 else "WORD", **self._next)

    def section(self, title: str) -> None:
        self.pdf.ln(3)
        self.line(title, 12, 7, bold=True)

    def table_rows(self, frame: pd.DataFrame, size: float = 8) -> None:
        """Each row as «Header: value · Header: value», wrapped (no fixed columns to overflow)."""
        for row in frame.to_dict("records"):
            self.line(" · ".join(f"{k}: {v}" for k, v in row.items() if str(v) != ""), size, size * 0.55)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _subtitle(proposal: Proposal, printed_on: date) -> str:
    parts = [t("consejo.pdf_modo", modo=t(f"consejo.modo_{proposal.modo}"))]
    if proposal.modo == "sorteo":
        parts.append(t("consejo.pdf_semilla", semilla=proposal.semilla if proposal.semilla is not None else "—"))
    parts.append(t("consejo.pdf_fecha", fecha=printed_on.strftime("%d-%m-%Y")))
    parts.append(t("consejo.pdf_datos", hash=proposal.data_hash[:16]))
    return " · ".join(parts)


def _method(proposal: Proposal) -> str:
    if proposal.modo == "sorteo":
        return t("consejo.pdf_metodo_sorteo")
    return t("consejo.pdf_metodo_optimizar", formula=proposal.formula)


def proposal_pdf(proposal: Proposal, places: Mapping[str, str], *, printed_on: date | None = None) -> bytes:
    """Title, method, warnings, each member with why, quotas, alternates (all text inside the page)."""
    title = t("consejo.pdf_titulo", region=proposal.region_nombre or proposal.region_cut)
    doc = _Report(title)
    doc.line(title, 14, 7, bold=True)
    doc.line(_subtitle(proposal, printed_on or date.today()), 9, 5)
    doc.line(t("consejo.pdf_presidencia"), 8, 4.5)
    doc.line(_method(proposal), 8, 4.5)
    for warning in proposal.warnings:
        doc.line(t("consejo.pdf_aviso", aviso=warning), 8, 4.5)
    doc.section(t("consejo.pdf_integrantes", n=len(proposal.members)))
    details = member_view(proposal, places)
    name_col = t("consejo.col_integrante")
    for (heading, reasons), detail in zip(why(proposal), details.to_dict("records"), strict=True):
        doc.pdf.ln(1.5)
        doc.line(heading, 10, 5, bold=True)
        doc.line(" · ".join(f"{k}: {v}" for k, v in detail.items() if k != name_col and str(v) != ""), 8, 4.2)
        doc.line(t("consejo.pdf_por_que"), 8, 4.2, bold=True)
        for reason in reasons:
            doc.line(f"• {reason}", 8, 4.2, indent=4)
    doc.section(t("consejo.hoja_restricciones"))
    doc.table_rows(quota_view(proposal))
    doc.section(t("consejo.hoja_suplentes"))
    doc.table_rows(alternate_view(proposal, places))
    return doc.output()


def calendar_pdf(calendar: pd.DataFrame, title: str, *, printed_on: date | None = None) -> bytes:
    """The national rotation calendar: one block per term, each region with the sector it sends."""
    doc = _Report(title)
    doc.line(title, 14, 7, bold=True)
    doc.line(t("consejo.pdf_fecha", fecha=(printed_on or date.today()).strftime("%d-%m-%Y")), 9, 5)
    view = calendar_view(calendar)
    term_col = t("consejo.col_periodo")
    for term, rows in view.groupby(term_col, sort=False):
        doc.section(t("consejo.periodo_n", n=term))
        doc.table_rows(rows.drop(columns=[term_col]))
    return doc.output()


def calendar_xlsx(calendar: pd.DataFrame) -> bytes:
    """The calendar for Excel: Spanish headers, no codes, formulas neutralised, header frozen."""
    return tabular.xlsx_bytes({t("consejo.hoja_calendario"): calendar_view(calendar)})
