"""Page "Seguimiento": what the dialogues proposed and what became of it, per region or national.

Figures come from :mod:`stakeholders.dialogues.analysis` over ``ui.data.follow_up`` (cached by
the registry's data version, so every write is seen on the next rerun); writes (status changes, imports) from
:mod:`stakeholders.dialogues.store` / ``importer`` with the acting user's permissions. User text
is shown only in tables (``st.dataframe``), never in Markdown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import geodata
from i18n import t
from mapping.words import words_figure
from stakeholders.db import session_scope
from stakeholders.dialogues import analysis, report
from stakeholders.dialogues.importer import import_workbook, template_bytes
from stakeholders.dialogues.status import STATES, label
from stakeholders.dialogues.store import DialogueInput, IdeaInput, add_dialogue, change_status
from stakeholders.errors import USER_ERRORS
from stakeholders.exporting import frame_to_csv_bytes
from ui.choice import typed_miss, typed_names
from ui.common import bump_data_version, current_organizations, current_user, engine, show_error
from ui.data import follow_up, key

NATIONAL = ""
FLASH = "seg_mensaje"  # a confirmation shown once, after the rerun that refreshes the tables
STATUS_COLUMNS = ["id", "dialogo", "fecha_dialogo", "tema", "texto", "votos", "estado", "unidad_responsable",
                  "fecha_compromiso", "motivo_descarte"]


def region_names() -> dict[str, str]:
    """National first, then every region by its one official name, north to south (no geometry)."""
    return {NATIONAL: t("seguimiento.nacional"), **geodata.region_names()}


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Spanish headers and state labels for display."""
    out = frame.copy()
    if "estado" in out:
        out["estado"] = out["estado"].map(label)
    return out.rename(columns=lambda c: t(f"seguimiento.col.{c}"))


def table(frame: pd.DataFrame, key: str) -> None:
    if frame.empty:
        st.info(t("seguimiento.vacio"))
    else:
        st.dataframe(shown(frame), hide_index=True, width="stretch", key=key)


def edit_form(ideas: pd.DataFrame) -> None:
    """Move one idea to its next state (the allowed steps are checked in the core)."""
    st.caption(t("seguimiento.editar_intro"))
    open_ideas = ideas[ideas["estado"].isin(["recibida", "en_analisis", "comprometida"])]
    if open_ideas.empty:
        st.info(t("seguimiento.vacio"))
        return
    texts = dict(zip(open_ideas["id"], open_ideas["texto"], strict=True))
    with st.form("seguimiento_editar"):
        idea = st.selectbox(t("seguimiento.editar_idea"), list(texts), key="seg_idea",
                            format_func=lambda i: f"{i} — {str(texts[i])[:90]}")
        new = st.selectbox(t("seguimiento.editar_estado"), [s for s in STATES if s != "recibida"], format_func=label,
                           key="seg_estado")
        unit = st.text_input(t("seguimiento.editar_unidad"), key="seg_unidad")
        due = st.date_input(t("seguimiento.editar_fecha"), value=None, key="seg_fecha")
        reason = st.text_area(t("seguimiento.editar_motivo"), key="seg_motivo")
        if st.form_submit_button(t("seguimiento.editar_guardar")):
            try:
                with session_scope(engine()) as session:
                    change_status(session, current_user(), int(idea), new, unit, due, reason)
            except USER_ERRORS as exc:
                show_error(exc)
            else:
                bump_data_version()
                st.session_state[FLASH] = t("seguimiento.editar_listo", id=idea, estado=label(new))
                st.rerun()  # every table above shows the new state


