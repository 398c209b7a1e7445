"""The public summary a regional director hands back to participants (HTML and PDF, no personal data).

What was proposed, what was committed (unit, date), what was done and what was discarded and
why, per region. No people, no organization contacts: only counts, themes and idea texts, and
any e-mail address or phone number typed inside an idea is replaced before publishing. User
text is escaped in HTML and written as plain text in the PDF (control characters dropped).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.dialogues.analysis import overdue, per_status, top_share
from stakeholders.dialogues.status import label

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?:\+?\d[\d\s().-]{6,}\d)")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 600


def scrub(text: object) -> str:
    """Publishable text: e-mails and phone numbers replaced, control/bidi characters removed, capped."""
    value = CONTROL.sub("", str(text if text is not None else ""))
    value = EMAIL.sub(t("seguimiento.dato_omitido"), value)
    value = PHONE.sub(t("seguimiento.dato_omitido"), value)
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"


@dataclass
class Summary:
    region: str
    dialogues: int
    people: int
    organizations: int
    status: pd.DataFrame  # estado, ideas, votos
    committed: list[dict[str, str]] = field(default_factory=list)
    done: list[dict[str, str]] = field(default_factory=list)
    discarded: list[dict[str, str]] = field(default_factory=list)
    top: list[dict[str, str]] = field(default_factory=list)
    late: int = 0
    sample: bool = False


def summary(frames: dict[str, pd.DataFrame], region_name: str, today: date) -> Summary:
    """The public content for one region's frames (``store.load_frames(engine, region)``)."""
    d, ideas, parts = frames["dialogos"], frames["ideas"], frames["participantes"]

    def row(i: pd.Series, **extra: str) -> dict[str, str]:
        return {"texto": scrub(i["texto"]), "tema": scrub(i.get("tema") or ""), "votos": str(int(i["votos"])), **extra}

    committed = [row(i, unidad=scrub(i["unidad_responsable"]), fecha=str(i["fecha_compromiso"])[:10])
                 for _, i in ideas[ideas["estado"] == "comprometida"].sort_values("fecha_compromiso").iterrows()]
    done = [row(i) for _, i in ideas[ideas["estado"] == "implementada"].iterrows()]
    dropped = ideas[ideas["estado"] == "descartada"]
    discarded = [row(i, motivo=scrub(i["motivo_descarte"])) for _, i in dropped.iterrows()]
    top = [row(i, estado=label(i["estado"])) for _, i in top_share(ideas).iterrows()]
    return Summary(scrub(region_name), len(d), int(d["personas"].sum()), int(parts["organizacion_id"].nunique()),
                   per_status(ideas), committed, done, discarded, top, len(overdue(ideas, today)),
                   bool(len(d)) and bool(d["muestra"].all()))


def _sections(s: Summary) -> list[tuple[str, list[str]]]:
    """Titles and lines shared by the HTML and the PDF."""
    out = [(t("seguimiento.informe_propuesto"), [
        t("seguimiento.informe_cifras", dialogos=s.dialogues, personas=s.people, organizaciones=s.organizations,
          ideas=int(s.status["ideas"].sum())),
        *[f"{label(r.estado)}: {r.ideas}" for r in s.status.itertuples()],
        t("seguimiento.informe_atrasados", n=s.late)])]
    top_title = t("seguimiento.informe_mas_votada") if len(s.top) == 1 else t("seguimiento.informe_mas_votadas",
                                                                                 n=len(s.top))
    out.append((top_title,
                [f"{r['texto']} ({r['votos']} votos; {r['estado']})" for r in s.top]))
    out.append((t("seguimiento.informe_comprometido"),
                [t("seguimiento.informe_compromiso", texto=r["texto"], unidad=r["unidad"], fecha=r["fecha"])
                 for r in s.committed] or [t("seguimiento.informe_ninguna")]))
    out.append((t("seguimiento.informe_hecho"), [r["texto"] for r in s.done] or [t("seguimiento.informe_ninguna")]))
    out.append((t("seguimiento.informe_descartado"),
                [t("seguimiento.informe_descarte", texto=r["texto"], motivo=r["motivo"]) for r in s.discarded]
                or [t("seguimiento.informe_ninguna")]))
    return out


def _title(s: Summary) -> str:
    return t("seguimiento.informe_titulo", region=s.region)


def to_html(s: Summary) -> str:
    """A standalone, escaped HTML page (no scripts, no external resources)."""
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="es-CL"><head><meta charset="utf-8">',
             f"<title>{esc(_title(s))}</title>",
             "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;color:#1a1a1a;line-height:1.5}"
             "li{margin:.3em 0;overflow-wrap:anywhere}</style></head><body>", f"<h1>{esc(_title(s))}</h1>"]
    if s.sample:
        parts.append(f"<p><strong>{esc(t('seguimiento.informe_muestra'))}</strong></p>")
    for title, lines in _sections(s):
        parts.append(f"<h2>{esc(title)}</h2><ul>")
        parts += [f"<li>{esc(line)}</li>" for line in lines]
        parts.append("</ul>")
    parts.append(f"<p><small>{esc(t('seguimiento.informe_pie'))}</small></p></body></html>")
    return "\n".join(parts)


def _font_path() -> Path:
    import matplotlib  # noqa: PLC0415 - lazy: only drawn files need it

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def to_pdf(s: Summary) -> bytes:
    """The same content as a printable A4 PDF (DejaVu Sans from matplotlib: ñ and tildes)."""
    from fpdf import FPDF  # noqa: PLC0415 - lazy: only PDFs need it

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("DejaVu", size=15)
    pdf.multi_cell(width, 8, _title(s), new_x="LMARGIN", new_y="NEXT", align="L")
    if s.sample:
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(width, 6, t("seguimiento.informe_muestra"), new_x="LMARGIN", new_y="NEXT", align="L")
    for title, lines in _sections(s):
        pdf.ln(2)
        pdf.set_font("DejaVu", size=12)
        pdf.multi_cell(width, 7, title, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font("DejaVu", size=9)
        for line in lines:
            pdf.multi_cell(width, 5, "• " + line, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(3)
    pdf.set_font("DejaVu", size=7)
    pdf.multi_cell(width, 4, t("seguimiento.informe_pie"), new_x="LMARGIN", new_y="NEXT", align="L")
    return bytes(pdf.output())
