"""Page "Red": the network of a region, interactive: who connects sectors, who leads, who is isolated or over-convened.

All numbers come from :mod:`stakeholders.network` and the drawing from :mod:`mapping.network`;
this page only picks the region, the ties that count and the fatigue parameters, caches the
reading by a hash of the data (never stale after an edit or an import) and shows it as an
interactive graph plus sortable, downloadable tables (the text alternative).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import geodata
from i18n import t
from mapping.network import legend_items, view_html, view_payload
from stakeholders import network
from stakeholders.db import database_url
from stakeholders.vocab import RELATION_TYPES
from ui import data
from ui.choice import typed_miss, typed_names
from ui.common import current_organizations, current_user, data_version

DEFAULT_REGION = "13"
TOP_LIST = 15
VIEW_HEIGHT = 620
DISCOVER = ("ninguno", "intermediarios", "centrales", "aisladas", "sobreconvocadas")
SIZE_BY = ("pagerank", "grado", "intermediacion", "intermediacion_intersectorial", "enlace", "coef_participacion")
DETAIL_COLUMNS = ("sector_tripartito", "tipo_actor", "comuna_cut", "grado", "pagerank", "intermediacion",
                  "intermediacion_intersectorial", "enlace", "coef_participacion", "restriccion", "comunidad",
                  "nucleo_k", "eventos_ventana", "fatigada")
SUMMARY_PERCENT = ("proporcion_aisladas", "proporcion_intersectorial")


def region_reading(url: str, version: int, region_cut: str, tie_filter: network.TieFilter) -> network.RegionNetwork:
    key = data.network_key(url, version, region_cut, tie_filter.key())
    relationships, memberships, attendance = data.network_ties(url, version)
    return data.network_readings().get(key, lambda: network.region_network(
        current_organizations(region_cut), relationships, memberships, attendance, ties=tie_filter))


def tie_filter_controls() -> network.TieFilter:
    with st.expander(t("red.filtro_titulo")):
        st.caption(t("red.filtro_intro"))
        kinds = list(RELATION_TYPES)
        chosen = st.multiselect(t("red.filtro_tipos"), kinds, default=kinds, format_func=RELATION_TYPES.__getitem__,
                                placeholder=t("app.elegir_opciones"), key="red_tipos")
        start = end = None
        if st.checkbox(t("red.filtro_periodo"), key="red_periodo", help=t("red.filtro_periodo_ayuda")):
            c1, c2 = st.columns(2)
            start = c1.date_input(t("red.filtro_desde"), value=date(date.today().year - 2, 1, 1), key="red_desde")
            end = c2.date_input(t("red.filtro_hasta"), value=date.today(), key="red_hasta")
        half_life = None
        if st.checkbox(t("red.filtro_reciente"), key="red_reciente",
                       help=t("red.filtro_reciente_ayuda", dias=network.DEFAULT_HALF_LIFE_DAYS)):
            half_life = float(st.number_input(t("red.filtro_vida_media"), 30, 3_650, network.DEFAULT_HALF_LIFE_DAYS,
                                              step=30, key="red_vida_media"))
    return network.TieFilter(types=frozenset(chosen) if set(chosen) != set(kinds) else None, start=start, end=end,
                             half_life_days=half_life, as_of=date.today() if half_life else None)


def fatigue_controls(attendance: pd.DataFrame) -> tuple[date, int, float]:
    last = max(attendance["fecha"]) if len(attendance) else date.today()
    c1, c2, c3 = st.columns(3)
    as_of = c1.date_input(t("red.fecha_corte"), value=min(last, date.today()), help=t("red.fecha_corte_ayuda"),
                          key="red_fecha")
    window = int(c2.number_input(t("red.ventana"), 30, 1_095, network.DEFAULT_WINDOW_DAYS, step=30,
                                 help=t("red.ventana_ayuda"), key="red_ventana"))
    threshold = float(c3.number_input(t("red.umbral"), 1.0, 20.0, network.DEFAULT_FATIGUE_THRESHOLD, step=0.5,
                                      help=t("red.umbral_ayuda", eventos=network.DEFAULT_MIN_EVENTS,
                                             espacios=network.DEFAULT_MIN_SPACES), key="red_umbral"))
    return as_of, window, threshold


def show_table(frame: pd.DataFrame, empty_key: str, key: str) -> None:
    if frame.empty:
        st.info(t(empty_key))
    else:
        st.dataframe(network.metrics_frame(frame), hide_index=True, width="stretch", key=key)


def discovered(table: pd.DataFrame, choice: str) -> pd.DataFrame:
    """The organizations a "Descubrir" button highlights, in the order they are listed."""
    if choice == "intermediarios":
        brokers = table[(table["intermediacion_intersectorial"] > 0) | (table["enlace"] > 0)]
        return brokers.sort_values(["intermediacion_intersectorial", "enlace", "organizacion_id"],
                                   ascending=[False, False, True]).head(TOP_LIST)
    if choice == "centrales":
        return table.sort_values(["pagerank", "organizacion_id"], ascending=[False, True]).head(TOP_LIST)
    if choice == "aisladas":
        return table[table["aislada"]]
    if choice == "sobreconvocadas":
        return table[table["fatigada"]].sort_values("indice_fatiga", ascending=False)
    return table.iloc[0:0]


DISCOVER_COLUMNS = {
    "intermediarios": ["nombre", "sector_tripartito", "intermediacion_intersectorial", "enlace", "coef_participacion",
                       "intermediacion"],
    "centrales": ["nombre", "sector_tripartito", "pagerank", "eigenvector", "grado", "nucleo_k"],
    "aisladas": ["nombre", "sector_tripartito", "tipo_actor", "comuna_cut"],
    "sobreconvocadas": ["nombre", "sector_tripartito", "eventos_ventana", "espacios_activos", "indice_fatiga"],
}


def summary_metrics(summary: dict, table: pd.DataFrame) -> None:
    cols = st.columns(6)
    values = [
        ("organizaciones", f"{summary['organizaciones']:,}".replace(",", ".")),
        ("vinculos", f"{summary['vinculos']:,}".replace(",", ".")),
        ("aisladas", str(summary["aisladas"])),
        ("sobreconvocadas", str(int(table["fatigada"].sum()))),
        ("comunidades", str(summary["comunidades"])),
        ("proporcion_intersectorial", f"{100 * summary['proporcion_intersectorial']:.0f} %"),
    ]
    for col, (key, value) in zip(cols, values, strict=True):
        col.metric(t(f"red.resumen.{key}"), value, help=t(f"red.resumen_ayuda.{key}"))


def summary_frame(summary: dict) -> pd.DataFrame:
    rows = []
    for key in network.SUMMARY_KEYS:
        value = summary[key]
        if key in SUMMARY_PERCENT:
            shown = f"{100 * value:.1f} %".replace(".", ",")
        elif isinstance(value, float):
            shown = f"{value:.3f}".replace(".", ",")
        else:
            shown = f"{value:,}".replace(",", ".")
        rows.append({t("red.resumen_col_medida"): t(f"red.resumen.{key}"), t("red.resumen_col_valor"): shown,
                     t("red.resumen_col_significado"): t(f"red.resumen_ayuda.{key}")})
    return pd.DataFrame(rows)


def meanings_frame() -> pd.DataFrame:
    return pd.DataFrame([{t("red.resumen_col_medida"): t(f"red.col.{c}"), t("red.resumen_col_significado"):
                          network.meaning(c)} for c in network.READING_COLUMNS if c != "organizacion_id"])


def graph_view(net: network.RegionNetwork, table: pd.DataFrame, highlight: list[int]) -> None:
    c1, c2 = st.columns(2)
    color_by = c1.radio(t("red.vista.color"), ["sector", "comunidad"], horizontal=True, key="red_color",
                        format_func=lambda v: t(f"red.vista.color_{v}"))
    size_by = c2.selectbox(t("red.vista.tamano"), SIZE_BY, format_func=lambda c: t(f"red.col.{c}"), key="red_tamano",
                           help=t("red.vista.tamano_ayuda"))
    payload = view_payload(table, net.graph.ties, net.positions, size_by=size_by, color_by=color_by,
                           highlight=highlight, details=[c for c in DETAIL_COLUMNS if c in table.columns])
    sizes = net.reading.communities.set_index("comunidad")["organizaciones"].to_dict() \
        if len(net.reading.communities) else {}
    # Our own page: every user string inside it is JSON data escaped by mapping.safe.script_json.
    st.iframe(view_html(payload, legend_items(color_by, sizes), height=VIEW_HEIGHT), height=VIEW_HEIGHT + 60)
    if len(table) > len(payload["nodes"]):
        st.caption(t("red.vista.recortada", n=len(payload["nodes"]), total=len(table)))
    if len(payload["edges"]) < net.graph.m:
        st.caption(t("red.vista.recortada_vinculos", m=len(payload["edges"]), total=net.graph.m))
    st.caption(t("red.vista.alternativa"))


def downloads(net: network.RegionNetwork, table: pd.DataFrame, key: str, region: str) -> None:
    cols = st.columns(4)
    mimes = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "gexf": "application/xml", "graphml": "application/xml"}
    for col, fmt in zip(cols, ("csv", "xlsx", "gexf", "graphml"), strict=True):
        # Built when clicked (then cached by data key): the workbook and the Gephi files of a large
        # region cost several times the reading itself, and most visits download nothing. A download
        # does not rerun the page (on_click="ignore"): nothing on it changes, and a click on the next
        # button during that rerun was lost.
        col.download_button(t(f"red.descargar_{fmt}"), lambda fmt=fmt: data.network_export(key, fmt, net, table),
                            file_name=f"red_region_{region}.{fmt}", mime=mimes[fmt], key=f"red_descargar_{fmt}",
                            help=t(f"red.descargar_{fmt}_ayuda"), on_click="ignore")


def with_place_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Commune and region codes shown as names (exports keep the codes)."""
    communes, regions = geodata.commune_names(), geodata.region_names()
    out = frame.copy()
    for column, names in (("comuna_cut", communes), ("comuna_principal", communes), ("region_cut", regions),
                          ("region_principal", regions)):
        if column in out:
            out[column] = out[column].map(lambda code, names=names: names.get(code, code))
    return out


