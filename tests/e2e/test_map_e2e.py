"""The map app in headless Chromium with every non-local request aborted.

National map with 16 region shapes, drill-down by click, filters changing the table, the
hostile sample name shown as text, nothing fetched outside localhost, a screenshot per page.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import save_screenshot, wait_for_app

pytestmark = pytest.mark.e2e

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
XSS_NAME = "<script>alert('xss')</script> Sindicato de prueba"
PAGES = {"mapa": "Mapa", "red": "Red", "consejo": "Consejo", "analisis": "Análisis de actores",
         "comparar": "Comparar regiones", "datos": "Datos"}


def _map_frame(page):
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    handle = page.query_selector(MAP_IFRAME)
    frame = handle.content_frame()
    frame.wait_for_function("() => window.map !== undefined && document.querySelectorAll('path').length > 0",
                            timeout=60_000)
    return frame


def _region_paths(frame) -> int:
    return frame.evaluate("""() => {
        let n = 0;
        window.map.eachLayer(l => { if (l.feature && l.feature.properties.region_cut && l._path) n++; });
        return n;
    }""")


def test_national_map_renders_offline_and_drills_into_a_region(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length >= 16")
    assert frame.locator("path.leaflet-interactive").count() == 16
    assert _region_paths(frame) == 16
    # A real mouse click on Santiago (inside the Metropolitan region's shape) drills into it.
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    point = frame.evaluate("(() => { const q = window.map.latLngToContainerPoint([-33.45, -70.66]); "
                           "return {x: q.x, y: q.y}; })()")
    frame.locator("#map_div").click(position=point)
    page.get_by_role("heading", name="Organizaciones por comuna").wait_for(timeout=30_000)
    assert page.get_by_text("Comuna", exact=True).count() >= 1  # the commune selector appears
    wait_for_app(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 16", timeout=30_000)
    frame.wait_for_function("() => document.querySelectorAll('.marker-cluster, .mapa-punto').length > 0",
                            timeout=30_000)
    save_screenshot(page, "mapa_region_13")
    assert network_guard.blocked == []
    assert network_guard.dialogs == []


def _total_caption(page) -> int:
    text = page.get_by_text(re.compile("Organizaciones con los filtros actuales")).inner_text()
    return int(re.sub(r"\D", "", text.split(":")[-1]))


def test_filter_changes_the_table(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    before = _total_caption(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sector = sidebar.locator('[data-testid="stMultiSelect"]').first
    sector.click()
    page.keyboard.type("Trabajadores")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(f"""() => {{
        const el = [...document.querySelectorAll('p')].find(p => p.innerText.includes('filtros actuales'));
        return el && !el.innerText.endsWith(' {before:,}'.replace(/,/g, '.'));
    }}""", timeout=30_000)
    wait_for_app(page)
    after = _total_caption(page)
    assert 0 < after < before
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.is_visible()
    save_screenshot(page, "mapa_filtro_trabajadores")
    assert network_guard.blocked == []


def test_hostile_name_renders_as_text(app_url, browser_page, network_guard):
    page = browser_page
    # The commune view (Santiago, where the sample places it) shows every point unclustered.
    page.goto(f"{app_url}/?region=13&comuna=13101")
    wait_for_app(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => window.mapaPuntos !== undefined", timeout=30_000)
    found = frame.evaluate("""() => {
        let target = null;
        window.mapaPuntos.eachLayer(m => {
            const tip = m.getTooltip && m.getTooltip();
            if (tip && String(tip.getContent()).includes('xss')) target = m;
        });
        if (!target) return 'sin marcador';
        if (!target._icon) return 'marcador no dibujado';
        target._icon.setAttribute('data-xss', '1');
        return 'ok';
    }""")
    assert found == "ok", f"the hostile-named sample organization is not drawn on Santiago's map: {found}"
    marker = frame.locator('[data-xss="1"]')
    marker.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert XSS_NAME in tooltip.inner_text()
    assert frame.locator(".leaflet-tooltip script").count() == 0
    # A DOM click on the icon runs Leaflet's and streamlit-folium's own handlers. (Playwright's
    # trusted pointer click on a divIcon inside the streamlit-folium iframe does not reach
    # Leaflet in headless Chromium, while the same click works on a plain Leaflet page.)
    marker.dispatch_event("click")
    page.get_by_text(XSS_NAME).first.wait_for(timeout=30_000)
    save_screenshot(page, "mapa_xss_como_texto")
    assert network_guard.dialogs == []
    assert network_guard.blocked == []


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_renders_offline(app_url, browser_page, network_guard, path):
    page = browser_page
    page.goto(f"{app_url}/{'' if path == 'mapa' else path}")  # Mapa is the default page, served at /
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").count() >= 1, f"la página {PAGES[path]} no muestra título"
    save_screenshot(page, path)
    assert network_guard.blocked == []
    assert network_guard.dialogs == []
