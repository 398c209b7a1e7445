"""One proposal end to end, as a pure function of the candidates frame and the parameters.

``compose`` validates the request, builds the pool, runs Optimizar or Sorteo, and returns a
:class:`Proposal` with members, alternates, quotas (required vs achieved), reasons, scores and,
in lottery mode, every candidate's probability. An impossible request raises
:class:`~stakeholders.councils.infeasibility.CouncilInfeasible` with the Spanish explanation.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from i18n import t
from stakeholders.councils.alternates import alternates
from stakeholders.councils.explain import reasons, unreachable_reasons
from stakeholders.councils.infeasibility import diagnose
from stakeholders.councils.lottery import Lottery, draw, fair_lottery, uniform_share
from stakeholders.councils.optimize import NoPanel, optimize
from stakeholders.councils.params import MODES, SEAT_SECTORS, CouncilParams
from stakeholders.councils.pool import Pool, build_pool
from stakeholders.councils.quotas import Quota, check_panel
from stakeholders.councils.scoring import formula_text, score
from stakeholders.errors import InputError

PUBLIC_COLUMNS = [
    "id",
    "nombre",
    "rut",
    "sector_tripartito",
    "genero_representante",
    "provincia_cut",
    "comuna_cut",
    "rubro",
    "grupos_representados",
]


@dataclass
class Proposal:
    region_cut: str
    region_nombre: str
    modo: str
    semilla: int | None
    params: CouncilParams
    members: pd.DataFrame  # PUBLIC_COLUMNS + razones, puntaje, probabilidad?, latitud, longitud
    alternates: pd.DataFrame  # titular_id, orden + PUBLIC_COLUMNS
    quotas: list[Quota]
    scores: pd.DataFrame  # every eligible candidate: id, nombre, sector, components, puntaje, posicion
    excluded: pd.DataFrame  # id, nombre, sector_tripartito, motivo
    warnings: list[str]
    data_hash: str
    probabilities: pd.DataFrame | None = None  # id, nombre, sector_tripartito, probabilidad
    lottery: dict[str, Any] = field(default_factory=dict)
    formula: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, for the benchmark (not recorded)

    @property
    def ids(self) -> list[int]:
        return [int(i) for i in self.members["id"]]

    def to_json_dict(self) -> dict[str, Any]:
        """The published JSON (keys exactly as in the specification)."""
        out: dict[str, Any] = {
            "region": self.region_cut,
            "modo": self.modo,
            "semilla": self.semilla,
            "asientos": {s: int(self.params.seats.get(s, 0)) for s in SEAT_SECTORS},
            "miembros": [_public(r, with_reasons=True) for r in self.members.to_dict("records")],
            "suplentes": [
                {"titular_id": int(r["titular_id"]), "orden": int(r["orden"]), **_public(r)}
                for r in self.alternates.to_dict("records")
            ],
            "restricciones": [q.public() for q in self.quotas],
        }
        if self.modo == "sorteo" and self.probabilities is not None:
            out["probabilidades"] = [
                {"id": int(r["id"]), "nombre": r["nombre"], "probabilidad": float(r["probabilidad"])}
                for r in self.probabilities.to_dict("records")
            ]
        return out


def _clean(value: Any) -> Any:
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is None:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _public(row: Mapping[str, Any], with_reasons: bool = False) -> dict[str, Any]:
    out = {c: _clean(row.get(c)) for c in PUBLIC_COLUMNS}
    out["id"] = int(row["id"])
    out["grupos_representados"] = list(row.get("grupos_representados") or [])
    if with_reasons:
        out["razones"] = list(row.get("razones") or [])
    return out


def data_hash(candidates: pd.DataFrame) -> str:
    """SHA-256 of the candidate data the proposal used (sorted by id; list columns as JSON)."""
    frame = candidates.sort_values("id").reset_index(drop=True)
    payload = json.dumps(
        frame.astype(object).where(frame.notna(), None).to_dict("records"),
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _details(pool: Pool, ids: list[int], extra: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = pool.frame.set_index("id").loc[ids].reset_index()
    cols = [c for c in PUBLIC_COLUMNS + ["latitud", "longitud", "asiento", "provincia_cobertura"] if c in frame.columns]
    out = frame[cols].copy()
    if extra is not None:
        out = out.merge(extra, on="id", how="left")
    return out


def _select(
    pool: Pool, params: CouncilParams, mode: str, seed: int | None, scores: pd.DataFrame
) -> tuple[list[int], int, Lottery | None, int | None]:
    if mode == "optimizar":
        ids, target = optimize(pool, params, scores)
        return ids, target, None, seed
    lottery = fair_lottery(pool, params)
    seed = secrets.randbelow(10**9) if seed is None else int(seed)
    ids, _ticket = draw(lottery, seed)
    return ids, lottery.coverage_target, lottery, seed


def compose(
    candidates: pd.DataFrame,
    params: CouncilParams,
    *,
    mode: str = "optimizar",
    seed: int | None = None,
    region_cut: str = "",
    region_nombre: str = "",
    region_provinces: Mapping[str, str] | None = None,
    extra_warnings: list[str] | None = None,
) -> Proposal:
    """The proposal for one region (raises ``CouncilInfeasible`` with the explanation)."""
    if mode not in MODES:
        raise InputError(t("consejo.error_modo", modo=mode, modos=", ".join(MODES)))
    params.validate()
    clock = [time.perf_counter()]
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        clock.append(time.perf_counter())
        timings[name] = clock[-1] - clock[-2]

    pool = build_pool(candidates, params, region_provinces)
    scores = score(pool.frame, params.weights)
    lap("candidatos")
    try:
        ids, target, lottery, seed = _select(pool, params, mode, seed, scores)
    except NoPanel:
        raise diagnose(pool, params, lambda p: build_pool(candidates, p, region_provinces)) from None
    lap("seleccion")
    if lottery is not None:
        timings.update({f"sorteo_{k}": v for k, v in lottery.timings.items()})
    probs = lottery.probabilities() if lottery is not None else None
    why = reasons(pool, params, ids, scores, probs)
    extra = scores[["id", "puntaje"]]
    if probs is not None:
        extra = extra.merge(probs, on="id", how="left")
    members = _details(pool, ids, extra)
    members["razones"] = members["id"].map(why)
    members = members.sort_values(["asiento", "id"], key=lambda s: s.map(_seat_order) if s.name == "asiento" else s)
    alt = alternates(pool, params, members["id"].tolist(), scores, target)
    alt_rows = (
        alt.merge(_details(pool, alt["id"].tolist(), extra), on="id", how="left")
        if len(alt)
        else pd.DataFrame(columns=["titular_id", "orden", *PUBLIC_COLUMNS])
    )
    lap("explicacion_y_suplentes")
    names = pool.frame[["id", "nombre", "sector_tripartito"]]
    lottery_info: dict[str, Any] = {}
    if lottery is not None:
        probs = lottery_table(pool, params, names.merge(probs, on="id"))
        lottery_info = {
            "paneles": int(lottery.m),
            "paneles_distintos": int(len(lottery.tickets)),
            "maximin_lp": lottery.maximin_lp,
            "minimo_redondeado": lottery.minimum,
            "proporcion_uniforme": uniform_share(pool, params),
            "iteraciones": lottery.iterations,
            "boleto": draw(lottery, int(seed))[1] if seed is not None else None,
        }
    quotas = check_panel(pool, params, ids, target)
    digest = data_hash(candidates)
    lap("restricciones_y_hash")
    return Proposal(
        region_cut=region_cut,
        region_nombre=region_nombre,
        modo=mode,
        semilla=seed,
        params=params,
        members=members.reset_index(drop=True),
        alternates=alt_rows,
        quotas=quotas,
        scores=names.merge(scores, on="id"),
        excluded=pool.excluded,
        warnings=pool.warnings + list(extra_warnings or []),
        data_hash=digest,
        probabilities=probs,
        lottery=lottery_info,
        formula=formula_text(params.weights),
        timings=timings,
    )


def lottery_table(pool: Pool, params: CouncilParams, probs: pd.DataFrame) -> pd.DataFrame:
    """Every organization present in the region with its lottery chance, highest first.

    Organizations with probability 0 come last with the reason no valid council can include
    them (left out of the pool, or kept out by a quota); the lottery never hides anyone.
    """
    seats = pool.frame.set_index("id")["asiento"]
    probs = probs.assign(asiento=probs["id"].map(seats))
    zero = probs.loc[probs["probabilidad"] <= 1e-12, "id"].astype(int).tolist()
    why_not = unreachable_reasons(pool, params, zero)
    probs["motivo"] = probs["id"].map(lambda i: why_not.get(int(i)))
    out_of_pool = pool.excluded.assign(probabilidad=0.0, asiento=None)
    if len(out_of_pool):
        probs = pd.concat([probs, out_of_pool[probs.columns]], ignore_index=True)
    order = probs.assign(_p=-probs["probabilidad"].astype(float)).sort_values(["_p", "nombre", "id"], kind="stable")
    return order.drop(columns="_p").reset_index(drop=True)


def _seat_order(sector: object) -> int:
    return SEAT_SECTORS.index(sector) if sector in SEAT_SECTORS else len(SEAT_SECTORS)
