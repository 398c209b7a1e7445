"""Map legends as HTML (all text escaped), shown on the map and beside it.

The sector legend pairs each colour with its marker shape and its name, so the map never
relies on colour alone; the choropleth legend states class limits in words and numbers.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from mapping.palette import BACKGROUND, GAP_OUTLINE, NO_DATA, SEQUENTIAL, TEXT, color_for, sector_style, shape_svg
from mapping.popups import esc
from mapping.safe import script_json
from stakeholders.vocab import SECTORS

LEGEND_BOX = _BOX = (
    f"background:{BACKGROUND};color:{TEXT};padding:6px 8px;border:1px solid #767676;border-radius:4px;"
    "font:13px/1.35 system-ui,sans-serif;max-width:260px"
)


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value >= 10 else f"{value:,.1f}".replace(".", ",")


def _box(title: str, body: str) -> str:
    head = f'<div class="mapa-leyenda" role="group" aria-label="{esc(title)}" style="{_BOX}">'
    return f"{head}<b>{esc(title)}</b>{body}</div>"


def sector_legend_html(title: str, sectors: dict[str, str] | None = None) -> str:
    """Colour + shape + name for each tripartite sector."""
    labels = sectors or SECTORS
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:6px">'
        f"{shape_svg(sector_style(key).shape, sector_style(key).color)}<span>{esc(label)}</span></div>"
        for key, label in labels.items()
    )
    return _box(title, rows)


def choropleth_legend_html(title: str, breaks: list[float], no_data_label: str) -> str:
    """Class limits of a choropleth: 'hasta N' per colour, plus the zero class."""
    swatch = 'display:inline-block;width:18px;height:12px;border:1px solid #555;margin-right:6px;vertical-align:middle'
    rows = [f'<div><span style="{swatch};background:{NO_DATA}"></span>{esc(no_data_label)}</div>']
    low = 0.0
    for upper in breaks:
        color = color_for(upper, breaks)
        label = f"{_fmt(low)} – {_fmt(upper)}"
        rows.append(f'<div><span style="{swatch};background:{color}"></span>{esc(label)}</div>')
        low = upper
    return _box(title, "".join(rows))


def gap_legend_html(label: str) -> str:
    line = (f"display:inline-block;width:22px;height:0;border-top:3px dashed {GAP_OUTLINE};"
            "margin-right:6px;vertical-align:middle")
    return f'<div class="mapa-leyenda" style="{_BOX}"><span style="{line}"></span>{esc(label)}</div>'


# The control both legends build: its HTML goes in as a JSON string, never as template source.
_LEGEND_CONTROL = """
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function() {
                var div = L.DomUtil.create('div', 'mapa-leyenda-control');
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
"""


class MapLegend(MacroElement):
    """A Leaflet control holding pre-escaped legend HTML (passed to the browser as a JSON string)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
"""
        + _LEGEND_CONTROL
        + """            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "MapLegend"
        self.position = position
        # Never able to close the surrounding <script> nor to open a Jinja block (branca re-compiles).
        self.html_json = script_json(html)


class GroupLegend(MapLegend):
    """A legend that belongs to a layer group: shown while the group is on the map, removed with it.

    For figures that change with the filters (the count of organizations without a commune):
    the group is replaced in the running map without reloading it, and its legend goes with it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
"""
        + _LEGEND_CONTROL
        + """            group.on('add', function() { legend.addTo(group._map); });
            group.on('remove', function() { legend.remove(); });
            if (group._map) { legend.addTo(group._map); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright") -> None:
        super().__init__(html, position)
        self._name = "GroupLegend"


__all__ = ["GroupLegend", "MapLegend", "SEQUENTIAL", "choropleth_legend_html", "gap_legend_html", "sector_legend_html"]
