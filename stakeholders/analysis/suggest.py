"""A suggested starting power score, from evidence the registry already holds.

The planner decides; the suggestion only saves a blank start and says where each point comes
from ("de dónde viene"). Formula (documented in the UI and the tests)::

    score = round_half_up(1 + escala + tipo + tamaño + red), clamped to 1–5

* escala: nacional +1.5, regional +1, local 0 (reach of decisions);
* tipo de actor: formal authority over employment/training policy (ministry, public service,
  regional government, delegation, SEREMI) +1.5; municipality, union centrals, confederations,
  chambers and trade associations +1; federations, universities, regional-scale bodies +0.5;
  other types 0;
* tamaño (``n_miembros``): ≥ 10 000 +1, ≥ 1 000 +0.5, else 0 (unknown: 0, said so);
* red (when network metrics are given): brokerage (``intermediacion``) in the top 10 % of the
  graph +1, top 25 % +0.5; organizations with no ties get 0 and the reason says so.

Pure and deterministic: the same organization row and metrics give the same score and reasons.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from i18n import t
from stakeholders.analysis.quadrants import SCALE_MAX, SCALE_MIN
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SCALE_VOCAB

BASE_POINTS = 1.0
SCALE_POINTS: dict[str, float] = {"nacional": 1.5, "regional": 1.0, "local": 0.0}
TYPE_POINTS: dict[str, float] = {
    "ministerio": 1.5,
    "servicio_publico": 1.5,
    "gobierno_regional": 1.5,
    "delegacion_presidencial": 1.5,
    "seremi": 1.5,
    "municipio": 1.0,
    "central_sindical": 1.0,
    "confederacion": 1.0,
    "camara": 1.0,
    "asociacion_gremial": 1.0,
    "federacion": 0.5,
    "universidad": 0.5,
}
SIZE_STEPS: tuple[tuple[int, float], ...] = ((10_000, 1.0), (1_000, 0.5))
CENTRALITY_STEPS: tuple[tuple[float, float], ...] = ((0.90, 1.0), (0.75, 0.5))


@dataclass(frozen=True)
class Reason:
    """One factor of the suggestion: what was looked at, what was found, and the points given."""

    factor: str
    valor: str
    puntos: float
    texto: str


@dataclass(frozen=True)
class Suggestion:
    score: int
    total: float
    reasons: tuple[Reason, ...]

    def explain(self) -> str:
        """The reasons as one Spanish paragraph, ending with the score."""
        parts = [r.texto for r in self.reasons]
        total = f"{self.total:.1f}".replace(".", ",")
        return t("analisis.sugerencia.resumen", razones="; ".join(parts), total=total, puntaje=self.score)


def _fmt(points: float) -> str:
    return f"{points:+.1f}".replace(".", ",") if points else "0"


def round_half_up(value: float) -> int:
    """2.5 → 3 (Python's ``round`` would give 2): what a person expects from a score."""
    return int(math.floor(value + 0.5))


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _size_reason(members: object) -> Reason:
    if members is None or pd.isna(members):
        return Reason("tamano", "", 0.0, t("analisis.sugerencia.tamano_desconocido"))
    n = int(members)  # type: ignore[call-overload]
    points = next((p for limit, p in SIZE_STEPS if n >= limit), 0.0)
    return Reason("tamano", str(n), points, t("analisis.sugerencia.tamano", n=f"{n:,}".replace(",", "."),
                                              puntos=_fmt(points)))


def _network_reason(metrics: Mapping[str, object] | None) -> Reason | None:
    if metrics is None:
        return None
    if bool(metrics.get("aislada", False)):
        return Reason("red", "aislada", 0.0, t("analisis.sugerencia.red_aislada"))
    pct = metrics.get("percentil_intermediacion")
    if pct is None or pd.isna(pct):
        return None
    pct_f = float(pct)  # type: ignore[arg-type]
    points = next((p for limit, p in CENTRALITY_STEPS if pct_f >= limit), 0.0)
    return Reason("red", f"{pct_f:.2f}", points,
                  t("analisis.sugerencia.red", percentil=round(pct_f * 100), puntos=_fmt(points)))


def suggest_power(org: Mapping[str, object], metrics: Mapping[str, object] | None = None) -> Suggestion:
    """Suggested power (1–5) for one organization row, with the reasons behind it.

    ``metrics`` is that organization's row of :func:`centrality_percentiles` (optional).
    """
    scale = _text(org.get("escala")) or ""
    actor_type = _text(org.get("tipo_actor")) or ""
    reasons = [Reason("base", "", BASE_POINTS, t("analisis.sugerencia.base", puntos=_fmt(BASE_POINTS)))]
    scale_pts = SCALE_POINTS.get(scale, 0.0)
    reasons.append(Reason("escala", scale, scale_pts,
                          t("analisis.sugerencia.escala", escala=SCALE_VOCAB.label(scale) or "—",
                            puntos=_fmt(scale_pts))))
    type_pts = TYPE_POINTS.get(actor_type, 0.0)
    reasons.append(Reason("tipo_actor", actor_type, type_pts,
                          t("analisis.sugerencia.tipo", tipo=ACTOR_TYPE_VOCAB.label(actor_type) or "—",
                            puntos=_fmt(type_pts))))
    reasons.append(_size_reason(org.get("n_miembros")))
    network = _network_reason(metrics)
    if network is not None:
        reasons.append(network)
    total = sum(r.puntos for r in reasons)
    score = min(SCALE_MAX, max(SCALE_MIN, round_half_up(total)))
    return Suggestion(score=score, total=total, reasons=tuple(reasons))


def centrality_percentiles(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per organization: brokerage percentile within the graph (0–1) and isolation flag.

    ``metrics`` is :func:`stakeholders.network.node_metrics` output. When nobody brokers
    (all zeros) the percentile is left empty so the network factor gives no points.
    """
    cols = ["organizacion_id", "percentil_intermediacion", "aislada"]
    if metrics is None or metrics.empty or "intermediacion" not in metrics:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({"organizacion_id": metrics["organizacion_id"].astype(int)})
    betweenness = metrics["intermediacion"].astype(float)
    if betweenness.max() > 0:
        out["percentil_intermediacion"] = betweenness.rank(method="max", pct=True).to_numpy()
    else:
        out["percentil_intermediacion"] = float("nan")
    isolated = metrics["aislada"] if "aislada" in metrics else pd.Series(False, index=metrics.index)
    out["aislada"] = isolated.fillna(False).astype(bool).to_numpy()
    return out


def suggest_many(orgs: pd.DataFrame, percentiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Suggestions for a frame of organizations: organizacion_id, poder_sugerido, explicacion."""
    by_id: dict[int, Mapping[str, object]] = {}
    if percentiles is not None and not percentiles.empty:
        by_id = {int(r["organizacion_id"]): r for r in percentiles.to_dict("records")}
    rows = []
    for org in orgs.to_dict("records"):
        s = suggest_power(org, by_id.get(int(org["id"])) if percentiles is not None else None)
        rows.append({"organizacion_id": int(org["id"]), "poder_sugerido": s.score, "explicacion": s.explain()})
    return pd.DataFrame(rows, columns=["organizacion_id", "poder_sugerido", "explicacion"])
