"""Mapa de Actores: Streamlit entry point (``streamlit run app.py``).

Only navigation lives here; each page is a thin script in ``ui/`` wiring widgets to the
pure functions of ``geodata``, ``stakeholders`` and ``mapping``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from i18n import t
from ui.common import page_header

# A local favicon: a ":material/…" page icon would be fetched from Google's font servers.
FAVICON = str(Path(__file__).parent / "static" / "favicon.png")
st.set_page_config(page_title=t("app.titulo"), page_icon=FAVICON, layout="wide")

PAGES = [
    st.Page("ui/mapa.py", title=t("nav.mapa"), icon=":material/map:", url_path="mapa", default=True),
    st.Page("ui/red.py", title=t("nav.red"), icon=":material/hub:", url_path="red"),
    st.Page("ui/consejo.py", title=t("nav.consejo"), icon=":material/groups:", url_path="consejo"),
    st.Page("ui/analisis.py", title=t("nav.analisis"), icon=":material/scatter_plot:", url_path="analisis"),
    st.Page("ui/seguimiento.py", title=t("nav.seguimiento"), icon=":material/task_alt:", url_path="seguimiento"),
    st.Page("ui/comparar.py", title=t("nav.comparar"), icon=":material/compare:", url_path="comparar"),
    st.Page("ui/datos.py", title=t("nav.datos"), icon=":material/database:", url_path="datos"),
]

page = st.navigation(PAGES)
page_header()
page.run()
