"""Territorial indicators on a small hand-made registry (exact numbers)."""

from __future__ import annotations

import pandas as pd
import pytest

from stakeholders.indicators import (
    Filters,
    counts_by,
    coverage_gaps,
    filter_organizations,
    per_1000_km2,
    region_comparison,
    region_presence,
)
from stakeholders.repository import ORG_TABLE_COLUMNS


def _org(i, sector, tipo, region, comuna, grupos=(), presencia=(), genero="ND", escala="local", rubro="A"):
    return {"id": i, "nombre": f"org{i}", "sector_tripartito": sector, "tipo_actor": tipo, "escala": escala,
            "region_cut": region, "provincia_cut": comuna[:3] if comuna else None, "comuna_cut": comuna,
            "regiones_presencia": list(presencia), "grupos_representados": list(grupos),
            "genero_representante": genero, "rubro": rubro, "latitud": -33.0, "longitud": -70.0}


@pytest.fixture
def orgs() -> pd.DataFrame:
    return pd.DataFrame([
        _org(1, "trabajadores", "sindicato", "13", "13101", genero="F"),
        _org(2, "empleadores", "empresa", "13", "13101", genero="M", rubro="C"),
        _org(3, "sociedad_civil", "ong", "13", "13101", grupos=["mujeres"], genero="F"),
        _org(4, "empleadores", "camara", "13", "13102"),
        _org(5, "gobierno", "ministerio", "13", "13101", presencia=["05", "13"], escala="nacional"),
        _org(6, "sociedad_civil", "junta_vecinos", "05", "05101", grupos=["rurales"]),
    ])


@pytest.fixture
def communes() -> pd.DataFrame:
    return pd.DataFrame({"comuna_cut": ["13101", "13102", "05101", "05102"], "nombre": ["Santiago", "Cerrillos",
                         "Valparaíso", "Casablanca"], "provincia_cut": ["131", "131", "051", "051"],
                         "region_cut": ["13", "13", "05", "05"]})


@pytest.fixture
def regions() -> pd.DataFrame:
    return pd.DataFrame({"region_cut": ["05", "13"], "nombre": ["Valparaíso", "Metropolitana"],
                         "area_km2": [16_000.0, 15_400.0], "orden_norte_sur": [6, 7]})


def test_region_presence_counts_chapters_once(orgs):
    presence = region_presence(orgs)
    assert sorted(presence.loc[presence["id"] == 5, "region_cut"]) == ["05", "13"]
    assert len(presence) == 7  # 6 located + one extra chapter (05) for the ministry


def test_counts_by_region_and_commune(orgs):
    regions = counts_by(orgs, "region", ["05", "13", "01"])
    assert regions.loc["13", "total"] == 5
    assert regions.loc["05", "gobierno"] == 1 and regions.loc["05", "total"] == 2
    assert regions.loc["01"].sum() == 0
    communes = counts_by(orgs, "comuna")
    assert communes.loc["13101", "total"] == 4 and communes.loc["13102", "empleadores"] == 1
    assert list(communes.columns) == ["gobierno", "empleadores", "trabajadores", "sociedad_civil", "total"]


def test_counts_match_direct_pandas_count(orgs):
    direct = orgs.groupby(["comuna_cut", "sector_tripartito"]).size()
    table = counts_by(orgs, "comuna")
    for (code, sector), n in direct.items():
        assert table.loc[code, sector] == n


def test_density(orgs, regions):
    counts = counts_by(orgs, "region", ["05", "13"])
    dens = per_1000_km2(counts, regions.set_index("region_cut")["area_km2"])
    assert dens.loc["05", "total"] == pytest.approx(2 / 16)


def test_coverage_gaps(orgs, communes):
    gaps = coverage_gaps(orgs, communes).set_index("comuna_cut")
    assert "13101" not in gaps.index  # workers, employers and a women's organization
    assert gaps.loc["13102", "sin_trabajadores"] and not gaps.loc["13102", "sin_empleadores"]
    assert gaps.loc["05101", "sin_grupos_excluidos"]  # "rurales" is not a group at risk of exclusion
    assert gaps.loc["05102", "brechas"] == 3 and gaps.loc["05102", "organizaciones"] == 0
    full = coverage_gaps(orgs, communes, only_gaps=False)
    assert len(full) == 4


def test_filters(orgs):
    assert len(filter_organizations(orgs, Filters())) == 6
    assert set(filter_organizations(orgs, Filters(sectores=("empleadores",)))["id"]) == {2, 4}
    assert set(filter_organizations(orgs, Filters(grupos=("mujeres", "rurales")))["id"]) == {3, 6}
    assert set(filter_organizations(orgs, Filters(rubros=("C",), escalas=("local",)))["id"]) == {2}
    assert not Filters().active() and Filters(tipos=("ong",)).active()


def test_region_comparison(orgs, regions, communes):
    table = region_comparison(orgs, regions, communes).set_index("region_cut")
    assert list(table.index) == ["05", "13"]
    rm = table.loc["13"]
    assert rm["total"] == 5 and rm["empleadores"] == 2
    assert rm["comunas"] == 2 and rm["comunas_con_brecha"] == 1 and rm["pct_comunas_con_brecha"] == 50.0
    assert rm["pct_grupos_excluidos"] == 20.0
    assert rm["pct_representantes_mujeres"] == pytest.approx(66.7)
    assert rm["pct_genero_no_declarado"] == 40.0
    assert rm["por_1000_km2"] == pytest.approx(round(5 / 15.4, 2))


def test_coverage_gaps_of_an_empty_registry_flag_every_commune() -> None:
    """A fresh deployment without data: every commune lacks everything (no crash on empty frames)."""
    communes = pd.DataFrame({"comuna_cut": ["16101", "16102"], "nombre": ["Chillán", "Bulnes"]})
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ORG_TABLE_COLUMNS})
    gaps = coverage_gaps(empty, communes)
    assert list(gaps["comuna_cut"]) == ["16101", "16102"]
    assert gaps["brechas"].tolist() == [3, 3]
