"""The shared registry rows (tests/factories.py) stay in the canonical import layout."""

from __future__ import annotations

from stakeholders.registry.schema import ORG_FILE_COLUMNS
from tests.factories import valid_rows


def test_valid_rows_have_the_canonical_columns() -> None:
    assert all(list(r) == ORG_FILE_COLUMNS for r in valid_rows())
