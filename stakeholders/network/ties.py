"""Ties between organizations as one vectorised table, with filters by type and period and recency weights.

Every graph the project draws or measures (networkx for small graphs, the compiled engine for the
national one) is built from :func:`tie_table`, so both see the same ties:

- Stored relationships add their ``peso``. ``afiliacion`` (member → parent) and ``financiamiento``
  (funder → funded) keep their direction for the brokerage roles; alliances are mutual.
- *Co-participation* (mutual): two members of the same participation space (+1 per shared space)
  and two attendants of the same session (+1 per shared session).
- Parallel ties become one row ``a < b`` whose ``tipos`` is a bit mask of the tie types
  (:data:`KIND_BITS`), ``peso`` their sum, and ``ab``/``ba`` whether a tie goes from ``a`` to ``b``
  and/or back.

:class:`TieFilter` keeps only some types and a period (a tie counts when it was in force at some
moment between ``desde`` and ``hasta``; a session when it took place in the period) and can weight
ties by recency: a tie last in force ``d`` days before ``as_of`` weighs ``peso × 0.5 ** (d / half-life)``
(a tie still in force weighs its full ``peso``; one that ended a half-life ago, half of it). The
default half-life, :data:`DEFAULT_HALF_LIFE_DAYS` (two years, the usual term of a council seat),
is off unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from stakeholders.vocab import RELATION_TYPES

__all__ = [
    "COPARTICIPATION", "DEFAULT_HALF_LIFE_DAYS", "DIRECTED_TYPES", "KIND_BITS", "TIE_COLUMNS", "TieFilter",
    "kinds_of", "recency_factor", "tie_table",
]

COPARTICIPATION = "coparticipacion"
DIRECTED_TYPES = frozenset({"afiliacion", "financiamiento"})
KIND_BITS: dict[str, int] = {kind: 1 << i for i, kind in enumerate(RELATION_TYPES)}
OTHER_BIT = 1 << len(KIND_BITS)
DEFAULT_HALF_LIFE_DAYS = 730
TIE_COLUMNS = ["a", "b", "peso", "tipos", "ab", "ba"]


@dataclass(frozen=True)
class TieFilter:
    """Which ties count: types (None = all), a period (inclusive; None = open) and recency weighting."""

    types: frozenset[str] | None = None
    start: date | None = None
    end: date | None = None
    half_life_days: float | None = None
    as_of: date | None = None

    def wants(self, kind: str) -> bool:
        return self.types is None or kind in self.types

    def key(self) -> str:
        """Stable text of the filter (part of the metrics cache key)."""
        kinds = ",".join(sorted(self.types)) if self.types is not None else "*"
        return f"{kinds}|{self.start}|{self.end}|{self.half_life_days}|{self.as_of}"


def kinds_of(mask: int) -> set[str]:
    """The tie types of a :data:`KIND_BITS` mask."""
    return {kind for kind, bit in KIND_BITS.items() if mask & bit} | ({"otro"} if mask & OTHER_BIT else set())


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(pd.Series(frame[column], dtype=object), errors="coerce")


def recency_factor(last_in_force: pd.Series, as_of: date | None, half_life_days: float | None) -> np.ndarray:
    """``0.5 ** (days since last in force / half-life)``; 1 with no half-life, no date or a future date."""
    if half_life_days is None or as_of is None or len(last_in_force) == 0:
        return np.ones(len(last_in_force))
    age = (pd.Timestamp(as_of) - pd.to_datetime(last_in_force)).dt.days.to_numpy(dtype="float64")
    age = np.where(np.isnan(age), 0.0, np.clip(age, 0.0, None))
    return np.power(0.5, age / float(half_life_days))


def _in_period(frame: pd.DataFrame, ties: TieFilter, start_col: str, end_col: str) -> np.ndarray:
    """In force at some moment of the filter's period (missing dates = open-ended)."""
    mask = np.ones(len(frame), dtype=bool)
    if ties.end is not None:
        begin = _dates(frame, start_col)
        mask &= (begin.isna() | (begin <= pd.Timestamp(ties.end))).to_numpy()
    if ties.start is not None:
        finish = _dates(frame, end_col)
        mask &= (finish.isna() | (finish >= pd.Timestamp(ties.start))).to_numpy()
    return mask


