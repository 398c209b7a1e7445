"""Text or code typed by a user -> official region, province or commune.

Imports, forms and filters receive places as free text ("Nunoa", "Región de Ñuble", "RM") or
as codes that lost their leading zero in a spreadsheet (5101, "5101.0"). Resolution never
guesses: it answers with one official code, or with no code plus the closest official names
and a Spanish message that says what to fix. Only the source's names are needed, so this
module never loads geometry.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import pandas as pd

from geodata import _source
from geodata.catalog import COMMUNES_WITHOUT_GEOMETRY, REGION_SHORT_NAMES, pad_code
from geodata.names import (
    COMMUNE_ALIASES,
    GENERIC_WORDS,
    PROVINCE_ALIASES,
    REGION_ALIASES,
    STOP_WORDS,
    candidate_keys,
    normalize_name,
    words,
)
from i18n import t

LEVELS: Final[tuple[str, ...]] = ("region", "provincia", "comuna")
MAX_SUGGESTIONS: Final[int] = 5
#: difflib similarity below which a name is not worth suggesting.
SUGGESTION_CUTOFF: Final[float] = 0.6
#: difflib similarity above which two words count as the same word (a typo or two: "Fabiam" ~ "Fabián",
#: but not "Marga" ~ "María", 0.8).
WORD_CUTOFF: Final[float] = 0.8
_CODE_TEXT = re.compile(r"^\d+(?:\.0+)?$")


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one place: ``code``/``name`` when recognised, else suggestions.

    ``reason`` is one of ``ok``, ``vacia``, ``desconocida``, ``codigo_desconocido``,
    ``ambigua`` (several places share the name: see ``candidates``) or ``fuera_de_ambito``
    (the name exists, but not in the region/province given in ``scope``).
    """

    level: str
    query: str
    code: str | None
    name: str | None
    suggestions: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    scope: str | None = None
    reason: str = "ok"

    @property
    def ok(self) -> bool:
        return self.code is not None

    def message(self) -> str:
        """One Spanish sentence for the user (also for a successful match)."""
        level = t(f"geo.nivel.{self.level}")
        if self.ok:
            return t(f"geo.resolver.reconocida_{self.level}", nombre=self.name, codigo=self.code)
        if self.reason in ("ambigua", "fuera_de_ambito"):
            options = ", ".join(_label(self.level, code) for code in self.candidates)
            scope = _scope_label(self.scope) if self.scope else ""
            return t(f"geo.resolver.{self.reason}", nivel=level, consulta=self.query, opciones=options, ambito=scope)
        if self.suggestions:
            return t("geo.resolver.desconocida_sugerencias", nivel=level, consulta=self.query,
                     sugerencias=", ".join(self.suggestions))
        return t(f"geo.resolver.{self.reason}", nivel=level, consulta=self.query)


@dataclass(frozen=True)
class Entry:
    """One official place of a level, with the codes of the places that contain it."""

    code: str
    name: str
    region_cut: str
    provincia_cut: str | None = None


@dataclass(frozen=True)
class NameIndex:
    """Everything needed to resolve one level: entries by code and codes by name key."""

    level: str
    entries: Mapping[str, Entry]
    by_key: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def build_index(level: str, entries: list[Entry], aliases: Mapping[str, tuple[str, ...]],
                extra_names: Mapping[str, str] | None = None) -> NameIndex:
    """Index official names, extra display names and aliases by their normalised key."""
    by_key: dict[str, list[str]] = {}
    for entry in sorted(entries, key=lambda e: e.code):
        names = [entry.name, (extra_names or {}).get(entry.code), *aliases.get(entry.code, ())]
        for key in {normalize_name(n) for n in names if n}:
            by_key.setdefault(key, []).append(entry.code)
    return NameIndex(level, {e.code: e for e in entries}, {k: tuple(v) for k, v in by_key.items()})


def _official_entries(frame: pd.DataFrame) -> dict[str, list[Entry]]:
    """Entries of every level from the source attributes plus communes without geometry."""
    communes = [
        Entry(r.CUT_COM, r.COMUNA, r.CUT_REG, r.CUT_PROV) for r in frame.itertuples(index=False)
    ]
    for code, (name, province) in COMMUNES_WITHOUT_GEOMETRY.items():
        communes.append(Entry(code, name, code[:2], province))
    provinces = frame.drop_duplicates("CUT_PROV")
    regions = frame.drop_duplicates("CUT_REG")
    return {
        "comuna": communes,
        "provincia": [Entry(r.CUT_PROV, r.PROVINCIA, r.CUT_REG, r.CUT_PROV) for r in provinces.itertuples(index=False)],
        "region": [Entry(r.CUT_REG, r.REGION, r.CUT_REG) for r in regions.itertuples(index=False)],
    }


@lru_cache(maxsize=1)
def _indexes() -> dict[str, NameIndex]:
    entries = _official_entries(_source.read_attributes())
    return {
        "region": build_index("region", entries["region"], REGION_ALIASES, REGION_SHORT_NAMES),
        "provincia": build_index("provincia", entries["provincia"], PROVINCE_ALIASES),
        "comuna": build_index("comuna", entries["comuna"], COMMUNE_ALIASES),
    }


def _label(level: str, code: str) -> str:
    entry = _indexes()[level].entries.get(code)
    return t("geo.resolver.opcion", nombre=entry.name, codigo=code) if entry else code


