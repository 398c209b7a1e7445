"""The Red page's interactive network in headless Chromium, with every non-local request aborted.

The sample region's graph is drawn offline (sigma.js + graphology served by the app, WebGL), the search box focuses
one organization and its neighbourhood, the hostile sample name stays text, there are no console
errors, and a screenshot is kept for a person to look at.
"""

from __future__ import annotations

import pytest

from i18n import t
from mapping.network import legend_items, view_html, view_payload
from stakeholders import network
from tests._components import CHROMIUM
from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, save_screenshot, wait_for_app
from tests.factories import bridge_network

pytestmark = pytest.mark.e2e

VIEW_IFRAME = 'iframe[title="st.iframe"], [data-testid="stIFrame"] iframe, iframe[srcdoc]'
FOCUS = "Dirección Regional de SENCE, Región de Aysén del General Carlos Ibáñez del Campo"
XSS_NAME = "<script>alert('xss')</script> Sindicato de prueba"
FIRST_DRAW_LIMIT_MS = 2_000


def _streamlit_probe(url: str) -> bool:
    """Streamlit's own health/host probes under a page path (``/red/_stcore/health`` → 404, then ``/_stcore``)."""
    return "/_stcore/" in url


def _save_view(page, name: str) -> None:
    """The graph itself (the full-page screenshot stops at Streamlit's scrolling container)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    view = page.locator(VIEW_IFRAME).first
    view.scroll_into_view_if_needed()
    view.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _view(page):
    page.wait_for_selector(VIEW_IFRAME, timeout=90_000)
    frame = page.frame_locator(VIEW_IFRAME).first
    handle = page.locator(VIEW_IFRAME).first.element_handle()
    content = handle.content_frame()
    content.wait_for_function("() => document.body.dataset.ready === '1'", timeout=60_000)
    return frame, content


def test_network_renders_offline_and_search_focuses_an_organization(app_url, browser_page, network_guard):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error" and not _streamlit_probe(msg.location.get("url", "")) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not _streamlit_probe(r.url) else None)
    page.goto(f"{app_url}/red")
    wait_for_app(page, timeout_ms=180_000)
    region = page.locator('[data-testid="stSelectbox"]').first
    region.click()
    page.get_by_role("option", name="Región de Aysén").click()
    wait_for_app(page, timeout_ms=120_000)
    frame, content = _view(page)
    drawn = content.evaluate("() => ({nodes: graphView.nodes, edges: graphView.edges,"
                             " canvases: document.querySelectorAll('#graph canvas').length,"
                             " width: document.getElementById('graph').clientWidth,"
                             " height: document.getElementById('graph').clientHeight,"
                             " ms: parseInt(document.body.dataset.drawMs, 10)})")
    assert drawn["nodes"] > 50 and drawn["edges"] > 50
    assert drawn["canvases"] >= 1 and drawn["width"] > 300 and drawn["height"] > 300
    assert drawn["ms"] <= FIRST_DRAW_LIMIT_MS
    assert content.evaluate("() => document.getElementById('legend').innerText").count("\n") >= 3
    save_screenshot(page, "red_aysen")
    _save_view(page, "red_aysen_grafo")

    search = frame.locator("#search")
    search.fill(FOCUS)
    search.press("Enter")
    search.dispatch_event("change")
    content.wait_for_function("() => document.body.dataset.focused !== undefined", timeout=10_000)
    focused = content.evaluate("""() => {
        const id = document.body.dataset.focused;
        return {label: graphView.label(id), focus: graphView.isFocus(id),
                lit: graphView.lit(), faded: graphView.faded(), neighbours: graphView.neighbours(id)};
    }""")
    assert focused["label"] == FOCUS and focused["focus"]
    assert focused["lit"] == focused["neighbours"] > 0 and focused["faded"] > 0
    detail = frame.locator("#detail")
    assert detail.is_visible() and FOCUS in detail.inner_text()
    frame.locator("#steps").select_option("2")
    content.wait_for_function("() => graphView.lit() > 0", timeout=10_000)
    assert content.evaluate("() => graphView.lit()") >= focused["lit"]
    _save_view(page, "red_aysen_busqueda")

    # Back to the whole network; a real click on a drawn organization opens its detail panel.
    frame.locator("#reset").click()
    assert content.evaluate("() => document.body.dataset.focused === undefined")
    target = content.evaluate("() => graphView.clickable()[0]")
    assert target
    page.locator(VIEW_IFRAME).first.scroll_into_view_if_needed()
    box = page.locator(VIEW_IFRAME).first.bounding_box()
    x, y = content.evaluate(f"() => graphView.point('{target}')")
    page.mouse.click(box["x"] + x, box["y"] + y)
    content.wait_for_function(f"() => document.body.dataset.focused === '{target}'", timeout=10_000)
    assert content.evaluate(f"() => graphView.label('{target}')") in detail.inner_text()
    frame.locator("#reset").click()
    assert network_guard.blocked == []
    assert network_guard.dialogs == []
    assert errors == []


def test_hostile_name_is_text_in_the_view(app_url, browser_page, network_guard):
    page = browser_page
    page.goto(f"{app_url}/red")
    wait_for_app(page, timeout_ms=180_000)
    frame, content = _view(page)
    node_id = content.evaluate(f"() => graphView.idsWithLabel({XSS_NAME!r})[0]")
    assert node_id
    content.evaluate(f"() => graphView.tap('{node_id}')")
    detail = frame.locator("#detail h3")
    detail.wait_for(timeout=10_000)
    assert detail.inner_text() == XSS_NAME
    assert content.evaluate("() => document.querySelectorAll('#detail script').length") == 0
    save_screenshot(page, "red_santiago_xss")
    assert network_guard.dialogs == []
    assert network_guard.blocked == []


def test_view_without_webgl_says_what_to_do(app_url, browser):
    """A browser with WebGL switched off gets a Spanish message pointing to the table, not a blank box."""
    net = network.region_network(*bridge_network())
    html = view_html(view_payload(net.table, net.graph.ties, net.positions, size_by="grado"), legend_items("sector"))
    no_webgl = browser.browser_type.launch(executable_path=CHROMIUM, headless=True,
                                           args=[*CHROMIUM_ARGS, "--disable-3d-apis"])
    try:
        page = no_webgl.new_page()
        loaded: list[str] = []
        page.on("response", lambda r: loaded.append(r.url) if r.ok and "/app/static/vendor/" in r.url else None)
        page.goto(f"{app_url}/_stcore/health")  # the app's origin, so the vendored scripts load
        page.set_content(html)
        page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=30_000)
        assert page.locator("#graph").inner_text() == t("red.vista.sin_webgl")
        assert len(loaded) == 2  # both libraries were served (sigma cannot start without WebGL)
    finally:
        no_webgl.close()
