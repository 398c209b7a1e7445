"""Why a request is impossible, in Spanish, with counts, and the smallest change that fixes it.

Three steps: direct count checks (seats vs eligible organizations, rubros, provinces, gender,
inclusion), then a deletion filter over quota families that leaves a minimal set of families
that conflict, then one relaxation per family tried alone; the smallest that restores
feasibility is offered first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from i18n import t
from stakeholders.councils.explain import orgs_text, provinces_text, seats_text
from stakeholders.councils.model import FAMILIES, build_program, carry_cap, gender_cap
from stakeholders.councils.params import SEAT_SECTORS, CouncilParams
from stakeholders.councils.pool import Pool, build_pool
from stakeholders.errors import InfeasibleCouncilError

#: Rebuilds the candidate pool for a relaxed request.
Rebuild = Callable[[CouncilParams], Pool]


class CouncilInfeasible(InfeasibleCouncilError):
    """No council meets every quota; ``str()`` is the full Spanish explanation."""

    def __init__(self, conflicts: list[str], families: list[str], relaxations: list[str]) -> None:
        self.conflicts = conflicts
        self.families = families
        self.relaxations = relaxations
        lines = [t("consejo.infactible_titulo")] + [f"- {sentence(c)}" for c in conflicts]
        if families:
            lines.append(
                t("consejo.infactible_familias", familias=", ".join(t(f"consejo.familia_{f}") for f in families))
            )
        if relaxations:
            lines.append(t("consejo.infactible_relajacion", relajacion=relaxations[0]))
            lines += [t("consejo.infactible_alternativa", relajacion=r) for r in relaxations[1:]]
        super().__init__("\n".join(lines))


Rebuild = Callable[[CouncilParams], Pool]  # the pool of a relaxed request


def sentence(text: str) -> str:
    """A clause as a sentence: capital first letter, final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _sector(s: str) -> str:
    return t(f"consejo.sector_{s}")


def _feasible(pool: Pool, params: CouncilParams, drop: frozenset[str] = frozenset()) -> bool:
    prog = build_program(pool, params, grouped=True)
    return prog.solve(np.zeros(prog.n_units), drop=drop | {"provincias"}).ok


def _seat_checks(pool: Pool, params: CouncilParams) -> list[str]:
    out = []
    frame = pool.frame
    for sector in SEAT_SECTORS:
        k = params.seats.get(sector, 0)
        n = int((frame["asiento"] == sector).sum())
        if k > n:
            out.append(t("consejo.conflicto_asientos", asientos=seats_text(k), sector=_sector(sector),
                         organizaciones=orgs_text(n)))
        forced = int(((frame["asiento"] == sector) & frame["obligatoria"]).sum())
        if forced > k:
            out.append(t("consejo.conflicto_obligatorias", organizaciones=orgs_text(forced), sector=_sector(sector),
                             asientos=seats_text(k)))
    missing = sorted(set(params.must_include) - set(frame["id"]))
    if missing:
        out.append(t("consejo.conflicto_obligatoria_no_elegible", ids=", ".join(map(str, missing))))
    return out


def _province_checks(pool: Pool, params: CouncilParams) -> list[str]:
    out = []
    frame = pool.frame
    for sector in params.sector_province_cover:
        k = params.seats.get(sector, 0)
        if k <= 0:
            continue
        if k < len(pool.provinces):
            out.append(t("consejo.conflicto_provincias_asientos", asientos=seats_text(k), sector=_sector(sector),
                             provincias=provinces_text(len(pool.provinces))))
        present = set(frame.loc[frame["asiento"] == sector, "provincia_cobertura"].dropna())
        for prov, name in pool.provinces.items():
            if prov not in present:
                out.append(t("consejo.conflicto_provincia_sin_candidatos", asientos=seats_text(k),
                             sector=_sector(sector), provincia=name))
    return out


