"""Participation fatigue: organizations convened to too many sessions of too many spaces.

SENCE's field work found that "the same public, private and social actors are convened to ever
more participatory spaces, until they are exhausted". The measure below is deliberately simple so
a regional team can recompute it by hand:

- ``eventos_ventana``: sessions the organization attended in the window ``(as_of - window_days,
  as_of]``, *not counting* spaces where it is a convener (chair, technical secretary, convener:
  :data:`CONVENER_ROLES`) — hosting is its job, not a call on its time.
- ``espacios_activos``: distinct spaces where it holds a (non-convening) membership current on
  ``as_of`` or attended a session in the window.
- ``indice_fatiga``: ``eventos_ventana`` divided by the median ``eventos_ventana`` of the
  organizations that attended at least one session in the window (1.0 = a typical participant).
  Pass one region's attendance to compare within the region.
- ``fatigada``: ``indice_fatiga >= threshold`` (default :data:`DEFAULT_FATIGUE_THRESHOLD`: three
  times the typical participant) *and* at least ``min_events`` sessions (default six, one every
  two months) *and* at least ``min_spaces`` active spaces (default three): being called often to
  one roundtable is commitment; being called to many is fatigue.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

DEFAULT_FATIGUE_THRESHOLD = 3.0
DEFAULT_MIN_EVENTS = 6
DEFAULT_MIN_SPACES = 3
DEFAULT_WINDOW_DAYS = 365
CONVENER_ROLES = frozenset({"presidencia", "secretaria_tecnica", "convocante"})
LOAD_COLUMNS = ["organizacion_id", "eventos_ventana", "espacios_activos", "indice_fatiga", "fatigada"]


def _as_dates(values: pd.Series) -> pd.Series:
    """Timestamps (NaT for missing), whatever the input: dates, datetimes or ISO text."""
    return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")


def _current_memberships(memberships: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    mask = pd.Series(True, index=memberships.index)
    if "desde" in memberships.columns:
        desde = _as_dates(memberships["desde"])
        mask &= (desde.isna() | (desde <= as_of)).to_numpy()
    if "hasta" in memberships.columns:
        hasta = _as_dates(memberships["hasta"])
        mask &= (hasta.isna() | (hasta >= as_of)).to_numpy()
    return memberships.loc[mask]


def _pair_in(rows: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    """Whether each (organizacion_id, espacio_id) row of ``rows`` is one of ``pairs`` (vectorised, no tuples)."""
    if rows.empty or pairs.empty:
        return np.zeros(len(rows), dtype=bool)
    index = pd.MultiIndex.from_frame(pairs.astype("int64"))
    return pd.MultiIndex.from_frame(rows.astype("int64")).isin(index)


def participation_load(
    attendance: pd.DataFrame | None,
    memberships: pd.DataFrame | None,
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    threshold: float | None = None,
    min_events: int = DEFAULT_MIN_EVENTS,
    min_spaces: int = DEFAULT_MIN_SPACES,
) -> pd.DataFrame:
    """Load per organization (columns :data:`LOAD_COLUMNS`), sorted by ``organizacion_id``.

    ``attendance`` has ``organizacion_id, espacio_id, fecha`` (``repository.load_attendance``);
    ``memberships`` has ``organizacion_id, espacio_id, rol, desde, hasta``. One row per organization
    appearing in either; organizations absent from both carry no load (not fatigued).
    """
    limit = DEFAULT_FATIGUE_THRESHOLD if threshold is None else float(threshold)
    att = attendance if attendance is not None else pd.DataFrame(columns=["organizacion_id", "espacio_id", "fecha"])
    mem = memberships if memberships is not None else pd.DataFrame(columns=["organizacion_id", "espacio_id", "rol"])
    pairs = ["organizacion_id", "espacio_id"]
    convening = mem.loc[mem["rol"].isin(CONVENER_ROLES), pairs] if "rol" in mem.columns else mem.iloc[0:0][pairs]

    end = pd.Timestamp(as_of)
    start = end - timedelta(days=window_days)
    if len(att):
        fechas = _as_dates(att["fecha"])
        recent = att.loc[((fechas > start) & (fechas <= end)).to_numpy(), pairs]
    else:
        recent = att[pairs]
    recent = recent.loc[~_pair_in(recent, convening)]
    events = recent.groupby("organizacion_id").size()

    current = _current_memberships(mem, end) if len(mem) else mem
    if "rol" in current.columns:
        current = current.loc[~current["rol"].isin(CONVENER_ROLES)]
    spaces = pd.concat([recent, current[pairs]]).drop_duplicates().groupby("organizacion_id").size()

    ids = np.union1d(att["organizacion_id"].to_numpy(dtype="int64"), mem["organizacion_id"].to_numpy(dtype="int64"))
    out = pd.DataFrame({"organizacion_id": pd.Series(ids, dtype="int64")})
    out["eventos_ventana"] = out["organizacion_id"].map(events).fillna(0).astype("int64")
    out["espacios_activos"] = out["organizacion_id"].map(spaces).fillna(0).astype("int64")
    typical = float(np.median(events.to_numpy())) if len(events) else 0.0
    out["indice_fatiga"] = (out["eventos_ventana"] / typical).astype("float64") if typical > 0 else 0.0
    out["fatigada"] = ((out["indice_fatiga"] >= limit) & (out["eventos_ventana"] >= min_events)
                       & (out["espacios_activos"] >= min_spaces)).astype(bool)
    return out[LOAD_COLUMNS]
