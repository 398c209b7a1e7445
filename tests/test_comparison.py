"""Regional indicators on a small hand-made registry (tests/_comparison_data.py): exact, hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from i18n import catalogue
from stakeholders.comparison import definitions as d
from stakeholders.comparison import view
from stakeholders.comparison.activity import activity
from stakeholders.comparison.balance import balance_index
from stakeholders.comparison.council import feasibility, feasibility_candidates
from stakeholders.comparison.fatigue_figures import fatigue_figures, top_share
from stakeholders.comparison.network_figures import network_figures
from stakeholders.comparison.table import compare_regions, far_from_median
from stakeholders.councils.eligibility import candidates_from_frames
from stakeholders.councils.params import CouncilParams
from tests import _comparison_data as data


@pytest.fixture(scope="module")
def comparison():
    return compare_regions(data.inputs(), data.regions(), data.communes(), data.population(), data.AS_OF,
                           data.PROVINCES)


def test_rows_are_the_regions_north_to_south_then_the_national_row(comparison):
    assert list(comparison.table.index) == ["01", "02", "00"]
    assert list(comparison.regions.index) == ["01", "02"]
    assert comparison.table.loc["00", "region"] == "Chile (nacional)"


def test_counts_density_and_rates(comparison):
    tab = comparison.table
    # Region 01: orgs 1-4 plus the national body 8 located there; 02: orgs 5-7 plus 8's chapter.
    assert tab.loc["01", ["org_gobierno", "org_empleadores", "org_trabajadores", "org_sociedad_civil",
                          "org_total"]].tolist() == [2, 1, 1, 1, 5]
    assert tab.loc["02", ["org_gobierno", "org_empleadores", "org_trabajadores", "org_total"]].tolist() == [2, 2, 0, 4]
    assert tab.loc["00", "org_total"] == 8  # each organization once
    assert tab.loc["01", "org_por_1000_km2"] == pytest.approx(0.5)
    assert tab.loc["02", "org_por_1000_km2"] == pytest.approx(0.2)
    assert tab.loc["00", "org_por_1000_km2"] == pytest.approx(8 / 30)
    assert tab.loc["01", "org_por_100k_hab"] == pytest.approx(5.0)
    assert tab.loc["02", "org_por_100k_hab"] == pytest.approx(1.0)
    assert tab.loc["00", "org_por_100k_hab"] == pytest.approx(1.6)
    assert tab.loc["02", "hab_trabajadores"] == 0.0


def test_region_without_workers_shows_in_coverage_and_gaps(comparison):
    tab = comparison.table
    assert tab.loc["02", "cob_trabajadores"] == 0.0 and tab.loc["02", "cob_empleadores"] == 100.0
    assert tab.loc["01", ["cob_gobierno", "cob_empleadores", "cob_trabajadores", "cob_sociedad_civil"]].tolist() == [
        50.0, 50.0, 50.0, 50.0]
    assert tab.loc["00", "cob_empleadores"] == 75.0 and tab.loc["00", "cob_trabajadores"] == 25.0
    assert tab.loc[["01", "02", "00"], "comunas_con_brecha"].tolist() == [2, 2, 4]
    gaps = comparison.gaps.set_index("comuna_cut")
    assert gaps.loc["02102", "sectores_faltantes"] == ["gobierno", "trabajadores", "sociedad_civil"]
    assert gaps.loc["01101", "sectores_faltantes"] == ["trabajadores", "sociedad_civil"]


def test_tripartite_balance(comparison):
    tab = comparison.table
    assert tab.loc["01", "indice_equilibrio"] == pytest.approx(0.75)  # thirds .5/.25/.25
    assert tab.loc["02", "indice_equilibrio"] == pytest.approx(0.5)  # no workers: .5/.5/0
    assert tab.loc["00", "indice_equilibrio"] == pytest.approx(5 / 7)  # 3/7, 3/7, 1/7
    assert tab.loc["02", ["pct_gobierno", "pct_empleadores", "pct_trabajadores"]].tolist() == [50.0, 50.0, 0.0]
    assert balance_index({"gobierno": 3, "empleadores": 3, "trabajadores": 3, "sociedad_civil": 40}) == 1.0
    assert balance_index({"gobierno": 5}) == 0.0
    assert math.isnan(balance_index({"sociedad_civil": 4}))


def test_gender_and_groups_at_risk(comparison):
    tab = comparison.table
    assert tab.loc["01", "pct_mujeres"] == 40.0 and tab.loc["01", "pct_genero_no_declarado"] == 20.0
    assert tab.loc["02", "pct_mujeres"] == 25.0 and tab.loc["02", "pct_genero_no_declarado"] == 25.0
    assert tab.loc["01", "grupos_sin_organizacion"] == 8  # women and youth are represented
    assert tab.loc["02", "grupos_sin_organizacion"] == 10  # "rurales" is not a group at risk of exclusion
    assert "Mujeres" not in tab.loc["01", "grupos_faltantes"] and "Mujeres" in tab.loc["02", "grupos_faltantes"]


def test_network_figures(comparison):
    tab = comparison.table
    # 01: 5 organizations, ties 1-2, 2-3 (both cross-sector), 4 and 8 isolated.
    assert tab.loc["01", "densidad_red"] == pytest.approx(0.2)
    assert tab.loc["01", "pct_lazos_intersectoriales"] == 100.0 and tab.loc["01", "pct_aisladas"] == 40.0
    # 02: 4 organizations, ties 5-6 (cross) and 6-7 (employers-employers), 8 isolated.
    assert tab.loc["02", "densidad_red"] == pytest.approx(1 / 3)
    assert tab.loc["02", "pct_lazos_intersectoriales"] == 50.0 and tab.loc["02", "pct_aisladas"] == 25.0
    assert tab.loc["00", "densidad_red"] == pytest.approx(4 / 28)
    assert tab.loc["00", "pct_lazos_intersectoriales"] == 75.0
    assert tab["modularidad"].isna().all()  # not available yet: shown as "—"
    assert d.format_value("modularidad", tab.loc["01", "modularidad"]) == "—"


def test_participation_fatigue(comparison):
    tab = comparison.table
    # 01: calls 7, 1, 1, 1 -> the top ceil(10 % of 4) = 1 holds 7 of 10; org 1 is fatigued.
    assert tab.loc["01", "pct_convocatorias_top10"] == pytest.approx(70.0) and tab.loc["01", "n_fatigadas"] == 1
    # 02: one seat (org 5); org 6 convenes the space, which is not a call on its time.
    assert tab.loc["02", "pct_convocatorias_top10"] == 100.0 and tab.loc["02", "n_fatigadas"] == 0
    assert tab.loc["00", "pct_convocatorias_top10"] == pytest.approx(700 / 11)
    assert top_share(pd.Series([0, 0])) != top_share(pd.Series([0, 0]))  # NaN: nobody convened
    assert top_share(pd.Series(range(1, 21))) == pytest.approx((20 + 19) / 210 * 100)


def test_no_participation_data_gives_not_available():
    frame = fatigue_figures(data.orgs(), None, None, ["01"], "00", data.AS_OF)
    assert math.isnan(frame.loc["01", "pct_convocatorias_top10"]) and frame.loc["01", "n_fatigadas"] == 0
    net = network_figures(data.orgs().iloc[0:0], None, None, None, ["01"], "00")
    assert net.loc["01"].isna().all()


def test_infeasible_council_and_its_smallest_relaxation(comparison):
    tab = comparison.table
    assert tab.loc["02", "consejo_factible"] == 0.0
    text = tab.loc["02", "consejo_relajacion"]
    assert "bajar a 0 los asientos de trabajadores" in text
    assert d.format_value("consejo_factible", 0.0) == "No"
    assert tab.loc["00", "consejo_relajacion"] == "0 de 2 regiones pueden formar hoy un consejo equilibrado."


def test_feasible_council_with_seats_the_registry_can_fill():
    frames = data.inputs().frames
    candidates = candidates_from_frames(frames, "01", data.AS_OF)
    seats = {"gobierno": 1, "empleadores": 1, "trabajadores": 1, "sociedad_civil": 1}
    assert feasibility(candidates, CouncilParams(seats=seats), data.PROVINCES["01"]) == (True, "")
    ok, text = feasibility(candidates, CouncilParams(seats={**seats, "trabajadores": 2}), data.PROVINCES["01"])
    assert not ok and "trabajadores" in text


def test_activity_from_the_change_log(comparison):
    tab = comparison.table
    assert tab.loc["01", ["org_nuevas_12m", "org_actualizadas_12m"]].tolist() == [2, 1]  # 1 and 8 new, 2 updated
    assert tab.loc["02", ["org_nuevas_12m", "org_actualizadas_12m"]].tolist() == [1, 0]  # 8's chapter; 5 too old
    assert tab.loc["00", ["org_nuevas_12m", "org_actualizadas_12m"]].tolist() == [2, 1]
    empty = activity(data.orgs(), pd.DataFrame(columns=["entidad_id", "accion", "momento"]), ["01"], "00", data.AS_OF)
    assert empty.loc["01"].tolist() == [0, 0]


def test_far_from_median():
    values = pd.Series([10, 11, 12, 13, 14, 40, None, 0], index=list("abcdefgh"), dtype=float)
    flags = far_from_median(values)
    assert flags["f"] == 1 and flags["h"] == -1 and flags["g"] == 0 and flags[list("abcde")].eq(0).all()
    same = far_from_median(pd.Series([5.0, 5.0, 5.0, 6.0]))
    assert same.tolist() == [0, 0, 0, 1]


def test_every_indicator_has_name_definition_and_formula():
    keys = catalogue()
    for ind in d.INDICATORS:
        for part in ("nombre", "definicion", "formula"):
            assert keys.get(f"comparar_ind.{ind.key}.{part}", "").strip(), (ind.key, part)
        assert ind.family in d.FAMILIES
    table = d.definitions_table("Población: prueba")
    assert len(table) == len(d.INDICATORS)
    assert (table["Fuente"] == "Población: prueba").sum() == 5  # total + 4 sectors per 100 000 inhabitants


def test_format_value_is_spanish():
    assert d.format_value("org_por_100k_hab", 1234.56) == "1.234,6"
    assert d.format_value("pct_mujeres", 40) == "40,0 %"
    assert d.format_value("org_total", 8.0) == "8"
    assert d.format_value("pct_mujeres", float("nan")) == "—"


def test_feasibility_candidates_match_the_council_module():
    frames = data.inputs().frames
    for region in ("01", "02"):
        ours = feasibility_candidates(frames, region, data.AS_OF).set_index("id")
        theirs = candidates_from_frames(frames, region, data.AS_OF).set_index("id")
        assert sorted(ours.index) == sorted(theirs.index)
        for column in ("provincia_cobertura", "fatigada", "padre_id"):
            assert ours[column].to_dict() == theirs.loc[ours.index, column].to_dict(), (region, column)
    assert feasibility_candidates(frames, "01", data.AS_OF).set_index("id").loc[1, "fatigada"]  # 7 sessions


def test_page_tables_and_sentences(comparison):
    ranking = view.ranking(comparison, "org_total")
    assert ranking["Región"].tolist() == ["Norte", "Sur"] and ranking["Valor"].tolist() == ["5", "4"]
    pair = view.side_by_side(comparison, "01", "02")
    assert list(pair.columns) == ["Norte", "Sur", "Chile (nacional)"]
    assert pair.loc["Org. de trabajadores"].tolist() == ["1", "0", "1"]
    assert pair.loc["Consejo equilibrado posible"].tolist() == ["No", "No", "—"]
    # Two regions are too few to call one far from the median: the page says so in words.
    assert view.far_sentences(comparison, "org_total") == [
        "Ninguna región se aleja de la mediana nacional (4,5) en «Organizaciones (total)»."]
    balance = view.balance_frame(comparison, ["02", "00"])
    assert balance.loc["Sur"].tolist() == [50.0, 50.0, 0.0, 0.0]
