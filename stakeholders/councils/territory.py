"""Region and province names for the councils, read from ``geodata``.

The council core only needs codes and names; this adapter keeps the territory dependency at
the edge, so the core stays a pure function of frames.
"""

from __future__ import annotations

from functools import lru_cache

from geodata import commune_table, provinces, resolve_region
from geodata.catalog import REGION_ORDER, REGION_SHORT_NAMES


def region_order() -> tuple[str, ...]:
    """Region codes north to south."""
    return tuple(REGION_ORDER)


def region_name(region_cut: str) -> str:
    return REGION_SHORT_NAMES.get(region_cut, region_cut)


def resolve_region_code(text: str) -> str:
    """A region code from what a user types ("13", "5", "RM", "Los Lagos"); Spanish error otherwise."""
    res = resolve_region(str(text).strip())
    if res.ok and res.code:
        return str(res.code)
    raise ValueError(res.message())


@lru_cache(maxsize=32)
def _provinces(region_cut: str) -> tuple[tuple[str, str], ...]:
    frame = provinces()
    sub = frame[frame["region_cut"] == region_cut].sort_values("provincia_cut")
    return tuple((str(c), str(n)) for c, n in zip(sub["provincia_cut"], sub["nombre"], strict=True))


def province_names(region_cut: str) -> dict[str, str]:
    """Province code → name of a region."""
    return dict(_provinces(region_cut))


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str], ...]:
    communes = commune_table()
    provs = provinces()
    pairs = list(zip(provs["provincia_cut"].astype(str), provs["nombre"].astype(str), strict=True))
    pairs += list(zip(communes["comuna_cut"].astype(str), communes["nombre"].astype(str), strict=True))
    return tuple(pairs)


def place_names() -> dict[str, str]:
    """Province and commune code → name for the whole country (codes never collide: 3 vs 5 digits).

    National bodies located in another region still get a name, not a code.
    """
    return dict(_places())