def _mix_checks(pool: Pool, params: CouncilParams) -> list[str]:  # noqa: C901 - one flat check per family
    out = []
    frame = pool.frame
    for sector, targets in pool.targets.items():
        sub = frame[frame["asiento"] == sector]
        transversal = int(sub["rubro"].isna().sum())
        short = {rubro: k - int((sub["rubro"] == rubro).sum()) for rubro, k in targets.items()}
        short = {rubro: gap for rubro, gap in short.items() if gap > 0}
        if sum(short.values()) > transversal:  # transversal organizations can fill any rubro's seat
            for rubro, gap in sorted(short.items()):
                k = targets[rubro]
                out.append(t("consejo.conflicto_rubro", asientos=seats_text(k), sector=_sector(sector), rubro=rubro,
                             n=k - gap, transversales=transversal))
    cap_room = {s: params.seats.get(s, 0) for s in SEAT_SECTORS}

    def reachable(mask: object) -> int:
        sub = frame[mask]
        return sum(min(cap_room[s], int((sub["asiento"] == s).sum())) for s in SEAT_SECTORS)

    total = params.total_seats
    if params.gender_rule == "maximo":
        cap = gender_cap(params)
        for sex, other in (("F", "M"), ("M", "F")):
            room = reachable(frame["genero"] != sex)
            if room < total - cap:
                out.append(
                    t(
                        "consejo.conflicto_genero",
                        cap=cap,
                        total=total,
                        sexo=t(f"consejo.sexo_{sex}"),
                        necesarios=seats_text(total - cap),
                        n=room,
                        otro=t(f"consejo.sexo_{other}"),
                    )
                )
    if params.inclusion_min > 0 and reachable(frame["excluido"]) < params.inclusion_min:
        out.append(t("consejo.conflicto_inclusion", asientos=seats_text(params.inclusion_min),
                       n=reachable(frame["excluido"])))
    for group, k in params.group_quotas.items():
        n = reachable(frame["grupos_representados"].map(lambda g, group=group: group in g))
        if k > n:
            out.append(t("consejo.conflicto_grupo", asientos=seats_text(k), grupo=group, n=n))
    if params.previous_members:
        room = reachable(~frame["anterior"])
        if room < total - carry_cap(params):
            out.append(
                t("consejo.conflicto_continuidad", cap=carry_cap(params),
                  necesarios=orgs_text(total - carry_cap(params)), n=room)
            )
    return out


def _minimal_families(pool: Pool, params: CouncilParams) -> list[str]:
    """Deletion filter: a minimal set of quota families that cannot hold together."""
    active = [f for f in FAMILIES if f not in ("asientos", "provincias")]
    if not _feasible(pool, params, frozenset(active)):
        return []
    keep = list(active)
    for family in active:
        trial = [f for f in keep if f != family]
        if not _feasible(pool, params, frozenset(f for f in active if f not in trial)):
            keep = trial
    return keep


def _relaxations(  # noqa: C901 - one flat branch per quota family
    candidates_pool: Pool, params: CouncilParams, families: list[str], rebuild: Rebuild, need_feasible: bool = True
) -> list[tuple[int, str, CouncilParams]]:
    """(size, text, relaxed params) of single-family relaxations, smallest first.

    With ``need_feasible`` only those that restore feasibility on their own; otherwise those that
    resolve the family's own conflict (used to chain relaxations when conflicts are independent).
    """
    found: list[tuple[int, str, CouncilParams]] = []
    total = params.total_seats
    last: list[CouncilParams] = []

    def works(new: CouncilParams) -> bool:
        last[:] = [new]
        if not need_feasible:
            return True
        return _feasible(rebuild(new), new)

    if "genero" in families:
        if params.gender_rule == "paridad" and works(params.with_(gender_rule="maximo")):
            found.append((1, t("consejo.relajar_paridad", pct=f"{params.max_share:.0%}"), last[0]))
        else:
            for cap in range(gender_cap(params) + 1, total + 1):
                new = params.with_(gender_rule="maximo", max_share=min(1.0, cap / total + 1e-9))
                if works(new):
                    found.append(
                        (
                            cap - gender_cap(params),
                            t("consejo.relajar_genero", cap=cap, total=total, pct=f"{cap / total:.0%}"),
                            last[0],
                        )
                    )
                    break
    for family, key in (("inclusion", "inclusion_min"),):
        if family in families:
            for k in range(getattr(params, key) - 1, -1, -1):
                if works(params.with_(**{key: k})):
                    found.append((getattr(params, key) - k, t("consejo.relajar_inclusion", k=k), last[0]))
                    break
    if "grupos" in families:
        for group, k in sorted(params.group_quotas.items()):
            for lower in range(k - 1, -1, -1):
                if works(params.with_(group_quotas={**params.group_quotas, group: lower})):
                    found.append((k - lower, t("consejo.relajar_grupo", grupo=group, k=lower), last[0]))
                    break
    if "rotacion" in families:
        for cap in range(carry_cap(params) + 1, total + 1):
            if works(params.with_(max_carry_share=min(1.0, cap / total + 1e-9))):
                found.append((cap - carry_cap(params), t("consejo.relajar_continuidad", cap=cap), last[0]))
                break
    if "provincias_sector" in families and works(params.with_(sector_province_cover=())):
        found.append((len(candidates_pool.provinces), t("consejo.relajar_provincias_sector"), last[0]))
    if "estructura_productiva" in families and works(params.with_(productive_structure=False)):
        found.append(
            (sum(sum(v.values()) for v in candidates_pool.targets.values()), t("consejo.relajar_rubros"), last[0])
        )
    if "federacion" in families and works(params.with_(one_per_parent=False)):
        found.append((2, t("consejo.relajar_federacion"), last[0]))
    if "obligatorias" in families:
        found += _more_seats(candidates_pool, params, works, last)
    if "obligatorias" in families and works(params.with_(must_include={})):
        found.append((len(params.must_include), t("consejo.relajar_obligatorias"), last[0]))
    return sorted(found, key=lambda x: x[0])


