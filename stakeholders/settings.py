"""Every environment variable the app reads, in one place, typed, read when asked.

Nothing is read at import time: a test or a long-running server that changes the environment
sees the new value on the next call (the default database path follows ``MAPA_DATA_DIR``).
This module imports only the standard library so that every package (``geodata``, ``mapping``,
``i18n``, ``bench``) may use it without pulling in the registry. The README's "Settings" table
documents the same variables; ``tests/test_settings.py`` checks that both agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_OFF = {"0", "no", "false", "off"}
_CACHE_OFF = {"", "0", "off", "no", "none", "false"}


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default (as text) and what it is for (README)."""

    name: str
    default: str
    purpose: str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "sqlite:///$MAPA_DATA_DIR/mapa_actores.sqlite", "the database (a secret)"),
    Setting("MAPA_DATA_DIR", "var", "folder of the local SQLite file"),
    Setting("MAPA_CARGAR_EJEMPLO", "1", "0 = start with an empty registry"),
    Setting("MAPA_AUTENTICACION", "local", "sign-in mode: local, cuentas, oidc or proxy"),
    Setting("MAPA_USUARIO", "$USER", "user name in local mode"),
    Setting("MAPA_ROL", "admin", "role in local mode"),
    Setting("MAPA_REGION", "", "region (CUT) in local mode"),
    Setting("MAPA_HEADER_USUARIO", "", "reverse-proxy header with the user name (proxy mode)"),
    Setting("MAPA_PROXY_CONFIABLE", "", "address of the reverse proxy whose header is trusted"),
    Setting("MAPA_SESION_MINUTOS", "30", "idle minutes before a session expires"),
    Setting("MAPA_TOKEN", "", "CLI token of a user or service account"),
    Setting("MAPA_ENTORNO", "produccion", "desarrollo = show error details"),
    Setting("MAPA_CACHE_DIR", "$XDG_CACHE_HOME/mapa-actores", "cache of territory layers (off = none)"),
    Setting("XDG_CACHE_HOME", "~/.cache", "base of the cache when MAPA_CACHE_DIR is unset"),
    Setting("MAP_TILES_URL", "", "tile URL template of an own tile server"),
    Setting("MAP_TILES_ATTRIBUTION", "$MAP_TILES_URL", "attribution required by the tiles' licence"),
    Setting("MAPA_VENDOR_URL", "/app/static/vendor", "base URL of the vendored JS libraries"),
    Setting("MAPA_IDIOMA", "es", "interface language (i18n/<idioma>/)"),
    Setting("MAPA_CHROMIUM", "/usr/bin/chromium", "browser for the benchmark and e2e tests"),
    Setting("MAPA_IMPORT_MAX_MB", "200", "largest file an import reads (MB)"),
    Setting("MAPA_IMPORT_MAX_DESCOMPRIMIDO_MB", "600", "largest XLSX once unpacked (MB)"),
    Setting("MAPA_IMPORT_MAX_FILAS", "300000", "most data rows of an imported file"),
    Setting("MAPA_IMPORT_MAX_COLUMNAS", "300", "most columns of an imported file"),
    Setting("MAPA_BENCH_POSTGRES_URL", "", "throwaway PostgreSQL database for the import benchmark"),
    Setting("MAPA_BENCH_RONDAS", "3", "rounds of the app's timed interactions in the map benchmark (median)"),
)

AUTH_MODES = ("local", "cuentas", "oidc", "proxy")


def _get(name: str) -> str:
    return (os.environ.get(name) or "").strip()


def data_dir() -> Path:
    return Path(_get("MAPA_DATA_DIR") or "var")


def default_sqlite_path() -> Path:
    """The local SQLite file (under ``MAPA_DATA_DIR``, read now, not at import)."""
    return data_dir() / "mapa_actores.sqlite"


def database_url() -> str | None:
    """``DATABASE_URL`` when set; ``None`` means the local SQLite file."""
    return _get("DATABASE_URL") or None


def load_sample() -> bool:
    return _get("MAPA_CARGAR_EJEMPLO").lower() not in _OFF


def auth_mode() -> str:
    """How users sign in; unknown values are kept so start-up can refuse them with a message."""
    return _get("MAPA_AUTENTICACION").lower() or "local"


def local_user_name() -> str:
    return _get("MAPA_USUARIO") or _get("USER") or "local"


def local_role() -> str | None:
    return _get("MAPA_ROL") or None


def local_region() -> str | None:
    region = _get("MAPA_REGION")
    return region.zfill(2) if region else None


def proxy_user_header() -> str | None:
    return _get("MAPA_HEADER_USUARIO") or None


def trusted_proxy() -> str | None:
    return _get("MAPA_PROXY_CONFIABLE") or None


def idle_minutes() -> int:
    raw = _get("MAPA_SESION_MINUTOS")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 30


def import_limit(name: str, default: int) -> int:
    """One of the MAPA_IMPORT_MAX_* limits (a positive whole number, else ``default``)."""
    raw = _get(name)
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def bench_postgres_url() -> str | None:
    return _get("MAPA_BENCH_POSTGRES_URL") or None


def bench_rounds() -> int:
    """Rounds of the app's timed interactions in the map benchmark (each reported as a median)."""
    raw = _get("MAPA_BENCH_RONDAS")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 3


def cli_token() -> str | None:
    return _get("MAPA_TOKEN") or None


def development() -> bool:
    return _get("MAPA_ENTORNO").lower() in {"desarrollo", "development", "dev"}


def cache_dir() -> Path | None:
    """``MAPA_CACHE_DIR`` (``off``/``0``/empty disables it) or ``$XDG_CACHE_HOME/mapa-actores``."""
    configured = os.environ.get("MAPA_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in _CACHE_OFF else Path(configured).expanduser()
    base = _get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mapa-actores"


def tiles_url() -> str | None:
    return _get("MAP_TILES_URL") or None


def tiles_attribution() -> str | None:
    return _get("MAP_TILES_ATTRIBUTION") or None


def vendor_url() -> str:
    return (_get("MAPA_VENDOR_URL") or "/app/static/vendor").rstrip("/")


def language(default: str) -> str:
    return _get("MAPA_IDIOMA") or default


def chromium_path() -> str:
    return _get("MAPA_CHROMIUM") or "/usr/bin/chromium"


def child_environment(**overrides: str | None) -> dict[str, str]:
    """This process' environment for a child process (the benchmark's app server), with
    ``overrides`` applied; an override of ``None`` removes the variable."""
    env = dict(os.environ)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
