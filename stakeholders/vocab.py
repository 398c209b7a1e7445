"""Fixed vocabularies of the registry: ids stored in the database, Spanish labels shown.

Parsing accepts the id, the label and case/accent/punctuation variants ("ONG", "Cámara",
"Sindicato"), so files filled by hand import without a translation step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

SECTORS: dict[str, str] = {
    "gobierno": "Gobierno",
    "empleadores": "Empleadores",
    "trabajadores": "Trabajadores",
    "sociedad_civil": "Sociedad civil",
}

# tipo_actor id -> (sector, label)
ACTOR_TYPES: dict[str, tuple[str, str]] = {
    "ministerio": ("gobierno", "Ministerio"),
    "servicio_publico": ("gobierno", "Servicio público"),
    "gobierno_regional": ("gobierno", "Gobierno regional"),
    "delegacion_presidencial": ("gobierno", "Delegación presidencial"),
    "seremi": ("gobierno", "Secretaría regional ministerial (SEREMI)"),
    "municipio": ("gobierno", "Municipalidad (OMIL)"),
    "empresa": ("empleadores", "Empresa"),
    "asociacion_gremial": ("empleadores", "Asociación gremial"),
    "camara": ("empleadores", "Cámara"),
    "cooperativa": ("empleadores", "Cooperativa"),
    "asociacion_mipyme": ("empleadores", "Asociación de mipymes"),
    "sindicato": ("trabajadores", "Sindicato"),
    "federacion": ("trabajadores", "Federación"),
    "confederacion": ("trabajadores", "Confederación"),
    "central_sindical": ("trabajadores", "Central sindical"),
    "asociacion_funcionarios": ("trabajadores", "Asociación de funcionarios"),
    "otec": ("sociedad_civil", "OTEC (organismo técnico de capacitación)"),
    "cft": ("sociedad_civil", "Centro de formación técnica (CFT)"),
    "instituto_profesional": ("sociedad_civil", "Instituto profesional"),
    "universidad": ("sociedad_civil", "Universidad"),
    "liceo_tp": ("sociedad_civil", "Liceo técnico-profesional"),
    "ong": ("sociedad_civil", "ONG"),
    "fundacion": ("sociedad_civil", "Fundación"),
    "organizacion_grupos_excluidos": ("sociedad_civil", "Organización de grupos en riesgo de exclusión"),
    "junta_vecinos": ("sociedad_civil", "Junta de vecinos"),
    "organizacion_comunitaria": ("sociedad_civil", "Organización comunitaria"),
}

SCALES: dict[str, str] = {"nacional": "Nacional", "regional": "Regional", "local": "Local"}

GENDERS: dict[str, str] = {"F": "Femenino", "M": "Masculino", "X": "No binario", "ND": "No declarado"}

# Groups at risk of labour exclusion (and other represented groups).
GROUPS: dict[str, str] = {
    "mujeres": "Mujeres",
    "jovenes": "Jóvenes",
    "personas_con_discapacidad": "Personas con discapacidad",
    "pueblos_indigenas": "Pueblos indígenas",
    "migrantes": "Personas migrantes",
    "personas_mayores": "Personas mayores",
    "personas_privadas_de_libertad": "Personas privadas de libertad o egresadas",
    "cuidadoras": "Personas cuidadoras",
    "disidencias_sexogenericas": "Diversidades sexuales y de género",
    "trabajadores_informales": "Trabajadores informales",
    "rurales": "Población rural",
}
EXCLUDED_GROUPS: frozenset[str] = frozenset(GROUPS) - {"rurales"}

# CIIU Rev.4 sections as adapted by INE (CAENES).
RUBROS: dict[str, str] = {
    "A": "Agricultura, ganadería, silvicultura y pesca",
    "B": "Explotación de minas y canteras",
    "C": "Industrias manufactureras",
    "D": "Suministro de electricidad, gas, vapor y aire acondicionado",
    "E": "Suministro de agua; gestión de desechos",
    "F": "Construcción",
    "G": "Comercio al por mayor y al por menor",
    "H": "Transporte y almacenamiento",
    "I": "Alojamiento y servicio de comidas",
    "J": "Información y comunicaciones",
    "K": "Actividades financieras y de seguros",
    "L": "Actividades inmobiliarias",
    "M": "Actividades profesionales, científicas y técnicas",
    "N": "Actividades de servicios administrativos y de apoyo",
    "O": "Administración pública y defensa",
    "P": "Enseñanza",
    "Q": "Salud humana y asistencia social",
    "R": "Actividades artísticas, de entretenimiento y recreativas",
    "S": "Otras actividades de servicios",
    "T": "Actividades de los hogares como empleadores",
    "U": "Organizaciones y órganos extraterritoriales",
}

RELATION_TYPES: dict[str, str] = {
    "afiliacion": "Afiliación",
    "alianza": "Alianza",
    "financiamiento": "Financiamiento",
    "coparticipacion": "Coparticipación",
}

SPACE_TYPES: dict[str, str] = {
    "consejo": "Consejo",
    "cosoc": "Consejo de la sociedad civil (COSOC)",
    "dialogo_participativo": "Diálogo participativo",
    "mesa": "Mesa de trabajo",
}


def fold(text: object) -> str:
    """Case-, accent- and punctuation-insensitive key used to compare free text."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "", s.lower())


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of ids with labels; ``parse`` maps anything a user types to an id."""

    name: str
    labels: Mapping[str, str]
    aliases: Mapping[str, str]

    def parse(self, value: object) -> str | None:
        key = fold(value)
        if not key:
            return None
        for ident, label in self.labels.items():
            if key in (fold(ident), fold(label)):
                return ident
        return self.aliases.get(key)

    def allowed(self) -> str:
        return ", ".join(self.labels)

    def label(self, ident: str | None) -> str:
        return self.labels.get(ident or "", ident or "")


def _alias(pairs: dict[str, str]) -> dict[str, str]:
    return {fold(k): v for k, v in pairs.items()}


SECTOR_VOCAB = Vocabulary(
    "sector_tripartito",
    SECTORS,
    _alias(
        {
            "gobierno central": "gobierno",
            "estado": "gobierno",
            "empleador": "empleadores",
            "empresas": "empleadores",
            "trabajador": "trabajadores",
            "sindical": "trabajadores",
            "sociedad civil": "sociedad_civil",
            "civil": "sociedad_civil",
            "ong": "sociedad_civil",
        }
    ),
)
ACTOR_TYPE_VOCAB = Vocabulary(
    "tipo_actor",
    {k: v[1] for k, v in ACTOR_TYPES.items()},
    _alias(
        {
            "omil": "municipio",
            "municipalidad": "municipio",
            "ilustre municipalidad": "municipio",
            "servicio": "servicio_publico",
            "gore": "gobierno_regional",
            "otec": "otec",
            "organismo tecnico de capacitacion": "otec",
            "cft": "cft",
            "ip": "instituto_profesional",
            "liceo": "liceo_tp",
            "liceo tecnico profesional": "liceo_tp",
            "camara de comercio": "camara",
            "gremio": "asociacion_gremial",
            "ag": "asociacion_gremial",
            "pyme": "asociacion_mipyme",
            "mipyme": "asociacion_mipyme",
            "central": "central_sindical",
            "jjvv": "junta_vecinos",
            "junta de vecinos": "junta_vecinos",
            "grupos excluidos": "organizacion_grupos_excluidos",
            "seremi": "seremi",
            "delegacion": "delegacion_presidencial",
        }
    ),
)
SCALE_VOCAB = Vocabulary("escala", SCALES, _alias({"nac": "nacional", "reg": "regional", "comunal": "local"}))
GENDER_VOCAB = Vocabulary(
    "genero_representante",
    GENDERS,
    _alias(
        {
            "mujer": "F",
            "femenino": "F",
            "hombre": "M",
            "masculino": "M",
            "otro": "X",
            "nobinario": "X",
            "nd": "ND",
            "sininformacion": "ND",
            "nodeclarado": "ND",
        }
    ),
)
GROUP_VOCAB = Vocabulary(
    "grupos_representados",
    GROUPS,
    _alias(
        {
            "mujer": "mujeres",
            "jovenes": "jovenes",
            "juventud": "jovenes",
            "discapacidad": "personas_con_discapacidad",
            "pcd": "personas_con_discapacidad",
            "indigenas": "pueblos_indigenas",
            "pueblos originarios": "pueblos_indigenas",
            "migrante": "migrantes",
            "inmigrantes": "migrantes",
            "adultos mayores": "personas_mayores",
            "mayores": "personas_mayores",
            "lgbtiq": "disidencias_sexogenericas",
            "informales": "trabajadores_informales",
        }
    ),
)
RUBRO_VOCAB = Vocabulary("rubro", RUBROS, {})
RELATION_VOCAB = Vocabulary(
    "tipo", RELATION_TYPES, _alias({"afiliada": "afiliacion", "miembro": "afiliacion", "financia": "financiamiento"})
)
SPACE_VOCAB = Vocabulary(
    "tipo",
    SPACE_TYPES,
    _alias({"dialogo": "dialogo_participativo", "mesa tecnica": "mesa", "consejo regional": "consejo"}),
)


def sector_of(actor_type: str) -> str:
    """The tripartite sector an actor type belongs to."""
    return ACTOR_TYPES[actor_type][0]


def types_of_sector(sector: str) -> list[str]:
    return [k for k, (s, _) in ACTOR_TYPES.items() if s == sector]
