"""Page "Red": who connects sectors, who is isolated, who is convened too often, in one region.

All numbers come from :mod:`stakeholders.network`; this page only picks the region and the
fatigue parameters, caches the results and shows them as sortable tables plus a picture whose
text alternative is the full metrics table.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pandas as pd
import streamlit as st

from i18n import t
from stakeholders import network
from stakeholders.db import database_url
from stakeholders.exporting import frame_to_csv_bytes
from stakeholders.repository import load_attendance, load_memberships, load_relationships
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB
from ui.common import current_organizations, current_user, data_version, engine

DEFAULT_REGION = "13"
TOP_BROKERS = 15
PICTURE_NODES = 120
MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D"}


@st.cache_data(show_spinner=False, max_entries=4)
def ties(url: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Relationships, memberships and attendance of the whole registry."""
    eng = engine()
    return load_relationships(eng), load_memberships(eng), load_attendance(eng)


@st.cache_resource(show_spinner=False, max_entries=8)
def region_graph(url: str, version: int, region_cut: str) -> nx.Graph:
    relationships, memberships, attendance = ties(url, version)
    return network.build_graph(current_organizations(region_cut), relationships, memberships, attendance)


@st.cache_data(show_spinner=False, max_entries=8)
def region_metrics(url: str, version: int, region_cut: str) -> pd.DataFrame:
    return network.node_metrics(region_graph(url, version, region_cut))


@st.cache_data(show_spinner=False, max_entries=16)
def load_table(url: str, version: int, as_of: date, window: int, threshold: float) -> pd.DataFrame:
    _, memberships, attendance = ties(url, version)
    return network.participation_load(attendance, memberships, as_of, window_days=window, threshold=threshold)


def region_names() -> dict[str, str]:
    import geodata

    regions = geodata.regions().sort_values("orden_norte_sur")
    return dict(zip(regions["region_cut"], regions["nombre"], strict=True))


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Spanish column headers and vocabulary labels for display."""
    shown = frame.copy()
    if "sector_tripartito" in shown:
        shown["sector_tripartito"] = shown["sector_tripartito"].map(SECTOR_VOCAB.label)
    if "tipo_actor" in shown:
        shown["tipo_actor"] = shown["tipo_actor"].map(ACTOR_TYPE_VOCAB.label)
    return shown.rename(columns=lambda c: t(f"red.col.{c}"))


def show_table(frame: pd.DataFrame, empty_key: str, key: str) -> None:
    if frame.empty:
        st.info(t(empty_key))
    else:
        st.dataframe(labelled(frame), hide_index=True, width="stretch", key=key)


def picture(graph: nx.Graph, table: pd.DataFrame):  # matplotlib Figure
    """The most connected organizations: colour and marker by sector, thick edge when over-convened."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from mapping.palette import OUTLINE, sector_style

    top = table.nlargest(PICTURE_NODES, ["grado", "organizacion_id"])["organizacion_id"].tolist()
    sub = graph.subgraph(top)
    pos = nx.spring_layout(sub, seed=7, weight=None) if len(sub) else {}
    info = table.set_index("organizacion_id")
    fig, ax = plt.subplots(figsize=(9, 6.5))
    nx.draw_networkx_edges(sub, pos, ax=ax, alpha=0.12, width=0.6)
    handles = []
    for sector in SECTOR_VOCAB.labels:
        style = sector_style(sector)
        nodes = [n for n in sub if info.at[n, "sector_tripartito"] == sector]
        if not nodes:
            continue
        sizes = [40 + 900 * float(info.at[n, "intermediacion"]) for n in nodes]
        widths = [2.2 if bool(info.at[n, "fatigada"]) else 0.4 for n in nodes]
        nx.draw_networkx_nodes(sub, pos, nodelist=nodes, node_color=style.color, node_shape=MARKERS[style.shape],
                               node_size=sizes, edgecolors=OUTLINE, linewidths=widths, ax=ax)
        handles.append(Line2D([], [], marker=MARKERS[style.shape], color="none", markerfacecolor=style.color,
                              markeredgecolor=OUTLINE, markersize=9, label=SECTOR_VOCAB.label(sector)))
    handles.append(Line2D([], [], marker="o", color="none", markerfacecolor="white", markeredgecolor=OUTLINE,
                          markeredgewidth=2.2, markersize=9, label=t("red.leyenda_fatigada")))
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True)
    ax.set_axis_off()
    fig.tight_layout()
    return fig


