"""User text in messages is text: the hostile corpus through ``show_error`` in Streamlit's AppTest.

Organization names reach error messages ("«{{ … }} Sindicato» corresponde a la región 13").
Streamlit renders ``st.error`` as Markdown, so every Markdown-active character of the message
must arrive escaped: no link, image, HTML, math or directive can form, and the text reads back
literally. The browser test (tests/e2e/test_acceso_e2e.py) checks the rendered DOM too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stakeholders.access import User, check_can_edit
from tests.factories import hostile_names

ROOT = Path(__file__).resolve().parents[1]
ACTIVE = set("\\`*_{}[]()<>#+-.!|~$:=^&\"'")


def _page(message: str) -> None:
    from ui.common import show_error

    show_error(message)


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown.replace("  \n", "\n").replace("\u200b", ""))  # ZWSP breaks autolinks


def _refusal(name: str) -> str:
    try:
        check_can_edit(User("dr08", "director_regional", "08"), "13", name)
    except PermissionError as exc:
        return str(exc)
    raise AssertionError("a regional director edited another region")


@pytest.mark.parametrize("index", range(len(hostile_names(Path("/tmp/x")))))
def test_hostile_names_in_error_messages_stay_text(index: int, tmp_path: Path) -> None:
    marker = tmp_path / "ejecutado"
    name = hostile_names(marker)[index]
    message = _refusal(name)
    at = AppTest.from_function(_page, args=(message,), default_timeout=30).run()
    assert not at.exception
    [error] = at.error
    body = error.value
    assert _unescape(body) == message.replace("\r\n", "\n")
    unescaped = re.sub(r"\\.", "", body)
    assert not (set(unescaped) & ACTIVE), sorted(set(unescaped) & ACTIVE)
    assert not marker.exists()


def test_pages_never_show_exception_text_as_markdown() -> None:
    offenders = []
    pattern = re.compile(r"st\.(error|warning|info|success|markdown|caption|write)\((str\()?exc\b")
    for path in (ROOT / "ui").glob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.name}:{n}")
    assert offenders == []
