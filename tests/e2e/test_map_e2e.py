"""The map app in headless Chromium with every non-local request aborted.

National map with 16 region shapes, drill-down by click and by keyboard, the director's task
(Chile → region → commune → organization) with deep links and Back, filters changing the
table, the hostile sample name shown as text, Spanish controls, no console error or 404,
nothing fetched outside localhost, a screenshot per step and per page.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_list, save_screenshot, wait_for_app

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
    frame.wait_for_function("() => document.querySelectorAll('.mapa-grupo, .mapa-punto').length > 0",
                            timeout=30_000)
    save_screenshot(page, "mapa_region_13")
    assert network_guard.clean(), network_guard


def _total_caption(page) -> int:
    text = page.get_by_text(re.compile("Organizaciones con los filtros actuales")).inner_text()
    return int(re.sub(r"\D", "", text.split(":")[-1]))


def _drawn_total(frame) -> int:
    """Sum of the organizations the drawn regions carry (what their tooltips and colours show)."""
    return frame.evaluate("""() => {
        let n = 0;
        window.map.eachLayer(l => { if (l.feature && l.feature.properties.region_cut && l._path)
            n += l.feature.properties.total; });
        return n;
    }""")


def test_filter_changes_the_table_and_redraws_the_map_in_place(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    frame = _map_frame(page)
    wait_for_app(page)
    before, drawn_before = _total_caption(page), _drawn_total(frame)
    frame.evaluate("() => { window.__mismoMapa = true; }")
    legends = frame.locator(".mapa-leyenda-control").count()
    page.get_by_text("Filtros", exact=True).click()
    sector = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Sector tripartito")
    open_list(page, "Sector tripartito")
    page.keyboard.type("Trabajadores")
    page.keyboard.press("Enter")
    sector.locator('[data-tag]').filter(has_text="Trabajadores").wait_for(timeout=5_000)
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
    # The map was redrawn inside the same page (no reload of the map): fewer organizations drawn.
    frame = _map_frame(page)
    frame.wait_for_function(f"() => {{ let n = 0; window.map.eachLayer(l => {{ if (l.feature && "
                            f"l.feature.properties.region_cut && l._path) n += l.feature.properties.total; }});"
                            f" return n < {drawn_before}; }}", timeout=30_000)
    assert frame.evaluate("() => window.__mismoMapa === true")
    assert 0 < _drawn_total(frame) < drawn_before
    assert _region_paths(frame) == 16  # the old layer is gone, not stacked under the new one
    assert frame.locator(".mapa-leyenda-control").count() == legends >= 2  # legends replaced, not stacked
    save_screenshot(page, "mapa_filtro_trabajadores")
    assert network_guard.clean(), network_guard


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
    assert page.evaluate("document.documentElement.lang") == "es-CL"
    assert network_guard.clean(), network_guard


# ---------------------------------------------------------------- the director's task

ENGLISH = ("Zoom in", "Zoom out", " mi", " ft", "Choose an option", "No results", "Select all")


def _map_properties(page, frame) -> dict:
    """What a reader of the map needs: a real size, Spanish controls, metric scale only."""
    box = page.locator(MAP_IFRAME).bounding_box()
    return frame.evaluate("""(iframeHeight) => ({
        iframe: iframeHeight,
        container: window.map.getContainer().getBoundingClientRect().height,
        zoomIn: document.querySelector('.leaflet-control-zoom-in').title,
        zoomOut: document.querySelector('.leaflet-control-zoom-out').title,
        scale: [...document.querySelectorAll('.leaflet-control-scale-line')].map(e => e.textContent),
        text: document.body.innerText,
    })""", box["height"] if box else 0)


def _check_map(page, frame) -> None:
    props = _map_properties(page, frame)
    assert props["iframe"] > 300 and props["container"] > 300, props
    assert (props["zoomIn"], props["zoomOut"]) == ("Acercar", "Alejar")
    assert len(props["scale"]) == 1 and props["scale"][0].strip().endswith(("km", "m")), props["scale"]
    assert not [w for w in ENGLISH if w in props["text"]], props["text"]


def _press_enter_on_area(page, frame, code_field: str, code: str) -> None:
    """Keyboard drill-in: focus the area named by its code and press Enter."""
    found = frame.evaluate("""([field, code]) => {
        let target = null;
        window.map.eachLayer(l => { if (l.feature && l.feature.properties[field] === code && l._path) target = l; });
        if (!target) return 'sin área';
        if (target._path.getAttribute('role') !== 'button' || target._path.getAttribute('tabindex') !== '0')
            return 'sin rol';
        target._path.setAttribute('data-objetivo', '1');
        return target._path.getAttribute('aria-label');
    }""", [code_field, code])
    assert found not in ("sin área", "sin rol"), found
    target = frame.locator('[data-objetivo="1"]')
    target.focus()
    page.keyboard.press("Enter")
    return found


def _selected(page, label: str) -> str:
    """What a selectbox shows: its value, or its placeholder when empty."""
    box = page.get_by_role("combobox", name=label, exact=True)
    return box.input_value().strip() or (box.get_attribute("placeholder") or "").strip()


def test_director_walks_from_chile_to_an_organization(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    frame = _map_frame(page)
    _check_map(page, frame)
    save_screenshot(page, "director_1_chile")
    # Region by keyboard (Enter on the focused shape, whose accessible name is the region's).
    label = _press_enter_on_area(page, frame, "region_cut", "16")
    assert label.startswith("Región de Ñuble")
    page.wait_for_url(re.compile(r"[?&]region=16(&|$)"), timeout=30_000)
    wait_for_app(page)
    assert _selected(page, "Región") == "Región de Ñuble"
    frame = _map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 16", timeout=30_000)
    _check_map(page, frame)
    assert page.get_by_role("heading", name="Brechas de cobertura").count() == 1
    save_screenshot(page, "director_2_nuble")
    # Commune (Chillán) by keyboard too.
    _press_enter_on_area(page, frame, "comuna_cut", "16101")
    page.wait_for_url(re.compile(r"region=16&comuna=16101"), timeout=30_000)
    wait_for_app(page)
    assert _selected(page, "Comuna") == "Chillán"
    frame = _map_frame(page)
    frame.wait_for_function("() => window.mapaPuntos && window.mapaPuntos.getLayers().length > 0", timeout=30_000)
    _check_map(page, frame)
    save_screenshot(page, "director_3_chillan")
    # An organization by name in the search box beside the map; its detail shows there, whole.
    open_list(page, "Buscar organización")
    page.keyboard.type("Sindicato")
    page.keyboard.press("Enter")
    wait_for_app(page)
    detail = page.locator('[data-testid="stColumn"]').filter(has_text="Buscar organización").last
    detail.get_by_text("Relaciones").wait_for(timeout=30_000)
    text = detail.inner_text()
    assert "Sector" in text and "Trabajadores" in text
    assert "nan" not in text.split() and "None" not in text.split()
    map_box = page.locator(MAP_IFRAME).bounding_box()
    detail_box = detail.bounding_box()
    assert detail_box["x"] >= map_box["x"] + map_box["width"] - 5  # beside the map, not below it
    assert detail_box["y"] < map_box["y"] + map_box["height"]
    save_screenshot(page, "director_4_organizacion")
    # Back goes up one level: from Chillán to Ñuble.
    page.go_back()
    page.wait_for_url(re.compile(r"[?&]region=16$"), timeout=30_000)
    wait_for_app(page)
    assert _selected(page, "Región") == "Región de Ñuble"
    assert _selected(page, "Comuna") == "Toda la región"
    save_screenshot(page, "director_5_atras")
    assert network_guard.clean(), network_guard


def test_deep_link_opens_the_commune(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/?region=16&comuna=16101")
    wait_for_app(page)
    assert _selected(page, "Región") == "Región de Ñuble"
    assert _selected(page, "Comuna") == "Chillán"
    assert page.get_by_text("Page not found").count() == 0
    frame = _map_frame(page)
    _check_map(page, frame)
    assert network_guard.clean(), network_guard



def _contrast(fg: list[float], bg: list[float]) -> float:
    def lum(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb[:3]]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_captions_contrast_and_sidebar_focus_is_visible(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    captions = page.evaluate("""() => {
        const rgb = s => s.match(/[\\d.]+/g).map(Number);
        return [...document.querySelectorAll('[data-testid="stCaptionContainer"] p')].map(e => {
            let bg = 'rgba(0, 0, 0, 0)', n = e;
            while (n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
                bg = getComputedStyle(n).backgroundColor; n = n.parentElement; }
            const c = getComputedStyle(e);
            return {fg: rgb(c.color), bg: rgb(bg), opacity: Number(c.opacity), text: e.innerText.slice(0, 40)};
        });
    }""")
    assert len(captions) >= 3
    for cap in captions:
        alpha = (cap["fg"][3] if len(cap["fg"]) > 3 else 1.0) * cap["opacity"]
        seen = [alpha * f + (1 - alpha) * b for f, b in zip(cap["fg"][:3], cap["bg"][:3], strict=True)]
        assert _contrast(seen, cap["bg"]) >= 4.5, cap
    # Keyboard focus in the sidebar shows an outline.
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el.closest('[data-testid="stSidebar"]')) return null;
            const s = getComputedStyle(el);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)};
        }""")
        if outline is not None:
            break
    assert outline is not None and outline["style"] != "none" and outline["width"] >= 2, outline
    assert network_guard.clean(), network_guard


