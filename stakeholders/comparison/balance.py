"""Tripartite balance of the registry: each sector's share and one balance index from 0 to 1.

Index over the three tripartite sectors (government, employers, workers), renormalised to
their own total ``n3``: with ``q_s = n_s / n3``,
``indice = 1 − (|q_G − ⅓| + |q_E − ⅓| + |q_T − ⅓|) / (4/3)``. 1 = a third each; 0 = a single
sector; 4/3 is the largest possible sum of deviations. No tripartite organization → not
available. Civil society is reported as a share but left out of the index (it is not one of
the three ILO parties).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.comparison.definitions import SECTOR_KEYS, TRIPARTITE

MAX_DEVIATION = 4 / 3


def balance_index(counts: dict[str, float]) -> float:
    """The index for one territory (``counts`` per sector key); NaN without tripartite organizations."""
    n3 = sum(float(counts.get(s, 0)) for s in TRIPARTITE)
    if n3 <= 0:
        return float("nan")
    deviation = sum(abs(float(counts.get(s, 0)) / n3 - 1 / 3) for s in TRIPARTITE)
    return max(0.0, 1 - deviation / MAX_DEVIATION)


def balance(counts: pd.DataFrame) -> pd.DataFrame:
    """Shares (% of all organizations) per sector and the balance index, from ``org_<sector>`` counts."""
    total = counts["org_total"].astype(float).replace(0, np.nan)
    out = pd.DataFrame(index=counts.index)
    for sector in SECTOR_KEYS:
        out[f"pct_{sector}"] = counts[f"org_{sector}"] / total * 100
    out["indice_equilibrio"] = [
        balance_index({s: row[f"org_{s}"] for s in SECTOR_KEYS}) for row in counts.to_dict("records")
    ]
    return out
