"""Page "Comparar regiones": the 16 regions on a map and in one table, for central staff.

Thin wiring over :mod:`stakeholders.comparison` (indicators, tables, exports) and
:mod:`mapping.comparison` (choropleths). The comparison is computed once per registry version
and cached; switching indicator rebuilds only the map (also cached per indicator and scale).
Every chart and map has a table as its text alternative.
"""

from __future__ import annotations

import copy

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import geodata
from i18n import t
from mapping.comparison import comparison_pdf_parts
from mapping.palette import sector_style
from stakeholders.comparison.definitions import (
    FAMILIES,
    INDICATORS,
    MISSING,
    SECTOR_KEYS,
    definition,
    definitions_table,
    family_label,
    format_value,
    formula,
    in_family,
    label,
    map_labels,
)
from stakeholders.comparison.export import gap_table, to_csv, to_xlsx
from stakeholders.comparison.population import template_csv
from stakeholders.comparison.report import to_pdf
from stakeholders.comparison.table import Comparison
from stakeholders.comparison.view import (
    balance_frame,
    display_table,
    far_sentences,
    ranking,
    side_by_side,
)
from ui import data
from ui.choice import typed_miss, typed_names

DEFAULT_INDICATOR = "org_por_100k_hab"
DEFAULT_PAIR = ("13", "05")
SCALES = ("secuencial", "divergente")


def choose_indicator() -> tuple[str, str]:
    left, middle, right = st.columns([2, 3, 2])
    family = left.selectbox(t("comparar.familia"), FAMILIES, format_func=family_label, key="comparar_familia")
    keys = [i.key for i in in_family(family) if i.numeric]
    if st.session_state.get("comparar_indicador") not in keys:
        st.session_state["comparar_indicador"] = DEFAULT_INDICATOR if DEFAULT_INDICATOR in keys else keys[0]
    key = middle.selectbox(t("comparar.indicador"), keys, format_func=label, key="comparar_indicador",
                           help=t("comparar.indicador_ayuda"))
    scale = right.radio(t("comparar.escala"), SCALES, format_func=lambda s: t(f"comparar.escala_{s}"),
                        key="comparar_escala")
    st.caption(f"{t('comparar.definicion')}: {definition(key)} · {t('comparar.formula')}: {formula(key)}")
    return key, scale


