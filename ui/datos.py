"""Page "Datos": import files, download templates and exports, add or correct one organization.

Thin wiring over :mod:`stakeholders.importing`, :mod:`stakeholders.exporting` and
:mod:`stakeholders.editing`: the page only moves bytes and form values in and out, and shows
the Spanish reports those modules produce.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from i18n import t
from stakeholders.editing import (
    FORM_FIELDS,
    EditConflict,
    EditRejected,
    create_organization,
    current_values,
    current_version,
    deactivate_organization,
    history,
    update_organization,
)
from stakeholders.errors import USER_ERRORS
from stakeholders.exporting import FORMATS, export_organizations, file_name, format_label
from stakeholders.importing import ImportFileError, import_file, validate_file, write_rejected
from stakeholders.importing.layouts import load_layout, save_layout
from stakeholders.importing.mapping import ColumnMapping, fields_of, layout_key, propose, unknown_values
from stakeholders.importing.pipeline import report_bytes
from stakeholders.importing.tables import raw_frame
from stakeholders.importing.templates import TEMPLATE_KINDS, template_bytes
from stakeholders.privacy import CONTACT_COLUMNS, can_view_contact, erase_contact
from stakeholders.vocab import (
    ACTOR_TYPE_VOCAB,
    GENDER_VOCAB,
    GROUP_VOCAB,
    RUBRO_VOCAB,
    SCALE_VOCAB,
    SECTOR_VOCAB,
    Vocabulary,
)
from ui import data
from ui.choice import typed_miss, typed_names
from ui.common import current_user, engine, escape_markdown, show_error

UPLOAD_KEY = "datos_subida"  # {"name": str, "data": bytes}: the file being imported
XLSX_MIME = FORMATS["xlsx"]


def _label(row: pd.Series) -> str:
    place = row["comuna_cut"] or row["region_cut"] or t("datos.nacional")
    suffix = "" if row["activo"] else f" · {t('datos.inactiva')}"
    return f"{row['nombre']} ({place}) · id {row['id']}{suffix}"


# ---------------------------------------------------------------- import

def _import_section() -> None:
    st.subheader(t("datos.importar"))
    st.caption(t("datos.importar_ayuda"))
    uploaded = st.file_uploader(t("datos.archivo"), type=["csv", "txt", "xlsx", "geojson", "json", "gpkg"],
                                key="datos_uploader")
    if uploaded is not None:
        st.session_state[UPLOAD_KEY] = {"name": uploaded.name, "data": uploaded.getvalue()}
    upload = st.session_state.get(UPLOAD_KEY)
    if not upload:
        return
    mapping = _mapping_step(upload)
    digest = hashlib.sha256(upload["data"] + repr(mapping.to_json() if mapping else None).encode()).hexdigest()
    user = current_user()
    try:
        version = data.version()
        if st.session_state.get("datos_validado", (None,))[0] != (digest, version):
            result = validate_file(engine(), upload["data"], user, name=upload["name"], mapping=mapping)
            st.session_state["datos_validado"] = ((digest, version), result)
        result = st.session_state["datos_validado"][1]
    except USER_ERRORS as exc:
        show_error(exc)
        return
    st.text(result.summary())
    if result.issues or result.notes:
        _show_report(result, "validacion")
    else:
        st.success(t("importacion.validacion_ok", total=result.total))
    mode = st.radio(t("datos.modo"), ["todo_o_nada", "parcial"], key="datos_modo", horizontal=True,
                    format_func=lambda m: t(f"datos.modo_{m}"))
    if st.button(t("datos.importar_boton"), key="datos_importar", type="primary"):
        with st.spinner(t("app.progreso_importacion", n=result.total, archivo=upload["name"]), show_time=True):
            done = import_file(engine(), upload["data"], user, name=upload["name"], partial=mode == "parcial",
                               mapping=mapping)
        st.session_state["datos_resultado"] = done
    done = st.session_state.get("datos_resultado")
    if done is not None:
        (st.success if done.written and done.ok else st.warning)(done.summary())
        if done.written and len(done.rejected_frame()):
            st.download_button(t("datos.descargar_rechazadas"), write_rejected(done), key="datos_rechazadas",
                               file_name="filas_rechazadas.csv", mime="text/csv")


VOCAB_FIELDS = {"tipo_actor": ACTOR_TYPE_VOCAB, "sector_tripartito": SECTOR_VOCAB, "escala": SCALE_VOCAB}


def _mapping_step(upload: dict[str, Any]) -> ColumnMapping | None:
    """Each file column → a registry field or "no usar", with a preview; remembered per file layout."""
    try:
        frame = raw_frame(upload["data"], upload["name"])
    except ImportFileError:
        return None  # the validation below says why in Spanish
    key = layout_key(frame.columns)
    proposal = load_layout(engine(), key) or propose(frame.columns)
    choices = ["", *fields_of("organizaciones")]
    with st.expander(t("datos.mapeo_titulo"), expanded=False):
        st.caption(t("datos.mapeo_ayuda"))
        st.dataframe(frame.head(5), hide_index=True)
        columns: dict[str, str | None] = {}
        for i, header in enumerate(frame.columns):
            current = proposal.columns.get(str(header)) or ""
            left, right = st.columns(2)
            left.text(str(header))  # user text: never rendered as Markdown
            columns[str(header)] = right.selectbox(
                t("datos.mapeo_campo"), choices, index=choices.index(current) if current in choices else 0,
                key=f"datos_mapeo_{key}_{i}", label_visibility="collapsed",
                format_func=lambda c: c or t("datos.mapeo_no_usar")) or None
        values, constants = _value_mapping(frame, columns, proposal, key)
        mapping = ColumnMapping(columns, values, constants)
        if st.button(t("datos.mapeo_guardar"), key="datos_mapeo_guardar"):
            save_layout(engine(), key, mapping, current_user().nombre)
            st.success(t("datos.mapeo_guardado"))
    return mapping


def _value_mapping(frame: pd.DataFrame, columns: dict[str, str | None], proposal: ColumnMapping,
                   key: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Translate the values a closed field does not recognise; give a value to a field with no column."""
    values: dict[str, dict[str, str]] = {}
    constants: dict[str, str] = {}
    for field, vocab in VOCAB_FIELDS.items():
        options = ["", *vocab.labels]
        header = next((h for h, f in columns.items() if f == field), None)
        if header is None:
            current = proposal.constants.get(field, "")
            chosen = st.selectbox(t("datos.mapeo_constante", campo=field), options,
                                  index=options.index(current) if current in options else 0,
                                  key=f"datos_mapeo_{key}_const_{field}", format_func=lambda v: v or "—")
            if chosen:
                constants[field] = chosen
            continue
        for j, value in enumerate(unknown_values(frame, header, vocab.parse)):
            current = proposal.values.get(field, {}).get(value, "")
            st.text(f"{field}: {value}")
            chosen = st.selectbox(t("datos.mapeo_valor", campo=field), options, label_visibility="collapsed",
                                  index=options.index(current) if current in options else 0,
                                  key=f"datos_mapeo_{key}_val_{field}_{j}", format_func=lambda v: v or "—")
            if chosen:
                values.setdefault(field, {})[value] = chosen
    return values, constants


