"""Can each region seat a balanced council today, under the default rules? If not, what is the least to relax?

Uses the councils module as the council page does: the region's candidates
(:func:`~stakeholders.councils.eligibility.candidates_from_frames`), the default
:class:`~stakeholders.councils.params.CouncilParams` (3 + 3 + 3 + 2 seats, no sex above 60 %,
one member representing a group at risk of exclusion, productive structure, rotation against
the current council), the same feasibility test as the infeasibility diagnosis, and, when
impossible, the diagnosis' first (smallest) relaxation in Spanish.

Whether a council exists does not depend on the ranking score, so :func:`feasibility_candidates`
builds the candidates as :func:`~stakeholders.councils.eligibility.candidates_from_frames` does but
without the score's network columns (reach, brokerage: betweenness over each region's graph), which
would cost seconds per region; fatigue and affiliation parents, which the quotas use, are computed
the same way (a test holds the two builders to the same rows).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.councils.eligibility import RegistryFrames, current_council, is_chair
from stakeholders.councils.infeasibility import diagnose
from stakeholders.councils.model import build_program
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import build_pool
from stakeholders.network import parents, participation_load
from stakeholders.repository import present_in_region

COLUMNS = ("consejo_factible", "consejo_relajacion")


def feasibility(candidates: pd.DataFrame, params: CouncilParams, provinces: dict[str, str] | None = None
                ) -> tuple[bool, str]:
    """(feasible, smallest relaxation in Spanish or "")."""
    if candidates.empty:
        return False, t("comparar.consejo_sin_candidatos")
    pool = build_pool(candidates, params, provinces)
    program = build_program(pool, params, grouped=True)
    if program.solve(np.zeros(program.n_units), drop=frozenset({"provincias"})).ok:
        return True, ""
    problem = diagnose(pool, params, lambda p: build_pool(candidates, p, provinces))
    if problem.relaxations:
        return False, problem.relaxations[0]
    return False, "; ".join(problem.conflicts) or t("comparar.consejo_sin_relajacion")


def _with_ids(frame: pd.DataFrame | None, ids: set[int]) -> pd.DataFrame | None:
    if frame is None or frame.empty or "organizacion_id" not in frame.columns:
        return None
    return frame[frame["organizacion_id"].isin(ids)]


def feasibility_candidates(frames: RegistryFrames, region_cut: str, as_of: date) -> pd.DataFrame:
    """The region's candidates with what the quotas need (eligibility, coverage province, fatigue, parent)."""
    orgs = frames.orgs
    if "activo" in orgs.columns:
        orgs = orgs[orgs["activo"].astype(bool)]
    orgs = orgs[present_in_region(orgs, region_cut)]
    if orgs.empty:
        return orgs.iloc[0:0]
    orgs = orgs[~orgs["nombre"].map(is_chair).astype(bool)].reset_index(drop=True)
    out = orgs.copy()
    out["provincia_cobertura"] = orgs["provincia_cut"].where(orgs["region_cut"] == region_cut, None)
    ids = set(orgs["id"].astype(int))
    attendance, memberships = _with_ids(frames.attendance, ids), _with_ids(frames.memberships, ids)
    fatigued: set[int] = set()
    if attendance is not None or memberships is not None:
        load = participation_load(attendance, memberships, as_of)
        fatigued = set(load.loc[load["fatigada"], "organizacion_id"].astype(int))
    parent = parents(frames.relationships)
    out["fatigada"] = out["id"].astype(int).isin(fatigued)
    out["padre_id"] = out["id"].map(lambda i: parent.get(int(i)))
    return out


def council_figures(frames: RegistryFrames, codes: list[str], national: str, as_of: date,
                    provinces_of: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """Per region: feasible (1/0) and the relaxation text; national row: share of feasible regions."""
    rows: dict[str, dict[str, object]] = {}
    feasible = 0
    for code in codes:
        current = current_council(frames.memberships, code, as_of)
        params = CouncilParams(previous_members=tuple(sorted(int(i) for i in current["organizacion_id"])))
        candidates = feasibility_candidates(frames, code, as_of)
        ok, text = feasibility(candidates, params, (provinces_of or {}).get(code))
        rows[code] = {"consejo_factible": 1.0 if ok else 0.0, "consejo_relajacion": text}
        feasible += int(ok)
    rows[national] = {"consejo_factible": np.nan,
                      "consejo_relajacion": t("comparar.consejo_nacional", n=feasible, total=len(codes))}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "region_cut"
    return out
