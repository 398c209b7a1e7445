"""Page "Análisis de actores": the power–interest matrix of a policy question, per region.

Thin wiring over :mod:`stakeholders.analysis`: pick or create an analysis, add actors from the
registry, assess them (every save appends an assessment by the current user), and read the
result as a matrix, a map and a table; compare two analyses, download and import files.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata.catalog import REGION_ORDER
from i18n import t
from mapping import matrix as chart
from mapping.actors import actors_map
from stakeholders.analysis import io, quadrants, service
from stakeholders.analysis.suggest import suggest_power
from stakeholders.errors import USER_ERRORS
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB, SECTORS, fold
from ui import data
from ui.choice import typed_miss, typed_names
from ui.common import current_user, engine, escape_markdown, multiselect, show_error

SELECTED_KEY = "analisis_id"
NATIONAL = "--"
SEARCH_LIMIT = 200


TAB_KEY = "analisis_pestana"  # the open tab survives reruns (a save, a search)


def _key() -> tuple[str, int]:
    return data.key()


def _saved(message: str) -> None:
    st.session_state["_analisis_aviso"] = message
    st.rerun()


# ---------------------------------------------------------------- choosing an analysis


def region_selector() -> str | None:
    user = current_user()
    options = [*REGION_ORDER, NATIONAL]
    default = user.region_cut if user.region_cut in options else "16"
    names = {c: io.territory_name(None if c == NATIONAL else c) for c in options}
    choice = st.selectbox(t("analisis.region"), options, index=options.index(default), key="analisis_region",
                          format_func=names.__getitem__, **typed_names("analisis_region", names, default))
    typed_miss("analisis_region", t("mapa.region_palabra"))
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
    frame = data.analyses(*_key(), region_cut)
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
    cols[2].metric(t("analisis.n_movidos"), int(frame["se_movio"].sum()), help=t("analisis.n_movidos_ayuda"))
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
    located = frame.dropna(subset=["latitud", "longitud"])
    if located.empty:
        st.info(t("analisis.sin_coordenadas"))
        return
    m = actors_map(located, region_cut)
    (south, west), (north, east) = data.bounds(region_cut)  # the analysis' territory, not its actors' extent
    m.fit_bounds([[south, west], [north, east]])
    st_folium(m, key=f"analisis_mapa_{st.session_state.get(SELECTED_KEY)}",
              height=520, use_container_width=True, returned_objects=[])
    st.caption(t("analisis.mapa_nota", n=len(frame) - len(located)))


def table_view(frame: pd.DataFrame, analysis_id: int) -> None:
    numbers = chart.plot_frame(frame).set_index("organizacion_id")["numero"]
    sheet = io.actor_sheet(frame)
    sheet.insert(0, t("analisis.col_numero"), sheet["organizacion_id"].map(numbers).astype("Int64"))
    st.dataframe(sheet, hide_index=True)
    with st.expander(t("analisis.historial")):
        st.dataframe(io.history_sheet(data.analysis_history(*_key(), analysis_id)), hide_index=True)


# ---------------------------------------------------------------- editing


def actors_editor(info: service.AnalysisInfo, frame: pd.DataFrame, allowed: bool) -> None:
    st.subheader(t("analisis.agregar_actores"))
    orgs = data.organizations(*_key(), info.region_cut)
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
    percentiles = data.network_percentiles(*_key(), region_cut)
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
                service.assess(engine(), current_user(), info.id, org_id, poder=power, interes=interest,
                               posicion=position, justificacion=reason, estrategia=strategy or None,
                               poder_sugerido=suggested)
            except USER_ERRORS as exc:
                show_error(exc)
                return
            _saved(t("analisis.guardado", nombre=names[org_id]))
    actor_history = data.analysis_history(*_key(), info.id)
    actor_history = actor_history[actor_history["organizacion_id"] == org_id]
    if not actor_history.empty:
        st.caption(t("analisis.historial_actor", n=len(actor_history)))
        st.dataframe(io.history_sheet(actor_history), hide_index=True)
    if allowed and st.button(t("analisis.quitar"), key=f"analisis_quitar_{org_id}"):
        service.remove_actor(engine(), current_user(), info.id, org_id)
        _saved(t("analisis.quitado", nombre=names[org_id]))


# ---------------------------------------------------------------- compare and files


def compare_view(info: service.AnalysisInfo) -> None:
    others = data.analyses(*_key(), info.region_cut)
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
    table = service.compare_frames(data.analysis_matrix(*_key(), older), data.analysis_matrix(*_key(), newer))
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
        build = lambda f=fmt: data.analysis_file(url, version, info.id, f)  # noqa: E731 - built on click only
        col.download_button(t(f"analisis.descargar_{fmt}"), data=build,
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
    frame = data.analysis_matrix(*_key(), analysis_id)
    summary(frame)
    names = {"matriz": t("analisis.tab_matriz"), "mapa": t("analisis.tab_mapa"), "tabla": t("analisis.tab_tabla"),
             "evaluar": t("analisis.tab_evaluar"), "comparar": t("analisis.tab_comparar"),
             "archivos": t("analisis.tab_archivos")}
    # Tracked tabs: the open one survives a save or a search, and only it runs. The map is drawn
    # only while its tab is visible, so Leaflet fits the territory to a real frame size.
    tabs = dict(zip(names, st.tabs(list(names.values()), key=TAB_KEY, on_change="rerun"), strict=True))
    with tabs["matriz"]:
        if tabs["matriz"].open:
            matrix_view(frame)
    with tabs["mapa"]:
        if tabs["mapa"].open:
            map_view(frame, info.region_cut)
    with tabs["tabla"]:
        if tabs["tabla"].open:
            table_view(frame, analysis_id)
    with tabs["evaluar"]:
        if tabs["evaluar"].open:
            assessment_form(info, frame, allowed)
            actors_editor(info, frame, allowed)
    with tabs["comparar"]:
        if tabs["comparar"].open:
            compare_view(info)
    with tabs["archivos"]:
        if tabs["archivos"].open:
            files_view(info, frame, allowed)


main()