def new_dialogue(region: str) -> None:
    """Record one dialogue with its organizations and ideas (ideas start as «Recibida»)."""
    if region == NATIONAL:
        st.info(t("seguimiento.nuevo_elegir_region"))
        return
    orgs = current_organizations(region)[["id", "nombre"]]
    names = dict(zip(orgs["id"], orgs["nombre"], strict=True))
    with st.form("seguimiento_nuevo"):
        name = st.text_input(t("seguimiento.nuevo_nombre"), key="seg_n_nombre")
        c1, c2 = st.columns(2)
        day = c1.date_input(t("seguimiento.nuevo_fecha"), value=date.today(), key="seg_n_fecha")
        theme = c2.text_input(t("seguimiento.nuevo_tema"), key="seg_n_tema")
        c3, c4, c5, c6 = st.columns(4)
        people = c3.number_input(t("seguimiento.nuevo_personas"), 0, 100_000, 0, key="seg_n_personas")
        women = c4.number_input(t("seguimiento.nuevo_mujeres"), 0, 100_000, None, key="seg_n_mujeres")
        men = c5.number_input(t("seguimiento.nuevo_hombres"), 0, 100_000, None, key="seg_n_hombres")
        other = c6.number_input(t("seguimiento.nuevo_otros"), 0, 100_000, None, key="seg_n_otros")
        chosen = st.multiselect(t("seguimiento.nuevo_organizaciones"), list(names), format_func=names.__getitem__,
                                placeholder=t("app.elegir_opciones"), key="seg_n_orgs")
        ideas = st.data_editor(pd.DataFrame({"texto": pd.Series(dtype=str), "tema": pd.Series(dtype=str),
                                             "votos": pd.Series(dtype="Int64")}), num_rows="dynamic",
                               column_config={c: t(f"seguimiento.col.{c}") for c in ("texto", "tema", "votos")},
                               key="seg_n_ideas", width="stretch")
        if st.form_submit_button(t("seguimiento.nuevo_guardar")):
            filled = ideas.fillna({"texto": "", "tema": "", "votos": 0}).to_dict("records")
            rows = [IdeaInput(str(r["texto"]).strip(), str(r["tema"]).strip() or None, int(r["votos"]))
                    for r in filled if str(r["texto"]).strip()]
            d = DialogueInput(nombre=name.strip(), fecha=day, region_cut=region, tema=theme.strip(),
                              personas=int(people), mujeres=women, hombres=men, otros_generos=other,
                              organizaciones=chosen, ideas=rows)
            try:
                if not d.nombre or not d.tema:
                    raise ValueError(t("seguimiento.nuevo_faltan"))
                with session_scope(engine()) as session:
                    add_dialogue(session, current_user(), d)
            except USER_ERRORS as exc:
                show_error(exc)
            else:
                bump_data_version()
                st.session_state[FLASH] = t("seguimiento.nuevo_listo", ideas=len(rows))
                st.rerun()


