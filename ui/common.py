"""Shared state of the web layer: the registry engine, the current user, the page header.

Cached reads live in :mod:`ui.data` (keyed by the data version kept in the database); the
helpers here are what every page calls around them.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from i18n import t
from stakeholders import settings
from stakeholders.access import User, user_from_env
from stakeholders.auth.accounts import authenticate, user_named
from stakeholders.auth.deployment import header_trusted, startup_problem
from stakeholders.errors import DeploymentError
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


# --- who is signed in (sign-in gate, idle expiry, safe messages) -------------------------------

_USER_KEY = "_usuario"
_SEEN_KEY = "_ultima_actividad"
_LOG = logging.getLogger("mapa_actores")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&\"'])")


_AUTOLINK = re.compile(r"(\\:)(//)|(www)(\\\.)|(@)", re.IGNORECASE)
ZERO_WIDTH = "\u200b"


def escape_markdown(text: object) -> str:
    """User text made inert inside Streamlit Markdown: links, images, HTML, math and directives
    become literal characters (every ASCII punctuation backslash-escaped), line breaks kept.

    GitHub-style autolinks (``http://…``, ``www.…``, e-mail addresses) are found in the text after
    escapes are resolved, so a zero-width space is put after ``:``, ``www`` and ``@`` to break them.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    escaped = _AUTOLINK.sub(_break_autolink, escaped)
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def _break_autolink(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + ZERO_WIDTH + match.group(2)
    if match.group(3):
        return match.group(3) + ZERO_WIDTH + match.group(4)
    return "@" + ZERO_WIDTH


def show_error(message: object) -> None:
    """``st.error`` whose text (often holding an organization's name) is never read as Markdown."""
    st.error(escape_markdown(message), icon=":material/error:")


def show_warning(message: object) -> None:
    st.warning(escape_markdown(message), icon=":material/warning:")


def startup_check() -> None:
    """Refuse to serve an unsafe configuration (local mode or proxy header on a public address)."""
    problem = startup_problem(settings.auth_mode(), st.get_option("server.address"),
                              settings.proxy_user_header(), settings.trusted_proxy())
    if problem is None:
        try:
            engine()  # the database must be reachable and complete (PostGIS) before anything else
        except DeploymentError as exc:
            problem = str(exc)
    if problem:
        _LOG.error(problem)
        show_error(problem)
        st.stop()


def _expired() -> bool:
    last = st.session_state.get(_SEEN_KEY)
    now = time.monotonic()
    st.session_state[_SEEN_KEY] = now
    return last is not None and now - last > settings.idle_minutes() * 60


def _sign_in_form() -> None:
    st.title(t("acceso.titulo_ingreso"))
    with st.form("ingreso"):
        name = st.text_input(t("acceso.campo_usuario"))
        password = st.text_input(t("acceso.campo_clave"), type="password")
        submitted = st.form_submit_button(t("acceso.boton_ingresar"))
    if submitted:
        result = authenticate(engine(), name.strip(), password)
        if result.user is None:
            show_error(result.message)
        else:
            st.session_state[_USER_KEY] = result.user
            st.rerun()
    st.stop()


def _oidc_user() -> User:
    if not st.user.is_logged_in:
        st.title(t("acceso.titulo_ingreso"))
        st.button(t("acceso.boton_oidc"), on_click=st.login)
        st.stop()
    identity = str(st.user.get("email") or st.user.get("sub") or "")
    user = user_named(engine(), identity)
    if user is None:
        show_error(t("acceso.oidc_sin_cuenta", usuario=identity))
        st.button(t("acceso.cerrar_sesion"), on_click=st.logout)
        st.stop()
    return user


def _proxy_user() -> User:
    header = settings.proxy_user_header() or ""
    if not header_trusted(st.context.ip_address, st.get_option("server.address"), settings.trusted_proxy()):
        show_error(t("acceso.proxy_no_confiable", proxy=settings.trusted_proxy() or "127.0.0.1"))
        st.stop()
    name = st.context.headers.get(header)
    user = user_named(engine(), name) if name else None
    if user is None:
        show_error(t("acceso.proxy_sin_cabecera", cabecera=header) if not name
                   else t("acceso.oidc_sin_cuenta", usuario=name))
        st.stop()
    return user


def current_user() -> User:
    """The signed-in user; shows the sign-in page and stops the script when there is none.

    ``local``: the single user of this machine (only on 127.0.0.1, see :func:`startup_check`).
    ``cuentas``: accounts in the database. ``oidc``: ``st.login`` (the e-mail names an account).
    ``proxy``: a trusted reverse proxy's header names an account.
    """
    mode = settings.auth_mode()
    if mode == "local":
        return user_from_env()
    if mode == "proxy":
        return _proxy_user()
    if _expired() and _USER_KEY in st.session_state:
        st.session_state.pop(_USER_KEY, None)
        st.info(t("acceso.sesion_expirada"))
        if mode == "oidc":
            st.logout()
    if mode == "oidc":
        user = st.session_state.get(_USER_KEY) or _oidc_user()
        st.session_state[_USER_KEY] = user
        return user
    user = st.session_state.get(_USER_KEY)
    if user is None:
        _sign_in_form()
    return user


def sign_out() -> None:
    st.session_state.pop(_USER_KEY, None)
    if settings.auth_mode() == "oidc" and st.user.is_logged_in:
        st.logout()


# Select boxes that accept typed text (ui.choice: «biobio» → Región del Biobío) offer it as "Add: biobio",
# an unmatched search says "No results", a multiselect offers "Select all" / "Select 3 matches": Streamlit's
# own English in its lists, rewritten in place (text only).
_SELECT_WORDS = """<script>(function() {
  if (window.__mapaPalabras) { return; }
  window.__mapaPalabras = true;
  var words = [[/^Add: /, 'Buscar: '], [/^No results$/, 'Sin resultados'], [/^Select all$/, 'Elegir todas'],
               [/^Select (\\d+) matches$/, 'Elegir las $1 coincidencias']];
  function fix(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      for (var i = 0; i < words.length; i++) {
        if (words[i][0].test(node.nodeValue)) { node.nodeValue = node.nodeValue.replace(words[i][0], words[i][1]); }
      }
    }
  }
  // Every change re-reads the open lists (a list element may arrive whole, or its items later).
  new MutationObserver(function() {
    document.querySelectorAll('[role="listbox"], [data-testid="stSelectboxVirtualDropdown"]').forEach(fix);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
})();</script>"""

# Streamlit serves <html lang="en">; screen readers then read Spanish with English rules.
# Streamlit's sidebar links and buttons show no focus ring: keyboard users must see where they are.
_PAGE_SETUP = (
    "<style>[data-testid=\"stSidebar\"] a:focus-visible, [data-testid=\"stSidebar\"] button:focus-visible,"
    "[data-testid=\"stSidebar\"] [role=\"combobox\"]:focus-visible"
    "{outline: 3px solid #0b5394 !important; outline-offset: 2px !important;}</style>"
    "<script>document.documentElement.lang = 'es-CL';</script>"
    + _SELECT_WORDS
)


def page_header() -> None:
    with st.sidebar:
        st.html(_PAGE_SETUP, unsafe_allow_javascript=True)
        st.caption(t("app.subtitulo"))
        user = current_user()
        st.caption(escape_markdown(t("acceso.usuario_actual", usuario=user.nombre, roles=user.describe())))
        if settings.auth_mode() == "local":
            st.caption(t("acceso.modo_local"))
        elif settings.auth_mode() in ("cuentas", "oidc"):
            st.button(t("acceso.cerrar_sesion"), on_click=sign_out, key="cerrar_sesion")
    if data.sample_dataset(*data.key()):
        st.warning(t("app.datos_ejemplo"), icon=":material/science:")


def run_page(page: Any) -> None:
    """Run a page; an unexpected error shows a Spanish message with an id, details go to the log."""
    try:
        page.run()
    except Exception as exc:  # noqa: BLE001 - the boundary: users never see a traceback
        error_id = uuid.uuid4().hex[:8]
        _LOG.exception("error %s en la página %s", error_id, getattr(page, "url_path", "?"))
        show_error(t("error.inesperado", codigo=error_id))
        if settings.development():
            st.exception(exc)


def multiselect(label: str, options: Any, **kwargs: Any) -> Any:
    """``st.multiselect`` with the Spanish placeholder (Streamlit's default is English)."""
    kwargs.setdefault("placeholder", t("app.elegir_opciones"))
    return st.multiselect(label, options, **kwargs)
