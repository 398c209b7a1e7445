"""Regional productive structure: sector shares and their apportionment into seats.

Employer and worker seats follow the region's main economic sectors (CIIU Rev.4 / CAENES
sections A–U). Shares come from a table the planner edits, from INE's Encuesta Nacional de
Empleo (ENE) microdata, or — flagged with a warning — from the registry's own mix.

ENE notes (documented because the numbers are published):
- employed persons are rows with ``activ == 1``; the sector is ``b14_rev4cl_caenes``; each row is
  expanded by ``fact_cal``; ``region`` is the CUT region number (1–16).
- ``b14_rev4cl_caenes`` is numeric in the microdata: codes 1–21 map, in order, to the sections
  A–U (1 = A agricultura … 3 = C manufactura … 7 = G comercio … 21 = U extraterritoriales).
  Letters are accepted too. Any other value (0, 88, 99, 999, blank: "no sabe / sin dato") is left
  out and counted in ``sin_clasificar``.
- Coefficient of variation: the public CSV carries no strata/PSU columns, so the CV of each
  share is approximated by a simple-random-sample formula inflated by Kish's design effect for
  unequal weights: ``deff = n·Σw² / (Σw)²`` over the region's employed rows,
  ``se(p) = sqrt(deff · p(1 − p) / n)``, ``cv = se / p``. Cells with ``cv > 0.15`` are flagged
  (INE's own reliability threshold for publishing an estimate is similar). This ignores
  clustering, so it understates the true CV; the flag is a warning, not a proof of quality.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import pandas as pd

from i18n import t
from stakeholders.errors import InputError
from stakeholders.vocab import RUBROS

SECTIONS: tuple[str, ...] = tuple(RUBROS)
ENE_CODE_TO_SECTION: dict[int, str] = {i + 1: letter for i, letter in enumerate(SECTIONS)}
CV_THRESHOLD = 0.15


def largest_remainder(shares: Mapping[str, float], seats: int) -> dict[str, int]:
    """Hamilton / largest-remainder apportionment of ``seats`` among keys by ``shares``.

    Every key gets the floor of its quota; the seats left go to the largest remainders,
    ties broken by the larger share, then by key, so the result is deterministic.
    """
    clean = {str(k): float(v) for k, v in shares.items() if v is not None and float(v) > 0}
    if seats <= 0 or not clean:
        return {k: 0 for k in shares}
    total = sum(clean.values())
    quotas = {k: seats * v / total for k, v in clean.items()}
    out = {k: int(math.floor(q + 1e-12)) for k, q in quotas.items()}
    left = seats - sum(out.values())
    order = sorted(clean, key=lambda k: (-(quotas[k] - out[k]), -clean[k], k))
    for k in order[:left]:
        out[k] += 1
    return {str(k): out.get(str(k), 0) for k in shares}


def normalise(shares: Mapping[str, float]) -> dict[str, float]:
    """Shares summing to 1 over the sections with a positive value (unknown keys refused)."""
    out: dict[str, float] = {}
    for key, value in shares.items():
        letter = str(key).strip().upper()
        if letter not in RUBROS:
            raise InputError(t("consejo.error_rubro", rubro=key))
        v = float(value or 0)
        if v < 0 or math.isnan(v):
            raise InputError(t("consejo.error_participacion", rubro=key))
        if v > 0:
            out[letter] = out.get(letter, 0.0) + v
    total = sum(out.values())
    if total <= 0:
        raise InputError(t("consejo.error_participaciones_vacias"))
    return {k: v / total for k, v in sorted(out.items())}


def registry_mix(candidates: pd.DataFrame) -> dict[str, float]:
    """Fallback: the share of each rubro among the region's employer and worker organizations."""
    subset = candidates[candidates["sector_tripartito"].isin(["empleadores", "trabajadores"])]
    counts = subset["rubro"].dropna().astype(str).str.upper().value_counts()
    counts = counts[counts.index.isin(list(RUBROS))]
    if counts.empty:
        return {}
    return {k: float(v) / float(counts.sum()) for k, v in sorted(counts.items())}


