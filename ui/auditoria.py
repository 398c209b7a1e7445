"""Page "Auditoría" (admin): the change log filtered by user, region, entity and date, its chain
check and an export. Log values are user data: shown only in tables, never as Markdown."""

from __future__ import annotations

import streamlit as st

from i18n import t
from stakeholders import audit
from stakeholders.access import VIEW_AUDIT
from stakeholders.exporting import frame_to_csv_bytes, frame_to_xlsx_bytes
from stakeholders.privacy import log_export
from ui.common import current_user, engine, multiselect, show_error


def main() -> None:
    user = current_user()
    st.header(t("auditoria.titulo"))
    if not user.can(VIEW_AUDIT):
        show_error(t("auditoria.sin_permiso"))
        st.stop()

    c1, c2, c3, c4 = st.columns(4)
    with c1:
        users = multiselect(t("auditoria.filtro_usuario"), audit.distinct_values(engine(), "usuario"))
    with c2:
        regions = audit.distinct_values(engine(), "region_cut")
        region = st.selectbox(t("auditoria.filtro_region"), [None, *regions],
                              format_func=lambda r: r or t("auditoria.todas"))
    with c3:
        entities = multiselect(t("auditoria.filtro_entidad"), audit.distinct_values(engine(), "entidad"))
    with c4:
        dates = st.date_input(t("auditoria.filtro_fechas"), value=(), format="DD/MM/YYYY")
    since = dates[0] if len(dates) >= 1 else None
    until = dates[1] if len(dates) == 2 else since

    log = audit.load_log(engine(), user, users=users or None, region_cut=region, entities=entities or None,
                         since=since, until=until)
    st.caption(t("auditoria.filas", n=len(log)))
    st.dataframe(log, hide_index=True, width="stretch")

    left, right, check = st.columns(3)
    if left.download_button("CSV", frame_to_csv_bytes(log), "auditoria.csv", mime="text/csv", key="auditoria_csv"):
        log_export(engine(), user, "registro_cambios", "csv", log.drop(columns=["antes", "despues"]))
    if right.download_button("XLSX", frame_to_xlsx_bytes(log, "auditoria"), "auditoria.xlsx", key="auditoria_xlsx"):
        log_export(engine(), user, "registro_cambios", "xlsx", log.drop(columns=["antes", "despues"]))
    if check.button(t("auditoria.verificar"), key="auditoria_verificar"):
        report = audit.verify(engine())
        if report.ok:
            st.success(t("auditoria.cadena_ok", n=report.entries))
        else:
            show_error(t("auditoria.cadena_rota", n=len(report.broken_at), total=report.entries,
                         ids=", ".join(map(str, report.broken_at[:20]))))


main()
