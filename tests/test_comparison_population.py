"""The shipped census table and the commune population importer (Spanish errors naming file and row)."""

from __future__ import annotations

import pandas as pd
import pytest

import geodata
from stakeholders.comparison.population import census_2017, read_commune_population, template_csv
from tests import _comparison_data as data


def test_census_2017_has_the_16_regions_and_the_official_total():
    pop = census_2017()
    assert sorted(pop.regions.index) == sorted(geodata.regions()["region_cut"])
    assert int(pop.regions.sum()) == 17_574_003  # INE, Censo 2017, resultados definitivos
    assert pop.regions["16"] + pop.regions["08"] == 2_037_414  # Biobío before Ñuble was created
    assert pop.year == 2017 and "Censo" in pop.note()


def test_commune_table_sums_to_regions(tmp_path):
    path = tmp_path / "pob.csv"
    path.write_text("comuna_cut;poblacion;anio;fuente\n1101;1.000;2024;INE proyecciones\n01102;2500;2024;"
                    "INE proyecciones\n02101;400000;2024;INE proyecciones\n", encoding="utf-8-sig")
    pop = read_commune_population(path, data.communes())
    assert pop.regions.to_dict() == {"01": 3500, "02": 400000}
    assert pop.communes["01101"] == 1000 and pop.year == 2024 and pop.source == "INE proyecciones"


@pytest.mark.parametrize(("body", "expected"), [
    ("comuna_cut,habitantes\n01101,5\n", "faltan las columnas poblacion"),
    ("comuna_cut,poblacion\n01101,5\n99999,3\n", "fila 3: «99999» no es un código de comuna"),
    ("comuna_cut,poblacion\n01101,cinco\n", "fila 2: la población «cinco» no es un número entero"),
])
def test_bad_rows_get_a_specific_spanish_error(tmp_path, body, expected):
    path = tmp_path / "malo.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=expected):
        read_commune_population(path, data.communes())


def test_template_opens_in_excel_and_reads_back(tmp_path):
    raw = template_csv()
    assert raw.startswith("\ufeff".encode())
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.split(",")[:3] == ["comuna_cut", "comuna", "poblacion"]
    filled = tmp_path / "plantilla.csv"
    filled.write_text(raw.decode("utf-8-sig").replace("Santiago,,", "Santiago,404495,"), encoding="utf-8")
    communes = pd.DataFrame({"comuna_cut": ["13101"], "region_cut": ["13"]})
    assert read_commune_population(filled, communes).regions["13"] == 404_495
