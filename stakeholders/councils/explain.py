"""Why each member is in: seat, quotas it helps meet, overrides, score or lottery chance."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from i18n import t
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.vocab import EXCLUDED_GROUPS, GROUPS, RUBROS


def seats_text(n: int) -> str:
    """«1 asiento» / «3 asientos» (Spanish singular and plural)."""
    return t("consejo.asientos_1") if n == 1 else t("consejo.asientos_n", n=n)


def spanish_list(items: list[str]) -> str:
    """«A», «A y C», «A, C y G»."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1] if items else ""


def orgs_text(n: int) -> str:
    """«1 organización» / «4 organizaciones»."""
    return t("consejo.organizaciones_1") if n == 1 else t("consejo.organizaciones_n", n=n)


def provinces_text(n: int) -> str:
    return t("consejo.provincias_1") if n == 1 else t("consejo.provincias_n", n=n)


def _score_reason(row: pd.Series, scores: pd.DataFrame, sector_size: int) -> str:
    return t("consejo.razon_puntaje", puntaje=f"{row['puntaje']:.3f}", posicion=int(row["posicion_sector"]),
             total=sector_size, tamano=f"{row['tamano']:.2f}", alcance=f"{row['alcance']:.2f}",
             intermediacion=f"{row['intermediacion']:.2f}", cobertura=f"{row['cobertura']:.2f}")


def reasons(pool: Pool, params: CouncilParams, ids: list[int], scores: pd.DataFrame,
            probabilities: pd.DataFrame | None = None) -> dict[int, list[str]]:
    """Spanish reasons per member id, most decisive first."""
    frame = pool.frame.set_index("id")
    ranked = scores.merge(pool.frame[["id", "asiento"]], on="id")
    ranked["posicion_sector"] = ranked.groupby("asiento")["puntaje"].rank(method="first", ascending=False)
    ranked = ranked.sort_values(["asiento", "puntaje", "id"], ascending=[True, False, True])
    ranked["posicion_sector"] = ranked.groupby("asiento").cumcount() + 1
    ranked = ranked.set_index("id")
    sector_sizes = pool.frame["asiento"].value_counts().to_dict()
    chosen = frame.loc[ids]
    prov_counts = Counter(chosen["provincia_cobertura"].dropna())
    prob = probabilities.set_index("id")["probabilidad"] if probabilities is not None else None
    out: dict[int, list[str]] = {}
    for org_id, row in chosen.iterrows():
        sector = row["asiento"]
        items = [t("consejo.razon_asiento", sector=t(f"consejo.sector_{sector}"))]
        if org_id in params.must_include:
            items.append(t("consejo.razon_obligatoria", motivo=params.must_include[org_id]))
        if row.get("fatigada") and org_id in params.fatigue_override:
            items.append(t("consejo.razon_fatiga_autorizada", motivo=params.fatigue_override[org_id]))
        prov = row["provincia_cobertura"]
        if isinstance(prov, str) and prov_counts[prov] == 1:
            items.append(t("consejo.razon_provincia", provincia=pool.province_name(prov)))
        target = pool.targets.get(sector, {}).get(row["rubro"]) if isinstance(row["rubro"], str) else None
        if target:
            items.append(t("consejo.razon_rubro", rubro=row["rubro"], nombre=RUBROS.get(row["rubro"], ""),
                           asientos=seats_text(int(target)),
                           participacion=f"{pool.shares.get(row['rubro'], 0):.1%}"))
        groups = sorted(set(row["grupos_representados"]) & EXCLUDED_GROUPS)
        if groups:
            items.append(t("consejo.razon_inclusion", grupos=", ".join(GROUPS.get(g, g) for g in groups)))
        if row["anterior"]:
            items.append(t("consejo.razon_continuidad"))
        if prob is not None:
            chance = f"{float(prob.get(org_id, 0.0)):.1%}".replace(".", ",")
            items.append(t("consejo.razon_sorteo", probabilidad=chance))
        else:
            items.append(_score_reason(ranked.loc[org_id], scores, int(sector_sizes.get(sector, 0))))
        out[int(org_id)] = items
    return out


def _rubro_reason(row: pd.Series, pool: Pool) -> str | None:
    targets = pool.targets.get(row["asiento"]) or {}
    rubro = row["rubro"]
    if not targets or not isinstance(rubro, str) or rubro in targets:
        return None
    return t("consejo.cero_rubro", rubro=rubro, nombre=RUBROS.get(rubro, ""),
             sector=t(f"consejo.sector_{row['asiento']}"), rubros=spanish_list(sorted(targets)))


def unreachable_reasons(pool: Pool, params: CouncilParams, ids: list[int]) -> dict[int, str]:
    """Why each of ``ids`` (eligible, probability 0) is in no valid council, in one sentence."""
    frame = pool.frame.set_index("id")
    forced_keys = {k for ks in pool.frame.loc[pool.frame["obligatoria"], "padres"] for k in ks}
    names = pool.frame.set_index("id")["nombre"]
    out: dict[int, str] = {}
    for org_id in ids:
        row = frame.loc[org_id]
        reason = _rubro_reason(row, pool)
        if reason is None and set(row["padres"]) & forced_keys and not row["obligatoria"]:
            parent = next(iter(set(row["padres"]) & forced_keys)).split("|")[0]
            reason = t("consejo.cero_federacion", federacion=str(names.get(int(parent), parent)))
        if reason is None and row["anterior"] and params.previous_members and params.max_carry_share <= 0:
            reason = t("consejo.cero_continuidad")
        out[int(org_id)] = reason or t("consejo.cero_cuotas", sector=t(f"consejo.sector_{row['asiento']}"))
    return out
