"""Sorteo: the fair lottery over quota-satisfying councils, then a verifiable draw.

The council rules are one builder of a quota program (:func:`~stakeholders.councils.model.build_program`,
types grouped by seat, gender, province, rubro, groups, previous term and federation); the
lottery itself — maximin (or leximin) by column generation with HiGHS, rounding to equally likely
tickets and the SHA-256 draw — is the generic engine in :mod:`stakeholders.selection.engine`,
which every other selection (dialogue invitations, COSOC, citizens' panels) shares.
"""

from __future__ import annotations

import math

from stakeholders.councils.model import build_program
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.selection.engine import Lottery, draw, lottery, ticket_count

__all__ = ["Lottery", "draw", "fair_lottery", "ticket_count", "uniform_share"]


def fair_lottery(pool: Pool, params: CouncilParams, time_limit: float = 120.0, max_rounds: int = 5000,
                 method: str = "maximin") -> Lottery:
    """The maximin (or leximin) distribution over valid councils, rounded to ``params.panels`` tickets."""
    prog = build_program(pool, params, grouped=True)
    return lottery(prog, params.panels, method, time_limit, max_rounds)


def uniform_share(pool: Pool, params: CouncilParams) -> float:
    """Seats ÷ eligible: the average selection probability, an upper bound for the minimum."""
    n = len(pool.frame)
    return params.total_seats / n if n else math.nan
