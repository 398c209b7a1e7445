"""What every map adds to Leaflet's defaults: Spanish controls, a metric scale, keyboard access
to the areas and name labels that appear once there is room for them.

- Zoom buttons titled «Acercar» / «Alejar» (Leaflet writes "Zoom in" / "Zoom out").
- A metric-only scale bar (Chile measures in km; Leaflet adds miles by default).
- Every clickable area (region, commune) is a focusable ``role="button"`` with its name as
  accessible name; Enter or Space does what a click does (drill in).
- Area names as labels from a zoom where they no longer overlap (regions from zoom 5,
  communes from zoom 9), without catching clicks.
- Areas added later (a layer group swapped in when a filter changes) get the same treatment,
  and the labels of removed areas go with them.

Names are set with ``setAttribute`` / ``textContent``, never as HTML, so a hostile name stays text.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from i18n import t
from mapping.palette import TEXT
from mapping.safe import script_json

REGION_LABEL_ZOOM = 5
COMMUNE_LABEL_ZOOM = 9

_CSS = (
    "<style>"
    ".mapa-etiqueta{background:none;border:none;pointer-events:none;white-space:nowrap;"
    f"color:{TEXT};font:600 12px/1.2 sans-serif;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;}}"
    ".leaflet-interactive:focus{outline:none;stroke:#000;stroke-width:4px;}"
    ".leaflet-interactive:focus-visible{outline:none;stroke:#000;stroke-width:4px;stroke-dasharray:none;}"
    "</style>"
)


class MapControls(MacroElement):
    """Spanish zoom titles, metric scale, keyboard-operable areas and zoom-dependent labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var text = {{ this.texts_json }};
            var zoomIn = map.zoomControl && map.zoomControl._zoomInButton;
            var zoomOut = map.zoomControl && map.zoomControl._zoomOutButton;
            if (zoomIn) { zoomIn.title = text.acercar; zoomIn.setAttribute('aria-label', text.acercar); }
            if (zoomOut) { zoomOut.title = text.alejar; zoomOut.setAttribute('aria-label', text.alejar); }
            L.control.scale({metric: true, imperial: false}).addTo(map);
            var labels = {region: L.layerGroup(), comuna: L.layerGroup()};
            var minZoom = {region: {{ this.region_zoom }}, comuna: {{ this.commune_zoom }}};
            function levelOf(props) {
                if (props.comuna_cut) { return 'comuna'; }
                if (props.region_cut) { return 'region'; }
                return null;
            }
            function prepare(layer) {
                var props = layer.feature && layer.feature.properties;
                if (!props || !layer._path || layer.options.interactive === false) { return; }
                var name = props.nombre ? String(props.nombre) : '';
                var level = levelOf(props);
                if (!name || !level || layer._mapaListo) { return; }
                layer._mapaListo = true;
                var path = layer._path;
                path.setAttribute('tabindex', '0');
                path.setAttribute('role', 'button');
                path.setAttribute('aria-label', name + ' · ' + text[level]);
                path.addEventListener('keydown', function(ev) {
                    if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar') {
                        ev.preventDefault();
                        var center = layer.getBounds().getCenter();
                        // propagate: the GeoJSON group re-fires it with .layer set, as for a mouse click
                        layer.fire('click', {latlng: center, layerPoint: map.latLngToLayerPoint(center),
                                             containerPoint: map.latLngToContainerPoint(center)}, true);
                    }
                });
                var label = L.divIcon({className: 'mapa-etiqueta', html: '', iconSize: null});
                var marker = L.marker(layer.getBounds().getCenter(), {icon: label, interactive: false,
                                                                     keyboard: false});
                marker.on('add', function() {
                    var el = marker.getElement();
                    if (el) { el.textContent = name; el.setAttribute('aria-hidden', 'true'); }
                });
                layer._mapaEtiqueta = {level: level, marker: marker};
                labels[level].addLayer(marker);
            }
            function forget(layer) {
                // A layer group replaced in the running map (new filter): its labels go with it.
                var label = layer._mapaEtiqueta;
                if (label) { labels[label.level].removeLayer(label.marker); layer._mapaEtiqueta = null; }
                layer._mapaListo = false;
            }
            function showLabels() {
                Object.keys(labels).forEach(function(level) {
                    var visible = map.getZoom() >= minZoom[level];
                    if (visible && !map.hasLayer(labels[level])) { labels[level].addTo(map); }
                    if (!visible && map.hasLayer(labels[level])) { map.removeLayer(labels[level]); }
                });
            }
            setTimeout(function() {
                map.eachLayer(prepare);
                showLabels();
                map.on('zoomend', showLabels);
                map.on('layeradd', function(ev) { prepare(ev.layer); });
                map.on('layerremove', function(ev) { forget(ev.layer); });
                window.mapaEtiquetas = labels;
            }, 0);
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapControls"
        self.region_zoom = REGION_LABEL_ZOOM
        self.commune_zoom = COMMUNE_LABEL_ZOOM
        self.texts_json = script_json({"acercar": t("mapa.acercar"), "alejar": t("mapa.alejar"),
                                       "region": t("mapa.clic_para_entrar"),
                                       "comuna": t("mapa.clic_para_entrar_comuna")})

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(Element(_CSS), name="mapa_controles_css")
        super().render(**kwargs)
