"""Every spelling users type resolves to one official code, or to useful suggestions."""

from __future__ import annotations

import pytest

from geodata import Resolution, resolve_commune, resolve_province, resolve_region
from geodata.resolve import Entry, build_index, resolve_in


@pytest.mark.parametrize(("text", "code"), [
    ("Coyhaique", "11101"), ("Coihaique", "11101"),
    ("Aysén", "11201"), ("Aisén", "11201"), ("Puerto Aysén", "11201"),
    ("Marchigüe", "06204"), ("Marchihue", "06204"),
    ("Til Til", "13303"), ("Tiltil", "13303"), ("TILTIL", "13303"),
    ("Santiago Centro", "13101"), ("Santiago", "13101"),
    ("Los Álamos", "08206"), ("Los Alamos", "08206"), ("Los Ángeles", "08301"),
    ("Ñuñoa", "13120"), ("Nunoa", "13120"), ("ñuñoa", "13120"),
    ("Isla de Pascua", "05201"), ("Rapa Nui", "05201"),
    ("Juan Fernández", "05104"), ("Juan Fernandez", "05104"),
    ("Antártica", "12202"),
    ("O'Higgins", "11302"), ("OHiggins", "11302"),
    ("Comuna de Ñuñoa", "13120"), ("I. Municipalidad de Ñuñoa", "13120"), ("Municipalidad de Santiago", "13101"),
    ("Llay Llay", "05703"), ("Paihuano", "04105"),
    (5101, "05101"), ("5101", "05101"), ("05101", "05101"), (5101.0, "05101"), ("5101.0", "05101"),
    (13101, "13101"), ("12202", "12202"),
])
def test_commune_variants(text: str | int, code: str) -> None:
    result = resolve_commune(text)
    assert result.ok and result.code == code, result.message()
    assert result.level == "comuna" and result.query == str(text).strip()


@pytest.mark.parametrize(("text", "code"), [
    ("RM", "13"), ("Metropolitana", "13"), ("Región Metropolitana", "13"),
    ("Región Metropolitana de Santiago", "13"), ("Metropolitana de Santiago", "13"),
    ("O'Higgins", "06"), ("OHiggins", "06"), ("Libertador General Bernardo O'Higgins", "06"),
    ("Región del Libertador General Bernardo O'Higgins", "06"),
    ("Región de Ñuble", "16"), ("Ñuble", "16"), ("Nuble", "16"),
    ("Biobio", "08"), ("Bío Bío", "08"), ("Región del Biobío", "08"),
    ("Aysén", "11"), ("Aisén", "11"), ("Aysén del General Carlos Ibáñez del Campo", "11"),
    ("La Araucanía", "09"), ("Araucania", "09"), ("Magallanes", "12"),
    ("Valparaíso", "05"), ("V Región", "05"), ("XIV", "14"),
    (5, "05"), ("5", "05"), ("05", "05"), (13, "13"),
])
def test_region_variants(text: str | int, code: str) -> None:
    result = resolve_region(text)
    assert result.ok and result.code == code, result.message()


@pytest.mark.parametrize(("text", "code"), [
    ("Aysén", "112"), ("Aisén", "112"), ("Coyhaique", "111"), ("Coihaique", "111"),
    ("Provincia de Cachapoal", "061"), ("Santiago", "131"), ("Isla de Pascua", "052"), ("Rapa Nui", "052"),
    ("Antártica Chilena", "122"), ("San Felipe", "057"), ("Biobío", "083"),
    (51, "051"), ("51", "051"), ("051", "051"),
])
def test_province_variants(text: str | int, code: str) -> None:
    result = resolve_province(text)
    assert result.ok and result.code == code, result.message()


def test_same_name_on_different_levels_stays_on_its_level() -> None:
    assert resolve_region("O'Higgins").code == "06"
    assert resolve_commune("O'Higgins").code == "11302"
    assert resolve_region("Los Lagos").code == "10"
    assert resolve_commune("Los Lagos").code == "14104"
    assert resolve_province("Biobío").code == "083"


def test_official_names_are_returned() -> None:
    assert resolve_commune("nunoa").name == "Ñuñoa"
    assert resolve_region("rm").name == "Metropolitana de Santiago"
    assert resolve_commune("Santiago Centro").message() == "Comuna reconocida: Santiago (13101)."


