"""The published score Optimizar maximises: four visible components, weights the planner sets.

    puntaje = (w_tamano·tamano + w_alcance·alcance + w_intermediacion·intermediacion
               + w_cobertura·cobertura) / (w_tamano + w_alcance + w_intermediacion + w_cobertura)

each component in [0, 1] within the region's eligible pool:

- tamano = ln(1 + n_miembros) / max ln(1 + n_miembros)    (0 when members are unknown)
- alcance = weighted degree in the actor network / the pool's maximum
- intermediacion = cross-sector betweenness / the pool's maximum
- cobertura = territorial scope by scale: regional 1, nacional (regional chapter) 0.75, local 0.5

The score is rounded to 6 decimals; between councils with the same total score the one with
lower registry ids wins (a second, integer solve), so the same data and weights always give the
same council.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.councils.params import DEFAULT_WEIGHTS
from stakeholders.errors import InputError

COMPONENTS: tuple[str, ...] = ("tamano", "alcance", "intermediacion", "cobertura")
COVERAGE_BY_SCALE: dict[str, float] = {"regional": 1.0, "nacional": 0.75, "local": 0.5}
SCALE = 1_000_000  # score resolution used by the integer objective


def _unit(values: pd.Series) -> pd.Series:
    values = pd.to_numeric(values, errors="coerce").fillna(0.0).clip(lower=0.0)
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values * 0.0


def components(frame: pd.DataFrame) -> pd.DataFrame:
    """The four components per candidate (``id`` + one column each)."""
    members = pd.to_numeric(frame.get("n_miembros"), errors="coerce").fillna(0).clip(lower=0)
    return pd.DataFrame(
        {
            "id": frame["id"].astype(int).to_numpy(),
            "tamano": _unit(np.log1p(members)).to_numpy(),
            "alcance": _unit(frame.get("alcance", pd.Series(0.0, index=frame.index))).to_numpy(),
            "intermediacion": _unit(
                frame.get("intermediacion_intersectorial", pd.Series(0.0, index=frame.index))
            ).to_numpy(),
            "cobertura": frame.get("escala", pd.Series("regional", index=frame.index))
            .map(lambda s: COVERAGE_BY_SCALE.get(str(s), 0.5))
            .to_numpy(dtype=float),
        }
    )


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    out = {k: float(weights.get(k, DEFAULT_WEIGHTS[k])) for k in COMPONENTS}
    if any(v < 0 for v in out.values()) or sum(out.values()) <= 0:
        raise InputError(t("consejo.error_pesos"))
    return out


def score(frame: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Components, ``puntaje`` and ``posicion`` (1 = best; ties by id) per candidate."""
    w = check_weights(weights)
    out = components(frame)
    total = sum(w.values())
    out["puntaje"] = sum(w[k] * out[k] for k in COMPONENTS) / total
    out["puntaje"] = out["puntaje"].round(6)
    order = out.sort_values(["puntaje", "id"], ascending=[False, True]).index
    out.loc[order, "posicion"] = np.arange(1, len(out) + 1)
    out["posicion"] = out["posicion"].astype(int)
    return out


def objective(scores: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Integer objectives: score in millionths, then a tie-break preferring lower ids.

    Optimizar maximises the first; among councils with the same total it maximises the second
    (a second solve with the first fixed), so ties never depend on solver internals.
    """
    n = len(scores)
    ranks = scores["id"].rank(method="first").to_numpy()
    points = np.rint(scores["puntaje"].to_numpy() * SCALE)
    return points, (n + 1 - ranks)


def formula_text(weights: Mapping[str, float]) -> str:
    w = check_weights(weights)
    return t("consejo.formula_puntaje", **{k: f"{v:g}" for k, v in w.items()})