def import_section() -> None:
    st.caption(t("seguimiento.importar_intro"))
    st.download_button(t("seguimiento.plantilla"), template_bytes(), file_name="plantilla_dialogos.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="seg_plantilla")
    upload = st.file_uploader(t("seguimiento.importar_archivo"), type=["xlsx"], key="seg_archivo")
    if upload is not None and st.button(t("seguimiento.importar_boton"), key="seg_importar"):
        try:
            result = import_workbook(engine(), upload.getvalue(), current_user())
        except USER_ERRORS as exc:
            show_error(exc)
            return
        if not result.ok:
            st.error(t("seguimiento.importar_rechazado", n=len(result.issues)))
            st.dataframe(result.report(), hide_index=True, width="stretch", key="seg_reporte")
            st.download_button(t("seguimiento.importar_reporte"), frame_to_csv_bytes(result.report()),
                               file_name="reporte_dialogos.csv", mime="text/csv", key="seg_reporte_csv")
            return
        bump_data_version()
        st.session_state[FLASH] = t("seguimiento.importar_listo", dialogos=result.written, ideas=result.ideas_written)
        st.rerun()


def public_report(data: dict[str, pd.DataFrame], region: str, name: str) -> None:
    if region == NATIONAL:
        st.info(t("seguimiento.informe_elegir_region"))
        return
    summary = report.summary(data, name, date.today())
    c1, c2 = st.columns(2)
    c1.download_button(t("seguimiento.informe_pdf"), report.to_pdf(summary), file_name=f"seguimiento_{region}.pdf",
                       mime="application/pdf", key="seg_pdf")
    c2.download_button(t("seguimiento.informe_html"), report.to_html(summary).encode("utf-8"),
                       file_name=f"seguimiento_{region}.html", mime="text/html", key="seg_html")


def main() -> None:
    st.title(t("seguimiento.titulo"))
    st.caption(t("seguimiento.intro"))
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH))
    names = region_names()
    codes = list(names)
    user = current_user()
    default = user.region_cut if user.region_cut in names else NATIONAL
    region = st.selectbox(t("seguimiento.region"), codes, index=codes.index(default), format_func=names.__getitem__,
                          key="seg_region", **typed_names("seg_region", names, default))
    typed_miss("seg_region", t("mapa.region_palabra"))
    data = follow_up(*key(), region or None)
    dialogues, ideas, parts = data["dialogos"], data["ideas"], data["participantes"]
    if len(dialogues) and dialogues["muestra"].all():
        st.warning(t("seguimiento.aviso_muestra"), icon=":material/science:")
    late = analysis.overdue(ideas, date.today()) if len(ideas) else ideas
    m = st.columns(5)
    m[0].metric(t("seguimiento.m_dialogos"), len(dialogues))
    m[1].metric(t("seguimiento.m_personas"), int(dialogues["personas"].sum()) if len(dialogues) else 0)
    m[2].metric(t("seguimiento.m_organizaciones"), int(parts["organizacion_id"].nunique()))
    m[3].metric(t("seguimiento.m_ideas"), len(ideas))
    m[4].metric(t("seguimiento.m_vencidos"), len(late))
    tabs = st.tabs([t("seguimiento.tab_estados"), t("seguimiento.tab_vencidos"), t("seguimiento.tab_votos"),
                    t("seguimiento.tab_palabras"), t("seguimiento.tab_organizaciones"), t("seguimiento.tab_editar"),
                    t("seguimiento.tab_informe"), t("seguimiento.tab_nuevo"), t("seguimiento.tab_importar")])
    with tabs[0]:
        table(analysis.per_status(ideas) if len(ideas) else ideas, "seg_estados")
        table(ideas[[c for c in STATUS_COLUMNS if c in ideas.columns]], "seg_ideas")
    with tabs[1]:
        st.caption(t("seguimiento.vencidos_intro"))
        table(late[[c for c in [*STATUS_COLUMNS, "dias_atraso"] if c in late.columns]] if len(late) else late,
              "seg_vencidos")
    with tabs[2]:
        top = analysis.top_share(ideas) if len(ideas) else ideas
        total = int(ideas["votos"].sum()) if len(ideas) else 0
        st.caption(t("seguimiento.votos_intro", n=len(top), total=len(ideas), votos=total))
        table(top[[c for c in ["id", "dialogo", "texto", "votos", "porcentaje_acumulado", "estado"] if c in top]],
              "seg_votos")
    with tabs[3]:
        counts = analysis.words(ideas["texto"]) if len(ideas) else pd.DataFrame(columns=["palabra", "veces"])
        if counts.empty:
            st.info(t("seguimiento.vacio"))
        else:
            left, right = st.columns([3, 2])
            left.pyplot(words_figure(counts), clear_figure=True)
            left.caption(t("seguimiento.palabras_alternativa"))
            with right:
                table(counts, "seg_palabras")
    with tabs[4]:
        orgs = current_organizations(region or None)[["id", "nombre"]]
        table(analysis.per_organization(ideas, parts, orgs) if len(parts) else parts, "seg_orgs")
    with tabs[5]:
        edit_form(ideas)
    with tabs[6]:
        public_report(data, region, names[region])
    with tabs[7]:
        new_dialogue(region)
    with tabs[8]:
        import_section()


main()
