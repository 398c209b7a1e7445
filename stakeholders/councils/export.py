"""Exports of a proposal: JSON (published keys), CSV and XLSX (via :mod:`stakeholders.tabular.write`) and PDF.

The PDF is the Spanish printable report of :mod:`stakeholders.councils.report`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from i18n import t
from stakeholders.councils.compose import PUBLIC_COLUMNS, Proposal
from stakeholders.councils.report import proposal_pdf
from stakeholders.councils.territory import place_names
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


def to_pdf(proposal: Proposal) -> bytes:
    """The printable report in Spanish (:mod:`stakeholders.councils.report`)."""
    return proposal_pdf(proposal, place_names())


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
