"""The integer program behind both modes: quota families as linear rows over *units*.

A unit is either one candidate (Optimizar) or a class of interchangeable candidates — same seat,
gender, province, rubro, groups, previous-term flag and federation (Sorteo): the quotas only see
these attributes, so a panel is a vector of counts per unit. Rows carry their quota *family*, so
the infeasibility module can drop or relax one family at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stakeholders.councils.params import SEAT_SECTORS, CouncilParams
from stakeholders.councils.pool import Pool
from stakeholders.councils.solver import Model, Solution, solve

FAMILIES: tuple[str, ...] = ("asientos", "genero", "provincias", "provincias_sector", "estructura_productiva",
                             "inclusion", "grupos", "rotacion", "federacion", "obligatorias")


def gender_cap(params: CouncilParams) -> int:
    """Most seats one sex may hold under the "maximo" rule (60 % of 11 → 6)."""
    return int(math.floor(params.max_share * params.total_seats + 1e-9))


def carry_cap(params: CouncilParams) -> int:
    return int(math.floor(params.max_carry_share * params.total_seats + 1e-9))


def make_units(pool: Pool, params: CouncilParams, grouped: bool) -> pd.DataFrame:
    """One row per unit with ``capacidad`` (members available), ``minimo`` and ``ids``."""
    frame = pool.frame
    quota_groups = set(params.group_quotas)
    attrs = pd.DataFrame({
        "asiento": frame["asiento"],
        "genero": frame["genero"],
        # National bodies without a chapter province come as None or NaN from the registry: both None.
        "provincia": pd.Series([None if p is None or pd.isna(p) or p == "" else p
                                for p in frame["provincia_cobertura"]], index=frame.index, dtype=object),
        "rubro": [r if pool.targets.get(s) else None for s, r in zip(frame["asiento"], frame["rubro"], strict=True)],
        "excluido": frame["excluido"],
        "grupos": frame["grupos_representados"].map(lambda g: tuple(sorted(set(g) & quota_groups))),
        "anterior": frame["anterior"],
        "padres": frame["padres"],
        "obligatoria": frame["obligatoria"],
    })
    attrs["ids"] = frame["id"].astype(int)
    if not grouped:
        units = attrs.assign(ids=attrs["ids"].map(lambda i: (int(i),)))
    else:
        cols = [c for c in attrs.columns if c != "ids"]
        key = pd.Series(["|".join(map(str, row)) for row in attrs[cols].itertuples(index=False)], index=attrs.index)
        key = key.where(~attrs["obligatoria"], key + "#" + attrs["ids"].astype(str))
        attrs["clave"] = key
        first = attrs.drop_duplicates("clave").set_index("clave")
        ids = attrs.groupby("clave", sort=False)["ids"].agg(lambda s: tuple(sorted(int(v) for v in s)))
        units = first.drop(columns=["ids"]).join(ids).reset_index(drop=True)
    seats = units["asiento"].map(lambda s: params.seats.get(s, 0))
    units["capacidad"] = np.minimum(units["ids"].map(len), seats).astype(int)
    units["minimo"] = np.where(units["obligatoria"], 1, 0)
    return units.reset_index(drop=True)


@dataclass
class Program:
    """Columns: one count per unit, then one coverage indicator per coverage province."""

    units: pd.DataFrame
    provinces: list[str]
    rows: list[tuple[str, str, dict[int, float], float, float]] = field(default_factory=list)
    coverage_target: int = 0

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_cols(self) -> int:
        return self.n_units + len(self.provinces)

    def add(self, family: str, label: str, coeffs: dict[int, float], lo: float, hi: float) -> None:
        self.rows.append((family, label, coeffs, lo, hi))

    def bounds(self, drop: frozenset[str] = frozenset()) -> tuple[np.ndarray, np.ndarray]:
        lower = np.zeros(self.n_cols)
        upper = np.ones(self.n_cols)
        upper[: self.n_units] = self.units["capacidad"].to_numpy(float)
        if "obligatorias" not in drop:
            lower[: self.n_units] = self.units["minimo"].to_numpy(float)
        return lower, upper

    def active_rows(self, drop: frozenset[str] = frozenset(), coverage: int | None = None
                    ) -> list[tuple[dict[int, float], float, float]]:
        out = []
        for family, label, coeffs, lo, hi in self.rows:
            if family in drop:
                continue
            if label == "cobertura_total":
                target = self.coverage_target if coverage is None else coverage
                if target <= 0:
                    continue
                lo = float(target)
            out.append((coeffs, lo, hi))
        return out

    def model(self, cost: np.ndarray, drop: frozenset[str] = frozenset(), coverage: int | None = None,
              time_limit: float | None = None, mip_gap: float = 0.0) -> Model:
        """The integer program as a HiGHS model kept alive (to re-solve with other objectives)."""
        lower, upper = self.bounds(drop)
        full = np.zeros(self.n_cols)
        full[: len(cost)] = cost
        return Model(full, lower, upper, self.active_rows(drop, coverage), integer=True, maximize=True,
                     time_limit=time_limit, mip_gap=mip_gap)

    def solve(self, cost: np.ndarray, drop: frozenset[str] = frozenset(), coverage: int | None = None,
              time_limit: float | None = None, mip_gap: float = 0.0) -> Solution:
        return self.model(cost, drop, coverage, time_limit, mip_gap).run()

    def dense(self, drop: frozenset[str] = frozenset(), coverage: int | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``A, lo, hi`` of the active rows as a dense matrix (rows × columns), to check panels fast."""
        rows = self.active_rows(drop, coverage)
        a = np.zeros((len(rows), self.n_cols))
        for r, (coeffs, _, _) in enumerate(rows):
            if coeffs:
                a[r, list(coeffs)] = list(coeffs.values())
        lo = np.array([lo for _, lo, _ in rows], dtype=float)
        hi = np.array([hi for _, _, hi in rows], dtype=float)
        return a, lo, hi

    def province_membership(self) -> np.ndarray:
        """``units × provinces`` 0/1 matrix: which coverage province each unit counts for."""
        prov = self.units["provincia"].to_numpy(object)
        out = np.zeros((self.n_units, len(self.provinces)))
        for j, p in enumerate(self.provinces):
            out[:, j] = prov == p
        return out

    def with_coverage(self, counts: np.ndarray) -> np.ndarray:
        """Unit counts (k × units) extended with the largest feasible coverage indicators."""
        counts = np.atleast_2d(counts).astype(float)
        if not self.provinces:
            return counts
        return np.hstack([counts, np.minimum(counts @ self.province_membership(), 1.0)])