def _member(values: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """``values`` in the sorted id array ``nodes`` (a binary search: no hashing of a million ids)."""
    if len(nodes) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.clip(np.searchsorted(nodes, values), 0, len(nodes) - 1)
    return nodes[pos] == values


def _relationship_rows(rel: pd.DataFrame | None, nodes: np.ndarray, ties: TieFilter) -> pd.DataFrame:
    if rel is None or rel.empty:
        return _empty_rows()
    keep = np.ones(len(rel), dtype=bool)
    if "activo" in rel.columns:
        keep &= rel["activo"].fillna(False).astype(bool).to_numpy()
    if ties.types is not None:
        keep &= rel["tipo"].isin(list(ties.types)).to_numpy(dtype=bool)
    keep &= _in_period(rel, ties, "desde", "hasta")
    rel = rel.loc[keep]
    origin = rel["origen_id"].to_numpy(dtype="int64")
    target = rel["destino_id"].to_numpy(dtype="int64")
    ok = (origin != target) & _member(origin, nodes) & _member(target, nodes)
    rel, origin, target = rel.loc[ok], origin[ok], target[ok]
    weight = rel["peso"].fillna(1.0).to_numpy(dtype="float64") if "peso" in rel.columns else np.ones(len(rel))
    last = _dates(rel, "hasta").fillna(pd.Timestamp(ties.as_of) if ties.as_of else pd.NaT)
    weight = weight * recency_factor(last, ties.as_of, ties.half_life_days)
    kinds = rel["tipo"].astype(str)
    directed = kinds.isin(DIRECTED_TYPES).to_numpy()
    forward = origin < target
    return pd.DataFrame({
        "a": np.minimum(origin, target), "b": np.maximum(origin, target), "peso": weight,
        "bit": kinds.map(KIND_BITS).fillna(OTHER_BIT).astype("int64").to_numpy(),
        "ab": forward | ~directed, "ba": ~forward | ~directed,
    })


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                         "peso": pd.Series(dtype="float64"), "bit": pd.Series(dtype="int64"),
                         "ab": pd.Series(dtype=bool), "ba": pd.Series(dtype=bool)})


def _shared(frame: pd.DataFrame | None, group: str, nodes: np.ndarray, weight: np.ndarray | None) -> pd.DataFrame:
    """Co-participation rows: unordered pairs sharing a ``group`` value, weighted by the lower of the two."""
    if frame is None or frame.empty:
        return _empty_rows()
    slim = pd.DataFrame({"g": frame[group].to_numpy(), "o": frame["organizacion_id"].to_numpy(dtype="int64"),
                         "w": np.ones(len(frame)) if weight is None else weight})
    slim = slim[_member(slim["o"].to_numpy(), nodes)]
    slim = slim.groupby(["g", "o"], as_index=False)["w"].max()
    pairs = slim.merge(slim, on="g", suffixes=("_a", "_b"))
    pairs = pairs[pairs["o_a"].to_numpy() < pairs["o_b"].to_numpy()]
    n = len(pairs)
    return pd.DataFrame({"a": pairs["o_a"].to_numpy(), "b": pairs["o_b"].to_numpy(),
                         "peso": np.minimum(pairs["w_a"].to_numpy(), pairs["w_b"].to_numpy()),
                         "bit": np.full(n, KIND_BITS[COPARTICIPATION], dtype="int64"),
                         "ab": np.ones(n, dtype=bool), "ba": np.ones(n, dtype=bool)})


def _coparticipation_rows(memberships: pd.DataFrame | None, attendance: pd.DataFrame | None, nodes: np.ndarray,
                          ties: TieFilter) -> list[pd.DataFrame]:
    if not ties.wants(COPARTICIPATION):
        return []
    rows = []
    if memberships is not None and not memberships.empty:
        mem = memberships.loc[_in_period(memberships, ties, "desde", "hasta")]
        last = _dates(mem, "hasta").fillna(pd.Timestamp(ties.as_of) if ties.as_of else pd.NaT)
        rows.append(_shared(mem, "espacio_id", nodes, recency_factor(last, ties.as_of, ties.half_life_days)))
    if attendance is not None and not attendance.empty:
        att = attendance.loc[_in_period(attendance, ties, "fecha", "fecha")]
        weight = recency_factor(_dates(att, "fecha"), ties.as_of, ties.half_life_days) if "fecha" in att else None
        rows.append(_shared(att, "evento_id", nodes, weight))
    return rows


def tie_table(
    orgs: pd.DataFrame,
    relationships: pd.DataFrame | None,
    memberships: pd.DataFrame | None = None,
    attendance: pd.DataFrame | None = None,
    ties: TieFilter | None = None,
) -> pd.DataFrame:
    """One row per tied pair of ``orgs`` (columns :data:`TIE_COLUMNS`), sorted by ``a, b``."""
    ties = ties or TieFilter()
    nodes = np.unique(orgs["id"].to_numpy(dtype="int64"))
    parts = [_relationship_rows(relationships, nodes, ties),
             *_coparticipation_rows(memberships, attendance, nodes, ties)]
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else _empty_rows()
    if rows.empty:
        return _empty_rows().rename(columns={"bit": "tipos"})[TIE_COLUMNS]
    # One int64 key per pair and numpy reductions: several times faster than a two-column groupby
    # on the national graph's two million tie rows.
    a, b = rows["a"].to_numpy(dtype="int64"), rows["b"].to_numpy(dtype="int64")
    span = int(b.max()) + 1
    key = a * span + b
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    first = key[starts]
    return pd.DataFrame({
        "a": first // span, "b": first % span,
        "peso": np.add.reduceat(rows["peso"].to_numpy(dtype="float64")[order], starts),
        "tipos": np.bitwise_or.reduceat(rows["bit"].to_numpy(dtype="int64")[order], starts),
        "ab": np.maximum.reduceat(rows["ab"].to_numpy(dtype=bool)[order], starts),
        "ba": np.maximum.reduceat(rows["ba"].to_numpy(dtype=bool)[order], starts),
    })[TIE_COLUMNS]
