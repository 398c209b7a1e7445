"""Page "Análisis de actores": the power–interest matrix of a policy question, per region.

Thin wiring over :mod:`stakeholders.analysis`: pick or create an analysis, add actors from the
registry, assess them (every save appends an assessment by the current user), and read the
result as a matrix, a map and a table; compare two analyses, download and import files.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geodata.catalog import REGION_ORDER
from i18n import t
from stakeholders.analysis import chart, io, quadrants, service
from stakeholders.analysis.suggest import centrality_percentiles, suggest_power
from stakeholders.db import database_url
from stakeholders.errors import USER_ERRORS
from stakeholders.network import load_network, node_metrics
from stakeholders.repository import load_organizations
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB, SECTORS, fold
from ui.common import bump_data_version, current_user, data_version, engine, escape_markdown, multiselect, show_error

SELECTED_KEY = "analisis_id"
NATIONAL = "--"
SEARCH_LIMIT = 200


# ---------------------------------------------------------------- cached reads


@st.cache_data(show_spinner=False, max_entries=16)
def analyses(url: str, version: int, region_cut: str | None) -> pd.DataFrame:
    return service.list_analyses(engine(), region_cut)


@st.cache_data(show_spinner=False, max_entries=16)
def matrix(url: str, version: int, analysis_id: int) -> pd.DataFrame:
    return service.matrix_frame(engine(), analysis_id)


@st.cache_data(show_spinner=False, max_entries=16)
def history(url: str, version: int, analysis_id: int) -> pd.DataFrame:
    return service.load_history(engine(), analysis_id)


@st.cache_data(show_spinner=False, max_entries=8)
def region_orgs(url: str, version: int, region_cut: str | None) -> pd.DataFrame:
    return load_organizations(engine(), region_cut)


@st.cache_data(show_spinner=False, max_entries=8)
def network_percentiles(url: str, version: int, region_cut: str | None) -> pd.DataFrame | None:
    """Brokerage percentiles of the region's network (None when the network cannot be built)."""
    try:
        graph, _ = load_network(engine(), region_cut)
        return centrality_percentiles(node_metrics(graph))
    except Exception:  # noqa: BLE001 - the suggestion still works without the network factor
        return None


@st.cache_data(show_spinner=False, max_entries=16)
def printable(url: str, version: int, analysis_id: int, fmt: str) -> bytes:
    info = service.get_analysis(engine(), analysis_id)
    frame = matrix(url, version, analysis_id)
    if fmt == "xlsx":
        return io.export_xlsx(info, frame, history(url, version, analysis_id), io.territory_name(info.region_cut))
    return chart.render(frame, info.titulo, io.subtitle(info, frame, io.territory_name(info.region_cut)), fmt)


def _key() -> tuple[str, int]:
    return database_url(), data_version()


def _saved(message: str) -> None:
    bump_data_version()
    st.session_state["_analisis_aviso"] = message
    st.rerun()


# ---------------------------------------------------------------- choosing an analysis


def region_selector() -> str | None:
    user = current_user()
    options = [*REGION_ORDER, NATIONAL]
    default = user.region_cut if user.region_cut in options else "16"
    choice = st.selectbox(t("analisis.region"), options, index=options.index(default), key="analisis_region",
                          format_func=lambda c: io.territory_name(None if c == NATIONAL else c))
    return None if choice == NATIONAL else choice


def create_form(region_cut: str | None) -> None:
    user = current_user()
    allowed = user.can_edit_region(region_cut)
    with st.expander(t("analisis.nuevo"), expanded=False):
        if not allowed:
            st.info(t("analisis.sin_permiso_region", region=io.territory_name(region_cut)))
        with st.form("analisis_nuevo", clear_on_submit=True):
            title = st.text_input(t("analisis.campo_titulo"), placeholder=t("analisis.ejemplo_titulo"))
            question = st.text_input(t("analisis.campo_pregunta"), help=t("analisis.ayuda_pregunta"))
            description = st.text_area(t("analisis.campo_descripcion"))
            if st.form_submit_button(t("analisis.crear"), disabled=not allowed):
                try:
                    new_id = service.create_analysis(engine(), user, title, region_cut, pregunta=question or None,
                                                     descripcion=description or None)
                except USER_ERRORS as exc:
                    show_error(exc)
                    return
                st.session_state[SELECTED_KEY] = new_id
                _saved(t("analisis.creado", titulo=title))


