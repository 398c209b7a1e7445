"""Check a panel against every quota, independently of the solver: required vs achieved.

This is the published table of a proposal ("restricciones") and what the property tests use to
verify that each proposal really meets its quotas: it recounts from the candidates, never from
the integer program.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

from i18n import t
from stakeholders.councils.model import carry_cap, gender_cap
from stakeholders.councils.params import SEAT_SECTORS, CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.vocab import GROUPS


@dataclass(frozen=True)
class Quota:
    familia: str
    nombre: str
    requerido: str
    logrado: str
    cumple: bool

    def public(self) -> dict[str, object]:
        """The four keys of the JSON export."""
        data = asdict(self)
        data.pop("familia")
        return data


def _rows(pool: Pool, ids: Iterable[int]) -> pd.DataFrame:
    wanted = [int(i) for i in ids]
    return pool.by_id.reindex(wanted)


def _sector(sector: str) -> str:
    return t(f"consejo.sector_{sector}")


def _seat_quotas(params: CouncilParams, sel: pd.DataFrame) -> list[Quota]:
    out = []
    counts = Counter(sel["asiento"])
    for sector in SEAT_SECTORS:
        k = params.seats.get(sector, 0)
        got = counts.get(sector, 0)
        out.append(Quota("asientos", t("consejo.q_asientos", sector=_sector(sector)), str(k), str(got), got == k))
    return out


def _gender_quota(params: CouncilParams, sel: pd.DataFrame) -> Quota:
    g = Counter(sel["genero"])
    achieved = t("consejo.q_genero_logrado", f=g.get("F", 0), m=g.get("M", 0), o=g.get("O", 0))
    if params.gender_rule == "paridad":
        return Quota("genero", t("consejo.q_paridad"), "|F − M| ≤ 1", achieved, abs(g.get("F", 0) - g.get("M", 0)) <= 1)
    cap = gender_cap(params)
    ok = g.get("F", 0) <= cap and g.get("M", 0) <= cap
    return Quota("genero", t("consejo.q_genero_maximo", pct=f"{params.max_share:.0%}"), f"≤ {cap}", achieved, ok)


def _province_quotas(pool: Pool, params: CouncilParams, sel: pd.DataFrame, coverage_target: int) -> list[Quota]:
    out = []
    with_candidates = pool.coverage_provinces
    covered = set(sel["provincia_cobertura"].dropna())
    if params.province_coverage and with_candidates:
        got = len(covered & set(with_candidates))
        out.append(
            Quota(
                "provincias",
                t("consejo.q_provincias", total=len(with_candidates)),
                f"≥ {coverage_target}",
                str(got),
                got >= coverage_target,
            )
        )
    for sector in params.sector_province_cover:
        if params.seats.get(sector, 0) <= 0:
            continue
        in_sector = set(sel.loc[sel["asiento"] == sector, "provincia_cobertura"].dropna())
        for prov, name in pool.provinces.items():
            got = int(prov in in_sector)
            out.append(
                Quota(
                    "provincias_sector",
                    t("consejo.q_provincia_sector", sector=_sector(sector), provincia=name),
                    "≥ 1",
                    str(got),
                    got >= 1,
                )
            )
    return out


def _productive_quotas(pool: Pool, sel: pd.DataFrame) -> list[Quota]:
    """Per rubro: its organizations hold at most its seats; transversal organizations fill the rest."""
    out = []
    for sector, targets in pool.targets.items():
        sub = sel[sel["asiento"] == sector]
        counts = Counter(r for r in sub["rubro"] if isinstance(r, str))
        for rubro, k in sorted(targets.items()):
            got = counts.get(rubro, 0)
            name = t("consejo.q_rubro", sector=_sector(sector), rubro=rubro,
                     participacion=f"{pool.shares.get(rubro, 0):.1%}".replace(".", ","))
            out.append(Quota("estructura_productiva", name, f"≤ {k}", str(got), got <= k))
        transversal = int(sum(1 for r in sub["rubro"] if not isinstance(r, str)))
        others = sum(v for r, v in counts.items() if r not in targets)
        if targets:
            out.append(Quota("estructura_productiva", t("consejo.q_transversales", sector=_sector(sector)),
                             t("consejo.q_transversales_requerido"), str(transversal), others == 0))
    return out


def _group_quotas(params: CouncilParams, sel: pd.DataFrame) -> list[Quota]:
    out = []
    if params.inclusion_min > 0:
        got = int(sel["excluido"].sum())
        out.append(
            Quota(
                "inclusion",
                t("consejo.q_inclusion"),
                f"≥ {params.inclusion_min}",
                str(got),
                got >= params.inclusion_min,
            )
        )
    for group, k in sorted(params.group_quotas.items()):
        if k <= 0:
            continue
        got = int(sel["grupos_representados"].map(lambda g, group=group: group in g).sum())
        out.append(Quota("grupos", t("consejo.q_grupo", grupo=GROUPS.get(group, group)), f"≥ {k}", str(got), got >= k))
    return out


def _other_quotas(params: CouncilParams, sel: pd.DataFrame) -> list[Quota]:
    out = []
    if params.previous_members:
        cap = carry_cap(params)
        got = int(sel["anterior"].sum())
        out.append(
            Quota(
                "rotacion",
                t("consejo.q_continuidad", pct=f"{params.max_carry_share:.0%}"),
                f"≤ {cap}",
                str(got),
                got <= cap,
            )
        )
    if params.one_per_parent:
        keys = Counter(k for ks in sel["padres"] for k in ks)
        worst = max(keys.values(), default=0)
        out.append(Quota("federacion", t("consejo.q_federacion"), "≤ 1", str(worst), worst <= 1))
    ids = set(sel.index)
    for org_id in sorted(params.must_include):
        got = int(org_id in ids)
        out.append(Quota("obligatorias", t("consejo.q_obligatoria", id=org_id), "1", str(got), got == 1))
    for org_id in sorted(params.must_exclude):
        got = int(org_id in ids)
        out.append(Quota("obligatorias", t("consejo.q_excluida", id=org_id), "0", str(got), got == 0))
    return out


def check_panel(pool: Pool, params: CouncilParams, ids: Iterable[int], coverage_target: int = 0) -> list[Quota]:
    """Every quota of ``params`` recounted on the chosen ``ids`` (unknown ids fail the seat counts)."""
    sel = _rows(pool, ids)
    sel = sel[sel["asiento"].notna()]
    return (
        _seat_quotas(params, sel)
        + [_gender_quota(params, sel)]
        + _province_quotas(pool, params, sel, coverage_target)
        + _productive_quotas(pool, sel)
        + _group_quotas(params, sel)
        + _other_quotas(params, sel)
    )


def all_met(quotas: Iterable[Quota]) -> bool:
    return all(q.cumple for q in quotas)
