"""Alternates (suplentes): for each seat, who could replace the member without breaking a quota."""

from __future__ import annotations

import pandas as pd

from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.quotas import all_met, check_panel

MAX_TRIES_PER_SEAT = 300


def alternates(
    pool: Pool,
    params: CouncilParams,
    ids: list[int],
    scores: pd.DataFrame,
    coverage_target: int,
    per_seat: int | None = None,
) -> pd.DataFrame:
    """``titular_id, orden, id``: candidates of the same seat whose swap keeps every quota — the most
    alike first (rubro, province, gender), then by score; each serves one seat at most."""
    per_seat = params.alternates_per_seat if per_seat is None else per_seat
    frame = pool.frame.merge(scores[["id", "puntaje"]], on="id", how="left")
    frame = frame.sort_values(["puntaje", "id"], ascending=[False, True])
    taken = set(ids)
    rows = []
    info = frame.set_index("id")
    for member in ids:
        me = info.loc[member]
        same = frame[(frame["asiento"] == me["asiento"]) & ~frame["id"].isin(taken)]
        # Most alike first (same rubro, province, gender): those swaps keep the quotas; then by score.
        alike = (
            (same["rubro"] == me["rubro"]).astype(int) * 4
            + (same["provincia_cobertura"] == me["provincia_cobertura"]).astype(int) * 2
            + (same["genero"] == me["genero"]).astype(int)
        )
        options = (
            same.assign(_alike=alike.to_numpy())
            .sort_values(["_alike", "puntaje", "id"], ascending=[False, False, True])["id"]
            .tolist()
        )
        found = 0
        for candidate in options[:MAX_TRIES_PER_SEAT]:
            if found >= per_seat:
                break
            panel = [candidate if i == member else i for i in ids]
            if all_met(check_panel(pool, params, panel, coverage_target)):
                found += 1
                taken.add(candidate)
                rows.append({"titular_id": int(member), "orden": found, "id": int(candidate)})
    return pd.DataFrame(rows, columns=["titular_id", "orden", "id"])
