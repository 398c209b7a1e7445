"""Field lists and limits of an organization: what a file may hold and what the table stores.

Two column lists that are easy to confuse live here under names that say which is which:
``ORG_FILE_COLUMNS`` are the columns of the template and of a user's file (names, not codes),
``DATA_FIELDS`` are the stored fields an import or an edit writes.
"""

from __future__ import annotations

# The canonical organization template (issue 3), in order.
ORG_FILE_COLUMNS: list[str] = [
    "nombre", "rut", "sector_tripartito", "tipo_actor", "escala", "region", "provincia", "comuna",
    "latitud", "longitud", "rubro", "grupos_representados", "genero_representante", "n_miembros",
    "email", "telefono",
]
# Optional extras: a stable external key (upsert when there is no RUT) and the regions where a
# national body has chapters.
ORG_FILE_OPTIONAL: list[str] = ["id_externo", "regiones_presencia"]
# Columns added by the export; accepted back on import so export → import round-trips.
EXPORT_EXTRA: list[str] = ["id", "region_cut", "provincia_cut", "comuna_cut", "ubicacion_aproximada"]
REQUIRED_COLUMNS = ("nombre", "tipo_actor", "escala")

# Stored fields written from each file column (territory fields travel together).
TERRITORY_FIELDS = ("region_cut", "provincia_cut", "comuna_cut", "latitud", "longitud", "ubicacion_aproximada")
FIELDS_OF_COLUMN: dict[str, tuple[str, ...]] = {
    "nombre": ("nombre", "nombre_normalizado"), "rut": ("rut",), "sector_tripartito": ("sector_tripartito",),
    "tipo_actor": ("sector_tripartito", "tipo_actor"), "escala": ("escala",),
    "region": TERRITORY_FIELDS, "provincia": TERRITORY_FIELDS, "comuna": TERRITORY_FIELDS,
    "latitud": TERRITORY_FIELDS, "longitud": TERRITORY_FIELDS, "region_cut": TERRITORY_FIELDS,
    "comuna_cut": TERRITORY_FIELDS, "rubro": ("rubro",), "grupos_representados": ("grupos_representados",),
    "genero_representante": ("genero_representante",), "n_miembros": ("n_miembros",), "email": ("email",),
    "telefono": ("telefono",), "id_externo": ("id_externo",), "regiones_presencia": ("regiones_presencia",),
}
# The stored fields an import or an edit writes (provenance, version and timestamps are set apart).
DATA_FIELDS: tuple[str, ...] = (
    "nombre", "nombre_normalizado", "rut", "sector_tripartito", "tipo_actor", "escala", *TERRITORY_FIELDS,
    "rubro", "grupos_representados", "genero_representante", "n_miembros", "email", "telefono", "id_externo",
    "regiones_presencia",
)
# Longest text a user may give per field (each within its column's width, see the test).
MAX_LEN = {"nombre": 2000, "email": 200, "telefono": 40, "id_externo": 120}
NAME_KEY_LEN = 400  # width of ``nombre_normalizado``: the matching key is cut there
MAX_MEMBERS = 20_000_000  # more than Chile's population is a typing error (and overflows the column)
MAX_USER_NAME = 120  # width of ``importado_por`` and of the change log's ``usuario``