def main() -> None:
    st.title(t("red.titulo"))
    st.caption(t("red.intro"))
    names = geodata.region_names()
    user = current_user()
    default = user.region_cut if user.region_cut in names else DEFAULT_REGION
    codes = list(names)
    region = st.selectbox(t("red.region"), codes, index=codes.index(default), format_func=names.__getitem__,
                          help=t("red.region_ayuda"), key="red_region", **typed_names("red_region", names, default))
    typed_miss("red_region", t("mapa.region_palabra"))
    url, version = database_url(), data_version()
    if current_organizations(region).empty:
        st.info(t("red.sin_datos"))
        return
    tie_filter = tie_filter_controls()
    _, memberships, attendance = data.network_ties(url, version)
    as_of, window, threshold = fatigue_controls(attendance)
    with st.spinner(t("red.calculando")):
        net = region_reading(url, version, region, tie_filter)
        table = network.with_load(net.table, attendance, memberships, as_of, window, threshold)
    key = f"{data.network_key(url, version, region, tie_filter.key())}|{as_of}|{window}|{threshold}"
    summary_metrics(net.reading.summary, table)
    shown = with_place_names(table)

    choice = st.radio(t("red.descubrir"), DISCOVER, horizontal=True, key="red_descubrir",
                      format_func=lambda c: t(f"red.descubrir_{c}"), help=t("red.descubrir_ayuda"))
    found = discovered(shown, choice)
    graph_view(net, shown, found["organizacion_id"].tolist())
    if choice != "ninguno":
        st.subheader(t(f"red.descubrir_{choice}"))
        st.caption(t(f"red.descubrir_{choice}_intro"))
        show_table(found[DISCOVER_COLUMNS[choice]], f"red.descubrir_{choice}_vacio", "red_descubiertas")

    brokers, fatigue, isolated, groups, everything, whole = st.tabs([
        t("red.tab_intermediarios"), t("red.tab_fatiga"), t("red.tab_aisladas"), t("red.tab_comunidades"),
        t("red.tab_tabla"), t("red.tab_resumen")])
    with brokers:
        st.caption(t("red.intermediarios_intro"))
        show_table(discovered(shown, "intermediarios")[["nombre", "sector_tripartito", "tipo_actor",
                                                         "intermediacion_intersectorial", "enlace",
                                                         "coef_participacion", "intermediacion", "sectores_vecinos",
                                                         "grado"]], "red.intermediarios_vacio", "red_top")
    with fatigue:
        st.caption(t("red.fatiga_intro"))
        show_table(discovered(shown, "sobreconvocadas")[["nombre", "sector_tripartito", "tipo_actor",
                                                          "eventos_ventana", "espacios_activos", "indice_fatiga"]],
                   "red.fatiga_vacio", "red_fatiga")
    with isolated:
        st.caption(t("red.aisladas_intro"))
        show_table(shown[shown["aislada"]][["nombre", "sector_tripartito", "tipo_actor", "comuna_cut"]],
                   "red.aisladas_vacio",
                   "red_aisladas")
    with groups:
        st.caption(t("red.comunidades_intro"))
        show_table(with_place_names(net.reading.communities), "red.sin_datos", "red_comunidades")
    with everything:
        st.caption(t("red.tabla_intro"))
        show_table(shown, "red.sin_datos", "red_tabla")
        downloads(net, table, key, region)
    with whole:
        st.dataframe(summary_frame(net.reading.summary), hide_index=True, width="stretch", key="red_resumen")
        st.caption(t("red.definiciones"))
        st.dataframe(meanings_frame(), hide_index=True, width="stretch", key="red_significados")
        st.caption(t("red.fatiga_definicion"))


main()