def _members(units: pd.DataFrame, mask: pd.Series) -> dict[int, float]:
    return {int(i): 1.0 for i in np.flatnonzero(mask.to_numpy())}


def build_program(pool: Pool, params: CouncilParams, grouped: bool) -> Program:  # noqa: C901 - one flat block per quota family
    """All quota rows for ``pool``; the province-coverage target is set by :func:`fix_coverage`."""
    units = make_units(pool, params, grouped)
    provinces = sorted({p for p in units["provincia"] if pd.notna(p) and p} if params.province_coverage else set())
    prog = Program(units, provinces)
    for sector in SEAT_SECTORS:
        k = float(params.seats.get(sector, 0))
        prog.add("asientos", f"asientos:{sector}", _members(units, units["asiento"] == sector), k, k)
    if params.gender_rule == "paridad":
        coeffs = {int(i): (1.0 if g == "F" else -1.0) for i, g in enumerate(units["genero"]) if g in ("F", "M")}
        prog.add("genero", "paridad", coeffs, -1.0, 1.0)
    else:
        cap = float(gender_cap(params))
        for sex in ("F", "M"):
            prog.add("genero", f"maximo:{sex}", _members(units, units["genero"] == sex), -np.inf, cap)
    for j, prov in enumerate(provinces):
        coeffs = {int(i): -1.0 for i in np.flatnonzero((units["provincia"] == prov).to_numpy())}
        coeffs[prog.n_units + j] = 1.0
        prog.add("provincias", f"cubre:{prov}", coeffs, -np.inf, 0.0)
    if provinces:
        prog.add("provincias", "cobertura_total", {prog.n_units + j: 1.0 for j in range(len(provinces))}, 0.0, np.inf)
    for sector in params.sector_province_cover:
        if params.seats.get(sector, 0) <= 0:
            continue
        for prov in pool.provinces:
            mask = (units["asiento"] == sector) & (units["provincia"] == prov)
            prog.add("provincias_sector", f"{sector}:{prov}", _members(units, mask), 1.0, np.inf)
    for sector, targets in pool.targets.items():
        # Each rubro: at most its apportioned seats from its own organizations; transversal
        # organizations (no rubro) may take any of them; rubros without seats none.
        for rubro, k in targets.items():
            mask = (units["asiento"] == sector) & (units["rubro"] == rubro)
            prog.add("estructura_productiva", f"{sector}:{rubro}", _members(units, mask), -np.inf, float(k))
        other = (units["asiento"] == sector) & units["rubro"].notna() & ~units["rubro"].isin(list(targets))
        if targets and other.any():
            prog.add("estructura_productiva", f"{sector}:sin_asiento", _members(units, other), -np.inf, 0.0)
    if params.inclusion_min > 0:
        prog.add("inclusion", "inclusion", _members(units, units["excluido"]), float(params.inclusion_min), np.inf)
    for group, k in sorted(params.group_quotas.items()):
        if k > 0:
            mask = units["grupos"].map(lambda g, group=group: group in g)
            prog.add("grupos", f"grupo:{group}", _members(units, mask), float(k), np.inf)
    if params.previous_members:
        prog.add("rotacion", "continuidad", _members(units, units["anterior"]), -np.inf, float(carry_cap(params)))
    keys = sorted({k for ks in units["padres"] for k in ks})
    for key in keys:
        mask = units["padres"].map(lambda ks, key=key: key in ks)
        prog.add("federacion", f"padre:{key}", _members(units, mask), -np.inf, 1.0)
    return prog


def fix_coverage(prog: Program, drop: frozenset[str] = frozenset()) -> Solution:
    """Set the coverage target to the most provinces reachable under every other quota.

    "Every province with candidates gets a seat when seats allow, else as many as possible":
    first try all of them (one solve); if that fails, maximise the number covered.
    """
    if not prog.provinces or "provincias" in drop:
        prog.coverage_target = 0
        return prog.solve(np.zeros(prog.n_units), drop=drop | {"provincias"})
    prog.coverage_target = len(prog.provinces)
    first = prog.solve(np.zeros(prog.n_units), drop=drop)
    if first.ok:
        return first
    cost = np.zeros(prog.n_cols)
    cost[prog.n_units:] = 1.0
    lower, upper = prog.bounds(drop)
    best = solve(cost, lower, upper, prog.active_rows(drop, coverage=0), integer=True, maximize=True)
    if best.ok:
        prog.coverage_target = int(round(best.objective))
    return best


def counts_from(sol: Solution, prog: Program) -> np.ndarray:
    return np.rint(sol.values[: prog.n_units]).astype(int)
