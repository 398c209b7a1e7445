"""Why no panel meets the quotas, in Spanish, with counts, and the smallest change that fixes it.

The same three steps as the councils' diagnosis: direct count checks per quota and per feature;
a deletion filter over features leaving a minimal set that conflict; one relaxation per quota
tried alone, smallest first. The fatigue rule is checked on its own: when the request is
possible with the whole pool but not without the fatigued candidates, that is the reason given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from i18n import t
from stakeholders.selection.fatigue import FatigueRule, tired_mask
from stakeholders.selection.program import Quota, features, program_from_categories


class SelectionInfeasible(ValueError):
    """No panel meets every quota; ``str()`` is the full Spanish explanation."""

    def __init__(self, conflicts: list[str], families: list[str], relaxations: list[str], fatigue: bool) -> None:
        self.conflicts = conflicts
        self.families = families
        self.relaxations = relaxations
        self.fatigue = fatigue
        lines = [t("seleccion.infactible_titulo")] + [f"- {c}" for c in conflicts]
        if families:
            lines.append(t("seleccion.infactible_caracteristicas", caracteristicas=", ".join(families)))
        if relaxations:
            lines.append(t("seleccion.infactible_relajacion", relajacion=relaxations[0]))
            lines += [t("seleccion.infactible_alternativa", relajacion=r) for r in relaxations[1:]]
        super().__init__("\n".join(lines))


def feasible(quotas: Sequence[Quota], pool: pd.DataFrame, k: int, cap: int | None = None) -> bool:
    """Does any panel of ``k`` from ``pool`` meet every quota (and the fatigue cap)?"""
    if k > len(pool) or k < 1:
        return False
    prog = program_from_categories(quotas, pool, k, cap, check=False)
    return prog.solve(np.zeros(prog.n_units)).ok


def count_checks(quotas: Sequence[Quota], pool: pd.DataFrame, k: int) -> list[str]:
    """Conflicts visible by counting: too few candidates for a minimum, bounds that cannot add to k."""
    out = []
    if k > len(pool):
        out.append(t("seleccion.conflicto_tamano", k=k, n=len(pool)))
    for feature in features(quotas):
        rows = [q for q in quotas if q.feature == feature]
        present = pool[feature].astype(str).value_counts() if feature in pool.columns else pd.Series(dtype=int)
        for q in rows:
            n = int(present.get(q.value, 0))
            if q.minimo > n:
                out.append(t("seleccion.conflicto_minimo", cuota=q.label, min=q.minimo, n=n))
        low = sum(q.minimo for q in rows)
        reach = sum(min(q.maximo, int(present.get(q.value, 0))) for q in rows)
        if low > k:
            out.append(t("seleccion.conflicto_suma_minimos", caracteristica=feature, suma=low, k=k))
        if reach < k:
            out.append(t("seleccion.conflicto_suma_maximos", caracteristica=feature, suma=reach, k=k))
    return out


def _free(quotas: Sequence[Quota], dropped: set[str], k: int) -> list[Quota]:
    return [replace(q, minimo=0, maximo=k) if q.feature in dropped else q for q in quotas]


def minimal_features(quotas: Sequence[Quota], pool: pd.DataFrame, k: int, cap: int | None) -> list[str]:
    """Deletion filter: a minimal set of features whose quotas cannot hold together."""
    names = features(quotas)
    if not feasible(_free(quotas, set(names), k), pool, k, cap):
        return []
    keep = list(names)
    for name in names:
        trial = [f for f in keep if f != name]
        if not feasible(_free(quotas, set(names) - set(trial), k), pool, k, cap):
            keep = trial
    return keep


def relaxations(quotas: Sequence[Quota], pool: pd.DataFrame, k: int, cap: int | None, names: list[str]
                ) -> list[str]:
    """One quota changed alone (minimum down or maximum up), smallest change first."""
    found: list[tuple[int, str]] = []
    for i, q in enumerate(quotas):
        if q.feature not in names:
            continue
        for step in range(1, k + 1):
            tried = False
            if q.minimo - step >= 0:
                tried = True
                trial = [*quotas[:i], replace(q, minimo=q.minimo - step), *quotas[i + 1:]]
                if feasible(trial, pool, k, cap):
                    found.append((step, t("seleccion.relajar_minimo", cuota=q.label, min=q.minimo - step)))
                    break
            if q.maximo + step <= k:
                tried = True
                trial = [*quotas[:i], replace(q, maximo=q.maximo + step), *quotas[i + 1:]]
                if feasible(trial, pool, k, cap):
                    found.append((step, t("seleccion.relajar_maximo", cuota=q.label, max=q.maximo + step)))
                    break
            if not tried:
                break
    return [text for _, text in sorted(found, key=lambda x: x[0])]


def _fatigue_conflict(quotas: Sequence[Quota], full: pd.DataFrame, used: pd.DataFrame, k: int,
                      rule: FatigueRule) -> list[str]:
    """When the rule alone makes the request impossible: say so, with the quotas it starves."""
    lost = len(full) - len(used) if rule.regla == "excluir" else int(tired_mask(full, rule).sum())
    starved = []
    for q in quotas:
        before = int((full[q.feature].astype(str) == q.value).sum())
        after = int((used[q.feature].astype(str) == q.value).sum())
        if rule.regla == "limitar":
            after = int(((full[q.feature].astype(str) == q.value) & ~tired_mask(full, rule)).sum()) + rule.tope
        if q.minimo > after and q.minimo <= before:
            starved.append(t("seleccion.cuota_sin_candidatos", cuota=q.label, min=q.minimo, n=after))
    text = t("seleccion.conflicto_fatiga", n=lost, regla=t(f"seleccion.regla_{rule.regla}"))
    return [text + (" " + "; ".join(starved) if starved else "")]


def diagnose(quotas: Sequence[Quota], full: pd.DataFrame, used: pd.DataFrame, k: int, rule: FatigueRule
             ) -> SelectionInfeasible:
    """The explanation for a request known to be impossible on ``used`` (``full`` before the fatigue rule)."""
    cap = rule.tope if rule.regla == "limitar" else None
    if rule.regla != "ninguna" and feasible(quotas, full, k):
        conflicts = _fatigue_conflict(quotas, full, used, k, rule) + count_checks(quotas, used, k)
        return SelectionInfeasible(conflicts, [], [t("seleccion.relajar_fatiga")], fatigue=True)
    conflicts = count_checks(quotas, used, k)
    names = minimal_features(quotas, used, k, cap) if k <= len(used) else []
    relax = relaxations(quotas, used, k, cap, names) if names else []
    if not conflicts and names:
        conflicts = [t("seleccion.conflicto_combinado", caracteristicas=", ".join(names))]
    if not conflicts:
        conflicts = [t("seleccion.conflicto_desconocido")]
    return SelectionInfeasible(conflicts, names, relax, fatigue=False)
