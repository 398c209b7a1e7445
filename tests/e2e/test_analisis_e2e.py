"""The stakeholder-analysis page in headless Chromium: the sample matrix renders offline."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import save_screenshot, wait_for_app

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stVegaLiteChart"]'


def test_sample_matrix_renders(app_url, browser_page, network_guard) -> None:
    page = browser_page
    page.goto(f"{app_url}/analisis", wait_until="domcontentloaded")
    wait_for_app(page, timeout_ms=120_000)
    page.wait_for_selector(CHART, timeout=120_000)
    assert "Plan regional de capacitación 2027" in page.content()  # the sample analysis is the one shown
    # Vega draws into a canvas (or svg); wait until it has a real size.
    page.wait_for_function(
        """(sel) => {
            const root = document.querySelector(sel);
            if (!root) return false;
            const el = root.querySelector('canvas, svg.marks');
            if (!el) return false;
            const box = el.getBoundingClientRect();
            return box.width > 300 && box.height > 300;
        }""",
        arg=CHART, timeout=60_000,
    )
    page.wait_for_timeout(500)
    assert page.locator(CHART).count() == 1
    page.locator(CHART).scroll_into_view_if_needed()
    assert page.get_by_text("Gestionar de cerca").count() >= 1  # the quadrant strategies below the matrix
    path = save_screenshot(page, "analisis")
    assert path.stat().st_size > 10_000
    assert not [e for e in page.locator('[data-testid="stException"]').all()]
    # The matrix (Vega) and the page fetch nothing outside localhost.
    assert network_guard.blocked == [], network_guard.blocked
    assert network_guard.dialogs == []


MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _selected_tab(page) -> str:
    return page.locator('[role="tab"][aria-selected="true"]').inner_text().strip()


def test_map_tab_fits_the_territory_and_tabs_stay_put(app_url, browser_page, network_guard) -> None:
    page = browser_page
    page.goto(f"{app_url}/analisis", wait_until="domcontentloaded")
    wait_for_app(page, timeout_ms=120_000)
    page.get_by_role("tab", name="Mapa").click()
    wait_for_app(page)
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    frame = page.frame_locator(MAP_IFRAME).first
    handle = page.query_selector(MAP_IFRAME).content_frame()
    handle.wait_for_function("() => window.map !== undefined && window.mapaPuntos !== undefined", timeout=60_000)
    view = handle.evaluate("""() => {
        const b = window.map.getBounds();
        return {zoom: window.map.getZoom(), south: b.getSouth(), north: b.getNorth(),
                height: window.map.getContainer().getBoundingClientRect().height};
    }""")
    # Ñuble spans about 36°S–37.2°S: the view is the region, not the globe.
    assert view["zoom"] >= 6, view
    assert -38.5 < view["south"] < -36.5 and -36.5 < view["north"] < -35, view
    assert view["height"] > 300
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == "Acercar"
    save_screenshot(page, "analisis_mapa")
    # A search in the assessment tab keeps the user there.
    page.get_by_role("tab", name="Evaluar y agregar actores").click()
    wait_for_app(page)
    search = page.get_by_label("Buscar por nombre", exact=True)
    search.fill("sindicato")
    search.press("Enter")
    wait_for_app(page)
    assert _selected_tab(page) == "Evaluar y agregar actores"
    save_screenshot(page, "analisis_busqueda")
    assert network_guard.clean(), network_guard
