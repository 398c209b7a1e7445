"""Thin wrapper over HiGHS (``highspy``): sparse LPs and MIPs stated as rows and columns.

Kept apart so the council code states models as rows and columns and never touches the
solver's API; HiGHS is MIT-licensed and installs from PyPI (no GPL code involved).

Two entry points:

- :func:`solve` — one model, solved once (built with vectorised CSR arrays and ``passModel``);
- :class:`Model` — a model kept alive between solves, for the lottery's column generation:
  change the objective (``changeColsCost``) and re-solve, or append columns (``addCols``) and
  re-solve from the previous simplex basis (warm start).

Every model runs single-threaded with a fixed random seed, so results are reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

Rows = Sequence[tuple[dict[int, float], float, float]]


@dataclass(frozen=True)
class Solution:
    status: str  # "optimo" | "infactible" | "limite" | "error"
    values: np.ndarray
    objective: float
    row_duals: np.ndarray
    bound: float = float("nan")  # MIP: best proven bound on the objective (LP: the objective)

    @property
    def ok(self) -> bool:
        return self.status == "optimo"


def csr(rows: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``starts, index, value, lower, upper`` of sparse dict rows (zeros dropped, columns sorted)."""
    lengths = np.fromiter((len(c) for c, _, _ in rows), dtype=np.int64, count=len(rows))
    total = int(lengths.sum())
    index = np.fromiter((k for c, _, _ in rows for k in c), dtype=np.int64, count=total)
    value = np.fromiter((v for c, _, _ in rows for v in c.values()), dtype=float, count=total)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    order = np.lexsort((index, row_of))
    index, value, row_of = index[order], value[order], row_of[order]
    keep = value != 0
    index, value, row_of = index[keep], value[keep], row_of[keep]
    starts = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=len(rows)))])
    lower = np.fromiter((lo for _, lo, _ in rows), dtype=float, count=len(rows))
    upper = np.fromiter((hi for _, _, hi in rows), dtype=float, count=len(rows))
    return starts.astype(np.int32), index.astype(np.int32), value, lower, upper


def _is_csr(rows: object) -> bool:
    return isinstance(rows, tuple) and len(rows) == 5 and all(isinstance(r, np.ndarray) for r in rows)


def _label(status: highspy.HighsModelStatus, has_values: bool) -> str:
    if status == highspy.HighsModelStatus.kOptimal:
        return "optimo"
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infactible"
    if status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kObjectiveTarget) and has_values:
        return "limite"
    return "error"


class Model:
    """One HiGHS model kept between solves (rows given as CSR arrays or sparse dicts)."""

    def __init__(
        self,
        cost: Sequence[float],
        col_lower: Sequence[float],
        col_upper: Sequence[float],
        rows: Rows | tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        integer: bool | Sequence[bool] = True,
        maximize: bool = True,
        time_limit: float | None = None,
        mip_gap: float = 0.0,
    ) -> None:
        n = len(cost)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("threads", 1)
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", float(mip_gap))
        h.setOptionValue("mip_abs_gap", 1e-9)
        starts, index, value, row_lower, row_upper = rows if _is_csr(rows) else csr(rows)
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(row_lower)
        lp.col_cost_ = np.asarray(cost, dtype=float)
        lp.col_lower_ = np.asarray(col_lower, dtype=float)
        lp.col_upper_ = np.asarray(col_upper, dtype=float)
        lp.row_lower_ = np.asarray(row_lower, dtype=float)
        lp.row_upper_ = np.asarray(row_upper, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(value, dtype=float)
        flags = np.full(n, integer, dtype=bool) if isinstance(integer, bool) else np.asarray(integer, dtype=bool)
        self.is_mip = bool(flags.any())
        if self.is_mip:
            lp.integrality_ = [highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous for f in flags]
        lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        h.passModel(lp)
        self.highs = h

    @property
    def n_cols(self) -> int:
        return int(self.highs.getNumCol())

    @property
    def n_rows(self) -> int:
        return int(self.highs.getNumRow())

    def set_option(self, name: str, value: object) -> None:
        self.highs.setOptionValue(name, value)

    def set_cost(self, cost: np.ndarray, first: int = 0) -> None:
        """Replace the objective coefficients of columns ``first … first + len(cost) - 1``."""
        cols = np.arange(first, first + len(cost), dtype=np.int32)
        self.highs.changeColsCost(len(cols), cols, np.asarray(cost, dtype=float))

    def add_cols(self, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray, matrix: np.ndarray) -> None:
        """Append columns given as a dense ``rows × new`` matrix (stored sparse)."""
        matrix = np.asarray(matrix, dtype=float)
        nz_row, nz_col = np.nonzero(matrix.T)  # column-major order
        starts = np.searchsorted(nz_row, np.arange(matrix.shape[1])).astype(np.int32)
        self.highs.addCols(
            matrix.shape[1],
            np.asarray(cost, dtype=float),
            np.asarray(lower, dtype=float),
            np.asarray(upper, dtype=float),
            len(nz_row),
            starts,
            nz_col.astype(np.int32),
            matrix.T[nz_row, nz_col],
        )

    def add_row(self, coeffs: np.ndarray, lower: float, upper: float) -> None:
        """Append one row given as a dense coefficient vector over all columns."""
        idx = np.flatnonzero(coeffs).astype(np.int32)
        self.highs.addRow(float(lower), float(upper), len(idx), idx, np.asarray(coeffs, dtype=float)[idx])

    def keep_incumbent(self) -> None:
        """Offer the last solution as the starting incumbent of the next solve."""
        self.highs.setSolution(self.highs.getSolution())

    def run(self) -> Solution:
        h = self.highs
        h.run()
        status = h.getModelStatus()
        sol = h.getSolution()
        n, m = self.n_cols, self.n_rows
        values = np.asarray(sol.col_value, dtype=float) if sol.value_valid else np.zeros(n)
        duals = np.asarray(sol.row_dual, dtype=float) if sol.dual_valid else np.zeros(m)
        info = h.getInfo()
        objective = float(info.objective_function_value) if sol.value_valid else float("nan")
        bound = float(info.mip_dual_bound) if self.is_mip else objective
        return Solution(_label(status, sol.value_valid), values, objective, duals, bound)


def solve(
    cost: Sequence[float],
    col_lower: Sequence[float],
    col_upper: Sequence[float],
    rows: Rows,
    integer: bool | Sequence[bool] = True,
    maximize: bool = True,
    time_limit: float | None = None,
    mip_gap: float = 0.0,
) -> Solution:
    """Solve ``max/min cost·x`` s.t. ``lo <= row·x <= hi`` and bounds; rows are sparse dicts."""
    return Model(cost, col_lower, col_upper, rows, integer, maximize, time_limit, mip_gap).run()
