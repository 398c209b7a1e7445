"""The planner's decisions grid: organizations picked by name, each decision checked row by row.

The page shows a grid «organización · decisión · motivo» where the organization is chosen from
a list of names (never a typed registry id). Nothing is guessed: an empty decision is an error
(not «incluir»), a row without an organization is reported (never dropped), and every row needs
its written reason. Pure: rows in, decisions or Spanish row errors out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from i18n import t

DECISIONS: tuple[str, ...] = ("incluir", "excluir", "fatiga")


def decision_label(decision: str) -> str:
    return t(f"consejo.decision_{decision}")


def candidate_labels(candidates: pd.DataFrame, places: Mapping[str, str]) -> dict[str, int]:
    """«Name · sector · commune» → id, sorted by name; a repeated label gets its registry number."""
    labels: dict[str, int] = {}
    frame = candidates.sort_values(["nombre", "id"], key=lambda s: s.astype(str).str.casefold())
    base = [f"{' '.join(str(r.nombre).split())} · {t('consejo.sector_' + str(r.sector_tripartito))}"
            f" · {places.get(str(r.comuna_cut), '')}".rstrip(" ·")
            if str(r.sector_tripartito) in ("gobierno", "empleadores", "trabajadores", "sociedad_civil")
            else f"{' '.join(str(r.nombre).split())} · {places.get(str(r.comuna_cut), '')}".rstrip(" ·")
            for r in frame.itertuples(index=False)]
    seen = pd.Series(base).value_counts()
    for label, org_id in zip(base, frame["id"].astype(int), strict=True):
        labels[label if seen[label] == 1 else t("consejo.etiqueta_repetida", etiqueta=label, id=org_id)] = org_id
    return labels


@dataclass
class Decisions:
    must_include: dict[int, str] = field(default_factory=dict)
    must_exclude: dict[int, str] = field(default_factory=dict)
    fatigue_override: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""


def parse_decisions(rows: Iterable[Mapping[str, Any]], ids_by_label: Mapping[str, int]) -> Decisions:
    """Rows ``{organizacion, decision, motivo}`` (decision as its Spanish label) → decisions or errors."""
    by_label = {decision_label(d): d for d in DECISIONS} | {d: d for d in DECISIONS}
    out = Decisions()
    targets = {"incluir": out.must_include, "excluir": out.must_exclude, "fatiga": out.fatigue_override}
    for n, row in enumerate(rows, start=1):
        org, decision, reason = row.get("organizacion"), row.get("decision"), row.get("motivo")
        if all(_blank(v) for v in (org, decision, reason)):
            continue  # an untouched new row of the grid
        if _blank(org):
            out.errors.append(t("consejo.decision_sin_organizacion", fila=n))
            continue
        org_id = ids_by_label.get(str(org))
        if org_id is None:
            out.errors.append(t("consejo.decision_organizacion_desconocida", fila=n, organizacion=str(org)))
            continue
        if _blank(decision) or str(decision) not in by_label:
            out.errors.append(t("consejo.decision_vacia", fila=n, organizacion=str(org)))
            continue
        if _blank(reason):
            out.errors.append(t("consejo.decision_sin_motivo", fila=n, organizacion=str(org)))
            continue
        kind = by_label[str(decision)]
        if org_id in targets[kind]:
            out.errors.append(t("consejo.decision_repetida", fila=n, organizacion=str(org)))
            continue
        targets[kind][org_id] = " ".join(str(reason).split())
    return out
