"""Name keys fold accents, case, spaces and punctuation; prefixes are tried off."""

from __future__ import annotations

import pytest

from geodata import normalize_name
from geodata.names import COMMUNE_ALIASES, PROVINCE_ALIASES, REGION_ALIASES, candidate_keys


@pytest.mark.parametrize(("text", "key"), [
    ("Ñuñoa", "nunoa"), ("NUÑOA", "nunoa"), ("O'Higgins", "ohiggins"), ("O’Higgins", "ohiggins"),
    ("Til Til", "tiltil"), ("Tiltil", "tiltil"), ("Bío-Bío", "biobio"), ("  Los Álamos ", "losalamos"),
    ("Marchigüe", "marchigue"), ("R.M.", "rm"), ("", ""),
])
def test_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


def test_prefixes_and_suffixes_are_tried_after_the_full_key() -> None:
    assert candidate_keys("Región de Ñuble")[:2] == ["regiondenuble", "nuble"]
    assert "losrios" in candidate_keys("Región de Los Ríos")  # "Región del" fits too, but is not the only try
    assert candidate_keys("Región del Biobío")[1] == "biobio"
    assert candidate_keys("Región de la Araucanía")[1] == "araucania"
    assert "nunoa" in candidate_keys("I. Municipalidad de Ñuñoa")
    assert "nunoa" in candidate_keys("Ilustre Municipalidad de Ñuñoa")
    assert "v" in candidate_keys("V Región")
    assert candidate_keys("Valparaíso") == ["valparaiso"]


def test_alias_tables_use_padded_codes() -> None:
    assert all(len(code) == 2 for code in REGION_ALIASES)
    assert all(len(code) == 3 for code in PROVINCE_ALIASES)
    assert all(len(code) == 5 for code in COMMUNE_ALIASES)
