"""Page placeholder: filled by its feature."""

import streamlit as st

from i18n import t

st.title(t("nav.red"))
st.info(t("app.en_construccion"))
