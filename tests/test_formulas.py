"""One formula-injection rule for every export, and its inverse on re-import."""

from __future__ import annotations

import pytest

from stakeholders.tabular.formulas import neutralise, unneutralise

EVIL = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tX", "\rY"]


@pytest.mark.parametrize("text", EVIL)
def test_dangerous_text_is_prefixed_and_restored(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


def test_safe_values_untouched() -> None:
    assert neutralise("Sindicato") == "Sindicato"
    assert neutralise(-70.65) == -70.65
    assert neutralise(None) is None
    # An apostrophe the user typed before ordinary text is kept on re-import.
    assert unneutralise("'Hola") == "'Hola"
    assert unneutralise("'") == "'"
