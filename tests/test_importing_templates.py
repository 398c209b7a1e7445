"""Empty templates: canonical headers, one per table; XLSX with the allowed values."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from stakeholders.importing.headers import TABLE_COLUMNS
from stakeholders.importing.templates import TEMPLATE_KINDS, template_bytes
from stakeholders.registry.schema import ORG_FILE_COLUMNS


def test_organization_template_csv() -> None:
    [data] = template_bytes("organizaciones", "csv").values()
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").columns)[:16] == ORG_FILE_COLUMNS


@pytest.mark.parametrize("kind", list(TEMPLATE_KINDS))
def test_every_template_xlsx(kind: str) -> None:
    [data] = template_bytes(kind, "xlsx").values()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for table in TEMPLATE_KINDS[kind]:
        headers = [c.value for c in book[table][1]]
        assert headers == TABLE_COLUMNS[table]
    allowed = pd.read_excel(io.BytesIO(data), sheet_name="valores_permitidos")
    assert {"sindicato", "A", "mujeres", "nacional"} <= set(allowed["valor"])


def test_participation_csv_gives_one_file_per_table() -> None:
    assert list(template_bytes("participacion", "csv")) == ["espacios", "membresias", "eventos", "asistencia"]


def test_unknown_template() -> None:
    with pytest.raises(ValueError, match="plantilla"):
        template_bytes("nada", "csv")
    with pytest.raises(ValueError, match="formato|Formato"):
        template_bytes("organizaciones", "pdf")