def analysis_selector(region_cut: str | None) -> int | None:
    frame = analyses(*_key(), region_cut)
    if frame.empty:
        st.info(t("analisis.sin_analisis_region", region=io.territory_name(region_cut)))
        return None
    ids = [int(i) for i in frame["id"]]
    labels = {int(r.id): t("analisis.opcion_analisis", titulo=r.titulo, n=r.n_actores, fecha=f"{r.creado_en:%d-%m-%Y}")
              for r in frame.itertuples(index=False)}
    current = st.session_state.get(SELECTED_KEY)
    index = ids.index(current) if current in ids else 0
    chosen = st.selectbox(t("analisis.elegir"), ids, index=index, format_func=labels.__getitem__)
    st.session_state[SELECTED_KEY] = chosen
    return int(chosen)


# ---------------------------------------------------------------- views


def summary(frame: pd.DataFrame) -> None:
    cols = st.columns(4)
    cols[0].metric(t("analisis.n_actores"), len(frame))
    cols[1].metric(t("analisis.n_evaluados"), int(frame["poder"].notna().sum()))
    cols[2].metric(t("analisis.n_movidos"), int(frame["se_movio"].sum()))
    cols[3].metric(quadrants.strategy_label(quadrants.MANAGE_CLOSELY),
                   int((frame["cuadrante"] == quadrants.MANAGE_CLOSELY).sum()))


def matrix_view(frame: pd.DataFrame) -> None:
    if frame["poder"].notna().sum() == 0:
        st.info(t("analisis.sin_evaluaciones"))
        return
    labels = st.radio(t("analisis.etiquetas"), chart.LABEL_MODES, horizontal=True, key="analisis_etiquetas",
                      format_func=lambda m: t(f"analisis.etiquetas_{m}"))
    st.altair_chart(chart.matrix_chart(frame, labels=labels), width="content")
    st.caption(t("analisis.explicacion_matriz", alto=quadrants.HIGH_FROM))
    cols = st.columns(4)
    for col, q in zip(cols, quadrants.QUADRANTS, strict=True):
        col.markdown(f"**{quadrants.strategy_label(q)}**  \n{quadrants.quadrant_label(q)}  \n"
                     f"{quadrants.strategy_help(q)}")
    moved = service.movements(frame)
    if not moved.empty:
        st.subheader(t("analisis.movimientos"))
        st.dataframe(moved.assign(
            sector_tripartito=moved["sector_tripartito"].map(SECTOR_VOCAB.label),
            cuadrante_inicial=moved["cuadrante_inicial"].map(quadrants.strategy_label),
            cuadrante=moved["cuadrante"].map(quadrants.strategy_label),
        ).drop(columns=["organizacion_id"]), hide_index=True)


def map_view(frame: pd.DataFrame, region_cut: str | None) -> None:
    from streamlit_folium import st_folium

    located = frame.dropna(subset=["latitud", "longitud"])
    if located.empty:
        st.info(t("analisis.sin_coordenadas"))
        return
    st_folium(actors_map(located, region_cut), key=f"analisis_mapa_{st.session_state.get(SELECTED_KEY)}",
              height=520, use_container_width=True, returned_objects=[])
    st.caption(t("analisis.mapa_nota", n=len(frame) - len(located)))


