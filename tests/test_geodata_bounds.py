"""Map extents leave the Pacific islands out."""

from __future__ import annotations

import pytest

from geodata import national_bounds, region_bounds


def _contains(bounds: tuple[tuple[float, float], tuple[float, float]], lat: float, lon: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east


def test_national_bounds_exclude_rapa_nui_and_juan_fernandez() -> None:
    (south, west), (north, east) = national_bounds()
    assert west > -80 and west > -77  # Rapa Nui is at -109.4, Juan Fernández at -79 to -81
    assert south < north and west < east
    assert _contains(national_bounds(), -18.4783, -70.3126)  # Arica
    assert _contains(national_bounds(), -53.1638, -70.9171)  # Punta Arenas
    assert not _contains(national_bounds(), -27.15, -109.43)  # Hanga Roa


def test_valparaiso_region_is_its_continental_part() -> None:
    bounds = region_bounds("05")
    assert bounds[0][1] > -72.5  # west bound: the coast, not the islands
    assert _contains(bounds, -33.0472, -71.6127)  # Valparaíso
    assert _contains(bounds, -32.83, -70.60)  # Los Andes
    assert region_bounds("5") == bounds


def test_region_bounds_of_santiago() -> None:
    bounds = region_bounds("13")
    assert _contains(bounds, -33.4378, -70.6505)
    assert not _contains(bounds, -36.827, -73.050)  # Concepción


def test_unknown_region() -> None:
    with pytest.raises(ValueError, match="Región desconocida"):
        region_bounds("99")
