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
