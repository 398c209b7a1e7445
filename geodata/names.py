"""Matching keys for place names and the spellings people actually type.

Users write "Nunoa", "ÑUÑOA", "Til Til", "Coyhaique", "Región de Ñuble" or "RM"; the source
writes "Ñuñoa", "Tiltil", "Coihaique". :func:`normalize_name` folds accents, case, spaces and
punctuation into one key; the alias tables below cover spellings that differ in more than
that (both spellings are in official use for several places); :func:`candidate_keys` also
tries the key without administrative prefixes such as "Región de" or "I. Municipalidad de".
"""

from __future__ import annotations

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
            )
        ),
        key=len,
        reverse=True,
    )
)
_SUFFIXES: Final[tuple[str, ...]] = ("region",)


def candidate_keys(text: str) -> list[str]:
    """The key of ``text`` followed by its variants without an administrative prefix/suffix."""
    key = normalize_name(text)
    keys = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix):])
            break
    for suffix in _SUFFIXES:
        for base in list(keys):
            if base.endswith(suffix) and len(base) > len(suffix):
                keys.append(base[: -len(suffix)])
    return list(dict.fromkeys(keys))


#: Extra spellings per region code (official and short names are always included).
REGION_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "01": ("I",),
    "02": ("II",),
    "03": ("III",),
    "04": ("IV",),
    "05": ("V",),
    "06": ("VI", "Libertador Bernardo O'Higgins", "Libertador O'Higgins"),
    "07": ("VII",),
    "08": ("VIII",),
    "09": ("IX",),
    "10": ("X",),
    "11": ("XI", "Aisén", "Aisén del General Carlos Ibáñez del Campo"),
    "12": ("XII", "Magallanes y Antártica Chilena", "Magallanes y la Antártica Chilena"),
    "13": ("XIII", "RM", "Santiago"),
    "14": ("XIV",),
    "15": ("XV", "Arica"),
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
