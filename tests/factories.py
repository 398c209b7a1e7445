"""Shared test data: the corpus of hostile organization names every builder and export must survive.

Each name reaches HTML, JavaScript, Jinja/branca templates, Markdown, matplotlib text,
spreadsheets and SQL somewhere in the app. ``hostile_names(marker)`` embeds a payload that would
create ``marker`` if any template engine ever evaluated it, so a test can check the file is absent.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["HOSTILE_FIXED", "hostile_names"]

HOSTILE_FIXED: tuple[str, ...] = (
    "{% raw %} Sindicato {% endraw %}",
    "{# comentario #} Cámara {{ 7*7 }}",
    "${alert(1)} Cooperativa `whoami`",
    "</script><script>alert('x')</script> Junta",
    "[Sindicato falso](http://example.invalid) ![img](http://example.invalid/x.png)",
    r"Fundación $\invalidcmd{x}$ y $2$ socios",
    "=1+2*cmd|' /C calc'!A0",
    "+56 Sindicato", "-Sindicato", "@SUMA(A1)",
    "Agrupación\u202eonaciremA\u202c",  # RTL override
    "Nombre con NUL\x00 dentro",
    "Ñandú & Cía. <b>negrita</b> \"comillas\" 'simples'",
    "O" * 2000,
)


def hostile_names(marker: Path) -> list[str]:
    """The fixed corpus plus server-side template payloads that would create ``marker``."""
    cmd = f"touch {marker}"
    return [
        "{{ lipsum.__globals__.os.popen('" + cmd + "').read() }} Sindicato",
        "{{ cycler.__init__.__globals__.os.system('" + cmd + "') }}",
        "{% for x in range(1) %}{{ lipsum.__globals__['os'].popen('" + cmd + "') }}{% endfor %}",
        *HOSTILE_FIXED,
    ]