def main() -> None:
    st.title(t("red.titulo"))
    st.caption(t("red.intro"))
    names = region_names()
    user = current_user()
    default = user.region_cut if user.region_cut in names else DEFAULT_REGION
    codes = list(names)
    region = st.selectbox(t("red.region"), codes, index=codes.index(default), format_func=names.__getitem__,
                          help=t("red.region_ayuda"), key="red_region")
    url, version = database_url(), data_version()
    orgs = current_organizations(region)
    if orgs.empty:
        st.info(t("red.sin_datos"))
        return
    _, _, attendance = ties(url, version)
    last = max(attendance["fecha"]) if len(attendance) else date.today()
    c1, c2, c3 = st.columns(3)
    as_of = c1.date_input(t("red.fecha_corte"), value=min(last, date.today()), help=t("red.fecha_corte_ayuda"),
                          key="red_fecha")
    window = int(c2.number_input(t("red.ventana"), 30, 1_095, network.DEFAULT_WINDOW_DAYS, step=30,
                                 help=t("red.ventana_ayuda"), key="red_ventana"))
    threshold = float(c3.number_input(t("red.umbral"), 1.0, 20.0, network.DEFAULT_FATIGUE_THRESHOLD, step=0.5,
                                      help=t("red.umbral_ayuda", eventos=network.DEFAULT_MIN_EVENTS,
                                             espacios=network.DEFAULT_MIN_SPACES), key="red_umbral"))
    with st.spinner(t("red.calculando")):
        graph = region_graph(url, version, region)
        metrics = region_metrics(url, version, region)
        load = load_table(url, version, as_of, window, threshold)
    base = orgs[["id", "nombre", "sector_tripartito", "tipo_actor"]].rename(columns={"id": "organizacion_id"})
    table = base.merge(metrics, on="organizacion_id").merge(load, on="organizacion_id", how="left")
    table = table.fillna({"eventos_ventana": 0, "espacios_activos": 0, "indice_fatiga": 0.0, "fatigada": False})
    table = table.astype({"eventos_ventana": "int64", "espacios_activos": "int64", "fatigada": "bool"})

    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("red.nodos"), f"{graph.number_of_nodes():,}".replace(",", "."))
    m2.metric(t("red.vinculos"), f"{graph.number_of_edges():,}".replace(",", "."))
    m3.metric(t("red.aisladas_n"), int(table["aislada"].sum()))
    m4.metric(t("red.fatigadas_n"), int(table["fatigada"].sum()))

    brokers, fatigue, isolated, everything, image = st.tabs([
        t("red.tab_intermediarios"), t("red.tab_fatiga"), t("red.tab_aisladas"), t("red.tab_tabla"),
        t("red.tab_imagen")])
    with brokers:
        st.caption(t("red.intermediarios_intro"))
        top = table[table["intermediacion_intersectorial"] > 0].nlargest(TOP_BROKERS, "intermediacion_intersectorial")
        show_table(top[["nombre", "sector_tripartito", "tipo_actor", "intermediacion_intersectorial",
                        "intermediacion", "sectores_vecinos", "grado"]], "red.intermediarios_vacio", "red_top")
    with fatigue:
        st.caption(t("red.fatiga_intro"))
        tired = table[table["fatigada"]].sort_values("indice_fatiga", ascending=False)
        show_table(tired[["nombre", "sector_tripartito", "tipo_actor", "eventos_ventana", "espacios_activos",
                          "indice_fatiga"]], "red.fatiga_vacio", "red_fatiga")
    with isolated:
        st.caption(t("red.aisladas_intro"))
        show_table(table[table["aislada"]][["nombre", "sector_tripartito", "tipo_actor"]], "red.aisladas_vacio",
                   "red_aisladas")
    with everything:
        show_table(table, "red.sin_datos", "red_tabla")
        st.download_button(t("red.descargar"), frame_to_csv_bytes(labelled(table)),
                           file_name=f"red_region_{region}.csv", mime="text/csv", key="red_descargar")
    with image:
        st.caption(t("red.imagen_intro", n=min(PICTURE_NODES, len(table))))
        st.pyplot(picture(graph, table), clear_figure=True)
        st.caption(t("red.imagen_alternativa"))
    with st.expander(t("red.definiciones")):
        st.markdown(t("red.definiciones_texto"))


main()
