"""The Comparar page in headless Chromium: all 16 regions on the map and in the table, offline, no console errors."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import save_screenshot, wait_for_app

pytestmark = pytest.mark.e2e

STREAMLIT_PROBE = "/comparar/_stcore/"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
REGION_NAMES = ("Arica y Parinacota", "Tarapacá", "Antofagasta", "Atacama", "Coquimbo", "Valparaíso",
                "Metropolitana", "O'Higgins", "Maule", "Ñuble", "Biobío", "Araucanía", "Los Ríos", "Los Lagos",
                "Aysén", "Magallanes")


def test_comparar_renders_all_16_regions(app_url, browser_page, network_guard) -> None:
    page = browser_page
    errors: list[str] = []

    def on_console(msg) -> None:
        # Opened on a deep link, Streamlit's frontend first probes /comparar/_stcore/{health,host-config}
        # for a base path (404) and falls back to /; that probe is Streamlit's, not the page's.
        if msg.type == "error" and STREAMLIT_PROBE not in str((msg.location or {}).get("url", "")):
            errors.append(f"{msg.text} {msg.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/comparar", wait_until="domcontentloaded")
    wait_for_app(page, timeout_ms=240_000)
    page.get_by_role("heading", name="Todas las regiones e indicadores").wait_for(timeout=120_000)
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    national = page.locator(MAP_IFRAME).first
    frame = national.element_handle().content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length >= 16",
                            timeout=60_000)
    regions = frame.evaluate("""() => {
        const codes = new Set();
        window.map.eachLayer(l => { if (l.feature && l.feature.properties.codigo && l._path) codes.add(
            l.feature.properties.codigo); });
        return codes.size;
    }""")
    assert regions == 16
    box = frame.evaluate("() => document.querySelector('#map_div, .folium-map').getBoundingClientRect().height")
    assert box > 0 and national.bounding_box()["height"] > 300
    assert frame.locator(".mapa-leyenda").count() >= 1  # the legend states the classes in words
    # Every region's name is on the page (ranking and table are text alternatives of the map).
    ranking = page.locator('[data-testid="stDataFrame"]').first
    ranking.wait_for(timeout=30_000)
    text = page.content()
    for name in REGION_NAMES:
        assert name in text or page.get_by_text(name).count() >= 1, name
    # The two small commune maps of the side-by-side view render too.
    page.locator(MAP_IFRAME).nth(2).scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert page.locator(MAP_IFRAME).count() == 3
    page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()
    path = save_screenshot(page, "comparar")
    assert path.stat().st_size > 20_000
    assert not page.locator('[data-testid="stException"]').all()
    assert errors == [], errors
    assert network_guard.blocked == [], network_guard.blocked
    assert network_guard.dialogs == []
