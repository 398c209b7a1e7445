"""Optimizar: the quota-satisfying council with the highest published score.

Two integer solves with HiGHS: maximise the total score (in millionths), then, with that total
fixed, prefer lower registry ids — deterministic ties without relying on solver internals.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from stakeholders.councils.model import build_program, counts_from, fix_coverage, make_units
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.scoring import objective


class NoPanel(Exception):  # noqa: N818 - internal signal, turned into a Spanish explanation upstream
    """No council meets every quota (the caller asks :mod:`infeasibility` why)."""


def dominant(pool: Pool, params: CouncilParams, scores: pd.DataFrame) -> Pool:
    """Keep, inside each class of interchangeable candidates, only the best ones that could sit.

    Candidates of one class meet exactly the same quotas, so an optimal council only ever uses
    the top ``min(size, seats)`` of each class by (score, lower id); the others are dropped before
    solving, which keeps the integer program small at 5,000 candidates.
    """
    types = make_units(pool, params, grouped=True)
    rank = scores.set_index("id")["puntaje"]
    keep: list[int] = []
    for ids, cap in zip(types["ids"], types["capacidad"], strict=True):
        ordered = sorted(ids, key=lambda i: (-rank.get(i, 0.0), i))
        keep.extend(ordered[: max(int(cap), 1)])
    return replace(pool, frame=pool.frame[pool.frame["id"].isin(keep)].reset_index(drop=True))


def optimize(pool: Pool, params: CouncilParams, scores: pd.DataFrame) -> tuple[list[int], int]:
    """Ids of the best council and the province-coverage target it was held to."""
    prog = build_program(dominant(pool, params, scores), params, grouped=False)
    if not fix_coverage(prog).ok:
        raise NoPanel
    aligned = scores.set_index("id").loc[[ids[0] for ids in prog.units["ids"]]].reset_index()
    points, tiebreak = objective(aligned)
    first = prog.solve(points)
    if not first.ok:
        raise NoPanel
    best = float(np.rint(first.objective))
    row = ({i: float(p) for i, p in enumerate(points) if p != 0}, best - 0.5, np.inf)
    prog.add("objetivo", "puntaje_optimo", row[0], row[1], row[2])
    second = prog.solve(tiebreak)
    chosen = second if second.ok else first
    counts = counts_from(chosen, prog)
    ids = sorted(int(prog.units["ids"][i][0]) for i in np.flatnonzero(counts))
    return ids, prog.coverage_target
