"""Region and commune boxes find names typed without accents (what officials type on any keyboard)."""

from __future__ import annotations

import re

from tests.e2e.conftest import open_list, save_screenshot, wait_for_app


def _choose(page, label: str, text: str) -> None:
    open_list(page, label)
    page.keyboard.type(text)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.wait_for_timeout(300)
    wait_for_app(page)


def test_mapa_finds_regions_and_communes_without_accents(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    region = page.get_by_role("combobox", name="Región", exact=True)
    region.click()
    page.keyboard.type("biobio")
    listbox = page.get_by_role("listbox")
    # What was typed is offered in Spanish (Streamlit writes "Add: …")
    listbox.get_by_text("Buscar: biobio", exact=True).wait_for(timeout=10_000)
    assert listbox.get_by_text(re.compile("^Add:")).count() == 0
    save_screenshot(page, "busqueda_biobio")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=08"), timeout=30_000)
    wait_for_app(page)
    assert region.input_value() == "Región del Biobío"

    _choose(page, "Región", "nuble")
    page.wait_for_url(re.compile(r"region=16$"), timeout=30_000)
    assert region.input_value() == "Región de Ñuble"
    _choose(page, "Comuna", "chillan")
    page.wait_for_url(re.compile(r"region=16&comuna=16101"), timeout=30_000)
    assert page.get_by_role("combobox", name="Comuna", exact=True).input_value() == "Chillán"

    _choose(page, "Región", "xyz")  # names nothing: the choice stays and the page says why
    page.get_by_text("Ninguna región se llama «xyz»", exact=False).wait_for(timeout=10_000)
    assert region.input_value() == "Región de Ñuble"
    save_screenshot(page, "busqueda_sin_coincidencia")

    _choose(page, "Región", "todo chile")
    page.wait_for_function("() => !location.search.includes('region=')", timeout=30_000)
    page.get_by_role("heading", name="Organizaciones por región").wait_for(timeout=30_000)  # back at Chile
    assert network_guard.clean(), network_guard


def test_red_and_consejo_find_regions_without_accents(app_url, browser_page, network_guard):
    page = browser_page
    for path, expected in (("red", "Región del Biobío"), ("consejo", "Región de Ñuble")):
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        _choose(page, "Región", "biobio" if path == "red" else "nuble")
        assert page.get_by_role("combobox", name="Región", exact=True).input_value() == expected
    assert network_guard.clean(), network_guard


def test_other_pages_find_regions_without_accents(app_url, browser_page, network_guard):
    """Seguimiento, Comparar and Análisis take the same accent-free names as Mapa."""
    page = browser_page
    for path, label, typed, expected in (("seguimiento", "Región", "nuble", "Ñuble"),
                                         ("comparar", "Primera región", "aysen", "Aysén"),
                                         ("analisis", "Territorio", "biobio", "Biobío")):
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        _choose(page, label, typed)
        shown = page.get_by_role("combobox", name=label, exact=True).input_value()
        assert expected in shown, (path, shown)
    assert network_guard.clean(), network_guard


def test_lists_speak_spanish(app_url, browser_page, network_guard):
    """Streamlit's own words in select lists ("Select all", "Select 2 matches", "No results")."""
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    page.get_by_text("Filtros", exact=True).click()
    open_list(page, "Sector tripartito")
    listbox = page.get_by_role("listbox")
    listbox.get_by_text("Elegir todas", exact=True).wait_for(timeout=10_000)
    page.keyboard.type("adores")  # Empleadores, Trabajadores
    listbox.get_by_text("Elegir las 2 coincidencias", exact=True).wait_for(timeout=10_000)
    page.keyboard.type("zz")
    listbox.get_by_text("Sin resultados", exact=True).wait_for(timeout=10_000)
    assert listbox.get_by_text(re.compile(r"^(Select|No results|Add:)")).count() == 0
    save_screenshot(page, "lista_en_castellano")
    page.keyboard.press("Escape")
    assert network_guard.clean(), network_guard
