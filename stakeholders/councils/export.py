"""Exports of a proposal: JSON (published keys), CSV and XLSX (via :mod:`stakeholders.tabular.write`) and PDF.

The PDF uses DejaVu Sans from matplotlib's own package data (a Unicode TTF for ñ and tildes)
so there is no system font dependency.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from i18n import t
from stakeholders.councils.compose import PUBLIC_COLUMNS, Proposal
from stakeholders.errors import InputError
from stakeholders.tabular import write as tabular


def _text(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def to_json(proposal: Proposal) -> str:
    return json.dumps(proposal.to_json_dict(), ensure_ascii=False, indent=2, default=str)


def members_table(proposal: Proposal) -> pd.DataFrame:
    cols = PUBLIC_COLUMNS + ["puntaje"] + (["probabilidad"] if proposal.modo == "sorteo" else []) + ["razones"]
    frame = proposal.members.reindex(columns=cols)
    return frame.apply(lambda s: s.map(_text))


def alternates_table(proposal: Proposal) -> pd.DataFrame:
    frame = proposal.alternates.reindex(columns=["titular_id", "orden", *PUBLIC_COLUMNS])
    return frame.apply(lambda s: s.map(_text)) if len(frame) else frame


def quotas_table(proposal: Proposal) -> pd.DataFrame:
    return pd.DataFrame([q.public() for q in proposal.quotas], columns=["nombre", "requerido", "logrado", "cumple"])


def parameters_table(proposal: Proposal) -> pd.DataFrame:
    rows = [
        ("region", proposal.region_cut),
        ("modo", proposal.modo),
        ("semilla", proposal.semilla),
        ("hash_datos", proposal.data_hash),
        ("formula", proposal.formula),
    ]
    rows += [(k, json.dumps(v, ensure_ascii=False)) for k, v in proposal.params.to_dict().items()]
    rows += [(f"sorteo_{k}", v) for k, v in proposal.lottery.items()]
    rows += [("advertencia", w) for w in proposal.warnings]
    return pd.DataFrame(rows, columns=["parametro", "valor"])


def csv_frame(proposal: Proposal) -> pd.DataFrame:
    """Members then alternates, one table with a ``rol`` column (the CSV's layout)."""
    members = members_table(proposal).assign(rol="titular", titular_id=None)
    alt = alternates_table(proposal).assign(rol="suplente")
    frame = pd.concat([members, alt], ignore_index=True)
    return frame.reindex(columns=["rol", "titular_id", *PUBLIC_COLUMNS, "razones"])


def to_csv(proposal: Proposal, fmt: str = tabular.CSV) -> bytes:
    """:func:`csv_frame` as CSV with BOM; ``fmt="csv_excel"`` for «CSV para Excel (Chile)»."""
    return tabular.csv_bytes(csv_frame(proposal), fmt)


def to_csv_excel(proposal: Proposal) -> bytes:
    """«CSV para Excel (Chile)»: ``;`` separator and decimal comma."""
    return to_csv(proposal, tabular.CSV_EXCEL_CL)


def to_xlsx(proposal: Proposal) -> bytes:
    sheets = {
        t("consejo.hoja_miembros"): members_table(proposal),
        t("consejo.hoja_suplentes"): alternates_table(proposal),
        t("consejo.hoja_restricciones"): quotas_table(proposal),
        t("consejo.hoja_puntajes"): proposal.scores,
        t("consejo.hoja_parametros"): parameters_table(proposal),
    }
    if proposal.probabilities is not None:
        sheets[t("consejo.hoja_probabilidades")] = proposal.probabilities
    return tabular.xlsx_bytes(sheets)


def _font_path() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def to_pdf(proposal: Proposal) -> bytes:
    """A printable report: members with reasons, quotas, alternates, parameters."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.multi_cell(width, 8, t("consejo.pdf_titulo", region=proposal.region_nombre or proposal.region_cut))
    pdf.set_font("DejaVu", size=9)
    pdf.multi_cell(
        width,
        5,
        t(
            "consejo.pdf_subtitulo",
            modo=t(f"consejo.modo_{proposal.modo}"),
            semilla=proposal.semilla if proposal.semilla is not None else "—",
            hash=proposal.data_hash[:16],
        ),
    )
    for w in proposal.warnings:
        pdf.multi_cell(width, 5, "⚠ " + w)
    _section(pdf, width, t("consejo.hoja_miembros"))
    for m in proposal.members.to_dict("records"):
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(
            width,
            5,
            f"{m['nombre']} — {t('consejo.sector_' + str(m.get('asiento') or m['sector_tripartito']))}"
            f" · {m.get('genero_representante') or ''} · {m.get('provincia_cut') or ''}",
        )
        pdf.set_font("DejaVu", size=8)
        for reason in m.get("razones") or []:
            pdf.multi_cell(width, 4, "   • " + reason)
    _section(pdf, width, t("consejo.hoja_restricciones"))
    pdf.set_font("DejaVu", size=8)
    for q in proposal.quotas:
        mark = "✓" if q.cumple else "✗"
        pdf.multi_cell(
            width, 4, f"{mark} {q.nombre}: {t('consejo.requerido')} {q.requerido}; {t('consejo.logrado')} {q.logrado}"
        )
    _section(pdf, width, t("consejo.hoja_suplentes"))
    pdf.set_font("DejaVu", size=8)
    names = dict(zip(proposal.members["id"], proposal.members["nombre"], strict=True))
    for a in proposal.alternates.to_dict("records"):
        pdf.multi_cell(width, 4, f"{names.get(a['titular_id'], a['titular_id'])} → {a['nombre']}")
    _section(pdf, width, t("consejo.hoja_parametros"))
    pdf.set_font("DejaVu", size=7)
    for row in parameters_table(proposal).itertuples(index=False):
        pdf.multi_cell(width, 3.5, f"{row.parametro}: {row.valor}")
    return bytes(pdf.output())


def _section(pdf: Any, width: float, title: str) -> None:
    pdf.ln(2)
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(width, 7, title)


WRITERS = {".json": lambda p: to_json(p).encode("utf-8"), ".csv": to_csv, ".xlsx": to_xlsx, ".pdf": to_pdf}


def write(proposal: Proposal, path: str | Path, *, excel_chile: bool = False) -> Path:
    """Write the export chosen by the file extension; ``excel_chile`` writes a ``.csv`` for Excel (Chile)."""
    target = Path(path)
    writer = to_csv_excel if excel_chile and target.suffix.lower() == ".csv" else WRITERS.get(target.suffix.lower())
    if writer is None:
        raise InputError(t("consejo.error_salida", ruta=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(writer(proposal))
    return target