def _show_report(result: Any, prefix: str) -> None:
    report = result.report()
    st.dataframe(report, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.download_button(t("datos.descargar_reporte_csv"), report_bytes(result, "csv"), key=f"{prefix}_rep_csv",
                         file_name="reporte_importacion.csv", mime="text/csv")
    right.download_button(t("datos.descargar_reporte_xlsx"), report_bytes(result, "xlsx"), key=f"{prefix}_rep_xlsx",
                          file_name="reporte_importacion.xlsx", mime=XLSX_MIME)


# ---------------------------------------------------------------- templates and export

def _templates_section() -> None:
    st.subheader(t("datos.plantillas"))
    kinds = ["organizaciones", "relaciones", "participacion"]
    kind = st.selectbox(t("datos.tipo_plantilla"), kinds, key="datos_tipo_plantilla",
                        format_func=lambda k: t(f"datos.plantilla_{k}"))
    cols = st.columns(2)
    if kind in TEMPLATE_KINDS and len(TEMPLATE_KINDS[kind]) == 1:
        [csv_data] = template_bytes(kind, "csv").values()
        cols[0].download_button(t("datos.plantilla_csv"), csv_data, file_name=f"plantilla_{kind}.csv",
                                mime="text/csv", key="datos_plantilla_csv")
    [xlsx_data] = template_bytes(kind, "xlsx").values()
    cols[1].download_button(t("datos.plantilla_xlsx"), xlsx_data, file_name=f"plantilla_{kind}.xlsx",
                            mime=XLSX_MIME, key="datos_plantilla_xlsx")


def _export_section() -> None:
    st.subheader(t("datos.exportar"))
    regions = data.region_names()
    left, right = st.columns(2)
    fmt = left.selectbox(t("datos.formato"), list(FORMATS), key="datos_formato", format_func=format_label)
    names = {None: t("datos.todas_regiones"), **regions}
    region = right.selectbox(t("datos.region"), list(names), key="datos_region_export", format_func=names.__getitem__,
                             placeholder=t("datos.todas_regiones"), **typed_names("datos_region_export", names))
    typed_miss("datos_region_export", t("mapa.region_palabra"))
    if st.button(t("datos.preparar_export"), key="datos_preparar"):
        where = t("datos.todas_regiones") if region is None else regions[region]
        with st.spinner(t("app.progreso_exportacion", formato=fmt.upper(), region=where), show_time=True):
            exported = export_organizations(engine(), fmt, region, user=current_user())
            st.session_state["datos_export"] = (fmt, region, exported)
    prepared = st.session_state.get("datos_export")
    if prepared is not None:
        pfmt, pregion, payload = prepared
        st.download_button(t("datos.descargar_export", formato=format_label(pfmt)), payload,
                           key="datos_descargar_export", file_name=file_name(pfmt, pregion), mime=FORMATS[pfmt])


# ---------------------------------------------------------------- one organization

def _edit_section() -> None:
    st.subheader(t("datos.editar"))
    choices = data.organization_choices(*data.key())
    options = [None, *choices["id"].tolist()]
    labels = {int(r["id"]): _label(r) for _, r in choices.iterrows()}
    org_id = st.selectbox(t("datos.organizacion"), options, key="datos_org",
                          format_func=lambda i: t("datos.nueva") if i is None else labels[int(i)],
                          placeholder=t("datos.nueva"))
    values = current_values(engine(), int(org_id)) if org_id is not None else {f: "" for f in FORM_FIELDS}
    shown = st.session_state.get(_VERSION_KEY)
    if org_id is not None and (shown is None or shown[0] != org_id):  # the version this form shows
        st.session_state[_VERSION_KEY] = (org_id, current_version(engine(), int(org_id)))
    if org_id is not None and not can_view_contact(engine(), current_user(), int(org_id)):
        values = {**values, **dict.fromkeys(CONTACT_COLUMNS, "")}  # Ley 19.628: not for this role
    errors: dict[str, list[str]] = st.session_state.get("datos_errores", {})
    with st.form(f"datos_form_{org_id}"):
        entered: dict[str, str] = {}
        cols = st.columns(2)
        for i, name in enumerate(FORM_FIELDS):
            with cols[i % 2]:
                entered[name] = _form_field(name, values.get(name, ""), f"datos_f_{org_id}_{name}")
            for message in errors.get(name, []):
                cols[i % 2].error(escape_markdown(message))
        reason = st.text_input(t("datos.motivo"), key=f"datos_motivo_{org_id}")
        submitted = st.form_submit_button(t("datos.guardar"), type="primary")
    if submitted:
        _save(org_id, values, entered, reason)
    for message in errors.get("", []) + errors.get("_general", []):
        show_error(message)
    if st.session_state.get("datos_mensaje"):
        st.success(escape_markdown(st.session_state["datos_mensaje"]))
    if org_id is not None:
        _deactivate(int(org_id))
        _erase_contact(int(org_id))
        st.markdown(f"**{t('datos.historial')}**")
        st.dataframe(history(engine(), int(org_id)), hide_index=True, width="stretch")


# Fixed vocabularies are chosen, never typed (the stored id goes to the same validation as a file).
_CHOICES: dict[str, Vocabulary] = {"sector_tripartito": SECTOR_VOCAB, "tipo_actor": ACTOR_TYPE_VOCAB,
                                   "escala": SCALE_VOCAB, "genero_representante": GENDER_VOCAB,
                                   "rubro": RUBRO_VOCAB}
_MULTI_SEPARATOR = "; "


def _form_field(name: str, value: str, key: str) -> str:
    """One field of the organization form as text the validator reads (select boxes for vocabularies)."""
    label = t(f"datos.campo_{name}")
    if name in _CHOICES:
        vocab = _CHOICES[name]
        options = [None, *vocab.labels]
        current = vocab.parse(value) if value else None
        chosen = st.selectbox(label, options, index=options.index(current) if current in options else 0, key=key,
                              format_func=lambda k, v=vocab, n=name: t("app.sin_valor") if k is None
                              else (f"{k} · {v.label(k)}" if n == "rubro" else v.label(k)))
        return chosen or ""
    if name == "region":
        regions = data.region_names()
        options = [None, *regions]
        current = value if value in regions else None
        chosen = st.selectbox(label, options, index=options.index(current), key=key,
                              format_func=lambda c: t("app.sin_valor") if c is None else regions[c])
        return chosen or ""
    if name in ("grupos_representados", "regiones_presencia"):
        names = dict(GROUP_VOCAB.labels) if name == "grupos_representados" else data.region_names()
        parse = GROUP_VOCAB.parse if name == "grupos_representados" else (lambda x: x if x in names else None)
        default = [p for p in (parse(x.strip()) for x in value.split(";") if x.strip()) if p in names]
        chosen = st.multiselect(label, list(names), default=default, key=key, format_func=names.__getitem__,
                                placeholder=t("app.elegir_opciones"))
        return _MULTI_SEPARATOR.join(chosen)
    return st.text_input(label, value=value, key=key)


def _save(org_id: int | None, values: dict[str, str], entered: dict[str, str], reason: str) -> None:
    user = current_user()
    st.session_state["datos_mensaje"] = ""
    try:
        if org_id is None:
            new_id = create_organization(engine(), entered, user, reason or None)
            message = t("datos.creada", id=new_id)
        else:
            changes = {k: v for k, v in entered.items() if v != values.get(k, "")}
            changed = update_organization(engine(), int(org_id), changes, user, reason or None,
                                          expected_version=_shown_version(org_id))
            message = t("datos.actualizada") if changed else t("datos.sin_cambios")
            _forget_form(org_id, widgets=False)
    except EditConflict as exc:
        _forget_form(org_id)  # reloaded with the other person's values; the user applies the change again
        st.session_state["datos_errores"] = {"_general": [str(exc)]}
        st.rerun()
    except EditRejected as exc:
        st.session_state["datos_errores"] = exc.by_field()
        st.rerun()
    except USER_ERRORS as exc:
        st.session_state["datos_errores"] = {"_general": [str(exc)]}
        st.rerun()
    st.session_state["datos_errores"] = {}
    st.session_state["datos_mensaje"] = message
    st.rerun()


#: (organization id, version) the edit form was filled on: a save made on an older version is refused.
_VERSION_KEY = "datos_version"


def _shown_version(org_id: int | None) -> int | None:
    shown = st.session_state.get(_VERSION_KEY)
    return int(shown[1]) if shown is not None and shown[0] == org_id else None


def _forget_form(org_id: int | None, *, widgets: bool = True) -> None:
    """Optimistic concurrency: the next run reads the organization's version again (and its values)."""
    st.session_state.pop(_VERSION_KEY, None)
    if widgets:
        for key in [k for k in st.session_state if str(k).startswith(f"datos_f_{org_id}_")]:
            del st.session_state[key]


def _deactivate(org_id: int) -> None:
    with st.expander(t("datos.desactivar")):
        reason = st.text_input(t("datos.motivo_desactivar"), key=f"datos_motivo_baja_{org_id}")
        if st.button(t("datos.desactivar_boton"), key=f"datos_baja_{org_id}"):
            try:
                deactivate_organization(engine(), org_id, current_user(), reason,
                                        expected_version=_shown_version(org_id))
            except EditConflict as exc:
                _forget_form(org_id)
                st.session_state["datos_errores"] = {"_general": [str(exc)]}
                st.rerun()
            except USER_ERRORS as exc:
                show_error(exc)
                return
            _forget_form(org_id, widgets=False)
            st.session_state["datos_mensaje"] = t("datos.desactivada")
            st.rerun()


def _erase_contact(org_id: int) -> None:
    """Ley 19.628: erase the contact data on the holder's request; the record stays."""
    with st.expander(t("privacidad.borrar_titulo")):
        st.caption(t("privacidad.borrar_ayuda"))
        reason = st.text_input(t("privacidad.borrar_motivo"), key=f"datos_motivo_contacto_{org_id}")
        if st.button(t("privacidad.borrar_boton"), key=f"datos_borrar_contacto_{org_id}"):
            try:
                erased = erase_contact(engine(), org_id, current_user(), reason)
            except USER_ERRORS as exc:
                show_error(exc)
                return
            st.session_state["datos_mensaje"] = t("privacidad.borrado" if erased else "privacidad.nada_que_borrar")
            st.rerun()


def main() -> None:
    st.title(t("nav.datos"))
    tab_import, tab_edit, tab_export = st.tabs([t("datos.tab_importar"), t("datos.tab_editar"),
                                                t("datos.tab_exportar")])
    with tab_import:
        _import_section()
        _templates_section()
    with tab_edit:
        _edit_section()
    with tab_export:
        _export_section()


main()
