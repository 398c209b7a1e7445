"""Tooltip and popup HTML: every user-supplied string goes through ``esc``.

Leaflet inserts tooltip and popup content as HTML, so an organization called
``<script>…</script>`` would run unless escaped here; escaped, it shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from i18n import t
from mapping.safe import html_text
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB


def esc(value: object) -> str:
    """Escaped text of any value (``None`` → empty); inert in HTML, Jinja and JS templates."""
    return html_text(value)


def org_tooltip(row: Mapping[str, object]) -> str:
    """One line: name · sector (escaped)."""
    return f"<b>{esc(row.get('nombre'))}</b> · {esc(SECTOR_VOCAB.label(str(row.get('sector_tripartito') or '')))}"


def org_popup(row: Mapping[str, object]) -> str:
    """Name, sector, actor type and scale as a small definition list (escaped)."""
    items = [
        (t("mapa.campo_sector"), SECTOR_VOCAB.label(str(row.get("sector_tripartito") or ""))),
        (t("mapa.campo_tipo"), ACTOR_TYPE_VOCAB.label(str(row.get("tipo_actor") or ""))),
        (t("mapa.campo_escala"), row.get("escala")),
    ]
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items if v)
    return f"<strong>{esc(row.get('nombre'))}</strong><dl>{body}</dl>"


def area_tooltip(name: object, lines: list[tuple[str, object]]) -> str:
    """A place name and labelled values, e.g. counts per sector (escaped)."""
    rows = "".join(f"<br>{esc(label)}: {esc(value)}" for label, value in lines)
    return f"<b>{esc(name)}</b>{rows}"
