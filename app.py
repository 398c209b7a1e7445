"""Mapa de Actores: Streamlit entry point (``streamlit run app.py``).

Only navigation lives here; each page is a thin script in ``ui/`` wiring widgets to the
pure functions of ``geodata``, ``stakeholders`` and ``mapping``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n import t
from stakeholders.access import MANAGE_USERS, VIEW_AUDIT
from ui.common import current_user, page_header, run_page, startup_check

# A local favicon: a ":material/…" page icon would be fetched from Google's font servers.
FAVICON = str(Path(__file__).parent / "static" / "favicon.png")
st.set_page_config(page_title=t("app.titulo"), page_icon=FAVICON, layout="wide")
startup_check()  # refuses an unsafe configuration before anything is shown
user = current_user()  # shows the sign-in page and stops when nobody is signed in

PAGES = [
    st.Page("ui/mapa.py", title=t("nav.mapa"), icon=":material/map:", url_path="mapa", default=True),
    st.Page("ui/red.py", title=t("nav.red"), icon=":material/hub:", url_path="red"),
    st.Page("ui/consejo.py", title=t("nav.consejo"), icon=":material/groups:", url_path="consejo"),
    st.Page("ui/analisis.py", title=t("nav.analisis"), icon=":material/scatter_plot:", url_path="analisis"),
    st.Page("ui/seguimiento.py", title=t("nav.seguimiento"), icon=":material/task_alt:", url_path="seguimiento"),
    st.Page("ui/comparar.py", title=t("nav.comparar"), icon=":material/compare:", url_path="comparar"),
    st.Page("ui/datos.py", title=t("nav.datos"), icon=":material/database:", url_path="datos"),
]
if user.can(VIEW_AUDIT):
    PAGES.append(st.Page("ui/auditoria.py", title=t("nav.auditoria"), icon=":material/policy:", url_path="auditoria"))
if user.can(MANAGE_USERS):
    PAGES.append(st.Page("ui/acceso.py", title=t("nav.usuarios"), icon=":material/group:", url_path="usuarios"))

page = st.navigation(PAGES)
page_header()
run_page(page)