def national_section(comp: Comparison, key: str, scale: str) -> None:
    url, version = data.key()
    map_col, table_col = st.columns([1, 1])
    with map_col:
        st.subheader(t("comparar.mapa_titulo"))
        fmap = copy.deepcopy(data.comparison_national_map(url, version, key, scale))
        st_folium(fmap, key=f"comparar_mapa_{key}_{scale}", height=700, use_container_width=True, returned_objects=[])
        st.caption(t("comparar.mapa_alternativa"))
    with table_col:
        st.subheader(t("comparar.lejanas_titulo"))
        for sentence in far_sentences(comp, key):
            st.text(sentence)
        st.caption(t("comparar.lejanas_regla"))
        st.subheader(t("comparar.ranking"))
        st.dataframe(ranking(comp, key), hide_index=True, width="stretch", height=420)
    st.subheader(t("comparar.tabla_titulo"))
    st.caption(t("comparar.tabla_ayuda"))
    table = display_table(comp, key)
    marked = t("comparar.marca")
    styled = table.style.apply(lambda row: ["background-color:#fff2b3;color:#1a1a1a" if row[marked] else ""
                                            for _ in row], axis=1).format(number_formats(), na_rep=MISSING)
    st.dataframe(styled, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
    national = display_table(comp, key, include_national=True).tail(1)
    st.dataframe(national.style.format(number_formats(), na_rep=MISSING), hide_index=True, width="stretch")
    st.subheader(t("comparar.barras_titulo"))
    st.altair_chart(bar_chart(comp, key), width="stretch")
    st.caption(t("comparar.barras_alternativa"))


def number_formats() -> dict[str, str]:
    """Display format per numeric column (the data stays numeric, so sorting is by number)."""
    return {label(i.key): f"{{:.{i.decimals}f}}" for i in INDICATORS if i.numeric and i.unit != "si_no"}


def bar_chart(comp: Comparison, key: str) -> alt.Chart:
    """Regions as bars, longest first, the value in the tooltip; the ranking table is its text alternative."""
    frame = pd.DataFrame({"region": comp.regions["nombre_corto"].to_numpy(),
                          "valor": comp.regions[key].astype(float).to_numpy(),
                          "texto": [format_value(key, v) for v in comp.regions[key]]})
    return alt.Chart(frame).mark_bar(color="#08519c").encode(
        x=alt.X("valor:Q", title=label(key)),
        y=alt.Y("region:N", sort="-x", title=t("comparar.region")),
        tooltip=[alt.Tooltip("region:N", title=t("comparar.region")), alt.Tooltip("texto:N", title=label(key))],
    ).properties(height=28 * len(frame))


def pair_section(comp: Comparison, key: str) -> None:
    url, version = data.key()
    st.subheader(t("comparar.lado_a_lado"))
    names = dict(zip(comp.regions.index, comp.regions["nombre_corto"], strict=True))
    codes = list(names)
    left, right = st.columns(2)
    first = DEFAULT_PAIR[0] if DEFAULT_PAIR[0] in codes else codes[0]
    second = DEFAULT_PAIR[1] if DEFAULT_PAIR[1] in codes else codes[1]
    a = left.selectbox(t("comparar.region_a"), codes, index=codes.index(first), format_func=names.__getitem__,
                       key="comparar_a", **typed_names("comparar_a", names, first))
    b = right.selectbox(t("comparar.region_b"), codes, index=codes.index(second), format_func=names.__getitem__,
                        key="comparar_b", **typed_names("comparar_b", names, second))
    for box in ("comparar_a", "comparar_b"):
        typed_miss(box, t("mapa.region_palabra"))
    for column, code in ((left, a), (right, b)):
        with column:
            fmap, shown = data.comparison_commune_map(url, version, key, code)
            st.text(t("comparar.comunas_mapa", region=names[code], indicador=label(shown)))
            if shown != key:
                st.caption(t("comparar.comunas_sin_nivel", indicador=label(key), sustituto=label(shown)))
            st_folium(copy.deepcopy(fmap), key=f"comparar_comunas_{code}_{shown}", height=380,
                      use_container_width=True, returned_objects=[])
    pair = side_by_side(comp, a, b)
    st.dataframe(pair, width="stretch", height=35 * (len(pair) + 1) + 3)
    st.subheader(t("comparar.equilibrio_titulo"))
    frame = balance_frame(comp, [a, b, "00"])
    st.bar_chart(frame, horizontal=True, stack=True, color=[sector_style(s).color for s in SECTOR_KEYS])
    st.caption(t("comparar.equilibrio_alternativa"))
    st.dataframe(frame, width="stretch")
    gaps = gap_table(comp)
    with st.expander(t("comparar.brechas_titulo")):
        st.caption(t("comparar.brechas_ayuda"))
        chosen = gaps[gaps[t("comparar.region_codigo")].isin([a, b])]
        st.dataframe(chosen, hide_index=True, width="stretch")


def downloads(comp: Comparison, key: str) -> None:
    with st.expander(t("comparar.definiciones_titulo")):
        st.text(comp.population.note())
        st.dataframe(definitions_table(comp.population.note()), hide_index=True, width="stretch")
        st.caption(t("comparar.plantilla_ayuda"))
        st.download_button(t("comparar.plantilla"), template_csv(), file_name="plantilla_poblacion_comunal.csv",
                           mime="text/csv", key="comparar_plantilla")
    col1, col2, col3 = st.columns(3)
    col1.download_button(t("comparar.descargar_xlsx"), to_xlsx(comp), file_name="comparacion_regiones.xlsx",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    col2.download_button(t("comparar.descargar_csv"), to_csv(comp), file_name="comparacion_regiones.csv",
                         mime="text/csv")
    if col3.button(t("comparar.preparar_pdf"), key="comparar_preparar_pdf"):
        with st.spinner(t("comparar.preparando_pdf")):
            image, legend = comparison_pdf_parts(comp, key, geodata.regions(), map_labels())
            st.session_state["comparar_pdf"] = to_pdf(comp, key, image, legend)
    if "comparar_pdf" in st.session_state:
        col3.download_button(t("comparar.descargar_pdf"), st.session_state["comparar_pdf"],
                             file_name="comparacion_regiones.pdf", mime="application/pdf")


def main() -> None:
    st.title(t("comparar.titulo"))
    st.caption(t("comparar.intro"))
    with st.spinner(t("comparar.calculando")):
        comp = data.comparison(*data.key())
    n = int(comp.table.loc["00", "org_total"])
    st.caption(t("comparar.calculado", fecha=comp.as_of.strftime("%d-%m-%Y"), n=n) + " " + comp.population.note())
    key, scale = choose_indicator()
    national_section(comp, key, scale)
    pair_section(comp, key)
    downloads(comp, key)


main()
