"""Region and province names for the councils, read from ``geodata``'s names API.

The council core only needs codes and names; this adapter keeps the territory dependency at
the edge, so the core stays a pure function of frames. Names come from the attribute table
(:func:`geodata.region_names`, :func:`geodata.province_names`): no geometry is loaded.
"""

from __future__ import annotations

import geodata
from stakeholders.errors import InputError


def region_order() -> tuple[str, ...]:
    """Region codes north to south."""
    return tuple(geodata.region_names())


def region_name(region_cut: str) -> str:
    """«Región del Biobío» for ``"08"``; an unknown code is returned as it is."""
    return geodata.region_names().get(region_cut, region_cut)


def resolve_region_code(text: str) -> str:
    """A region code from what a user types ("13", "5", "RM", "Los Lagos"); Spanish error otherwise."""
    res = geodata.resolve_region(str(text).strip())
    if res.ok and res.code:
        return str(res.code)
    raise InputError(res.message())


def province_names(region_cut: str) -> dict[str, str]:
    """Province code → name of a region (capital province first)."""
    return geodata.province_names(region_cut)


def place_names() -> dict[str, str]:
    """Province and commune code → name for the whole country (codes never collide: 3 vs 5 digits).

    National bodies located in another region still get a name, not a code.
    """
    return {**geodata.province_names(), **geodata.commune_names()}
