"""Thin wrapper over HiGHS (``highspy``): one function to solve a sparse LP or MIP.

Kept apart so the council code states models as rows and columns and never touches the
solver's API; HiGHS is MIT-licensed and installs from PyPI (no GPL code involved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np


@dataclass(frozen=True)
class Solution:
    status: str  # "optimo" | "infactible" | "limite" | "error"
    values: np.ndarray
    objective: float
    row_duals: np.ndarray

    @property
    def ok(self) -> bool:
        return self.status == "optimo"


def solve(
    cost: Sequence[float],
    col_lower: Sequence[float],
    col_upper: Sequence[float],
    rows: Sequence[tuple[dict[int, float], float, float]],
    integer: bool | Sequence[bool] = True,
    maximize: bool = True,
    time_limit: float | None = None,
    mip_gap: float = 0.0,
) -> Solution:
    """Solve ``max/min cost·x`` s.t. ``lo <= row·x <= hi`` and bounds; rows are sparse dicts."""
    n = len(cost)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    h.setOptionValue("mip_abs_gap", 1e-9)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(col_lower, dtype=float)
    lp.col_upper_ = np.asarray(col_upper, dtype=float)
    starts, index, value = [0], [], []
    for coeffs, _, _ in rows:
        for col, coef in sorted(coeffs.items()):
            if coef != 0:
                index.append(col)
                value.append(coef)
        starts.append(len(index))
    lp.row_lower_ = np.asarray([lo for _, lo, _ in rows], dtype=float)
    lp.row_upper_ = np.asarray([hi for _, _, hi in rows], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(value, dtype=float)
    flags = [integer] * n if isinstance(integer, bool) else list(integer)
    if any(flags):
        lp.integrality_ = [highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous for f in flags]
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    sol = h.getSolution()
    values = np.asarray(sol.col_value, dtype=float) if sol.value_valid else np.zeros(n)
    duals = np.asarray(sol.row_dual, dtype=float) if sol.dual_valid else np.zeros(len(rows))
    if status == highspy.HighsModelStatus.kOptimal:
        label = "optimo"
    elif status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        label = "infactible"
    elif status == highspy.HighsModelStatus.kTimeLimit and sol.value_valid:
        label = "limite"
    else:
        label = "error"
    objective = float(h.getInfo().objective_function_value) if sol.value_valid else float("nan")
    return Solution(label, values, objective, duals)
