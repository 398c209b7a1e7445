"""Participation fatigue per region: how concentrated the calls are, and how many are fatigued.

- ``convocatorias`` of an organization: sessions attended in the last ``window_days`` plus seats
  it holds today (current memberships), leaving out spaces it convenes
  (:data:`stakeholders.network.CONVENER_ROLES`), as :mod:`stakeholders.network.fatigue` does.
- ``pct_convocatorias_top10``: % of all convocatorias held by the most-convened 10 % of the
  organizations with at least one (⌈10 %⌉, at least one organization). 10 % would be an even share.
- ``n_fatigadas``: organizations flagged ``fatigada`` by :func:`participation_load` computed on the
  region's own attendance (the typical participant is the region's).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from stakeholders.network import CONVENER_ROLES, DEFAULT_WINDOW_DAYS, participation_load
from stakeholders.repository import present_in_region

TOP_SHARE = 0.10


def _seats(memberships: pd.DataFrame, as_of: date) -> pd.Series:
    if memberships is None or memberships.empty:
        return pd.Series(dtype="int64")
    day = pd.Timestamp(as_of)
    desde = pd.to_datetime(memberships.get("desde"), errors="coerce")
    hasta = pd.to_datetime(memberships.get("hasta"), errors="coerce")
    current = (desde.isna() | (desde <= day)) & (hasta.isna() | (hasta >= day))
    if "rol" in memberships.columns:
        current &= ~memberships["rol"].isin(CONVENER_ROLES)
    return memberships.loc[current].groupby("organizacion_id").size()


def top_share(values: pd.Series, share: float = TOP_SHARE) -> float:
    """% of the sum held by the largest ⌈share·n⌉ positive values (NaN when all are zero)."""
    positive = values[values > 0].sort_values(ascending=False)
    if positive.empty:
        return float("nan")
    k = max(1, math.ceil(share * len(positive)))
    return float(positive.iloc[:k].sum() / positive.sum() * 100)


def _figures(attendance: pd.DataFrame | None, memberships: pd.DataFrame | None, as_of: date,
             window_days: int) -> dict[str, float]:
    has_att = attendance is not None and len(attendance) > 0
    has_mem = memberships is not None and len(memberships) > 0
    if not (has_att or has_mem):
        return {"pct_convocatorias_top10": np.nan, "n_fatigadas": 0}
    load = participation_load(attendance if has_att else None, memberships if has_mem else None, as_of,
                              window_days=window_days)
    events = load.set_index("organizacion_id")["eventos_ventana"]
    calls = events.add(_seats(memberships, as_of) if has_mem else pd.Series(dtype="int64"), fill_value=0)
    return {"pct_convocatorias_top10": top_share(calls), "n_fatigadas": int(load["fatigada"].sum())}


def _subset(frame: pd.DataFrame | None, ids: set[int]) -> pd.DataFrame | None:
    if frame is None or frame.empty or "organizacion_id" not in frame.columns:
        return None
    return frame[frame["organizacion_id"].isin(ids)]


def fatigue_figures(orgs: pd.DataFrame, attendance: pd.DataFrame | None, memberships: pd.DataFrame | None,
                    codes: list[str], national: str, as_of: date,
                    window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """Per region (organizations present there) and the national row."""
    rows = {}
    for code in codes:
        ids = set(orgs.loc[present_in_region(orgs, code), "id"].astype(int))
        rows[code] = _figures(_subset(attendance, ids), _subset(memberships, ids), as_of, window_days)
    everyone = set(orgs["id"].astype(int))
    rows[national] = _figures(_subset(attendance, everyone), _subset(memberships, everyone), as_of, window_days)
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "region_cut"
    return out