def actors_map(located: pd.DataFrame, region_cut: str | None):  # noqa: ANN201 - folium.Map
    """The analysis' actors as the registry map draws them (shape + colour by sector, escaped labels)."""
    from mapping.assets import localize
    from mapping.basemap import base_map, tiles_from_env
    from mapping.layers import SectorPoints, org_label, points_payload
    from mapping.legend import MapLegend, sector_legend_html

    south, north = float(located["latitud"].min()), float(located["latitud"].max())
    west, east = float(located["longitud"].min()), float(located["longitud"].max())
    bounds = ((south - 0.1, west - 0.1), (north + 0.1, east + 0.1))
    m = base_map(bounds, tiles_from_env())
    if region_cut:
        _province_outlines(region_cut, m)
    texts = [f"{n} · {quadrants.strategy_label(q) if isinstance(q, str) else t('analisis.sin_evaluar')} · "
             f"{quadrants.position_label(p) if isinstance(p, str) else ''}"
             for n, q, p in zip(located["nombre"], located["cuadrante"], located["posicion"], strict=True)]
    rows = located.assign(id=located["organizacion_id"], nombre=texts)
    SectorPoints(points_payload(rows, org_label), cluster=False, size=16).add_to(m)
    MapLegend(sector_legend_html(t("analisis.leyenda_sector"))).add_to(m)
    return localize(m)


def _province_outlines(region_cut: str, m) -> None:  # noqa: ANN001 - folium.Map
    try:
        import geodata
        from mapping.regional import outline_layer

        outline_layer(geodata.web_geojson("provincias", region_cut), name=t("analisis.capa_provincias"),
                      weight=1.5).add_to(m)
    except Exception:  # noqa: BLE001,S110 - outlines are context only; the actors still show
        pass


def table_view(frame: pd.DataFrame, analysis_id: int) -> None:
    numbers = chart.plot_frame(frame).set_index("organizacion_id")["numero"]
    sheet = io.actor_sheet(frame)
    sheet.insert(0, t("analisis.col_numero"), sheet["organizacion_id"].map(numbers).astype("Int64"))
    st.dataframe(sheet, hide_index=True)
    with st.expander(t("analisis.historial")):
        st.dataframe(io.history_sheet(history(*_key(), analysis_id)), hide_index=True)


# ---------------------------------------------------------------- editing


def actors_editor(info: service.AnalysisInfo, frame: pd.DataFrame, allowed: bool) -> None:
    st.subheader(t("analisis.agregar_actores"))
    orgs = region_orgs(*_key(), info.region_cut)
    orgs = orgs[~orgs["id"].isin(set(frame["organizacion_id"]))]
    cols = st.columns([2, 1])
    query = cols[0].text_input(t("analisis.buscar"), key="analisis_buscar")
    sectors = cols[1].multiselect(t("analisis.col_sector"), list(SECTORS), format_func=SECTORS.__getitem__,
                                  key="analisis_buscar_sector")
    if query:
        key = fold(query)
        orgs = orgs[orgs["nombre"].map(fold).str.contains(key, regex=False)]
    if sectors:
        orgs = orgs[orgs["sector_tripartito"].isin(sectors)]
    st.caption(t("analisis.resultados", n=len(orgs), max=SEARCH_LIMIT))
    shown = orgs.head(SEARCH_LIMIT)
    names = {int(r.id): f"{r.nombre} · {SECTOR_VOCAB.label(r.sector_tripartito)} · "
             f"{ACTOR_TYPE_VOCAB.label(r.tipo_actor)}" for r in shown.itertuples(index=False)}
    picked = multiselect(t("analisis.elegir_actores"), list(names), format_func=names.__getitem__,
                            key="analisis_nuevos")
    if st.button(t("analisis.agregar"), disabled=not (allowed and picked)):
        try:
            n = service.add_actors(engine(), current_user(), info.id, picked)
        except USER_ERRORS as exc:
            show_error(exc)
            return
        st.session_state.pop("analisis_nuevos", None)
        _saved(t("analisis.agregados", n=n))


def suggestion_box(org: dict[str, object], region_cut: str | None) -> int:
    percentiles = network_percentiles(*_key(), region_cut)
    metrics = None
    if percentiles is not None and not percentiles.empty:
        match = percentiles[percentiles["organizacion_id"] == int(org["organizacion_id"])]  # type: ignore[call-overload]
        metrics = match.iloc[0].to_dict() if not match.empty else None
    suggestion = suggest_power(org, metrics)
    st.info(t("analisis.sugerencia_titulo", puntaje=suggestion.score) + "  \n" + suggestion.explain(),
            icon=":material/lightbulb:")
    return suggestion.score


