"""Whole-network figures of a region (or the country), for the Red page and the regional comparison.

- ``organizaciones``, ``vinculos``: nodes and ties.
- ``densidad``: ties present over ties possible, ``2m / (n(n−1))`` (0 to 1).
- ``componentes``: connected groups (an isolated organization is one); ``aisladas`` and
  ``proporcion_aisladas``: organizations without any tie, and their share.
- ``modularidad``: Newman modularity of the Louvain communities (−0.5 to 1; above about 0.3 the
  network splits into clear groups); ``comunidades``: how many.
- ``proporcion_intersectorial``: share of ties joining two different tripartite sectors.
- ``agrupamiento_medio``: mean local clustering (organizations with fewer than two ties count 0).

:func:`region_summary` (frames in, dict out) and :func:`regions_summary` (one row per region) are
the pure functions the comparison page calls.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from stakeholders.network.compiled import NetworkGraph, as_compiled, compile_graph
from stakeholders.network.structure import clustering, communities, components, modularity
from stakeholders.network.ties import TieFilter

__all__ = ["SUMMARY_KEYS", "graph_summary", "region_summary", "regions_summary"]

SUMMARY_KEYS = ("organizaciones", "vinculos", "densidad", "componentes", "aisladas", "proporcion_aisladas",
                "comunidades", "modularidad", "proporcion_intersectorial", "agrupamiento_medio")


def graph_summary(graph: NetworkGraph, labels: pd.Series | None) -> dict:
    """The figures of :data:`SUMMARY_KEYS` for one graph (``labels``: its communities, or None to skip modularity)."""
    compiled = as_compiled(graph)
    n, m = compiled.n, compiled.m
    if n == 0:
        return {key: 0 if key in ("organizaciones", "vinculos", "componentes", "aisladas", "comunidades") else 0.0
                for key in SUMMARY_KEYS}
    codes = compiled.sector
    i, j = compiled.ties["i"].to_numpy(), compiled.ties["j"].to_numpy()
    isolated = int((compiled.degree == 0).sum())
    return {
        "organizaciones": n,
        "vinculos": m,
        "densidad": 2.0 * m / (n * (n - 1)) if n > 1 else 0.0,
        "componentes": int(components(compiled, "networkit").max()) + 1,
        "aisladas": isolated,
        "proporcion_aisladas": isolated / n,
        "comunidades": int(labels.nunique()) if labels is not None else 0,
        "modularidad": modularity(compiled, labels) if labels is not None else float("nan"),
        "proporcion_intersectorial": float(np.mean(codes[i] != codes[j])) if m else 0.0,
        "agrupamiento_medio": float(clustering(compiled, "networkit").mean()),
    }


def region_summary(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    region_cut: str | None = None,
    ties: TieFilter | None = None,
) -> dict:
    """Whole-network figures of a region (``region_cut``) or of all ``orgs`` (None)."""
    compiled = compile_graph(orgs, relationships, memberships, attendance, region_cut=region_cut, ties=ties)
    labels = communities(compiled, "networkit") if compiled.n else None
    return graph_summary(compiled, labels)


def regions_summary(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    regions: Iterable[str] | None = None,
    ties: TieFilter | None = None,
) -> pd.DataFrame:
    """One row per region (``region_cut`` plus :data:`SUMMARY_KEYS`); regions default to those in ``orgs``."""
    codes = sorted(orgs["region_cut"].dropna().astype(str).unique()) if regions is None else list(regions)
    rows = [{"region_cut": code, **region_summary(orgs, relationships, memberships, attendance, code, ties)}
            for code in codes]
    return pd.DataFrame(rows, columns=["region_cut", *SUMMARY_KEYS])
