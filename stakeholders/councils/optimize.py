"""Optimizar: the quota-satisfying council with the highest published score.

Two integer solves with HiGHS on one model kept alive: maximise the total score (in millionths),
then, with that total fixed (a row ``score ≥ best − ½``, exact because scores are integers),
prefer lower registry ids — deterministic ties without relying on solver internals. The first
solve also checks that every province can be covered; only when it cannot does
:func:`~stakeholders.councils.model.fix_coverage` work out how many provinces can be.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from stakeholders.councils.model import Program, build_program, counts_from, fix_coverage, make_units
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.scoring import objective
from stakeholders.councils.solver import Model, Solution


class NoPanel(Exception):  # internal signal, turned into a Spanish explanation upstream
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


def _model(prog: Program, points: np.ndarray) -> Model:
    # Small IP solved twice: HiGHS' presolve costs more than it saves here (5x slower at 5,000).
    model = prog.model(points)
    model.set_option("presolve", "off")
    return model


def _best_score(prog: Program, points: np.ndarray) -> tuple[Model, Solution]:
    """The model and its best-score solution, holding the most provinces coverable."""
    prog.coverage_target = len(prog.provinces)
    model = _model(prog, points)
    first = model.run()
    if not first.ok and prog.provinces:  # not every province can be covered: how many can?
        if fix_coverage(prog).ok:
            model = _model(prog, points)
            first = model.run()
    if not first.ok:
        raise NoPanel
    return model, first


def optimize(pool: Pool, params: CouncilParams, scores: pd.DataFrame) -> tuple[list[int], int]:
    """Ids of the best council and the province-coverage target it was held to."""
    prog = build_program(dominant(pool, params, scores), params, grouped=False)
    aligned = scores.set_index("id").loc[[ids[0] for ids in prog.units["ids"]]].reset_index()
    points, tiebreak = objective(aligned)
    model, first = _best_score(prog, points)
    best = float(np.rint(first.objective))
    full = np.zeros(prog.n_cols)
    full[: len(points)] = points
    model.add_row(full, best - 0.5, np.inf)
    model.set_cost(tiebreak)
    model.keep_incumbent()
    second = model.run()
    chosen = second if second.ok else first
    counts = counts_from(chosen, prog)
    ids = sorted(int(prog.units["ids"][i][0]) for i in np.flatnonzero(counts))
    return ids, prog.coverage_target
