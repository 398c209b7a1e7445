"""Shared state of the web layer: the registry engine, the current user, the page header.

Cached reads live in :mod:`ui.data` (keyed by the data version kept in the database); the
helpers here are what every page calls around them.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from i18n import t
from stakeholders.access import User, user_from_env
from ui import data


def engine() -> Engine:
    """The registry engine (``DATABASE_URL`` or the local SQLite file, sample loaded once)."""
    return data.engine()


def data_version() -> int:
    """The registry's data version, kept in the database: any write by anyone changes it."""
    return data.version()


def bump_data_version() -> None:
    """Kept for pages written before the version moved to the database: every committed write
    bumps it there (:mod:`stakeholders.dataversion`), so nothing is left to do here."""


def current_organizations(region_cut: str | None = None) -> pd.DataFrame:
    """Organizations present in ``region_cut`` (or all) at the current data version."""
    return data.organizations(*data.key(), region_cut)


def current_user() -> User:
    """The acting user: reverse-proxy header (``MAPA_HEADER_USUARIO``) or the environment."""
    header = os.environ.get("MAPA_HEADER_USUARIO")
    if header:
        name = st.context.headers.get(header)
        if name:
            base = user_from_env()
            return User(nombre=name, rol=base.rol, region_cut=base.region_cut)
    return user_from_env()


# Streamlit serves <html lang="en">; screen readers then read Spanish with English rules.
_LANG_SCRIPT = "<script>document.documentElement.lang = 'es-CL';</script>"


def page_header() -> None:
    with st.sidebar:
        st.html(_LANG_SCRIPT, unsafe_allow_javascript=True)
        st.caption(t("app.subtitulo"))
        user = current_user()
        st.caption(t("app.usuario_actual", usuario=user.nombre, rol=user.rol, region=user.region_cut or "—"))
    if data.sample_dataset(*data.key()):
        st.warning(t("app.datos_ejemplo"), icon=":material/science:")


def multiselect(label: str, options: Any, **kwargs: Any) -> Any:
    """``st.multiselect`` with the Spanish placeholder (Streamlit's default is English)."""
    kwargs.setdefault("placeholder", t("app.elegir_opciones"))
    return st.multiselect(label, options, **kwargs)
