"""Synthetic candidate pools for the benchmark and the tests (no registry, no network needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.vocab import EXCLUDED_GROUPS, types_of_sector

_SECTORS = ("gobierno", "empleadores", "trabajadores", "sociedad_civil")
_RUBROS = tuple("ACGFHIBQPN")


def synthetic_pool(n: int, seed: int = 0, provinces: int = 4, region_cut: str = "99",
                   fatigue_rate: float = 0.03, parent_rate: float = 0.2) -> pd.DataFrame:
    """``n`` plausible candidates of one region: sectors, genders, provinces, rubros, groups, federations."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    sectors = rng.choice(_SECTORS, size=n, p=[0.15, 0.35, 0.3, 0.2])
    types = [rng.choice(types_of_sector(s)) for s in sectors]
    types = ["organizacion_grupos_excluidos" if s == "sociedad_civil" and rng.random() < 0.5 else ty
             for s, ty in zip(sectors, types, strict=True)]
    prov_codes = [f"{region_cut}{k + 1}" for k in range(provinces)]
    prov = rng.choice(prov_codes, size=n, p=_skewed(provinces, rng))
    rubro_p = _skewed(len(_RUBROS), rng)
    rubros = [str(rng.choice(_RUBROS, p=rubro_p)) if s in ("empleadores", "trabajadores") else None for s in sectors]
    groups_all = sorted(EXCLUDED_GROUPS)
    groups = [list(rng.choice(groups_all, size=rng.integers(1, 3), replace=False))
              if (ty == "organizacion_grupos_excluidos" or rng.random() < 0.05) else [] for ty in types]
    gender = rng.choice(["F", "M", "ND"], size=n, p=[0.42, 0.53, 0.05])
    parents: list[int | None] = [None] * n
    heads = {s: [int(i) for i in ids[(sectors == s)][:max(1, n // 200)]] for s in ("empleadores", "trabajadores")}
    for k in range(n):
        s = sectors[k]
        if s in heads and rng.random() < parent_rate and int(ids[k]) not in heads[s]:
            parents[k] = int(rng.choice(heads[s]))
    return pd.DataFrame({
        "id": ids,
        "nombre": [f"Organización sintética {i}" for i in ids],
        "rut": [None] * n,
        "sector_tripartito": sectors,
        "tipo_actor": types,
        "escala": rng.choice(["regional", "local", "nacional"], size=n, p=[0.4, 0.5, 0.1]),
        "region_cut": region_cut,
        "provincia_cut": prov,
        "provincia_cobertura": prov,
        "comuna_cut": [f"{p}0{rng.integers(1, 5)}" for p in prov],
        "rubro": rubros,
        "grupos_representados": groups,
        "genero_representante": gender,
        "n_miembros": np.rint(rng.lognormal(4, 1.5, size=n)).astype(int),
        "alcance": rng.gamma(2.0, 2.0, size=n),
        "intermediacion_intersectorial": rng.exponential(0.01, size=n),
        "fatigada": rng.random(n) < fatigue_rate,
        "padre_id": parents,
        "latitud": -33 - rng.random(n),
        "longitud": -71 + rng.random(n),
    })


def _skewed(k: int, rng: np.random.Generator) -> np.ndarray:
    w = rng.dirichlet(np.ones(k)) + 0.5 / k
    return w / w.sum()
