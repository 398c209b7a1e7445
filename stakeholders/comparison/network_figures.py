"""Whole-network figures per region, read from :mod:`stakeholders.network`'s graph.

- ``densidad_red``: ties present / ties possible, ``2m / (n (n − 1))``.
- ``pct_lazos_intersectoriales``: % of ties joining two different tripartite sectors.
- ``pct_aisladas``: % of organizations with no tie at all.
- ``modularidad``: Newman modularity of the network module's seeded Louvain communities; "—" for
  a graph without ties.

All four come from :func:`stakeholders.network.region_summary` (one reading of the network).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders import network

COLUMNS = ("densidad_red", "modularidad", "pct_lazos_intersectoriales", "pct_aisladas")


def figures(summary: dict) -> dict[str, float]:
    """The comparison's four figures from :func:`stakeholders.network.region_summary` (percentages;
    "—" where a figure says nothing: density of fewer than two organizations, tie shares and
    modularity without ties)."""
    n, m = summary["organizaciones"], summary["vinculos"]
    if n == 0:
        return dict.fromkeys(COLUMNS, np.nan)
    return {
        "densidad_red": summary["densidad"] if n > 1 else np.nan,
        "modularidad": summary["modularidad"] if m else np.nan,
        "pct_lazos_intersectoriales": summary["proporcion_intersectorial"] * 100 if m else np.nan,
        "pct_aisladas": summary["proporcion_aisladas"] * 100,
    }


def network_figures(orgs: pd.DataFrame, relationships: pd.DataFrame | None, memberships: pd.DataFrame | None,
                    attendance: pd.DataFrame | None, codes: list[str], national: str) -> pd.DataFrame:
    """One row per region (its own graph: organizations present there and their ties) and the national row."""
    rows = {code: figures(network.region_summary(orgs, relationships, memberships, attendance, region_cut=code))
            for code in codes}
    rows[national] = figures(network.region_summary(orgs, relationships, memberships, attendance))
    out = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=list(COLUMNS))
    out.index.name = "region_cut"
    return out.astype(float)