def _scope_label(scope: str) -> str:
    level = "region" if len(scope) == 2 else "provincia"
    entry = _indexes()[level].entries.get(scope)
    return t(f"geo.resolver.ambito_{level}", nombre=entry.name if entry else scope, codigo=scope)


def _as_code(text: str | int | float) -> str | None:
    """Digits of a code typed as int, float (5101.0) or text ("5101", "05101"), else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return str(text)
    if isinstance(text, float):
        return str(int(text)) if text.is_integer() and text >= 0 else None
    stripped = str(text).strip()
    return stripped.split(".")[0] if _CODE_TEXT.match(stripped) else None


def _in_scope(entry: Entry, region_cut: str | None, provincia_cut: str | None) -> bool:
    return (region_cut is None or entry.region_cut == region_cut) and (
        provincia_cut is None or entry.provincia_cut == provincia_cut
    )


def _shared_words(query_words: list[str], name_words: list[str]) -> float:
    """Words of the query found (to :data:`WORD_CUTOFF` similarity) in the name; generic ones count half."""
    shared = 0.0
    for q in query_words:
        best = max((difflib.SequenceMatcher(None, q, w).ratio() for w in name_words), default=0.0)
        if best > WORD_CUTOFF:
            shared += best * (0.5 if q in GENERIC_WORDS else 1.0)
    return shared


def suggest(index: NameIndex, query: str, allowed: set[str] | None = None) -> tuple[str, ...]:
    """Official names closest to ``query`` (best first, at most :data:`MAX_SUGGESTIONS`).

    Ranked by the words they share with the query (abbreviations expanded, typos tolerated), then
    by whole-name similarity; a name that shares no word with the query is never suggested, and one
    that shares only a generic word ("San", "Puerto", "Norte") only when the whole name is close.
    """
    keys = [k for k in candidate_keys(query) if k]
    query_words = [w for w in words(query) if w not in STOP_WORDS]
    whole: dict[str, float] = {}
    for key, codes in index.by_key.items():
        score = max(difflib.SequenceMatcher(None, q, key).ratio() for q in keys) if keys else 0.0
        for code in codes:
            if (allowed is None or code in allowed) and score > whole.get(code, 0.0):
                whole[code] = score
    ranked: list[tuple[float, float, str]] = []
    for code, similarity in whole.items():
        shared = _shared_words(query_words, words(index.entries[code].name))
        if shared > WORD_CUTOFF or (shared > 0 and similarity >= SUGGESTION_CUTOFF):
            ranked.append((-shared, -similarity, code))
    names = dict.fromkeys(index.entries[c].name for _, _, c in sorted(ranked))
    return tuple(names)[:MAX_SUGGESTIONS]


def _pick(index: NameIndex, query: str, codes: tuple[str, ...], region_cut: str | None,
          provincia_cut: str | None) -> Resolution:
    """Resolution among the places whose name or code matched."""
    level = index.level
    inside = tuple(c for c in codes if _in_scope(index.entries[c], region_cut, provincia_cut))
    if len(inside) == 1:
        return Resolution(level, query, inside[0], index.entries[inside[0]].name)
    if len(inside) > 1:
        return Resolution(level, query, None, None, candidates=inside, scope=provincia_cut or region_cut,
                          reason="ambigua")
    return Resolution(level, query, None, None, candidates=codes, scope=provincia_cut or region_cut,
                      reason="fuera_de_ambito")


def resolve_in(index: NameIndex, text: str | int | float | None, region_cut: str | None = None,
               provincia_cut: str | None = None) -> Resolution:
    """Resolve ``text`` against one level's index, optionally within a region/province."""
    level = index.level
    if text is None or (not isinstance(text, str) and bool(pd.isna(text))):  # None, NaN, pd.NA from a sheet
        text = ""
    query = str(text).strip()
    region_cut = pad_code(region_cut, "region") if region_cut not in (None, "") else None
    provincia_cut = pad_code(provincia_cut, "provincia") if provincia_cut not in (None, "") else None
    if not query:
        return Resolution(level, query, None, None, reason="vacia")
    digits = _as_code(text)
    if digits is not None:
        code = pad_code(digits, level)
        if code not in index.entries:
            return Resolution(level, query, None, None, reason="codigo_desconocido")
        return _pick(index, query, (code,), region_cut, provincia_cut)
    for key in candidate_keys(query):
        if key in index.by_key:
            return _pick(index, query, index.by_key[key], region_cut, provincia_cut)
    allowed = {c for c, e in index.entries.items() if _in_scope(e, region_cut, provincia_cut)}
    return Resolution(level, query, None, None, suggest(index, query, allowed), reason="desconocida")


def resolve_region(text: str | int) -> Resolution:
    """Region from its name, short name, alias ("RM", "V"), or code (5 -> "05")."""
    return resolve_in(_indexes()["region"], text)


def resolve_province(text: str | int, region_cut: str | None = None) -> Resolution:
    """Province from its name, alias or code (51 -> "051"), optionally within a region."""
    return resolve_in(_indexes()["provincia"], text, region_cut)


def resolve_commune(text: str | int, region_cut: str | None = None, provincia_cut: str | None = None) -> Resolution:
    """Commune from its name, alias or code (5101 -> "05101"), optionally within a region/province."""
    return resolve_in(_indexes()["comuna"], text, region_cut, provincia_cut)
