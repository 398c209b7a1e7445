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
    """``values`` in the sorted id array ``nodes`` (no hashing of a million ids).

    Registry ids are dense, so a lookup table indexed by id (no bigger than a few times the data)
    answers in one gather; very sparse ids fall back to a binary search.
    """
    if len(nodes) == 0 or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    low, high = int(nodes[0]), int(nodes[-1])
    if low >= 0 and high <= 4 * (len(nodes) + len(values)) + 1_000:
        table = np.zeros(high + 1, dtype=bool)
        table[nodes] = True
        inside = (values >= 0) & (values <= high)
        return inside & table[np.where(inside, values, 0)]
    pos = np.clip(np.searchsorted(nodes, values), 0, len(nodes) - 1)
    return nodes[pos] == values


def _recency(frame: pd.DataFrame, column: str, ties: TieFilter) -> np.ndarray:
    """Recency factor of each row's last day in force (``column`` empty = still in force on ``as_of``)."""
    if ties.half_life_days is None or ties.as_of is None:
        return np.ones(len(frame))
    last = _dates(frame, column).fillna(pd.Timestamp(ties.as_of))
    return recency_factor(last, ties.as_of, ties.half_life_days)


def _relationship_rows(rel: pd.DataFrame | None, nodes: np.ndarray, ties: TieFilter) -> pd.DataFrame:
    if rel is None or rel.empty:
        return _empty_rows()
    keep = np.ones(len(rel), dtype=bool)
    if "activo" in rel.columns:
        keep &= rel["activo"].fillna(False).astype(bool).to_numpy()
    if ties.types is not None:
        keep &= rel["tipo"].isin(list(ties.types)).to_numpy(dtype=bool)
    keep &= _in_period(rel, ties, "desde", "hasta")
    origin = rel["origen_id"].to_numpy(dtype="int64")
    target = rel["destino_id"].to_numpy(dtype="int64")
    keep &= (origin != target) & _member(origin, nodes) & _member(target, nodes)
    rows = np.flatnonzero(keep)
    origin, target = origin[rows], target[rows]
    weight = rel["peso"].fillna(1.0).to_numpy(dtype="float64")[rows] if "peso" in rel.columns else np.ones(len(rows))
    if ties.half_life_days is not None and ties.as_of is not None:
        weight = weight * _recency(rel.iloc[rows], "hasta", ties)
    # Types: one lookup per distinct value, not per row.
    codes, kinds = pd.factorize(rel["tipo"].astype(object).to_numpy()[rows], use_na_sentinel=False)
    kinds = [str(kind) for kind in kinds]
    bits = np.array([KIND_BITS.get(kind, OTHER_BIT) for kind in kinds] or [0], dtype="int64")[codes]
    directed = np.array([kind in DIRECTED_TYPES for kind in kinds] or [False], dtype=bool)[codes]
    forward = origin < target
    return pd.DataFrame({
        "a": np.minimum(origin, target), "b": np.maximum(origin, target), "peso": weight, "bit": bits,
        "ab": forward | ~directed, "ba": ~forward | ~directed,
    })


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64"),
                         "peso": pd.Series(dtype="float64"), "bit": pd.Series(dtype="int64"),
                         "ab": pd.Series(dtype=bool), "ba": pd.Series(dtype=bool)})


def _group_pairs(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (p, q), p < q, of every pair inside consecutive groups (``starts``, ``sizes``)."""
    p = np.repeat(starts, sizes) + (np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    after = np.repeat(starts + sizes, sizes) - p - 1  # members after p in its group
    first = np.repeat(p, after)
    offset = np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    return first, first + 1 + offset


def _shared(frame: pd.DataFrame | None, group: str, nodes: np.ndarray, weight: np.ndarray | None) -> pd.DataFrame:
    """Co-participation rows: unordered pairs sharing a ``group`` value, weighted by the lower of the two."""
    if frame is None or frame.empty:
        return _empty_rows()
    org = frame["organizacion_id"].to_numpy(dtype="int64")
    groups, _ = pd.factorize(frame[group].to_numpy())  # a missing group (-1) joins nobody
    inside = _member(org, nodes) & (groups >= 0)
    groups, org = groups[inside], org[inside]
    w = (np.ones(len(frame)) if weight is None else np.asarray(weight, dtype="float64"))[inside]
    if not len(org):
        return _empty_rows()
    # One row per (group, organization), keeping its largest weight; members sorted by id in each group.
    order = np.lexsort((-w, org, groups))
    groups, org, w = groups[order], org[order], w[order]
    first = np.r_[True, (groups[1:] != groups[:-1]) | (org[1:] != org[:-1])]
    groups, org, w = groups[first], org[first], w[first]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    p, q = _group_pairs(starts, sizes)
    n = len(p)
    return pd.DataFrame({"a": org[p], "b": org[q], "peso": np.minimum(w[p], w[q]),
                         "bit": np.full(n, KIND_BITS[COPARTICIPATION], dtype="int64"),
                         "ab": np.ones(n, dtype=bool), "ba": np.ones(n, dtype=bool)})


def _coparticipation_rows(memberships: pd.DataFrame | None, attendance: pd.DataFrame | None, nodes: np.ndarray,
                          ties: TieFilter) -> list[pd.DataFrame]:
    if not ties.wants(COPARTICIPATION):
        return []
    rows = []
    if memberships is not None and not memberships.empty:
        period = _in_period(memberships, ties, "desde", "hasta")
        mem = memberships if period.all() else memberships.loc[period]
        rows.append(_shared(mem, "espacio_id", nodes, _recency(mem, "hasta", ties)))
    if attendance is not None and not attendance.empty:
        period = _in_period(attendance, ties, "fecha", "fecha")
        att = attendance if period.all() else attendance.loc[period]
        weight = _recency(att, "fecha", ties) if "fecha" in att else None
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
