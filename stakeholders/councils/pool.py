"""The candidate pool of one request: who may take which seat, and who is left out and why.

Input is a *candidates frame* (see :mod:`stakeholders.councils.eligibility` for how it is built
from the registry); only these columns are required, so tests build pools by hand:

``id, nombre, sector_tripartito, tipo_actor, provincia_cut, rubro, grupos_representados (list),
genero_representante`` and optionally ``provincia_cobertura`` (the province the organization covers
inside the region; None for national bodies seated elsewhere), ``fatigada`` (bool), ``padre_id``
(affiliation parent), ``rut``, ``comuna_cut``, ``escala``, ``n_miembros``, ``alcance``,
``intermediacion_intersectorial``, ``latitud``, ``longitud``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from i18n import t
from stakeholders.councils.params import PRODUCTIVE_SECTORS, SEAT_SECTORS, TRAINING_TYPES, CouncilParams
from stakeholders.councils.sector_shares import dropped_rubros, normalise, registry_mix, seat_targets
from stakeholders.vocab import EXCLUDED_GROUPS

# Rules a planner must be able to state (also in docs/architecture.md, councils):
# - National bodies: a national body sits on a regional council only through its regional chapter,
#   registered as an organization located in the region (so it has a province and counts for it).
#   A national body located elsewhere that merely declares presence in the region
#   (``provincia_cobertura`` None) is not a candidate; the reason says so.
# - Transversal organizations (no rubro: confederations such as the CUT, multi-sector chambers) may
#   take any rubro's employer or worker seat: each rubro gets *at most* its apportioned seats from
#   organizations of that rubro, and transversal organizations fill the rest (see model.py).

OPTIONAL_DEFAULTS: dict[str, object] = {
    "rut": None, "comuna_cut": None, "escala": "regional", "n_miembros": None, "alcance": 0.0,
    "intermediacion_intersectorial": 0.0, "fatigada": False, "padre_id": None, "latitud": None,
    "longitud": None, "tipo_actor": "", "rubro": None, "provincia_cut": None,
}


@dataclass
class Pool:
    """Eligible candidates (one row each, with the attributes the quotas need) and the rest."""

    frame: pd.DataFrame
    excluded: pd.DataFrame  # id, nombre, sector_tripartito, motivo
    targets: dict[str, dict[str, int]]  # sector -> rubro -> seats apportioned (transversal orgs may fill them)
    provinces: dict[str, str]  # coverage provinces of the region (code -> name)
    shares: dict[str, float]
    shares_source: str  # "tabla" | "registro" | "ninguna"
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def by_id(self) -> pd.DataFrame:
        """The eligible frame indexed by id (cached: quota checks look members up often)."""
        cols = ["id", "asiento", "genero", "provincia_cobertura", "rubro", "excluido", "grupos_representados",
                "anterior", "padres"]
        return self.frame[cols].set_index("id")

    @cached_property
    def coverage_provinces(self) -> list[str]:
        """Provinces of the region with at least one eligible candidate."""
        return sorted(set(self.frame["provincia_cobertura"].dropna()))

    def province_name(self, code: str | None) -> str:
        return self.provinces.get(code or "", code or "—")


def with_defaults(candidates: pd.DataFrame) -> pd.DataFrame:
    """Add optional columns with neutral values; ids as int; lists as lists."""
    frame = candidates.copy()
    for col, default in OPTIONAL_DEFAULTS.items():
        if col not in frame.columns:
            frame[col] = [default] * len(frame)
    if "provincia_cobertura" not in frame.columns:
        frame["provincia_cobertura"] = frame["provincia_cut"]
    frame["id"] = frame["id"].astype(int)
    frame["grupos_representados"] = frame["grupos_representados"].map(
        lambda v: [str(x) for x in v] if isinstance(v, (list, tuple, set)) else [])
    frame["fatigada"] = frame["fatigada"].fillna(False).astype(bool)
    return frame.sort_values("id").reset_index(drop=True)


def gender_class(value: object) -> str:
    """F and M are counted by the gender rule; everything else (X, ND) is "O"."""
    text = str(value or "").upper()
    return text if text in ("F", "M") else "O"


def _seat_sectors(frame: pd.DataFrame) -> pd.Series:
    """The seat each organization may take; civil society only with an excluded group or training."""
    sector = frame["sector_tripartito"].astype(object)
    excluded = frame["grupos_representados"].map(lambda g: bool(set(g) & EXCLUDED_GROUPS))
    civil_ok = excluded | frame["tipo_actor"].isin(list(TRAINING_TYPES))
    known = sector.isin(list(SEAT_SECTORS))
    ok = known & ((sector != "sociedad_civil") | civil_ok)
    return sector.where(ok, None)


def _exclusion_reasons(frame: pd.DataFrame, params: CouncilParams) -> pd.Series:
    """Why each organization cannot be proposed (None when it can), first reason wins."""
    ids = frame["id"].astype(int)
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    fatigued = frame["fatigada"] & ~ids.isin(list(params.fatigue_override)) & ~ids.isin(list(params.must_include))
    no_seats = frame["asiento"].map(lambda s: isinstance(s, str) and params.seats.get(s, 0) <= 0)
    cover = frame["provincia_cobertura"]
    no_chapter = cover.isna() | (cover.astype(str).str.strip() == "")
    rules = [
        (no_chapter, t("consejo.motivo_nacional_sin_sede")),
        (fatigued, t("consejo.motivo_fatiga")),
        (no_seats, t("consejo.motivo_sector_sin_asientos")),
        (frame["asiento"].isna(), t("consejo.motivo_sin_asiento")),
    ]
    for mask, text in rules:
        out[mask.to_numpy()] = text
    for org_id, reason in params.must_exclude.items():
        out[(ids == int(org_id)).to_numpy()] = t("consejo.motivo_excluida_planificador", motivo=reason)
    return out


def _parent_keys(frame: pd.DataFrame) -> pd.Series:
    """Keys ``parent|sector`` of the federations each organization belongs to (itself included)."""
    keys: dict[int, list[str]] = {int(i): [] for i in frame["id"]}
    sector_of = dict(zip(frame["id"].astype(int), frame["asiento"], strict=True))
    for org_id, parent in zip(frame["id"].astype(int), frame["padre_id"], strict=True):
        if parent is None or pd.isna(parent):
            continue
        key = f"{int(parent)}|{sector_of[org_id]}"
        keys[org_id].append(key)
        if int(parent) in keys and sector_of.get(int(parent)) == sector_of[org_id]:
            keys[int(parent)].append(key)
    counts: dict[str, int] = {}
    for values in keys.values():
        for k in set(values):
            counts[k] = counts.get(k, 0) + 1
    return frame["id"].astype(int).map(lambda i: tuple(sorted({k for k in keys[i] if counts[k] > 1})))


def build_pool(
    candidates: pd.DataFrame,
    params: CouncilParams,
    region_provinces: Mapping[str, str] | None = None,
) -> Pool:
    """Apply overrides, fatigue and seat eligibility; compute rubro targets and coverage provinces."""
    frame = with_defaults(candidates)
    frame["asiento"] = _seat_sectors(frame)
    reasons = _exclusion_reasons(frame, params)
    excluded = frame.loc[reasons.notna(), ["id", "nombre", "sector_tripartito"]].assign(motivo=reasons[reasons.notna()])
    eligible = frame[reasons.isna()].reset_index(drop=True)
    eligible["genero"] = eligible["genero_representante"].map(gender_class)
    eligible["excluido"] = eligible["grupos_representados"].map(lambda g: bool(set(g) & EXCLUDED_GROUPS))
    previous = {int(v) for v in params.previous_members}
    eligible["anterior"] = eligible["id"].isin(previous)
    eligible["obligatoria"] = eligible["id"].isin(list(params.must_include))
    eligible["padres"] = _parent_keys(eligible) if len(eligible) else pd.Series(dtype=object)
    if not params.one_per_parent:
        eligible["padres"] = [()] * len(eligible)
    eligible["rubro"] = eligible["rubro"].map(lambda r: str(r).upper() if isinstance(r, str) and r else None)

    warnings: list[str] = []
    if params.sector_shares:
        shares, source = normalise(params.sector_shares), "tabla"
    else:
        shares, source = registry_mix(frame), "registro"
        if params.productive_structure:
            warnings.append(t("consejo.aviso_mezcla_registro"))
    if not shares:
        source = "ninguna"
    targets: dict[str, dict[str, int]] = {}
    if params.productive_structure and shares:
        for sector in PRODUCTIVE_SECTORS:
            seats = params.seats.get(sector, 0)
            sub = eligible[eligible["asiento"] == sector]
            forced = sub[sub["obligatoria"]]
            available = sub["rubro"].value_counts().to_dict()
            target = seat_targets(shares, max(seats - len(forced), 0), available)
            for rubro in forced["rubro"].dropna():
                target[rubro] = target.get(rubro, 0) + 1
            targets[sector] = target
            missing = dropped_rubros(shares, available)
            if missing and seats > 0:
                warnings.append(t("consejo.aviso_rubros_sin_candidatos", sector=t(f"consejo.sector_{sector}"),
                                  rubros=", ".join(missing)))
    coverage = eligible["provincia_cobertura"].dropna().astype(str)
    names = dict(region_provinces or {})
    provinces = {code: names.get(code, code) for code in sorted(set(coverage))}
    if region_provinces:
        provinces = {**{c: n for c, n in names.items()}, **provinces}
    return Pool(eligible, excluded.reset_index(drop=True), targets, dict(sorted(provinces.items())), shares, source,
                warnings)
