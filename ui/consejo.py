"""Consejo page: propose a regional employability council (Optimizar or Sorteo), explain it,
save it as a numbered record, compare, export; and the national rotation calendar.

Thin: every decision lives in ``stakeholders.councils``; this script only wires widgets.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata import web_geojson
from i18n import t
from mapping.assets import localize
from mapping.council import council_map
from stakeholders.access import SAVE_PROPOSAL
from stakeholders.councils import export as exp
from stakeholders.councils import sector_shares as ss
from stakeholders.councils.compose import compose
from stakeholders.councils.eligibility import current_council, load_frames
from stakeholders.councils.infeasibility import CouncilInfeasible
from stakeholders.councils.national import calendar_wide, rotation
from stakeholders.councils.params import DEFAULT_WEIGHTS, SEAT_SECTORS, CouncilParams
from stakeholders.councils.records import compare, get_proposal, list_proposals, members_of, save_proposal
from stakeholders.councils.territory import province_names, region_name, region_order
from stakeholders.errors import USER_ERRORS
from ui.common import current_user, engine, show_error, show_warning

st.title(t("nav.consejo"))
st.caption(t("consejo.ui_intro"))

regions = list(region_order())
user = current_user()
default_region = regions.index(user.region_cut) if user.region_cut in regions else 0
region = st.selectbox(t("consejo.ui_region"), regions, index=default_region, format_func=region_name)
frames = load_frames(engine())
from stakeholders.councils.eligibility import candidates_from_frames  # noqa: E402

candidates = candidates_from_frames(frames, region)
current = current_council(frames.memberships, region)
st.caption(t("consejo.ui_candidatos", n=len(candidates), actuales=len(current)))

with st.form("consejo_parametros"):
    cols = st.columns(4)
    seats = {s: cols[i].number_input(t(f"consejo.sector_{s}"), 0, 15, CouncilParams().seats[s], key=f"asientos_{s}")
             for i, s in enumerate(SEAT_SECTORS)}
    c1, c2, c3 = st.columns(3)
    mode = c1.radio(t("consejo.ui_modo"), ["optimizar", "sorteo"], format_func=lambda m: t(f"consejo.modo_{m}"))
    parity = c2.toggle(t("consejo.ui_paridad"))
    seed = c3.number_input(t("consejo.ui_semilla"), 0, 10**9, 20261122)
    st.markdown(t("consejo.ui_pesos"))
    wcols = st.columns(4)
    weights = {k: wcols[i].slider(t(f"consejo.peso_{k}"), 0.0, 1.0, v, 0.05) for i, (k, v) in
               enumerate(DEFAULT_WEIGHTS.items())}
    carry = st.slider(t("consejo.ui_continuidad"), 0.0, 1.0, 0.5, 0.05)
    st.markdown(t("consejo.ui_estructura"))
    ene_file = st.file_uploader(t("consejo.ui_ene"), type=["csv"])
    base_shares = ss.registry_mix(candidates)
    if ene_file is not None:
        table = ss.import_ene(ene_file)
        base_shares = ss.shares_from_ene(table, region) if (table["region_cut"] == region).any() else base_shares
        st.dataframe(table[table["region_cut"] == region], hide_index=True)
    edited = st.data_editor(ss.shares_table(base_shares), hide_index=True, disabled=["rubro", "nombre"],
                            key=f"rubros_{region}")
    st.markdown(t("consejo.ui_decisiones"))
    overrides = st.data_editor(pd.DataFrame({"id": pd.Series(dtype="Int64"), "decision": pd.Series(dtype=str),
                                             "motivo": pd.Series(dtype=str)}), num_rows="dynamic", hide_index=True,
                               column_config={"decision": st.column_config.SelectboxColumn(
                                   options=["incluir", "excluir", "fatiga"])}, key=f"decisiones_{region}")
    submitted = st.form_submit_button(t("consejo.ui_proponer"), type="primary")

if submitted:
    chosen = {k: v for k, v in zip(edited["rubro"], edited["participacion"], strict=True) if v and v > 0}
    decisions: dict[str, dict[int, str]] = {"incluir": {}, "excluir": {}, "fatiga": {}}
    for row in overrides.dropna(subset=["id"]).to_dict("records"):
        decisions.setdefault(str(row.get("decision") or "incluir"), {})[int(row["id"])] = str(row.get("motivo") or "")
    params = CouncilParams(seats={k: int(v) for k, v in seats.items()}, gender_rule="paridad" if parity else "maximo",
                           sector_shares=chosen or None, weights=weights, max_carry_share=carry,
                           previous_members=tuple(int(i) for i in current["organizacion_id"]),
                           must_include=decisions["incluir"], must_exclude=decisions["excluir"],
                           fatigue_override=decisions["fatiga"])
    try:
        with st.spinner(t("consejo.ui_calculando")):
            st.session_state["consejo_propuesta"] = compose(
                candidates, params, mode=mode, seed=int(seed), region_cut=region, region_nombre=region_name(region),
                region_provinces=province_names(region))
    except CouncilInfeasible as exc:
        st.session_state.pop("consejo_propuesta", None)
        show_error(exc)
    except USER_ERRORS as exc:
        st.session_state.pop("consejo_propuesta", None)
        show_error(exc)

proposal = st.session_state.get("consejo_propuesta")
if proposal is not None and proposal.region_cut == region:
    for warning in proposal.warnings:
        show_warning(warning)
    st.subheader(t("consejo.ui_propuesta"))
    st.caption(proposal.formula)
    st.dataframe(exp.members_table(proposal), hide_index=True)
    try:
        fmap = localize(council_map(proposal.members, web_geojson("provincias", region), region))
        st_folium(fmap, height=420, returned_objects=[], key="consejo_mapa")
    except Exception as exc:  # noqa: BLE001 - the map is an aid; the table above is the proposal
        st.info(t("consejo.ui_mapa_no_disponible", error=type(exc).__name__))
    st.subheader(t("consejo.ui_restricciones"))
    st.dataframe(exp.quotas_table(proposal), hide_index=True)
    st.subheader(t("consejo.ui_suplentes"))
    st.dataframe(exp.alternates_table(proposal), hide_index=True)
    if proposal.probabilities is not None:
        st.subheader(t("consejo.ui_probabilidades"))
        st.caption(t("consejo.ui_sorteo_resumen", **{k: (f"{v:.4f}" if isinstance(v, float) else v)
                                                      for k, v in proposal.lottery.items()}))
        st.dataframe(proposal.probabilities.sort_values("probabilidad"), hide_index=True)
    d1, d2, d3, d4 = st.columns(4)
    stem = f"consejo_{region}_{proposal.modo}"
    d1.download_button("XLSX", exp.to_xlsx(proposal), f"{stem}.xlsx")
    d2.download_button("PDF", exp.to_pdf(proposal), f"{stem}.pdf")
    d3.download_button("CSV", exp.to_csv(proposal), f"{stem}.csv")
    d4.download_button("JSON", exp.to_json(proposal), f"{stem}.json")
    if st.button(t("consejo.ui_guardar"), disabled=not user.can(SAVE_PROPOSAL, region)):
        try:
            record = save_proposal(engine(), proposal, user)
            st.success(t("consejo.cli_guardada", numero=record.numero, region=region, id=record.id))
        except USER_ERRORS as exc:
            show_error(exc)

st.subheader(t("consejo.ui_guardadas"))
saved = list_proposals(engine(), region)
st.dataframe(saved, hide_index=True)
if len(saved):
    options = {f"n.º {r.numero} ({r.modo}, {r.autor})": int(r.id) for r in saved.itertuples()}
    options[t("consejo.ui_consejo_actual")] = -1
    c1, c2 = st.columns(2)
    a = c1.selectbox("A", list(options), index=0)
    b = c2.selectbox("B", list(options), index=len(options) - 1)

    def _members(key: str) -> dict[int, str]:
        if options[key] == -1:
            names = frames.orgs.set_index("id")["nombre"]
            return {int(i): str(names.get(i, i)) for i in current["organizacion_id"]}
        return members_of(get_proposal(engine(), options[key]).resultado)

    st.dataframe(compare({"A": _members(a), "B": _members(b)}), hide_index=True)

st.subheader(t("consejo.ui_nacional"))
terms = st.number_input(t("consejo.ui_periodos"), 1, 12, 4)
calendar = rotation(regions, int(terms), region_names={r: region_name(r) for r in regions})
st.dataframe(calendar_wide(calendar), hide_index=True)
st.download_button(t("consejo.ui_descargar_calendario"), json.dumps(calendar.to_dict("records"), ensure_ascii=False),
                   "calendario_consejo_nacional.json")