def assessment_form(info: service.AnalysisInfo, frame: pd.DataFrame, allowed: bool) -> None:
    st.subheader(t("analisis.evaluar"))
    if frame.empty:
        st.info(t("analisis.sin_actores"))
        return
    ids = [int(i) for i in frame["organizacion_id"]]
    names = dict(zip(ids, frame["nombre"], strict=True))
    org_id = st.selectbox(t("analisis.col_actor"), ids, format_func=names.__getitem__, key="analisis_evaluar_org")
    row = frame[frame["organizacion_id"] == org_id].iloc[0].to_dict()
    suggested = suggestion_box(row, info.region_cut)
    assessed = not pd.isna(row["poder"])
    with st.form(f"analisis_evaluacion_{org_id}"):
        cols = st.columns(2)
        power = cols[0].slider(t("analisis.eje_poder"), 1, 5, int(row["poder"]) if assessed else suggested,
                               help=t("analisis.ayuda_poder"))
        interest = cols[1].slider(t("analisis.eje_interes"), 1, 5, int(row["interes"]) if assessed else 3,
                                  help=t("analisis.ayuda_interes"))
        positions = list(quadrants.POSITIONS)
        position = st.radio(t("analisis.col_posicion"), positions, horizontal=True,
                            index=positions.index(row["posicion"]) if assessed else 1,
                            format_func=quadrants.position_label)
        previous = row["justificacion"] if isinstance(row["justificacion"], str) else ""
        reason = st.text_area(t("analisis.col_justificacion"), value=previous)
        strategy = st.text_input(t("analisis.col_estrategia"), help=t("analisis.ayuda_estrategia"),
                                 placeholder=quadrants.default_strategy(power, interest))
        if st.form_submit_button(t("analisis.guardar"), disabled=not allowed, type="primary"):
            try:
                service.assess(engine(), current_user(), info.id, org_id, power, interest, position, reason,
                               strategy or None, poder_sugerido=suggested)
            except USER_ERRORS as exc:
                show_error(exc)
                return
            _saved(t("analisis.guardado", nombre=names[org_id]))
    actor_history = history(*_key(), info.id)
    actor_history = actor_history[actor_history["organizacion_id"] == org_id]
    if not actor_history.empty:
        st.caption(t("analisis.historial_actor", n=len(actor_history)))
        st.dataframe(io.history_sheet(actor_history), hide_index=True)
    if allowed and st.button(t("analisis.quitar"), key=f"analisis_quitar_{org_id}"):
        service.remove_actor(engine(), current_user(), info.id, org_id)
        _saved(t("analisis.quitado", nombre=names[org_id]))


# ---------------------------------------------------------------- compare and files


def compare_view(info: service.AnalysisInfo) -> None:
    others = analyses(*_key(), info.region_cut)
    others = others[others["id"] != info.id]
    if others.empty:
        st.info(t("analisis.comparar_sin_otros"))
        return
    same = others["pregunta"].map(fold) == fold(info.pregunta or "")
    others = pd.concat([others[same], others[~same]])
    labels = {int(r.id): r.titulo for r in others.itertuples(index=False)}
    other = st.selectbox(t("analisis.comparar_con"), list(labels), format_func=labels.__getitem__,
                         key="analisis_comparar")
    if fold(others.set_index("id").loc[other, "pregunta"] or "") != fold(info.pregunta or ""):
        st.warning(t("analisis.comparar_otra_pregunta"))
    older, newer = sorted([info.id, int(other)])
    st.caption(escape_markdown(t("analisis.comparar_orden", a=labels.get(older, info.titulo),
                                 b=labels.get(newer, info.titulo))))
    table = service.compare_frames(matrix(*_key(), older), matrix(*_key(), newer))
    counts = table["cambio"].value_counts()
    cols = st.columns(4)
    for col, kind in zip(cols, ("cambio_cuadrante", "cambio_posicion", "solo_b", "solo_a"), strict=True):
        col.metric(t(f"analisis.cambio.{kind}"), int(counts.get(kind, 0)))
    st.dataframe(table.assign(
        sector_tripartito=table["sector_tripartito"].map(SECTOR_VOCAB.label),
        cambio=table["cambio"].map(lambda k: t(f"analisis.cambio.{k}")),
        posicion_a=table["posicion_a"].map(lambda p: quadrants.position_label(p) if isinstance(p, str) else ""),
        posicion_b=table["posicion_b"].map(lambda p: quadrants.position_label(p) if isinstance(p, str) else ""),
    ).drop(columns=["organizacion_id", "cuadrante_a", "cuadrante_b"]), hide_index=True)


