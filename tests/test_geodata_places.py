"""Territory names from the attribute table: counts, north-to-south order, spelling, no geometry loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import geodata
from geodata import _source, layers, places
from geodata.catalog import REGION_ORDER


@pytest.fixture
def no_geometry(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fresh name cache; any geometry read (source polygons or the layer caches) is recorded."""
    calls: list[str] = []
    places._places.cache_clear()

    def spy(name: str):  # returns a stand-in for several signatures
        def record(*args: object, **kwargs: object) -> None:
            calls.append(name)
            raise AssertionError(f"geometry loaded by {name}")
        return record

    monkeypatch.setattr(_source, "read_source", spy("read_source"))
    monkeypatch.setattr(_source, "load_cached", spy("load_cached"))
    monkeypatch.setattr(layers, "_communes", spy("_communes"))
    yield calls
    places._places.cache_clear()


def test_counts_and_no_geometry(no_geometry: list[str]) -> None:
    regions, provinces, communes = geodata.region_names(), geodata.province_names(), geodata.commune_names()
    assert (len(regions), len(provinces), len(communes)) == (16, 56, 346)
    assert no_geometry == []


def test_north_to_south_order(no_geometry: list[str]) -> None:
    assert list(geodata.region_names()) == list(REGION_ORDER)
    assert list(geodata.region_names())[:2] == ["15", "01"] and list(geodata.region_names())[-1] == "12"
    province_regions = [code[:2] for code in geodata.province_names()]
    assert province_regions == sorted(province_regions, key=REGION_ORDER.index)
    commune_regions = [code[:2] for code in geodata.commune_names()]
    assert commune_regions == sorted(commune_regions, key=REGION_ORDER.index)
    assert list(geodata.province_names("08")) == ["081", "082", "083"]
    assert no_geometry == []


def test_spelling_and_one_region_form(no_geometry: list[str]) -> None:
    regions = geodata.region_names()
    assert regions["16"] == "Región de Ñuble" and regions["08"] == "Región del Biobío"
    assert regions["13"] == "Región Metropolitana" and regions["06"] == "Región de O'Higgins"
    assert all(name.startswith("Región ") for name in regions.values())
    assert geodata.province_names("08") == {"081": "Concepción", "082": "Arauco", "083": "Biobío"}
    nuble = geodata.commune_names("16")
    assert len(nuble) == 21 and nuble["16101"] == "Chillán" and all(code.startswith("16") for code in nuble)
    assert geodata.commune_names("12")["12202"] == "Antártica"
    assert geodata.commune_names("13")["13120"] == "Ñuñoa"
    assert geodata.province_names("99") == {} and geodata.commune_names("99") == {}
    assert no_geometry == []


def test_names_match_the_layers() -> None:
    table = geodata.commune_table()
    assert dict(zip(table["comuna_cut"], table["nombre"], strict=True)) == dict(sorted(geodata.commune_names().items()))
    provinces = geodata.provinces()
    assert dict(zip(provinces["provincia_cut"], provinces["nombre"], strict=True)) == dict(
        sorted(geodata.province_names().items()))
