"""Matching keys for place names and the spellings people actually type.

Users write "Nunoa", "ÑUÑOA", "Til Til", "Coyhaique", "Región de Ñuble" or "RM"; the source
writes "Ñuñoa", "Tiltil", "Coihaique". :func:`normalize_name` folds accents, case, spaces and
punctuation into one key; the alias tables below cover spellings that differ in more than
that (both spellings are in official use for several places); :func:`candidate_keys` also
tries the key without administrative prefixes such as "Región de" or "I. Municipalidad de".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final


def normalize_name(text: str) -> str:
    """Accent-, case-, space- and punctuation-insensitive key ("O'Higgins" -> "ohiggins")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.casefold() if ch.isascii() and ch.isalnum())


# Prefixes stripped (after normalisation) when the full key matches nothing; longest first.
_PREFIXES: Final[tuple[str, ...]] = tuple(
    sorted(
        (
            normalize_name(p)
            for p in (
                "Ilustre Municipalidad de", "I. Municipalidad de", "Municipalidad de", "Municipalidad",
                "Región de la", "Región del", "Región de", "Región",
                "Provincia de la", "Provincia del", "Provincia de", "Provincia",
                "Comuna de la", "Comuna del", "Comuna de", "Comuna",
                # Offices of the Dirección del Trabajo, as the union registry names them.
                "Inspección Provincial del Trabajo de", "Inspección Provincial del Trabajo",
                "Inspección Comunal del Trabajo de", "Inspección Comunal del Trabajo",
                "Dirección Regional del Trabajo de", "Dirección Regional del Trabajo",
                "Inspección del Trabajo de", "Inspección del Trabajo", "IPT", "ICT", "DRT",
            )
        ),
        key=len,
        reverse=True,
    )
)
_SUFFIXES: Final[tuple[str, ...]] = ("region",)


#: Abbreviations written in registries and by offices ("PTO. NATALES", "GRAL. LAGOS", "STGO").
ABBREVIATIONS: Final[dict[str, str]] = {
    "stgo": "santiago", "sgo": "santiago", "pto": "puerto", "gral": "general", "sta": "santa", "sto": "santo",
    "vta": "villa", "vla": "villa", "pta": "punta", "cnel": "coronel", "pdre": "padre", "qta": "quinta",
    "est": "estacion", "sn": "san", "valpo": "valparaiso", "conce": "concepcion",
    "pdro": "pedro", "bdo": "bernardo", "fco": "francisco", "stgo.": "santiago",
}
#: Words that carry no place information (ignored when comparing names word by word).
STOP_WORDS: Final[frozenset[str]] = frozenset({"de", "del", "la", "las", "los", "el", "y", "en"})
#: Words many place names share: on their own they do not make a name worth suggesting.
GENERIC_WORDS: Final[frozenset[str]] = frozenset({
    "san", "santa", "santo", "puerto", "villa", "general", "padre", "punta", "isla", "alto", "bajo", "nueva",
    "nuevo", "norte", "sur", "oriente", "poniente", "centro", "rio", "lago", "los", "las",
})
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Folded words of ``text`` with abbreviations expanded ("PTO. NATALES" -> ["puerto", "natales"])."""
    out = []
    for raw in _WORD.findall(unicodedata.normalize("NFKC", str(text))):
        word = normalize_name(raw)
        if word:
            out.append(ABBREVIATIONS.get(word, word))
    return out


def _strip(key: str) -> list[str]:
    keys = [key]
    for prefix in _PREFIXES:  # every prefix that fits: "Región del" also fits "Región de Los Ríos"
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix):])
    for suffix in _SUFFIXES:
        for base in list(keys):
            if base.endswith(suffix) and len(base) > len(suffix):
                keys.append(base[: -len(suffix)])
    return keys


def candidate_keys(text: str) -> list[str]:
    """The key of ``text`` followed by its variants: without an administrative or office prefix
    ("Región de", "IPT"), with abbreviations expanded, and the part in or before parentheses
    ("IPT EL LOA (CALAMA)" also tries "El Loa" and "Calama")."""
    text = str(text)
    parts = [text]
    inner = re.findall(r"\(([^()]*)\)", text)
    if inner:
        parts += [re.sub(r"\([^()]*\)", " ", text), *inner]
    keys: list[str] = []
    for part in parts:
        keys += _strip(normalize_name(part))
        keys += _strip("".join(words(part)))
    return [k for k in dict.fromkeys(keys) if k]


#: Extra spellings per region code (official and short names are always included).
REGION_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    # Roman numerals, and the abbreviations of MINEDUC's school directory (NOM_REG_RBD_A).
    "01": ("I", "TPCA"),
    "02": ("II", "ANTOF"),
    "03": ("III", "ATCMA"),
    "04": ("IV", "COQ"),
    "05": ("V", "VALPO"),
    "06": ("VI", "Libertador Bernardo O'Higgins", "Libertador O'Higgins", "LGBO"),
    "07": ("VII",),
    "08": ("VIII", "BBIO"),
    "09": ("IX", "ARAUC"),
    "10": ("X", "LAGOS"),
    "11": ("XI", "Aisén", "Aisén del General Carlos Ibáñez del Campo"),
    "12": ("XII", "Magallanes y Antártica Chilena", "Magallanes y la Antártica Chilena", "MAG"),
    "13": ("XIII", "RM", "Santiago"),
    "14": ("XIV", "RIOS"),
    "15": ("XV", "Arica", "AYP"),
    "16": ("XVI",),
}

#: Extra spellings per province code.
PROVINCE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "111": ("Coyhaique",),
    "112": ("Aysén", "Aysen"),
    "052": ("Rapa Nui", "Rapanui"),
    "057": ("San Felipe",),
    "122": ("Antártica",),
}

#: Extra spellings per commune code: alternative official spellings and everyday names.
COMMUNE_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "13101": ("Santiago Centro",),
    "13121": ("PAC",),
    "11101": ("Coyhaique",),
    "11201": ("Aysén", "Puerto Aysén", "Puerto Aisén"),
    "06204": ("Marchigüe",),
    "05201": ("Rapa Nui", "Rapanui", "Hanga Roa"),
    "05104": ("Archipiélago Juan Fernández", "Robinson Crusoe"),
    "12202": ("Antártica Chilena", "Territorio Chileno Antártico"),
    "12201": ("Puerto Williams", "Navarino"),
    "12401": ("Puerto Natales",),
    "12301": ("Porvenir",),
    "05703": ("Llay Llay",),
    "05502": ("La Calera",),
    "04105": ("Paihuano",),
    "06110": ("San Francisco de Mostazal",),
    "06117": ("San Vicente de Tagua Tagua",),
    "16207": ("Trehuaco",),
    "14106": ("San José de la Mariquina",),
    "10202": ("San Carlos de Ancud",),
}
