"""The Red page's files are built when their button is clicked (issue 12, Speed: building the
workbook and the Gephi files of a region cost several times its reading, on every first visit).
In Chromium: each file still arrives, named for the region, in its format, with every organization."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.conftest import open_list, wait_for_app

pytestmark = pytest.mark.e2e


def test_network_files_are_built_on_click(app_url, browser_page, network_guard) -> None:
    page = browser_page
    page.goto(f"{app_url}/red")
    wait_for_app(page, timeout_ms=120_000)
    open_list(page, "Región")
    page.keyboard.type("biobio")
    page.keyboard.press("Enter")
    wait_for_app(page, timeout_ms=120_000)
    organizations = int(page.locator('[data-testid="stMetricValue"]').first.inner_text().replace(".", ""))
    page.get_by_role("tab", name="Todas las métricas").click()
    got = {}
    for label in ("Descargar Excel", "Descargar GEXF (Gephi)"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).first.click()
        got[download.value.suggested_filename] = Path(download.value.path()).read_bytes()
    assert set(got) == {"red_region_08.xlsx", "red_region_08.gexf"}
    sheet = openpyxl.load_workbook(io.BytesIO(got["red_region_08.xlsx"]), read_only=True).worksheets[0]
    assert sheet.max_row - 1 == organizations > 0
    nodes = [e for e in ET.fromstring(got["red_region_08.gexf"]).iter() if e.tag.endswith("}node")]
    assert len(nodes) == organizations
    assert network_guard.clean(), network_guard