def read_shares_csv(source: str | Path | IO[bytes] | IO[str]) -> dict[str, float]:
    """A two-column table ``rubro,participacion`` (share or percentage; normalised)."""
    frame = pd.read_csv(source, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "rubro" not in frame.columns or "participacion" not in frame.columns:
        raise InputError(t("consejo.error_tabla_rubros"))
    values = frame["participacion"].str.replace(",", ".", regex=False).astype(float)
    return normalise(dict(zip(frame["rubro"].str.strip(), values, strict=True)))


def _section(value: object) -> str | None:
    text = str(value).strip().upper()
    if text in RUBROS:
        return text
    try:
        return ENE_CODE_TO_SECTION.get(int(float(text.replace(",", "."))))
    except ValueError:
        return None


def _number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series.astype(str).str.strip().str.replace(",", ".", regex=False), errors="coerce")


def import_ene(source: str | Path | IO[bytes] | IO[str], region_cut: str | None = None) -> pd.DataFrame:
    """ENE microdata → employed persons by region × section with share, CV and a CV flag.

    Returns ``region_cut, rubro, ocupados (weighted), n (rows), participacion, cv, cv_alto``;
    ``frame.attrs["sin_clasificar"]`` counts employed rows with no usable section.
    """
    raw = pd.read_csv(source, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in ("region", "activ", "b14_rev4cl_caenes", "fact_cal") if c not in raw.columns]
    if missing:
        raise InputError(t("consejo.error_ene_columnas", columnas=", ".join(missing)))
    frame = pd.DataFrame({
        "region_cut": _number(raw["region"]).astype("Int64").astype(str).str.zfill(2),
        "activ": _number(raw["activ"]),
        "rubro": raw["b14_rev4cl_caenes"].map(_section),
        "w": _number(raw["fact_cal"]),
    })
    employed = frame[(frame["activ"] == 1) & frame["w"].notna() & (frame["w"] > 0)]
    if region_cut is not None:
        employed = employed[employed["region_cut"] == str(region_cut).zfill(2)]
    unclassified = int(employed["rubro"].isna().sum())
    employed = employed[employed["rubro"].notna()]
    rows = []
    for region, group in employed.groupby("region_cut", sort=True):
        n = len(group)
        weights = group["w"].to_numpy(float)
        total = weights.sum()
        deff = n * float((weights**2).sum()) / float(total**2)
        for rubro, cell in group.groupby("rubro", sort=True):
            p = float(cell["w"].sum()) / total
            se = math.sqrt(deff * p * (1 - p) / n) if n > 0 else float("nan")
            cv = se / p if p > 0 else float("inf")
            rows.append({"region_cut": region, "rubro": rubro, "ocupados": float(cell["w"].sum()), "n": len(cell),
                         "participacion": p, "cv": cv, "cv_alto": bool(cv > CV_THRESHOLD)})
    out = pd.DataFrame(rows, columns=["region_cut", "rubro", "ocupados", "n", "participacion", "cv", "cv_alto"])
    out.attrs["sin_clasificar"] = unclassified
    return out


def shares_from_ene(table: pd.DataFrame, region_cut: str) -> dict[str, float]:
    """The share column of one region of an :func:`import_ene` table."""
    sub = table[table["region_cut"] == str(region_cut).zfill(2)]
    if sub.empty:
        raise InputError(t("consejo.error_ene_region", region=region_cut))
    return normalise(dict(zip(sub["rubro"], sub["participacion"], strict=True)))


def shares_table(shares: Mapping[str, float]) -> pd.DataFrame:
    """Editable table: every section with its label and share (zero when absent)."""
    return pd.DataFrame({
        "rubro": list(RUBROS),
        "nombre": [RUBROS[k] for k in RUBROS],
        "participacion": [float(shares.get(k, 0.0)) for k in RUBROS],
    })


def seat_targets(shares: Mapping[str, float], seats: int, available: Mapping[str, int]) -> dict[str, int]:
    """Seats per rubro for one sector: largest remainder over rubros that have candidates.

    Rubros with no eligible organization of the sector are left out and their share spread over
    the others (the explanation says which), so a sector with no mining union does not make the
    whole council impossible.
    """
    usable = {k: v for k, v in shares.items() if v > 0 and available.get(k, 0) > 0}
    if not usable:
        return {}
    targets = largest_remainder(usable, seats)
    return {k: v for k, v in targets.items() if v > 0}


def dropped_rubros(shares: Mapping[str, float], available: Mapping[str, int]) -> list[str]:
    return [k for k, v in shares.items() if v > 0 and available.get(k, 0) == 0]


__all__ = ["largest_remainder", "normalise", "registry_mix", "read_shares_csv", "import_ene",
           "shares_from_ene", "shares_table", "seat_targets", "dropped_rubros"]
