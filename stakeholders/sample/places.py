"""Points for the sample's organizations, each verified to fall inside its declared commune.

A point is the commune's representative point (``geodata.commune_table``) plus a small random
offset; ``geodata.assign_points`` checks it, offsets that leave the commune are redrawn smaller,
and after a few rounds the representative point itself is used (it is inside by contract).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geodata

JITTER_DEG = 0.012  # ~1.3 km: organizations of a town spread over it, not on one pixel
REGIONAL_JITTER_DEG = 0.003  # regional bodies: around the capital's centre
ROUNDS = 4
DECIMALS = 5  # ~1 m


def locate(orgs: pd.DataFrame, communes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Return ``orgs`` with ``latitud``/``longitud`` filled for every organization with a commune."""
    base = communes.set_index("comuna_cut")[["lat", "lon"]]
    has = orgs["comuna_cut"].notna()
    codes = orgs.loc[has, "comuna_cut"]
    lat0 = base.loc[codes, "lat"].to_numpy()
    lon0 = base.loc[codes, "lon"].to_numpy()
    scale = np.where(orgs.loc[has, "escala"].isin(["regional", "nacional"])
                     & orgs.loc[has, "sector_tripartito"].eq("gobierno"), REGIONAL_JITTER_DEG, JITTER_DEG)
    dlat = rng.normal(0.0, 1.0, len(codes)) * scale
    dlon = rng.normal(0.0, 1.0, len(codes)) * scale
    lat = np.round(lat0 + dlat, DECIMALS)
    lon = np.round(lon0 + dlon, DECIMALS)
    pending = np.ones(len(codes), dtype=bool)
    for round_no in range(ROUNDS + 1):
        if round_no == ROUNDS:  # last resort: the representative point itself
            lat[pending], lon[pending] = np.round(lat0[pending], DECIMALS), np.round(lon0[pending], DECIMALS)
        found = geodata.assign_points(lon[pending], lat[pending])
        ok = (found["comuna_cut"].to_numpy() == codes.to_numpy()[pending]) & (found["estado"].to_numpy() == "dentro")
        idx = np.flatnonzero(pending)
        pending[idx[ok]] = False
        if not pending.any():
            break
        shrink = 0.5 ** (round_no + 1)
        lat[pending] = np.round(lat0[pending] + dlat[pending] * shrink, DECIMALS)
        lon[pending] = np.round(lon0[pending] + dlon[pending] * shrink, DECIMALS)
    out = orgs.copy()
    out.loc[has, "latitud"] = lat
    out.loc[has, "longitud"] = lon
    return out
