"""Consejo page: propose a regional employability council (Optimizar or Sorteo), explain it,
save it as a numbered record, compare, export; and the national rotation calendar.

Thin: every decision lives in ``stakeholders.councils``; this script only wires widgets. What
the planner reads is in Spanish with names (``councils.labels``); codes stay in the exports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata import web_geojson
from i18n import t
from mapping.council import council_map
from stakeholders.access import SAVE_PROPOSAL
from stakeholders.councils import export as exp
from stakeholders.councils import sector_shares as ss
from stakeholders.councils.compose import Proposal, compose
from stakeholders.councils.decisions import DECISIONS, decision_label, parse_decisions
from stakeholders.councils.eligibility import RegistryFrames, current_council
from stakeholders.councils.infeasibility import CouncilInfeasible
from stakeholders.councils.labels import (
    alternate_view,
    calendar_view,
    compare_view,
    ene_view,
    member_view,
    probability_view,
    quota_view,
    saved_view,
    seat_label,
    why,
)
from stakeholders.councils.params import DEFAULT_WEIGHTS, SEAT_SECTORS, CouncilParams
from stakeholders.councils.records import compare, get_proposal, members_of, save_proposal
from stakeholders.councils.territory import place_names, province_names, region_name, region_order
from stakeholders.errors import USER_ERRORS
from ui import data
from ui.choice import typed_miss, typed_names
from ui.common import current_user, engine, escape_markdown, show_error, show_warning

REGION_KEY = "region_actual"  # shared by every page: the last region chosen
PROPOSAL_KEY = "consejo_propuesta"


def pick_region(regions: list[str]) -> str:
    """The user's region, or the last one chosen on any page; remembered for the other pages."""
    user = current_user()
    remembered = st.session_state.get(REGION_KEY) or user.region_cut
    index = regions.index(remembered) if remembered in regions else 0
    names = {code: region_name(code) for code in regions}
    region = st.selectbox(t("consejo.ui_region"), regions, index=index, format_func=region_name,
                          key="consejo_region", **typed_names("consejo_region", names, regions[index]))
    typed_miss("consejo_region", t("mapa.region_palabra"))
    st.session_state[REGION_KEY] = region
    return region


def decisions_grid(labels: dict[str, int], region: str) -> pd.DataFrame:
    st.markdown(t("consejo.ui_decisiones"))
    empty = pd.DataFrame({"organizacion": pd.Series(dtype=str), "decision": pd.Series(dtype=str),
                          "motivo": pd.Series(dtype=str)})
    return st.data_editor(empty, num_rows="dynamic", hide_index=True, width="stretch", key=f"decisiones_{region}",
                          column_config={
                              "organizacion": st.column_config.SelectboxColumn(
                                  t("consejo.col_organizacion"), options=list(labels), width="large"),
                              "decision": st.column_config.SelectboxColumn(
                                  t("consejo.col_decision"), options=[decision_label(d) for d in DECISIONS]),
                              "motivo": st.column_config.TextColumn(t("consejo.col_motivo"), width="large"),
                          })


@dataclass
class Request:
    """What the form asked for (the page turns it into ``CouncilParams``)."""

    mode: str
    seats: dict[str, int]
    parity: bool
    carry: float
    seed: int | None
    weights: dict[str, float]
    shares: pd.DataFrame
    overrides: pd.DataFrame


