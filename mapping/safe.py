"""Escaping of user text for the two places it reaches in a folium map: HTML and <script> JSON.

Why not plain ``html.escape``/``json.dumps``: branca compiles the rendered output of every
``MacroElement`` (ours and folium's own ``GeoJson``, ``Popup``, ``Tooltip``) *again* as a Jinja2
template, so a name like ``{{ lipsum.__globals__.os.popen('…') }}`` would run on the server.
Every Jinja delimiter starts with ``{``; text that never carries a literal ``{`` or ``}`` can
never become template code. Backticks and ``$`` are escaped too, so the same text is inert
inside a JavaScript template literal.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

__all__ = ["html_text", "script_json"]

_HTML_EXTRA = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "$": "&#36;", "\x00": "\ufffd"})
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_EXTRA = {
    "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d",
    "`": "\\u0060", "$": "\\u0024", "\u2028": "\\u2028", "\u2029": "\\u2029",
}
_JSON_EXTRA_RE = re.compile("[" + re.escape("".join(_JSON_EXTRA)) + "]")


def html_text(value: object) -> str:
    """Text shown literally when inserted as HTML, and inert in Jinja and JS templates (``None`` → "")."""
    if value is None:
        return ""
    return escape(str(value), quote=True).translate(_HTML_EXTRA)


def _escape_string_literal(match: re.Match[str]) -> str:
    return _JSON_EXTRA_RE.sub(lambda m: _JSON_EXTRA[m.group(0)], match.group(0))


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` and inside a Jinja template source.

    Only string literals are touched (structural braces of objects stay), so the result is still
    the same JSON value for the browser.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _JSON_STRING.sub(_escape_string_literal, text)
