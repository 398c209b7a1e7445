"""Real-world spellings of places (registries, offices, typists) with the answer each must get.

``code`` is the official CUT the text must resolve to; for texts that name no single place
(``code`` None) the suggestions must include ``suggest`` and must share a word with the text.
"""

from __future__ import annotations

import difflib

import pytest

from geodata import resolve_commune, resolve_province, resolve_region
from geodata.names import words

COMMUNES = [
    ("PTO. NATALES", "12401"), ("PTO NATALES", "12401"), ("GRAL. LAGOS", "15202"), ("STA. CRUZ", "06310"),
    ("VTA. ALEGRE", "07407"), ("PTO MONTT", "10101"), ("Pto. Varas", "10109"), ("Sta. Juana", "08109"),
    ("STO DOMINGO", "05606"), ("Est. Central", "13106"), ("Qta. Normal", "13126"), ("Pdre. Las Casas", "09112"),
    ("Pta Arenas", "12101"), ("Cnel.", "08102"), ("Stgo. Centro", "13101"), ("STGO", "13101"),
    ("IPT ARICA", "15101"), ("IPT EL LOA (CALAMA)", "02201"), ("ICT VIÑA DEL MAR", "05109"),
    ("Inspección Comunal del Trabajo de Rancagua", "06101"), ("ÑUÑOA", "13120"), ("NUNOA", "13120"),
    ("AYSÉN", "11201"), ("Coyhaique", "11101"), ("Til Til", "13303"), ("Marchigüe", "06204"),
    ("Llay-Llay", "05703"), ("LA CALERA", "05502"), ("Conce", "08101"), ("VALPO", "05101"),
    ("Chillan Viejo", "16103"), ("CHILLÁN", "16101"), ("LOS ÁLAMOS", "08206"), ("O Higgins", "11302"),
    ("Municipalidad de Puente Alto", "13201"), ("I. Municipalidad de Maipú", "13119"),
]
UNRESOLVED = [
    ("STGO NORTE", "Santiago"), ("STGO PONIENTE", "Santiago"), ("DRT SANTIAGO ORIENTE", "Santiago"),
    ("Valparaizo", "Valparaíso"), ("Nunoaa", "Ñuñoa"), ("San Fabiam", "San Fabián"), ("Viña", "Viña del Mar"),
    ("P. Aguirre Cerda", "Pedro Aguirre Cerda"), ("Los Alamo", "Los Alamos"),
]
PROVINCES = [("CORDILLERA", "132"), ("MARGA MARGA", "058"), ("EL LOA", "022"), ("DIGUILLÍN", "161"),
             ("Última Esperanza", "124"), ("Provincia de Chiloé", "102")]
REGIONS = [("LGBO", "06"), ("AYP", "15"), ("TPCA", "01"), ("ANTOF", "02"), ("ATCMA", "03"), ("COQ", "04"),
           ("VALPO", "05"), ("BBIO", "08"), ("ARAUC", "09"), ("LAGOS", "10"), ("MAG", "12"), ("RIOS", "14"),
           ("RM", "13"), ("8", "08"), ("VIII", "08"), ("Región del Biobío", "08"), ("NUBLE", "16"),
           ("Región de Los Ríos", "14"), ("Región de Los Lagos", "10"), ("Región de La Araucanía", "09")]


def test_the_list_is_long_enough() -> None:
    assert len(COMMUNES) + len(UNRESOLVED) + len(PROVINCES) + len(REGIONS) >= 40


@pytest.mark.parametrize(("text", "code"), COMMUNES)
def test_commune_spellings(text: str, code: str) -> None:
    assert resolve_commune(text).code == code


@pytest.mark.parametrize(("text", "wanted"), UNRESOLVED)
def test_unresolved_names_get_suggestions_sharing_a_word(text: str, wanted: str) -> None:
    result = resolve_commune(text)
    assert not result.ok and wanted in result.suggestions[:2], result.suggestions
    typed = set(words(text))
    for name in result.suggestions:  # fuzzy: each suggestion shares a (possibly misspelt) word
        assert any(_close(a, b) for a in typed for b in words(name)), (text, name)


def _close(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() > 0.8


def test_bad_old_suggestions_are_gone() -> None:
    assert "Tortel" not in resolve_commune("STGO NORTE").suggestions
    assert "Santa María" not in resolve_commune("MARGA MARGA").suggestions


@pytest.mark.parametrize(("text", "code"), PROVINCES)
def test_province_spellings(text: str, code: str) -> None:
    assert resolve_province(text).code == code


@pytest.mark.parametrize(("text", "code"), REGIONS)
def test_region_spellings_and_mineduc_abbreviations(text: str, code: str) -> None:
    assert resolve_region(text).code == code