def request_form(candidates: pd.DataFrame, region: str, labels: dict[str, int]) -> Request | None:
    """The request; ``None`` until submitted. The seed only in Sorteo, the weights only in Optimizar."""
    mode = st.radio(t("consejo.ui_modo"), ["optimizar", "sorteo"], format_func=lambda m: t(f"consejo.modo_{m}"),
                    horizontal=True, key="consejo_modo")
    with st.form("consejo_parametros"):
        cols = st.columns(4)
        seats = {s: int(cols[i].number_input(seat_label(s), 0, 15, CouncilParams().seats[s],
                                             key=f"asientos_{s}")) for i, s in enumerate(SEAT_SECTORS)}
        c1, c2 = st.columns(2)
        parity = c1.toggle(t("consejo.ui_paridad"))
        carry = c2.slider(t("consejo.ui_continuidad"), 0, 100, 50, 5, format="%d %%",
                          help=t("consejo.ui_continuidad_ayuda"))
        seed: int | None = None
        weights = dict(DEFAULT_WEIGHTS)
        if mode == "sorteo":
            seed = int(st.number_input(t("consejo.ui_semilla"), 0, 10**9, 20261122,
                                       help=t("consejo.ui_semilla_ayuda")))
        else:
            st.markdown(t("consejo.ui_pesos"))
            wcols = st.columns(4)
            weights = {k: float(wcols[i].slider(t(f"consejo.peso_{k}"), 0.0, 1.0, v, 0.05))
                       for i, (k, v) in enumerate(DEFAULT_WEIGHTS.items())}
        st.markdown(t("consejo.ui_estructura"))
        ene_file = st.file_uploader(t("consejo.ui_ene"), type=["csv"])
        base_shares = ss.registry_mix(candidates)
        if ene_file is not None:
            table = ss.import_ene(ene_file)
            base_shares = ss.shares_from_ene(table, region) if (table["region_cut"] == region).any() else base_shares
            st.dataframe(ene_view(table, region), hide_index=True)
        edited = st.data_editor(ss.shares_table(base_shares), hide_index=True, disabled=["rubro", "nombre"],
                                key=f"rubros_{region}", column_config={
                                    "rubro": st.column_config.TextColumn(t("consejo.col_rubro")),
                                    "nombre": st.column_config.TextColumn(t("consejo.col_nombre_rubro")),
                                    "participacion": st.column_config.NumberColumn(
                                        t("consejo.col_participacion"), min_value=0.0, format="%.4f")})
        overrides = decisions_grid(labels, region)
        if not st.form_submit_button(t("consejo.ui_proponer"), type="primary"):
            return None
    return Request(str(mode), seats, bool(parity), carry / 100, seed, weights, edited, overrides)


def propose(request: Request, candidates: pd.DataFrame, current: pd.DataFrame, region: str,
            labels: dict[str, int]) -> None:
    decisions = parse_decisions(request.overrides.to_dict("records"), labels)
    st.session_state.pop(PROPOSAL_KEY, None)
    if not decisions.ok:
        for error in decisions.errors:
            show_error(error)
        return
    shares = request.shares
    chosen = {str(k): float(v) for k, v in zip(shares["rubro"], shares["participacion"], strict=True) if v and v > 0}
    params = CouncilParams(seats=request.seats, gender_rule="paridad" if request.parity else "maximo",
                           sector_shares=chosen or None, weights=request.weights, max_carry_share=request.carry,
                           previous_members=tuple(int(i) for i in current["organizacion_id"]),
                           must_include=decisions.must_include, must_exclude=decisions.must_exclude,
                           fatigue_override=decisions.fatigue_override)
    try:
        with st.spinner(t("consejo.ui_calculando")):
            st.session_state[PROPOSAL_KEY] = compose(
                candidates, params, mode=request.mode, seed=request.seed, region_cut=region,
                region_nombre=region_name(region), region_provinces=province_names(region))
    except (CouncilInfeasible, *USER_ERRORS) as exc:
        st.session_state.pop(PROPOSAL_KEY, None)
        show_error(exc)


def _digest(proposal: Proposal) -> str:
    return hashlib.sha256(f"{proposal.data_hash}|{proposal.modo}|{proposal.semilla}|{proposal.ids}".encode()
                          ).hexdigest()[:12]


def show_proposal(proposal: Proposal, region: str) -> None:
    places = place_names()
    for warning in proposal.warnings:
        show_warning(warning)
    st.subheader(t("consejo.ui_propuesta"))
    if proposal.modo == "sorteo":
        st.caption(t("consejo.ui_sorteo_resumen", **{k: (f"{v:.4f}" if isinstance(v, float) else v)
                                                      for k, v in proposal.lottery.items()}))
    else:
        st.caption(proposal.formula)
    st.markdown(t("consejo.ui_por_que"))
    for heading, reasons in why(proposal):
        with st.expander(escape_markdown(heading)):
            st.text("\n".join(f"• {r}" for r in reasons))
    st.dataframe(member_view(proposal, places), hide_index=True)
    # Keyed by the proposal: a new proposal mounts a new map instead of re-initialising the old one.
    fmap = council_map(proposal.members, web_geojson("provincias", region), region)
    st_folium(fmap, height=460, use_container_width=True, returned_objects=[], key=f"consejo_mapa_{_digest(proposal)}")
    st.subheader(t("consejo.ui_restricciones"))
    st.dataframe(quota_view(proposal), hide_index=True)
    st.subheader(t("consejo.ui_suplentes"))
    st.dataframe(alternate_view(proposal, places), hide_index=True)
    if proposal.probabilities is not None:
        st.subheader(t("consejo.ui_probabilidades"))
        st.caption(t("consejo.ui_probabilidades_nota"))
        st.dataframe(probability_view(proposal), hide_index=True)
    downloads(proposal, region)


