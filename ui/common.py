"""Shared state of the web layer: the registry engine, the current user, the sample banner.

Large read-only objects are cached with ``st.cache_resource`` so that a click reruns only
what it changes.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from i18n import t
from stakeholders import settings
from stakeholders.access import User, user_from_env
from stakeholders.db import database_url, make_engine
from stakeholders.repository import is_sample_dataset, load_organizations


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    from stakeholders.sample import ensure_sample

    engine = make_engine(url)
    if settings.load_sample():
        with st.spinner(t("app.cargando_ejemplo")):
            ensure_sample(engine)
    return engine


def engine() -> Engine:
    """The registry engine (``DATABASE_URL`` or the local SQLite file, sample loaded once)."""
    return _engine(database_url())


def data_version() -> int:
    """Bumped after every write so cached frames are rebuilt."""
    return int(st.session_state.get("_data_version", 0))


def bump_data_version() -> None:
    st.session_state["_data_version"] = data_version() + 1
    organizations.clear()


@st.cache_data(show_spinner=False, max_entries=8)
def organizations(url: str, version: int, region_cut: str | None = None) -> pd.DataFrame:
    return load_organizations(_engine(url), region_cut)


def current_organizations(region_cut: str | None = None) -> pd.DataFrame:
    return organizations(database_url(), data_version(), region_cut)


def current_user() -> User:
    """The acting user: reverse-proxy header (``MAPA_HEADER_USUARIO``) or the environment."""
    header = settings.proxy_user_header()
    if header:
        name = st.context.headers.get(header)
        if name:
            base = user_from_env()
            return User(nombre=name, rol=base.rol, region_cut=base.region_cut)
    return user_from_env()


def page_header() -> None:
    with st.sidebar:
        st.caption(t("app.subtitulo"))
        user = current_user()
        st.caption(t("app.usuario_actual", usuario=user.nombre, rol=user.rol, region=user.region_cut or "—"))
    if is_sample_dataset(engine()):
        st.warning(t("app.datos_ejemplo"), icon=":material/science:")


def multiselect(label: str, options: Any, **kwargs: Any) -> Any:
    """``st.multiselect`` with the Spanish placeholder (Streamlit's default is English)."""
    kwargs.setdefault("placeholder", t("app.elegir_opciones"))
    return st.multiselect(label, options, **kwargs)
