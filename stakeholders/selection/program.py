"""Quotas on categories as a lottery program: ``program_from_categories(quotas, pool, k)``.

The generic builder next to the council rules: any selection the service makes (dialogue
invitations, a COSOC under Ley 20.500, a citizens' panel) states its quotas as
``feature, value, min, max`` rows — the Sortition Foundation's layout — over a pool with one
column per feature. Candidates with the same value on every feature (and the same fatigue flag
when fatigue is capped) are one type; the program has one row per quota, one for the panel size
and, with a fatigue cap, one for the fatigued members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.councils.model import Program
from stakeholders.errors import InputError

FAMILY_SIZE = "tamano"
FAMILY_QUOTA = "cuota"
FAMILY_FATIGUE = "fatiga"
FATIGUE_COLUMN = "fatigada"


@dataclass(frozen=True)
class Quota:
    """At least ``minimo`` and at most ``maximo`` panel members with ``feature == value``."""

    feature: str
    value: str
    minimo: int
    maximo: int

    @property
    def label(self) -> str:
        return f"{self.feature}={self.value}"


def features(quotas: Iterable[Quota]) -> list[str]:
    """Features in first-seen order."""
    seen: dict[str, None] = {}
    for q in quotas:
        seen.setdefault(q.feature, None)
    return list(seen)


def check_request(quotas: Sequence[Quota], pool: pd.DataFrame, k: int) -> None:
    """Spanish ``ValueError`` for a malformed request (not for an impossible one)."""
    if k < 1:
        raise InputError(t("seleccion.error_k", k=k))
    if k > len(pool):
        raise InputError(t("seleccion.error_k_pool", k=k, n=len(pool)))
    if "id" not in pool.columns:
        raise InputError(t("seleccion.error_sin_id"))
    if pool["id"].duplicated().any():
        dup = ", ".join(map(str, pool.loc[pool["id"].duplicated(), "id"].head(5)))
        raise InputError(t("seleccion.error_id_repetido", ids=dup))
    seen: set[tuple[str, str]] = set()
    for q in quotas:
        if q.minimo < 0 or q.maximo < q.minimo:
            raise InputError(t("seleccion.error_cuota_rango", cuota=q.label, min=q.minimo, max=q.maximo))
        if (q.feature, q.value) in seen:
            raise InputError(t("seleccion.error_cuota_repetida", cuota=q.label))
        seen.add((q.feature, q.value))
    for feature in features(quotas):
        if feature not in pool.columns:
            raise InputError(t("seleccion.error_columna", columna=feature))
        allowed = {q.value for q in quotas if q.feature == feature}
        values = pool[feature].astype(str)
        bad = pool.loc[~values.isin(allowed), "id"]
        if len(bad):
            raise InputError(t("seleccion.error_valor", columna=feature, ids=", ".join(map(str, bad.head(5))),
                               valor=str(values[~values.isin(allowed)].iloc[0]),
                               valores=", ".join(sorted(allowed))))


def make_types(pool: pd.DataFrame, names: Sequence[str], k: int, quotas: Sequence[Quota],
               split_fatigue: bool) -> pd.DataFrame:
    """One row per type: the feature values, ``fatigada``, ``ids``, ``capacidad``, ``minimo``."""
    keys = list(names) + ([FATIGUE_COLUMN] if split_fatigue else [])
    attrs = pool[keys].astype(str) if keys else pd.DataFrame(index=pool.index)
    if not keys:
        attrs = attrs.assign(_todos="1")
        keys = ["_todos"]
    grouped = pd.DataFrame({"clave": ["\x1f".join(row) for row in attrs[keys].itertuples(index=False)],
                            "id": pool["id"].to_numpy()}, index=pool.index)
    ids = grouped.groupby("clave", sort=True)["id"].agg(lambda s: tuple(sorted(s.tolist())))
    first = attrs.assign(clave=grouped["clave"]).drop_duplicates("clave").set_index("clave").loc[ids.index]
    units = first.reset_index(drop=True)
    units["ids"] = ids.to_list()
    caps = np.minimum(units["ids"].map(len).to_numpy(), k)
    top = {(q.feature, q.value): q.maximo for q in quotas}
    for name in names:
        caps = np.minimum(caps, units[name].map(lambda v, name=name: top[(name, v)]).to_numpy())
    units["capacidad"] = caps.astype(int)
    units["minimo"] = 0
    units["provincia"] = None
    return units


def program_from_categories(quotas: Sequence[Quota], pool: pd.DataFrame, k: int,
                            fatigue_cap: int | None = None, check: bool = True) -> Program:
    """The quota program for panels of ``k`` drawn from ``pool`` (``id`` plus one column per feature).

    ``fatigue_cap``: at most that many members with ``pool["fatigada"]`` true (None: no rule).
    ``check=False`` when the request was already checked on the whole pool (a rule may have left
    fewer than ``k``: that is an impossible request, not a malformed one).
    """
    if check:
        check_request(quotas, pool, k)
    names = features(quotas)
    split = fatigue_cap is not None and FATIGUE_COLUMN in pool.columns
    units = make_types(pool, names, k, quotas, split)
    prog = Program(units, [])
    prog.add(FAMILY_SIZE, "tamano", {i: 1.0 for i in range(len(units))}, float(k), float(k))
    for q in quotas:
        members = {int(i): 1.0 for i in np.flatnonzero((units[q.feature] == q.value).to_numpy())}
        prog.add(FAMILY_QUOTA, q.label, members, float(q.minimo), float(q.maximo))
    if split:
        tired = {int(i): 1.0 for i in np.flatnonzero((units[FATIGUE_COLUMN] == "True").to_numpy())}
        prog.add(FAMILY_FATIGUE, "fatiga", tired, -np.inf, float(fatigue_cap))
    return prog