def test_typo_gets_suggestions_and_a_spanish_message() -> None:
    result = resolve_commune("Nunoaa")
    assert not result.ok and result.code is None and result.name is None
    assert result.suggestions[0] == "Ñuñoa"
    assert len(result.suggestions) <= 5
    assert result.message().startswith("No se reconoce la comuna «Nunoaa». ¿Quiso decir: Ñuñoa")
    assert "Valparaíso" in resolve_commune("Valparaizo").suggestions
    assert resolve_region("Atacamaa").suggestions[0] == "Atacama"


def test_nonsense_has_no_suggestions() -> None:
    result = resolve_commune("xqzw")
    assert not result.ok and result.suggestions == ()
    assert result.message() == "No se reconoce la comuna «xqzw»."


def test_unknown_codes_and_empty_input() -> None:
    assert resolve_commune(99999).message() == "No existe una comuna con el código «99999»."
    assert not resolve_region(17).ok
    assert resolve_commune("  ").message() == "No se indicó ninguna comuna."
    assert resolve_region("").reason == "vacia"


def test_region_filter_rejects_a_commune_of_another_region() -> None:
    assert resolve_commune("Santiago", region_cut="13").code == "13101"
    assert resolve_commune("Santiago", region_cut=13).code == "13101"  # type: ignore[arg-type]
    elsewhere = resolve_commune("Santiago", region_cut="05")
    assert not elsewhere.ok and elsewhere.reason == "fuera_de_ambito" and elsewhere.candidates == ("13101",)
    assert "no en la región Valparaíso (05)" in elsewhere.message()
    assert not resolve_commune(5101, provincia_cut="052").ok
    assert resolve_province("Santiago", region_cut="05").reason == "fuera_de_ambito"
    assert resolve_commune("Valparaizo", region_cut="05").suggestions[0] == "Valparaíso"


def _ambiguous_index() -> object:
    entries = [Entry("90101", "Santa Ana", "90", "901"), Entry("91101", "Santa Ana", "91", "911"),
               Entry("91102", "Santa Rosa", "91", "911")]
    return build_index("comuna", entries, {})


def test_same_name_in_two_regions_is_disambiguated_by_region() -> None:
    index = _ambiguous_index()
    ambiguous = resolve_in(index, "Santa Ana")  # type: ignore[arg-type]
    assert not ambiguous.ok and ambiguous.reason == "ambigua" and ambiguous.candidates == ("90101", "91101")
    assert resolve_in(index, "santa ana", region_cut="91").code == "91101"  # type: ignore[arg-type]
    assert resolve_in(index, "Santa Ana", provincia_cut="901").code == "90101"  # type: ignore[arg-type]
    assert ambiguous.message().startswith("«Santa Ana» corresponde a más de una comuna: 90101, 91101.")


def test_province_filter_message() -> None:
    result = resolve_commune("Valparaíso", provincia_cut="052")
    assert result.message() == (
        "La comuna «Valparaíso» existe (Valparaíso (05101)), pero no en la provincia Isla de Pascua (052)."
    )


def test_missing_values_from_a_spreadsheet_are_empty() -> None:
    assert resolve_commune(float("nan")).reason == "vacia"  # type: ignore[arg-type]
    assert resolve_commune(None).reason == "vacia"  # type: ignore[arg-type]


def test_resolution_is_a_frozen_value() -> None:
    result = resolve_commune("Ñuñoa")
    assert isinstance(result, Resolution) and result.ok
    with pytest.raises(AttributeError):
        result.code = "x"  # type: ignore[misc]


def test_every_name_the_app_writes_reads_back_to_its_code() -> None:
    """Exports write «Región de Los Ríos»: re-importing them must give the same code (a prefix such as
    "Región del" must not eat the "L" of "Los Ríos")."""
    from geodata.places import commune_names, province_names, region_names

    assert {c: resolve_region(n).code for c, n in region_names().items()} == {c: c for c in region_names()}
    for code, name in province_names().items():
        assert resolve_province(f"Provincia de {name}").code == code, name
    for code, name in commune_names().items():
        assert resolve_commune(name, region_cut=code[:2]).code == code, name
