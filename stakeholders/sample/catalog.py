"""Facts the sample generator draws on: regions, real national bodies, economic mix, name pools.

Region populations are approximate (Censo 2024, INE, first results) and only steer how many
synthetic organizations each region gets. The sector multipliers encode the well-known shape of
each regional economy (mining in the north, agriculture in the centre-south, aquaculture in the
south, tourism in Valparaíso and Magallanes); they are not statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    cut: str
    nombre: str  # as in "Región de …" ("de Valparaíso", "Metropolitana de Santiago")
    gore: str  # official name of its regional government
    poblacion: int
    rubro_boost: dict[str, float] = field(default_factory=dict)
    pueblos: tuple[str, ...] = ()  # indigenous peoples with a notable presence
    migrantes: float = 1.0  # relative weight of migrant organizations
    comunas_grandes: tuple[str, ...] = ()  # large cities besides the capitals


# North to south (the order regions are generated in).
REGIONS: tuple[Region, ...] = (
    Region("15", "de Arica y Parinacota", "Gobierno Regional de Arica y Parinacota", 244_569,
           {"A": 1.5, "G": 1.3, "H": 2.0, "I": 1.3}, ("aymara", "quechua"), 4.0),
    Region("01", "de Tarapacá", "Gobierno Regional de Tarapacá", 369_806,
           {"B": 10.0, "G": 1.5, "H": 1.5}, ("aymara", "quechua"), 4.0, ("01107",)),
    Region("02", "de Antofagasta", "Gobierno Regional de Antofagasta", 635_416,
           {"B": 15.0, "H": 1.5, "F": 1.3, "D": 3.0}, ("lickanantay", "quechua"), 3.5, ("02201",)),
    Region("03", "de Atacama", "Gobierno Regional de Atacama", 299_180,
           {"B": 12.0, "A": 1.5, "D": 3.0}, ("colla", "diaguita"), 1.5),
    Region("04", "de Coquimbo", "Gobierno Regional de Coquimbo", 832_864,
           {"B": 5.0, "A": 2.0, "I": 1.5}, ("diaguita",), 1.0, ("04102",)),
    Region("05", "de Valparaíso", "Gobierno Regional de Valparaíso", 1_896_053,
           {"I": 2.0, "H": 2.0, "A": 1.5, "P": 1.3}, ("rapa_nui", "mapuche"), 1.2, ("05109", "05801", "05804")),
    Region("13", "Metropolitana de Santiago", "Gobierno Regional Metropolitano de Santiago", 7_400_741,
           {"J": 2.5, "K": 3.0, "M": 2.0, "N": 1.5, "C": 1.2, "A": 0.5}, ("mapuche",), 3.0,
           ("13119", "13110", "13114", "13123", "13120", "13201", "13401", "13105", "13117", "13124")),
    Region("06", "del Libertador General Bernardo O'Higgins",
           "Gobierno Regional del Libertador General Bernardo O'Higgins", 987_228,
           {"A": 4.0, "B": 3.0, "C": 1.3}, ("mapuche",), 0.8),
    Region("07", "del Maule", "Gobierno Regional del Maule", 1_123_008, {"A": 4.0, "C": 1.3}, ("mapuche",), 0.8,
           ("07301",)),
    Region("16", "de Ñuble", "Gobierno Regional de Ñuble", 512_289, {"A": 4.0}, ("mapuche",), 0.6),
    Region("08", "del Biobío", "Gobierno Regional del Biobío", 1_613_059, {"C": 2.5, "A": 2.0, "H": 1.5},
           ("mapuche",), 0.7, ("08110", "08301", "08108")),
    Region("09", "de La Araucanía", "Gobierno Regional de La Araucanía", 1_010_423, {"A": 3.0, "I": 1.5},
           ("mapuche",), 0.6),
    Region("14", "de Los Ríos", "Gobierno Regional de Los Ríos", 398_230, {"A": 3.0, "C": 1.5, "I": 1.5},
           ("mapuche",), 0.5),
    Region("10", "de Los Lagos", "Gobierno Regional de Los Lagos", 890_284, {"A": 5.0, "C": 1.5, "I": 1.5},
           ("mapuche_huilliche",), 0.6, ("10301",)),
    Region("11", "de Aysén del General Carlos Ibáñez del Campo",
           "Gobierno Regional de Aysén del General Carlos Ibáñez del Campo", 100_745, {"A": 5.0, "I": 2.0},
           ("mapuche",), 0.5),
    Region("12", "de Magallanes y de la Antártica Chilena",
           "Gobierno Regional de Magallanes y de la Antártica Chilena", 166_537,
           {"I": 3.0, "A": 2.5, "D": 2.0, "H": 1.5}, ("kawesqar", "yagan"), 0.7),
)
REGION_BY_CUT = {r.cut: r for r in REGIONS}

PUEBLOS = {
    "aymara": "Aymara", "quechua": "Quechua", "lickanantay": "Lickanantay", "colla": "Colla",
    "diaguita": "Diaguita", "rapa_nui": "Rapa Nui", "mapuche": "Mapuche", "mapuche_huilliche": "Mapuche-Huilliche",
    "kawesqar": "Kawésqar", "yagan": "Yagán",
}
# Communes where a people's organizations concentrate (otherwise: anywhere in the region).
PUEBLO_COMUNAS = {"rapa_nui": ("05201",), "yagan": ("12201",), "lickanantay": ("02203",)}

# Employer activity mix before regional multipliers (CAENES sections; O, T, U have no employers here).
RUBRO_BASE: dict[str, float] = {
    "A": 8, "B": 1, "C": 10, "D": 1, "E": 1, "F": 10, "G": 25, "H": 7, "I": 8, "J": 3, "K": 2, "L": 3,
    "M": 5, "N": 4, "P": 3, "Q": 4, "R": 1, "S": 4,
}

# Sector shares and actor-type shares of the synthetic organizations of a region.
SECTOR_SHARES = {"empleadores": 0.37, "trabajadores": 0.25, "formacion": 0.15, "social": 0.23}
TYPE_SHARES: dict[str, dict[str, float]] = {
    "empleadores": {"empresa": 0.72, "asociacion_gremial": 0.09, "camara": 0.03, "cooperativa": 0.09,
                    "asociacion_mipyme": 0.07},
    "trabajadores": {"sindicato": 0.84, "federacion": 0.08, "asociacion_funcionarios": 0.08},
    "formacion": {"otec": 0.58, "cft": 0.06, "instituto_profesional": 0.05, "universidad": 0.04, "liceo_tp": 0.27},
    "social": {"organizacion_grupos_excluidos": 0.40, "ong": 0.16, "fundacion": 0.09, "junta_vecinos": 0.23,
               "organizacion_comunitaria": 0.12},
}
# Synthetic organizations per region: a floor plus a share of the population.
BASE_PER_REGION = 70
PER_POPULATION = 5_000

# Real national bodies: (key, nombre, sector-type, regions with chapters: "all", tuple or ()).
# No RUT, contact data or member counts are given for real bodies: the sample does not invent facts
# about real organizations beyond their name, type and (approximate) regional presence.
ALL = "all"
NATIONAL_BODIES: tuple[tuple[str, str, str, object], ...] = (
    ("mintrab", "Ministerio del Trabajo y Previsión Social", "ministerio", ()),
    ("subtrab", "Subsecretaría del Trabajo", "servicio_publico", ()),
    ("sence", "Servicio Nacional de Capacitación y Empleo (SENCE)", "servicio_publico", ()),
    ("dt", "Dirección del Trabajo", "servicio_publico", ALL),
    ("chilevalora", "Comisión del Sistema Nacional de Certificación de Competencias Laborales (ChileValora)",
     "servicio_publico", ()),
    ("senadis", "Servicio Nacional de la Discapacidad (SENADIS)", "servicio_publico", ALL),
    ("injuv", "Instituto Nacional de la Juventud (INJUV)", "servicio_publico", ALL),
    ("sernameg", "Servicio Nacional de la Mujer y la Equidad de Género (SernamEG)", "servicio_publico", ALL),
    ("conadi", "Corporación Nacional de Desarrollo Indígena (CONADI)", "servicio_publico",
     ("15", "01", "02", "05", "13", "08", "09", "14", "10", "12")),
    ("senama", "Servicio Nacional del Adulto Mayor (SENAMA)", "servicio_publico", ALL),
    ("migraciones", "Servicio Nacional de Migraciones", "servicio_publico", ALL),
    ("cpc", "Confederación de la Producción y del Comercio (CPC)", "asociacion_gremial", ()),
    ("sofofa", "Sociedad de Fomento Fabril (SOFOFA)", "asociacion_gremial", ()),
    ("cchc", "Cámara Chilena de la Construcción (CChC)", "camara", ALL),
    ("sna", "Sociedad Nacional de Agricultura (SNA)", "asociacion_gremial", ()),
    ("sonami", "Sociedad Nacional de Minería (SONAMI)", "asociacion_gremial", ()),
    ("cnc", "Cámara Nacional de Comercio, Servicios y Turismo (CNC)", "camara", ()),
    ("abif", "Asociación de Bancos e Instituciones Financieras (ABIF)", "asociacion_gremial", ()),
    ("asexma", "Asociación de Exportadores de Bienes y Servicios (Asexma)", "asociacion_gremial", ()),
    ("conapyme", "Confederación Gremial Nacional Unida de la Mediana, Pequeña y Microindustria, Servicios y "
     "Artesanado de Chile (Conapyme)", "asociacion_mipyme", ()),
    ("multigremial", "Multigremial Nacional de Emprendedores", "asociacion_mipyme", ()),
    ("cut", "Central Unitaria de Trabajadores (CUT)", "central_sindical", ()),
    ("cat", "Central Autónoma de Trabajadores (CAT)", "central_sindical", ()),
    ("unt", "Unión Nacional de Trabajadores (UNT)", "central_sindical", ()),
    ("anef", "Agrupación Nacional de Empleados Fiscales (ANEF)", "asociacion_funcionarios", ()),
    ("confusam", "Confederación Nacional de Funcionarios de Salud Municipalizada (CONFUSAM)", "confederacion", ()),
    ("ctc", "Confederación de Trabajadores del Cobre (CTC)", "confederacion", ()),
    ("hogar", "Fundación Hogar de Cristo", "fundacion", ALL),
    ("emplea", "Fundación Emplea", "fundacion", ()),
    ("tph", "Fundación Trabajo para un Hermano", "fundacion", ()),
    ("descubreme", "Fundación Descúbreme", "fundacion", ()),
    ("comunidadmujer", "ComunidadMujer", "ong", ()),
    ("fsp", "Fundación para la Superación de la Pobreza", "fundacion", ALL),
    ("sjm", "Servicio Jesuita a Migrantes", "ong", ("15", "02", "13")),
)
# Activity of the sectoral national bodies (cross-sector ones, like CPC or CUT, have none).
NATIONAL_RUBRO = {"sofofa": "C", "sna": "A", "sonami": "B", "cchc": "F", "cnc": "G", "abif": "K", "asexma": "G",
                  "ctc": "B", "confusam": "Q", "anef": "O"}
# Who a national body is affiliated to (member → parent), by key.
NATIONAL_AFFILIATIONS = {
    "subtrab": "mintrab", "sence": "mintrab", "dt": "mintrab", "sofofa": "cpc", "cchc": "cpc", "sna": "cpc",
    "sonami": "cpc", "cnc": "cpc", "abif": "cpc", "anef": "cut", "confusam": "cut",
}
# National employer body that a regional trade association of each activity joins.
EMPLOYER_PEAK_BY_RUBRO = {"A": "sna", "B": "sonami", "C": "sofofa", "D": "sofofa", "E": "sofofa", "F": "cchc",
                          "K": "abif"}
DEFAULT_EMPLOYER_PEAK = "cnc"
GROUP_BODY = {"personas_con_discapacidad": "senadis", "jovenes": "injuv", "mujeres": "sernameg",
              "pueblos_indigenas": "conadi", "personas_mayores": "senama", "migrantes": "migraciones"}

# Short activity names used in synthetic names.
RUBRO_SHORT = {
    "A": "Agrícolas", "B": "de la Minería", "C": "de la Industria", "D": "de la Energía", "E": "Sanitarios",
    "F": "de la Construcción", "G": "del Comercio", "H": "del Transporte", "I": "del Turismo y la Gastronomía",
    "J": "de las Telecomunicaciones", "K": "Bancarios", "L": "Inmobiliarios", "M": "de Servicios Profesionales",
    "N": "de Servicios Generales", "O": "de la Administración Pública", "P": "de la Educación",
    "Q": "de la Salud", "R": "de la Cultura", "S": "de Servicios",
}
COMPANY_ROOTS = {
    "A": ("Agrícola", "Frutícola", "Viñedos", "Forestal", "Hortícola", "Lechera"),
    "B": ("Minera", "Servicios Mineros", "Áridos"), "C": ("Industrias", "Alimentos", "Metalmecánica", "Maderas"),
    "D": ("Energía", "Solar", "Eólica"), "E": ("Reciclajes", "Aguas", "Gestión Ambiental"),
    "F": ("Constructora", "Ingeniería y Construcción", "Montajes"),
    "G": ("Comercial", "Distribuidora", "Ferretería", "Supermercado", "Importadora"),
    "H": ("Transportes", "Logística", "Buses"), "I": ("Hotel", "Turismo", "Restaurante", "Hostal"),
    "J": ("Tecnologías", "Software", "Comunicaciones"), "K": ("Servicios Financieros", "Corredora"),
    "L": ("Inmobiliaria", "Gestión Inmobiliaria"), "M": ("Consultora", "Estudio de Ingeniería"),
    "N": ("Servicios Integrales", "Aseo Industrial", "Seguridad"), "P": ("Centro Educacional", "Colegio"),
    "Q": ("Clínica", "Centro Médico", "Laboratorio Clínico"), "R": ("Producciones", "Centro Recreativo"),
    "S": ("Servicios", "Lavandería", "Taller Automotriz"),
}
AQUA_ROOTS = ("Acuícola", "Pesquera", "Cultivos Marinos")  # A in the southern and northern coast
LEGAL_FORMS = ("SpA", "Ltda.", "S.A.", "EIRL", "SpA", "Ltda.")
WORDS = (
    "Los Aromos", "El Roble", "Los Canelos", "Las Araucarias", "El Boldo", "Los Quillayes", "El Litre",
    "Las Camelias", "Los Copihues", "El Maitén", "Los Peumos", "Las Lengas", "Los Coigües", "El Espino",
    "Las Acacias", "El Molle", "Los Tamarugos", "Las Dunas", "Mar Azul", "Cordillera", "Horizonte",
    "Nuevo Amanecer", "Esperanza", "Renacer", "Avanzar", "Sendero", "Raíces", "Semilla", "Brotes", "Futuro",
    "Encuentro", "Unión", "Progreso", "Alborada", "Aurora", "Caleta", "Altiplano", "Valle Verde", "Austral",
    "Pacífico", "Andino", "Tierra Nueva", "Manantial", "Vertiente", "Oasis", "Faro", "Ancla", "Brújula",
    "Cruz del Sur", "Lucero", "Arrebol", "Viento Sur", "Piedra Blanca", "Santa Elena", "San Andrés",
    "Las Vertientes", "Los Álamos del Valle", "El Mirador", "La Quebrada", "Los Pinos", "Las Rocas",
    "Punta Norte", "Bahía", "Los Sauces", "El Ciprés", "Nogales", "Las Palmas", "El Parrón", "La Estancia",
    "Río Claro", "Cerro Alto", "Los Volcanes", "Puerto Nuevo", "Costa Brava", "Tierra Firme", "El Arrayán",
)
TRAINING_BRANDS = ("Capacita", "Aprende", "Competencias", "Oficios", "Talento", "Formación Continua", "Saberes",
                   "Desarrollo Humano", "Habilidades", "Empleo y Futuro")
CAUSES = ("la Inclusión Laboral", "el Trabajo Digno", "la Infancia", "las Personas Mayores", "el Desarrollo Local",
          "la Educación Técnica", "la Mujer Emprendedora", "la Juventud")
MAPUDUNGUN = ("Newen", "Küme Mongen", "Folil", "Lafken", "Mapu Lawen", "Rayen", "Wenu", "Antü", "Kallfü",
              "Ayelen", "Pewen", "Ñuke Mapu", "Trawün", "Wiñoy", "Lemu")
MIGRANT_ORIGINS = ("venezolanas", "peruanas", "bolivianas", "haitianas", "colombianas")
GROUP_NAMES = {
    "mujeres": ("Agrupación de Mujeres Emprendedoras {w}", "Asociación de Mujeres Rurales {w}",
                "Colectivo de Mujeres Trabajadoras {w}"),
    "jovenes": ("Colectivo Juvenil {w}", "Agrupación de Jóvenes por el Empleo {w}", "Red de Jóvenes {w}"),
    "personas_con_discapacidad": ("Agrupación de Personas con Discapacidad {w}", "Asociación de Personas Sordas {w}",
                                  "Agrupación de Familias por la Inclusión {w}"),
    "personas_mayores": ("Club de Adultos Mayores {w}", "Unión de Personas Mayores {w}"),
    "migrantes": ("Agrupación de Personas Migrantes {w}", "Colectivo de Personas {origen} {w}"),
    "cuidadoras": ("Agrupación de Cuidadoras {w}",),
    "personas_privadas_de_libertad": ("Agrupación por la Reinserción Laboral {w}",),
    "disidencias_sexogenericas": ("Colectivo de Diversidad Sexual {w}",),
    "trabajadores_informales": ("Agrupación de Trabajadores por Cuenta Propia {w}",),
}
