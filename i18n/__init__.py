"""One catalogue for every user-facing string: ``t("clave")``.

The Spanish (es-CL) catalogue is split into one TOML file per feature under ``i18n/es/`` so
that features can grow their wording independently; keys are global and a key defined twice
is an error, so wording stays consistent across the app, the CLI and the exports.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from stakeholders import settings

DEFAULT_LANGUAGE = "es"
_ROOT = Path(__file__).parent


class MissingTranslationError(KeyError):
    """Raised when code asks for a key that the catalogue does not define."""


def _flatten(prefix: str, table: dict[str, object], out: dict[str, str], origin: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(full, value, out, origin)
        elif isinstance(value, str):
            if full in out:
                raise ValueError(f"clave duplicada en el catálogo: {full} ({origin.name})")
            out[full] = value
        else:
            raise ValueError(f"valor no textual para {full} en {origin.name}")


@lru_cache(maxsize=4)
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """All keys of one language, merged from its TOML files."""
    folder = _ROOT / language
    if not folder.is_dir():
        raise ValueError(f"idioma no disponible: {language}")
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as fh:
            _flatten("", tomllib.load(fh), out, path)
    return out


def current_language() -> str:
    return settings.language(DEFAULT_LANGUAGE)


def t(key: str, /, **params: object) -> str:
    """Translate ``key`` and fill ``{placeholders}`` with ``params``."""
    try:
        text = catalogue(current_language())[key]
    except KeyError:
        raise MissingTranslationError(key) from None
    return text.format(**params) if params else text