def files_view(info: service.AnalysisInfo, frame: pd.DataFrame, allowed: bool) -> None:
    stem = io.file_stem(info)
    url, version = _key()
    st.subheader(t("analisis.descargas"))
    cols = st.columns(3)
    mimes = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "png": "image/png",
             "pdf": "application/pdf"}
    for col, fmt in zip(cols, ("xlsx", "png", "pdf"), strict=True):
        col.download_button(t(f"analisis.descargar_{fmt}"), data=lambda f=fmt: printable(url, version, info.id, f),
                            file_name=f"{stem}.{fmt}", mime=mimes[fmt], key=f"analisis_descarga_{fmt}",
                            on_click="ignore")
    st.subheader(t("analisis.taller"))
    st.caption(t("analisis.taller_ayuda"))
    st.download_button(t("analisis.descargar_plantilla"), data=lambda: io.workshop_template(frame),
                       file_name=f"{stem}_taller.xlsx", mime=mimes["xlsx"], on_click="ignore",
                       key="analisis_plantilla")
    upload = st.file_uploader(t("analisis.subir_taller"), type=["csv", "xlsx"], disabled=not allowed,
                              key="analisis_archivo_taller")
    if upload is None:
        return
    try:
        result = io.import_workshop(engine(), current_user(), info.id, upload.getvalue(), upload.name, dry_run=True)
    except USER_ERRORS as exc:
        show_error(exc)
        return
    if not result.ok:
        st.error(t("analisis.importacion_rechazada", n=len(result.errors)))
        st.dataframe(pd.DataFrame({t("analisis.col_error"): result.errors}), hide_index=True)
        return
    st.success(t("analisis.importacion_valida", n=len(result.items), nuevos=len(result.new_actors)))
    if st.button(t("analisis.importar"), type="primary", disabled=not allowed):
        try:
            done = io.import_workshop(engine(), current_user(), info.id, upload.getvalue(), upload.name)
        except USER_ERRORS as exc:
            show_error(exc)
            return
        _saved(t("analisis.importacion_ok", n=len(done.items), nuevos=len(done.new_actors)))


# ---------------------------------------------------------------- page


def main() -> None:
    st.title(t("analisis.titulo_pagina"))
    st.caption(t("analisis.intro"))
    if notice := st.session_state.pop("_analisis_aviso", None):
        st.success(notice)
    region_cut = region_selector()
    create_form(region_cut)
    analysis_id = analysis_selector(region_cut)
    if analysis_id is None:
        return
    info = service.get_analysis(engine(), analysis_id)
    allowed = service.can_edit(current_user(), info)
    if not allowed:
        st.info(t("analisis.solo_lectura", region=io.territory_name(info.region_cut)))
    if info.descripcion:
        st.text(info.descripcion)
    frame = matrix(*_key(), analysis_id)
    summary(frame)
    tabs = st.tabs([t("analisis.tab_matriz"), t("analisis.tab_mapa"), t("analisis.tab_tabla"),
                    t("analisis.tab_evaluar"), t("analisis.tab_comparar"), t("analisis.tab_archivos")])
    with tabs[0]:
        matrix_view(frame)
    with tabs[1]:
        map_view(frame, info.region_cut)
    with tabs[2]:
        table_view(frame, analysis_id)
    with tabs[3]:
        assessment_form(info, frame, allowed)
        actors_editor(info, frame, allowed)
    with tabs[4]:
        compare_view(info)
    with tabs[5]:
        files_view(info, frame, allowed)


main()
