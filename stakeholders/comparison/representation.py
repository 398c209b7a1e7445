"""Who the organizations speak for: representatives' gender and groups at risk of labour exclusion.

Shares are over *all* organizations present in the region (so women + men + non-binary + not
declared = 100 %). A group "has no organization" in a region when no organization present there
declares it among ``grupos_representados``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.indicators import region_presence
from stakeholders.vocab import EXCLUDED_GROUPS, GROUPS

DECLARED = frozenset({"F", "M", "X"})
EXCLUDED_ORDER: tuple[str, ...] = tuple(g for g in GROUPS if g in EXCLUDED_GROUPS)


def _figures(frame: pd.DataFrame) -> dict[str, object]:
    n = len(frame)
    gender = frame["genero_representante"]
    present = {g for groups in frame["grupos_representados"] for g in (groups or ())}
    missing = [g for g in EXCLUDED_ORDER if g not in present]
    return {
        "pct_mujeres": (gender.eq("F").sum() / n * 100) if n else np.nan,
        "pct_genero_no_declarado": (~gender.isin(DECLARED)).sum() / n * 100 if n else np.nan,
        "grupos_sin_organizacion": len(missing),
        "grupos_faltantes_claves": missing,
        "grupos_faltantes": ", ".join(GROUPS[g] for g in missing),
    }


def representation(orgs: pd.DataFrame, codes: list[str], national: str) -> pd.DataFrame:
    """Per region (and ``national``): % women, % not declared, excluded groups with no organization."""
    attrs = orgs[["id", "genero_representante", "grupos_representados"]]
    presence = region_presence(orgs).merge(attrs, on="id", how="left")
    by_region = dict(tuple(presence.groupby("region_cut")))
    empty = presence.iloc[0:0]
    rows = {code: _figures(by_region.get(code, empty)) for code in codes}
    rows[national] = _figures(orgs.drop_duplicates("id"))
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "region_cut"
    return out