def _more_seats(pool: Pool, params: CouncilParams, works: Callable[[CouncilParams], bool], last: list[CouncilParams]
                ) -> list[tuple[int, str, CouncilParams]]:
    """Add as many seats as the planner's inclusions overflow a sector (smaller than dropping them all)."""
    forced = pool.frame[pool.frame["obligatoria"]]["asiento"].value_counts().to_dict()
    seats = dict(params.seats)
    changes, added = [], 0
    for sector in SEAT_SECTORS:
        extra = int(forced.get(sector, 0)) - int(seats.get(sector, 0))
        if extra > 0:
            seats[sector] = int(seats.get(sector, 0)) + extra
            added += extra
            changes.append(t("consejo.relajar_agregar_asientos", asientos=seats_text(extra), sector=_sector(sector),
                             total=seats[sector]))
    if changes and works(params.with_(seats=seats)):
        return [(added, "; ".join(changes), last[0])]
    return []


def _seat_relaxation(pool: Pool, params: CouncilParams) -> list[tuple[int, str, CouncilParams]]:
    frame = pool.frame
    seats = dict(params.seats)
    changes = []
    for sector in SEAT_SECTORS:
        n = int((frame["asiento"] == sector).sum())
        if seats.get(sector, 0) > n:
            changes.append(t("consejo.relajar_asientos", sector=_sector(sector), k=n))
            seats[sector] = n
    return [(1, "; ".join(changes), params.with_(seats=seats))] if changes and sum(seats.values()) > 0 else []


def diagnose(pool: Pool, params: CouncilParams, rebuild: Rebuild | None = None) -> CouncilInfeasible:
    """The explanation for a request known to be impossible.

    ``rebuild(params) -> Pool`` rebuilds the pool for a relaxed request (defaults to reusing the
    pool's own candidates).
    """
    if rebuild is None:
        source = pool.frame

        def reuse(new: CouncilParams) -> Pool:
            return build_pool(source, new.with_(sector_shares=pool.shares or None), pool.provinces)

        rebuild = reuse

    conflicts = _seat_checks(pool, params) + _province_checks(pool, params) + _mix_checks(pool, params)
    families = _minimal_families(pool, params)
    relax = _relaxations(pool, params, families, rebuild) if families else _seat_relaxation(pool, params)
    texts = [text for _, text, _ in relax]
    if not relax and families:
        texts = _chain(pool, params, families, rebuild)
    if not conflicts and families:
        conflicts = [t("consejo.conflicto_combinado", familias=", ".join(t(f"consejo.familia_{f}") for f in families))]
    return CouncilInfeasible(conflicts, families, texts)


def _chain(pool: Pool, params: CouncilParams, families: list[str], rebuild: Rebuild, depth: int = 3) -> list[str]:
    """Independent conflicts: relax the smallest one, look again, up to ``depth`` steps."""
    steps: list[str] = []
    current, current_pool, fams = params, pool, families
    for _ in range(depth):
        options = _relaxations(current_pool, current, fams, rebuild, need_feasible=False)
        if not options:
            return []
        _, text, current = options[0]
        steps.append(text)
        current_pool = rebuild(current)
        if _feasible(current_pool, current):
            return [t("consejo.relajacion_combinada", pasos="; ".join(steps))]
        fams = _minimal_families(current_pool, current) or [f for f in FAMILIES if f != "asientos"]
    return []
