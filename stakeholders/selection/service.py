"""One fair selection end to end: quotas + pool + k + seed → probabilities, panel, reasons, left out.

``select`` checks the request, applies the fatigue rule (who is left out and why), builds the
program (:func:`~stakeholders.selection.program.program_from_categories`), runs the lottery
(maximin or leximin), draws with the published seed and explains each member. An impossible
request raises :class:`~stakeholders.selection.diagnosis.SelectionInfeasible`.

Candidates are numbered by their row in the pool (``fila``, 1-based): the draw shuffles these
numbers, so with the published candidate list, types, panels and seed anyone can re-run it
(:func:`verify`).
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.councils.optimize import NoPanel
from stakeholders.selection.diagnosis import diagnose
from stakeholders.selection.engine import Lottery, draw, lottery
from stakeholders.selection.fatigue import TIRED_COLUMN, FatigueRule, apply_rule
from stakeholders.selection.program import Quota, check_request, features, program_from_categories


@dataclass
class Selection:
    k: int
    semilla: int
    metodo: str
    boleto: int
    lottery: Lottery
    panel: pd.DataFrame  # fila, id, features…, probabilidad, razones
    probabilities: pd.DataFrame  # fila, id, features…, probabilidad, probabilidad_lp
    quotas: pd.DataFrame  # caracteristica, valor, minimo, maximo, logrado, cumple
    left_out: pd.DataFrame  # id, motivo
    data_hash: str
    rule: FatigueRule = field(default_factory=FatigueRule)

    @property
    def ids(self) -> list[str]:
        return [str(i) for i in self.panel["id"]]

    def to_json_dict(self) -> dict[str, Any]:
        """The published record: enough to re-run the draw (:func:`verify`) and check every quota."""
        lot = self.lottery
        return {
            "k": self.k,
            "metodo": self.metodo,
            "semilla": self.semilla,
            "boleto": self.boleto,
            "boletos_totales": int(lot.m),
            "minimo_lp": lot.maximin_lp,
            "minimo_redondeado": lot.minimum,
            "niveles_leximin": int(lot.stages),
            # largest shortfall below the fractional leximin (0: exact; null: a fallback cut by the clock)
            "brecha_leximin": None if math.isnan(lot.leximin_gap) else lot.leximin_gap,
            "huella_datos": self.data_hash,
            "regla_fatiga": {"regla": self.rule.regla, "max_convocatorias": self.rule.max_convocatorias,
                             "tope": self.rule.tope},
            "panel": [{"id": str(r["id"]), "fila": int(r["fila"]), "probabilidad": float(r["probabilidad"]),
                       "razones": list(r["razones"])} for r in self.panel.to_dict("records")],
            "cuotas": [{k: _plain(v) for k, v in r.items()} for r in self.quotas.to_dict("records")],
            "excluidos": [{"id": str(r["id"]), "motivo": r["motivo"]} for r in self.left_out.to_dict("records")],
            "candidatos": {str(int(f)): str(i) for f, i in zip(self.probabilities["fila"], self.probabilities["id"],
                                                                strict=True)},
            "tipos": [[int(i) for i in ids] for ids in lot.units["ids"]],
            "paneles": [{"boletos": int(n), "conteos": {str(int(u)): int(c) for u, c in enumerate(p) if c}}
                        for p, n in zip(lot.panels, lot.tickets, strict=True)],
            "probabilidades": [{"id": str(r["id"]), "probabilidad": float(r["probabilidad"])}
                               for r in self.probabilities.to_dict("records")],
        }


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def data_hash(pool: pd.DataFrame) -> str:
    """SHA-256 of the candidate data as used (row order kept: it numbers the candidates)."""
    payload = json.dumps(pool.astype(str).to_dict("records"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _numbered(pool: pd.DataFrame) -> pd.DataFrame:
    out = pool.copy()
    out.insert(0, "fila", np.arange(1, len(pool) + 1))
    out["id"] = pool["id"].astype(str).to_numpy()
    return out


def quota_table(quotas: Sequence[Quota], panel: pd.DataFrame) -> pd.DataFrame:
    """Required vs achieved, recounted from the drawn members (never from the solver)."""
    rows = []
    for q in quotas:
        got = int((panel[q.feature].astype(str) == q.value).sum())
        rows.append({"caracteristica": q.feature, "valor": q.value, "minimo": q.minimo, "maximo": q.maximo,
                     "logrado": got, "cumple": q.minimo <= got <= q.maximo})
    return pd.DataFrame(rows, columns=["caracteristica", "valor", "minimo", "maximo", "logrado", "cumple"])


def _reasons(row: pd.Series, quotas: Sequence[Quota], table: pd.DataFrame, rule: FatigueRule) -> list[str]:
    out = [t("seleccion.razon_sorteo", probabilidad=f"{float(row['probabilidad']):.2%}")]
    achieved = {(r["caracteristica"], r["valor"]): r["logrado"] for r in table.to_dict("records")}
    for q in quotas:
        if str(row[q.feature]) == q.value:
            out.append(t("seleccion.razon_cuota", cuota=q.label, min=q.minimo, max=q.maximo,
                         logrado=achieved[(q.feature, q.value)]))
    if rule.regla == "limitar" and bool(row.get(TIRED_COLUMN, False)):
        out.append(t("seleccion.razon_fatiga_tope", tope=rule.tope))
    return out


def select(quotas: Sequence[Quota], pool: pd.DataFrame, k: int, seed: int | None = None, method: str = "leximin",
           rule: FatigueRule | None = None, panels: int = 1000, time_limit: float = 120.0) -> Selection:
    """A fair panel of ``k`` from ``pool`` (``id`` + one column per feature), or the explanation why not."""
    rule = rule or FatigueRule()
    rule.validate()
    check_request(quotas, pool, k)
    numbered = _numbered(pool)
    used, left = apply_rule(numbered, rule)
    cap = rule.tope if rule.regla == "limitar" else None
    if k > len(used):
        raise diagnose(quotas, numbered, used, k, rule)
    engine_pool = used.assign(id=used["fila"].to_numpy())
    prog = program_from_categories(quotas, engine_pool, k, cap, check=False)
    try:
        result = lottery(prog, panels, method, time_limit)
    except NoPanel:
        raise diagnose(quotas, numbered, used, k, rule) from None
    seed = secrets.randbelow(10**9) if seed is None else int(seed)
    rows, ticket = draw(result, seed)
    lp = pd.Series({int(i): float(p) for ids, p in zip(prog.units["ids"], result.unit_lp, strict=True) for i in ids})
    probs = result.probabilities().rename(columns={"id": "fila"})
    probs["probabilidad_lp"] = probs["fila"].map(lp).fillna(0.0)
    cols = ["fila", "id", *features(quotas)] + ([TIRED_COLUMN] if TIRED_COLUMN in used.columns else [])
    probs = used[cols].merge(probs, on="fila", how="left").fillna({"probabilidad": 0.0, "probabilidad_lp": 0.0})
    panel = probs[probs["fila"].isin(rows)].reset_index(drop=True)
    table = quota_table(quotas, panel)
    panel["razones"] = [_reasons(r, quotas, table, rule) for _, r in panel.iterrows()]
    return Selection(k, seed, method, ticket, result, panel, probs, table, left, data_hash(pool), rule)


def verify(published: dict[str, Any]) -> list[str]:
    """Re-run the draw from a published record: the panel's ids (must equal ``published["panel"]``)."""
    units = pd.DataFrame({"ids": [tuple(ids) for ids in published["tipos"]]})
    counts = np.zeros((len(published["paneles"]), len(units)), dtype=int)
    for row, panel in enumerate(published["paneles"]):
        for u, c in panel["conteos"].items():
            counts[row, int(u)] = c
    tickets = np.array([p["boletos"] for p in published["paneles"]], dtype=int)
    lot = Lottery(units, counts, tickets, int(published["boletos_totales"]), 0.0, 0, 0)
    rows, _ticket = draw(lot, int(published["semilla"]))
    names = published["candidatos"]
    return sorted(names[str(r)] for r in rows)