def downloads(proposal: Proposal, region: str) -> None:
    user = current_user()
    d1, d2, d3, d4 = st.columns(4)
    stem = f"consejo_{region}_{proposal.modo}"
    # Built when clicked (deferred): the PDF and the workbook cost more than the rest of the page.
    d1.download_button(t("consejo.ui_descargar_xlsx"), lambda: exp.to_xlsx(proposal), f"{stem}.xlsx")
    d2.download_button(t("consejo.ui_descargar_pdf"), lambda: exp.to_pdf(proposal), f"{stem}.pdf")
    d3.download_button(t("consejo.ui_descargar_csv"), exp.to_csv(proposal), f"{stem}.csv")
    d4.download_button(t("consejo.ui_descargar_json"), exp.to_json(proposal), f"{stem}.json")
    if st.button(t("consejo.ui_guardar"), disabled=not user.can(SAVE_PROPOSAL, region)):
        try:
            record = save_proposal(engine(), proposal, user)
            st.success(t("consejo.cli_guardada", numero=record.numero, region=region_name(region), id=record.id))
        except USER_ERRORS as exc:
            show_error(exc)


def saved_proposals(region: str, frames: RegistryFrames, current: pd.DataFrame) -> None:
    st.subheader(t("consejo.ui_guardadas"))
    saved = data.saved_council_proposals(*data.key(), region)
    if not len(saved):
        st.caption(t("consejo.ui_sin_guardadas"))
        return
    st.dataframe(saved_view(saved), hide_index=True)
    options = {t("consejo.ui_propuesta_n", numero=r.numero, modo=t(f"consejo.modo_{r.modo}"), autor=r.autor): int(r.id)
               for r in saved.itertuples()}
    options[t("consejo.ui_consejo_actual")] = -1
    c1, c2 = st.columns(2)
    # From the earlier council (A) to the later one (B): «entra» / «sale» read in that direction.
    a = c1.selectbox(t("consejo.ui_comparar_a"), list(options), index=len(options) - 1)
    b = c2.selectbox(t("consejo.ui_comparar_b"), list(options), index=0)

    def _members(key: str) -> dict[int, str]:
        if options[key] == -1:
            names = frames.orgs.set_index("id")["nombre"]
            return {int(i): str(names.get(i, i)) for i in current["organizacion_id"]}
        return members_of(get_proposal(engine(), options[key]).resultado)

    st.dataframe(compare_view(compare({"A": _members(a), "B": _members(b)}), a, b), hide_index=True)


def national_calendar(regions: list[str]) -> None:
    st.subheader(t("consejo.ui_nacional"))
    terms = st.number_input(t("consejo.ui_periodos"), 1, 12, 4)
    names = tuple((r, region_name(r)) for r in regions)
    calendar, xlsx, pdf = data.council_calendar(tuple(regions), int(terms), names, t("consejo.pdf_calendario_titulo"))
    st.dataframe(calendar_view(calendar), hide_index=True)
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("consejo.ui_descargar_xlsx"), xlsx, "calendario_consejo_nacional.xlsx")
    c2.download_button(t("consejo.ui_descargar_pdf"), pdf, "calendario_consejo_nacional.pdf")
    c3.download_button(t("consejo.ui_descargar_json"), json.dumps(calendar.to_dict("records"), ensure_ascii=False),
                       "calendario_consejo_nacional.json")


def main() -> None:
    st.title(t("nav.consejo"))
    st.caption(t("consejo.ui_intro"))
    regions = list(region_order())
    region = pick_region(regions)
    url, version = data.key()
    today = date.today()
    frames = data.council_frames(url, version)
    candidates = data.council_candidates(url, version, region, today)
    current = current_council(frames.memberships, region, today)
    st.caption(t("consejo.ui_candidatos", n=len(candidates), actuales=len(current)))
    labels = data.council_candidate_labels(url, version, region, today)
    request = request_form(candidates, region, labels)
    if request is not None:
        propose(request, candidates, current, region, labels)
    proposal = st.session_state.get(PROPOSAL_KEY)
    if proposal is not None and proposal.region_cut == region:
        show_proposal(proposal, region)
    saved_proposals(region, frames, current)
    national_calendar(regions)


main()
