"""Offline map assets: every script and stylesheet a map needs is served by the app.

folium and its plugins point at CDNs by default (Leaflet, jQuery, Bootstrap, Font Awesome…);
on a closed network the map then stays blank. :func:`localize` rewrites every element of a
map to the copies vendored under ``static/vendor/`` (served by Streamlit at ``/app/static/``)
and drops what the maps do not use (jQuery, Bootstrap, glyphicons, awesome-markers). An
element asking for anything else fails loudly instead of reaching the internet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import folium
from branca.element import Element

from stakeholders import settings

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"


def vendor_url() -> str:
    """Base URL of the vendored files (``MAPA_VENDOR_URL`` for a proxy prefix; default ``/app/static/vendor``)."""
    return settings.vendor_url()


# name folium uses → file under static/vendor (None: dropped, the maps do not need it)
_JS: dict[str, str | None] = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
}
_CSS: dict[str, str | None] = {
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}
# The Red page's interactive network (mapping/network.py): sigma.js draws a graphology graph with WebGL.
SIGMA_FILE = "sigma/sigma.min.js"
GRAPHOLOGY_FILE = "graphology/graphology.umd.min.js"
VENDORED_FILES: tuple[str, ...] = tuple(sorted({p for p in (*_JS.values(), *_CSS.values()) if p}
                                               | {SIGMA_FILE, GRAPHOLOGY_FILE}))
LICENCE_FILES: tuple[str, ...] = ("leaflet/LICENSE", "leaflet.markercluster/LICENSE", "sigma/LICENSE",
                                  "graphology/LICENSE")


class ExternalAssetError(RuntimeError):
    """A map element asks for a script or stylesheet that is not vendored."""


def _local(links: list[tuple[str, str]], table: dict[str, str | None]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        if name not in table:
            if is_external(url):
                raise ExternalAssetError(f"recurso externo no disponible sin conexión: {name} ({url})")
            out.append((name, url))
            continue
        path = table[name]
        if path is not None:
            out.append((name, f"{vendor_url()}/{path}"))
    return out


def walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from walk(child)


def localize(m: folium.Map) -> folium.Map:
    """Point every element of ``m`` at the vendored assets (in place; returns ``m``)."""
    for element in walk(m):
        if hasattr(element, "default_js"):
            element.default_js = _local(list(element.default_js), _JS)
        if hasattr(element, "default_css"):
            element.default_css = _local(list(element.default_css), _CSS)
    return m


_URL_ATTR = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""["'](https?:)?//[^"'\s]+["']""")


def is_external(url: str) -> bool:
    u = url.strip().lower()
    return u.startswith(("http://", "https://", "//"))


def referenced_urls(html: str) -> list[str]:
    """Every URL a page would fetch: ``src``/``href`` attributes and CSS ``url()``."""
    return [a or b for a, b in _URL_ATTR.findall(html)]


def external_urls(html: str) -> list[str]:
    """Referenced URLs that leave the app (absolute http(s) or protocol-relative)."""
    found = [u for u in referenced_urls(html) if is_external(u)]
    # Also quoted absolute URLs inside scripts (e.g. a tile URL template), except XML namespaces.
    for match in _SCRIPT_URL.finditer(html):
        url = match.group(0).strip("\"'")
        if "www.w3.org/" not in url:
            found.append(url)
    return sorted(set(found))


def missing_vendor_files() -> list[str]:
    """Vendored files (and their licences) absent from ``static/vendor`` (should be empty)."""
    return [p for p in (*VENDORED_FILES, *LICENCE_FILES) if not (VENDOR_DIR / p).is_file()]
