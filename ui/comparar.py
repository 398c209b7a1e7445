"""Page "Comparar regiones": 2 to 4 regions side by side, for central staff.

Numbers come from :func:`stakeholders.indicators.region_comparison` (the same counts as the
map); the chart uses the sector palette of the map and always has the table as its text
alternative.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import t
from mapping.palette import sector_style
from stakeholders.db import database_url
from stakeholders.indicators import SECTOR_KEYS, region_comparison
from stakeholders.repository import load_organizations
from stakeholders.vocab import SECTORS
from ui.common import data_version, engine, multiselect

MAX_REGIONS = 4
DEFAULT_REGIONS = ("13", "05")
COLUMNS = ("region", *SECTOR_KEYS, "total", "por_1000_km2", "comunas", "comunas_con_brecha", "pct_comunas_con_brecha",
           "pct_grupos_excluidos", "pct_representantes_mujeres", "pct_genero_no_declarado")


@st.cache_resource(show_spinner=False)
def territory() -> tuple[pd.DataFrame, pd.DataFrame]:
    import geodata

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))

    return plain(geodata.regions()), plain(geodata.communes())


@st.cache_data(show_spinner=False, max_entries=4)
def comparison(url: str, version: int) -> pd.DataFrame:
    regions, communes = territory()
    return region_comparison(load_organizations(engine()), regions, communes)


def labelled(table: pd.DataFrame) -> pd.DataFrame:
    """Regions as columns, indicators as rows (side by side), with Spanish labels."""
    shown = table.set_index("region")[[c for c in COLUMNS if c != "region"]]
    shown.columns = [t(f"indicadores.{c}") for c in shown.columns]
    return shown.T


def main() -> None:
    st.title(t("comparar.titulo"))
    st.caption(t("comparar.intro"))
    table = comparison(database_url(), data_version())
    names = dict(zip(table["region_cut"], table["region"], strict=True))
    default = [c for c in DEFAULT_REGIONS if c in names] or list(names)[:2]
    chosen = multiselect(t("comparar.elegir"), list(names), default=default, format_func=names.__getitem__,
                            max_selections=MAX_REGIONS, help=t("comparar.elegir_ayuda"), key="comparar_regiones")
    if len(chosen) < 2:
        st.info(t("comparar.minimo"))
        return
    subset = table.set_index("region_cut").loc[chosen].reset_index()
    st.subheader(t("comparar.tabla"))
    st.dataframe(labelled(subset), width="stretch")
    st.subheader(t("comparar.grafico"))
    chart = subset.set_index("region")[list(SECTOR_KEYS)].rename(columns=SECTORS)
    st.bar_chart(chart, stack=False, color=[sector_style(s).color for s in SECTOR_KEYS], horizontal=True)
    st.caption(t("comparar.grafico_alternativa"))
    with st.expander(t("comparar.todas")):
        st.dataframe(table[list(COLUMNS)].rename(columns=lambda c: t(f"indicadores.{c}")), hide_index=True,
                     width="stretch")
        st.download_button(t("comparar.descargar"), table.to_csv(index=False).encode("utf-8"),
                           file_name="comparacion_regiones.csv", mime="text/csv")


main()
