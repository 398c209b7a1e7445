"""The Seguimiento page in headless Chromium: sample follow-up renders offline, the word chart is visible."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import save_screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_follow_up_page_renders_with_word_chart(app_url, browser_page, network_guard) -> None:
    page = browser_page
    page.goto(f"{app_url}/seguimiento", wait_until="domcontentloaded")
    wait_for_app(page, timeout_ms=180_000)
    page.get_by_text("Seguimiento de diálogos e ideas").first.wait_for(timeout=120_000)
    assert page.get_by_text("DATOS DE EJEMPLO").count() >= 1
    page.get_by_role("tab", name="Palabras frecuentes").click()
    wait_for_app(page)
    image = page.locator('[data-testid="stImage"] img, [data-testid="stImage"]').first
    image.wait_for(timeout=60_000)
    box = image.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    path = save_screenshot(page, "seguimiento_palabras")
    assert path.stat().st_size > 10_000
    page.get_by_role("tab", name="Ideas por estado").click()
    wait_for_app(page)
    save_screenshot(page, "seguimiento")
    assert not page.locator('[data-testid="stException"]').all()
    assert network_guard.blocked == [], network_guard.blocked
    assert network_guard.dialogs == []
