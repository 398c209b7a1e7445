"""The Consejo proposal's PDF and XLSX are built when their button is clicked (deferred, so the
Optimizar click does not pay for them: issue 12, Speed). In Chromium: the files still arrive,
named for the region and mode, with the right format, and nothing errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_proposal_downloads_are_built_on_click(app_url, browser_page, network_guard) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/consejo", wait_until="domcontentloaded")
    wait_for_app(page, timeout_ms=120_000)
    page.get_by_label("Región", exact=True).first.click()
    page.keyboard.type("Biobío")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Proponer consejo").click()
    page.get_by_role("heading", name="Propuesta", exact=True).wait_for(timeout=120_000)
    wait_for_app(page, timeout_ms=120_000)
    got = {}
    for label, magic in (("Descargar PDF", b"%PDF"), ("Descargar XLSX", b"PK\x03\x04")):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).first.click()
        body = Path(download.value.path()).read_bytes()
        got[download.value.suggested_filename] = body[:4] == magic and len(body) > 1000
    assert got == {"consejo_08_optimizar.pdf": True, "consejo_08_optimizar.xlsx": True}
    assert errors == []
