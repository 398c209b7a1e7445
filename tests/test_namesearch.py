"""Names typed without accents (or in part) find the option a Chilean official means."""

from __future__ import annotations

import pytest

import geodata
from stakeholders.namesearch import find_by_name


@pytest.fixture(scope="module")
def regions() -> dict[str, str]:
    return geodata.region_names()


@pytest.mark.parametrize(("typed", "code"), [
    ("nuble", "16"), ("Ñuble", "16"), ("NUBLE", "16"), ("region de nuble", "16"),
    ("biobio", "08"), ("Biobío", "08"), ("bio bio", "08"),
    ("valparaiso", "05"), ("araucania", "09"), ("los rios", "14"), ("los lagos", "10"),
    ("ohiggins", "06"), ("O'Higgins", "06"), ("aysen", "11"), ("metropolitana", "13"),
    ("uble", "16"),  # inside a word, when no word starts with it
])
def test_regions_typed_without_accents(regions, typed, code):
    assert find_by_name(typed, regions) == code


@pytest.mark.parametrize("typed", ["", "   ", "xyz", "¿?"])
def test_text_that_names_nothing(regions, typed):
    assert find_by_name(typed, regions) is None


def test_a_word_start_beats_a_match_inside_a_word_and_ties_keep_the_list_order():
    names = {"a": "Villa Alemana", "b": "Alhué", "c": "Los Álamos", "d": "Los Andes"}
    assert find_by_name("alhue", names) == "b"
    assert find_by_name("alamos", names) == "c"
    assert find_by_name("los", names) == "c"  # two start with «Los»: the first in the list
    assert find_by_name("lemana", names) == "a"  # only inside a word
    assert find_by_name("los andes", names) == "d"


def test_the_whole_name_wins():
    names = {0: "Todo Chile", 1: "Región Metropolitana de Santiago", 2: "Santiago"}
    assert find_by_name("santiago", names) == 2
    assert find_by_name("chile", names) == 0
    assert find_by_name("metropolitana", names) == 1


def test_communes_typed_without_accents():
    communes = geodata.commune_names("16")
    assert communes[find_by_name("chillan", communes)] == "Chillán"
    assert communes[find_by_name("chillan viejo", communes)] == "Chillán Viejo"
    assert communes[find_by_name("niquen", communes)] == "Ñiquén"
