"""Region and province names for the councils, read from ``geodata`` when it is available.

The council core only needs codes and names; this adapter keeps that dependency at the edge
and falls back to codes (so the core and its tests run without the territory layer).
"""

from __future__ import annotations

from functools import lru_cache

from i18n import t

ALL_REGIONS: tuple[str, ...] = ("15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10",
                                "11", "12")


def region_order() -> tuple[str, ...]:
    """Region codes north to south."""
    try:
        from geodata.catalog import REGION_ORDER

        return tuple(REGION_ORDER)
    except ImportError:  # pragma: no cover - geodata is part of the product
        return ALL_REGIONS


def region_name(region_cut: str) -> str:
    try:
        from geodata.catalog import REGION_SHORT_NAMES

        return REGION_SHORT_NAMES.get(region_cut, region_cut)
    except ImportError:  # pragma: no cover
        return region_cut


def resolve_region_code(text: str) -> str:
    """A region code from what a user types ("13", "5", "RM", "Los Lagos"); Spanish error otherwise."""
    raw = str(text).strip()
    if raw.isdigit() and raw.zfill(2) in ALL_REGIONS:
        return raw.zfill(2)
    try:
        from geodata.resolve import resolve_region

        res = resolve_region(raw)
        if res.ok and res.code:
            return str(res.code)
        raise ValueError(res.message())
    except ImportError:  # pragma: no cover
        raise ValueError(t("consejo.error_region", region=text)) from None


@lru_cache(maxsize=32)
def _provinces(region_cut: str) -> tuple[tuple[str, str], ...]:
    try:
        from geodata.layers import provinces

        frame = provinces()
        sub = frame[frame["region_cut"] == region_cut].sort_values("provincia_cut")
        return tuple((str(c), str(n)) for c, n in zip(sub["provincia_cut"], sub["nombre"], strict=True))
    except Exception:  # noqa: BLE001 - territory layer unavailable: fall back to codes seen in the data
        return ()


def province_names(region_cut: str) -> dict[str, str]:
    """Province code → name of a region (empty when the territory layer is unavailable)."""
    return dict(_provinces(region_cut))