def _click_santiago(page, frame) -> None:
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    point = frame.evaluate("(() => { const q = window.map.latLngToContainerPoint([-33.45, -70.66]); "
                           "return {x: q.x, y: q.y}; })()")
    frame.locator("#map_div").click(position=point)


def test_levels_share_one_map_and_a_region_opens_again_after_coming_back(app_url, browser_page, network_guard):
    """Chile → region → Chile → the same region: the map is never reloaded (only its layers change),
    and the second click on the same region still opens it (areas carry the view they belong to)."""
    page = browser_page
    page.goto(f"{app_url}/")
    wait_for_app(page)
    frame = _map_frame(page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length >= 16")
    frame.evaluate("() => { window.__mismoMapa = true; }")
    for _ in range(2):
        _click_santiago(page, frame)
        page.wait_for_url(re.compile(r"region=13$"), timeout=30_000)
        wait_for_app(page)
        frame.wait_for_function("() => document.querySelectorAll('.mapa-grupo, .mapa-punto').length > 0",
                                timeout=30_000)
        assert frame.evaluate("() => window.map.getZoom()") >= 7  # fitted to the region, not Chile
        page.get_by_role("button", name="Volver a Chile").click()
        page.wait_for_function("() => !location.search.includes('region=')", timeout=30_000)
        wait_for_app(page)
        frame.wait_for_function("() => { let n = 0; window.map.eachLayer(l => { const p = l.feature && "
                                "l.feature.properties; if (p && p.region_cut && !p.comuna_cut && l._path) n++; });"
                                " return n === 16 && window.map.getZoom() < 6; }", timeout=30_000)
    assert frame.evaluate("() => window.__mismoMapa === true")  # the same map all along
    assert network_guard.clean(), network_guard
