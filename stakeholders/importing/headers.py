"""Canonical columns of each importable table, and the header spellings people actually use.

Files filled by hand say "Nombre organización", "Comuna", "Lat" or "Latitude": mapping them
here means the rest of the importer only ever sees canonical, snake_case Spanish names.
"""

from __future__ import annotations

from collections.abc import Iterable

from stakeholders.registry.schema import EXPORT_EXTRA, ORG_FILE_COLUMNS, ORG_FILE_OPTIONAL
from stakeholders.vocab import fold

_ORG_REF = ["rut", "id_externo", "nombre", "comuna"]


def org_ref_columns(prefix: str) -> list[str]:
    """Columns that identify an organization: by RUT, else id_externo, else exact name + commune."""
    return [f"{prefix}_{c}" for c in _ORG_REF]


TABLE_COLUMNS: dict[str, list[str]] = {
    "organizaciones": ORG_FILE_COLUMNS + ORG_FILE_OPTIONAL,
    "relaciones": [*org_ref_columns("origen"), *org_ref_columns("destino"), "tipo", "peso", "desde", "hasta",
                   "fuente"],
    "espacios": ["espacio", "tipo", "region", "comuna", "descripcion", "fuente"],
    "membresias": ["espacio", "espacio_region", *org_ref_columns("organizacion"), "rol", "desde", "hasta"],
    "eventos": ["espacio", "espacio_region", "evento", "fecha"],
    "asistencia": ["espacio", "espacio_region", "fecha", *org_ref_columns("organizacion")],
}
# Order in which tables of one workbook are written (later ones refer to earlier ones).
TABLE_ORDER: list[str] = list(TABLE_COLUMNS)
PARTICIPATION_TABLES: list[str] = ["espacios", "membresias", "eventos", "asistencia"]

# Variants (compared after fold(): lowercase, no accents, no punctuation) → canonical.
_VARIANTS: dict[str, list[str]] = {
    "nombre": ["nombre organizacion", "nombre de la organizacion", "organizacion", "razon social", "name",
               "organization", "organisation", "organization name", "nombre entidad", "entidad", "institucion",
               # public registries: DT union registry, MINEDUC school directory
               "nombre sindicato", "nombre del sindicato", "nom rbd", "nombre establecimiento"],
    "rut": ["rut organizacion", "rol unico tributario", "tax id", "taxid", "rut empresa"],
    "sector_tripartito": ["sector", "sector tripartito", "tripartite sector", "estamento"],
    "tipo_actor": ["tipo", "tipo de actor", "tipo organizacion", "tipo de organizacion", "actor type", "type",
                   "tipo sindicato", "tipo de sindicato"],
    "escala": ["nivel", "ambito", "scale", "alcance", "cobertura"],
    "region": ["region", "nombre region", "region name", "reg", "nom reg rbd a", "cod reg rbd"],
    "provincia": ["province", "nombre provincia"],
    "comuna": ["commune", "municipality", "municipio", "nombre comuna", "comuna name", "city", "ciudad", "nom com rbd"],
    "latitud": ["lat", "latitude", "y", "coord y"],
    "longitud": ["lon", "lng", "long", "longitude", "x", "coord x"],
    "rubro": ["actividad economica", "sector economico", "ciiu", "caenes", "rubro ciiu", "industry",
              "economic sector", "seccion ciiu"],
    "grupos_representados": ["grupos", "grupos que representa", "represented groups", "groups", "poblacion objetivo"],
    "genero_representante": ["genero", "sexo representante", "genero del representante", "representative gender",
                             "gender", "sexo"],
    "n_miembros": ["miembros", "numero de miembros", "n de miembros", "n socios", "socios", "members",
                   "number of members", "afiliados", "numero de socios", "cantidad de miembros"],
    "email": ["correo", "correo electronico", "e mail", "mail", "email contacto"],
    "telefono": ["fono", "telefono contacto", "phone", "telephone", "celular"],
    "id_externo": ["id externo", "external id", "codigo", "codigo interno", "identificador", "rsu", "rbd",
                   "numero rsu", "n rsu"],
    "regiones_presencia": ["regiones con presencia", "presencia regional", "regiones", "chapters"],
}
_LOOKUP: dict[str, str] = {}
for _canon, _variants in _VARIANTS.items():
    _LOOKUP[fold(_canon)] = _canon
    for _v in _variants:
        _LOOKUP.setdefault(fold(_v), _canon)


def canonical_header(header: object, table: str = "organizaciones") -> str:
    """The canonical name for one header of ``table``; unknown headers come back folded-snake."""
    raw = str(header).strip().lstrip("\ufeff")
    key = fold(raw)
    for col in TABLE_COLUMNS.get(table, []) + EXPORT_EXTRA + ["error"]:
        if fold(col) == key:
            return col
    if table == "organizaciones" and key in _LOOKUP:
        return _LOOKUP[key]
    return raw.lower().replace(" ", "_")


def map_headers(headers: Iterable[object], table: str = "organizaciones") -> dict[str, str]:
    """Original header → canonical name; when two headers map to one name, the first wins."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        canon = canonical_header(header, table)
        if canon in taken:
            canon = str(header)
        taken.add(canon)
        out[str(header)] = canon
    return out


def detect_table(headers: Iterable[object]) -> str | None:
    """Which table a file holds, from its headers (None when it looks like none of them)."""
    keys = {fold(h) for h in headers}
    if {fold(c) for c in org_ref_columns("origen")} & keys:
        return "relaciones"
    org = {fold(c) for c in org_ref_columns("organizacion")}
    if org & keys:
        if "fecha" in keys:
            return "asistencia"
        return "membresias"
    if "espacio" in keys:
        return "eventos" if "fecha" in keys else "espacios"
    mapped = {canonical_header(h) for h in headers}
    if "nombre" in mapped:
        return "organizaciones"
    return None
