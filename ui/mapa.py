"""Page "Mapa": Chile by region → a region's communes and organizations → one commune.

Thin wiring: cached reads come from :mod:`ui.data` (keyed by the registry's data version),
numbers from :mod:`stakeholders.indicators`, maps from :mod:`mapping`. The level lives in the
URL (``/?region=16&comuna=16101``: a deep link, and the browser's Back goes up one level).
Filters, map, detail and tables are one fragment, so a filter reruns the view, not the page;
the map returns only ``last_active_drawing``, so panning or zooming never reruns anything. The
browser keeps one map for every level (:mod:`mapping.view`): a region, a filter or Back only
replaces its layer group, without reloading Leaflet or re-parsing the map.
Every map has a table with the same data, and the coverage gaps always come from the whole
registry (the filters only change what is drawn).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from i18n import t
from mapping.national import choropleth_values
from mapping.view import VIEW_FIELD, tag_areas
from stakeholders.indicators import SECTOR_KEYS, Filters, counts_by
from stakeholders.privacy import mask_contacts
from stakeholders.vocab import (
    ACTOR_TYPE_VOCAB,
    ACTOR_TYPES,
    GENDER_VOCAB,
    GROUPS,
    RELATION_VOCAB,
    RUBROS,
    SCALES,
    SECTORS,
)
from ui import data
from ui.choice import typed_miss, typed_names
from ui.common import current_user, multiselect

TABLE_LIMIT = 5000
SEARCH_LIMIT = 10_000
REGION_KEY, COMMUNE_KEY, PENDING_KEY = "mapa_region", "mapa_comuna", "_mapa_pendiente"
ORG_KEY, CLICK_KEY, NONCE_KEY, URL_KEY = "_mapa_org", "_mapa_ultimo_clic", "_mapa_nonce", "_mapa_url"
REGION_PARAM, COMMUNE_PARAM = "region", "comuna"  # the deep link: /?region=16&comuna=16101


# ---------------------------------------------------------------- level (bound to the URL)


def url_level() -> tuple[str | None, str | None]:
    """The level written in the URL, ignoring codes that do not exist."""
    region = st.query_params.get(REGION_PARAM)
    if region not in data.region_names():
        return None, None
    commune = st.query_params.get(COMMUNE_PARAM)
    return region, commune if commune in data.commune_names(region) else None


def follow_url() -> None:
    """A deep link, or the browser's Back/Forward, changed the URL: show that level."""
    level = url_level()
    if st.session_state.get(URL_KEY) != level:
        st.session_state[REGION_KEY], st.session_state[COMMUNE_KEY] = level
        st.session_state[URL_KEY] = level
        st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
        st.session_state.pop(ORG_KEY, None)


def write_url(region: str | None, commune: str | None) -> None:
    """Mirror the level in the URL; Streamlit adds a history entry, so Back goes up one level."""
    if st.session_state.get(URL_KEY) == (region, commune):
        return
    st.session_state[URL_KEY] = (region, commune)
    params = {REGION_PARAM: region, COMMUNE_PARAM: commune}
    st.query_params.from_dict({k: v for k, v in params.items() if v is not None})


def apply_pending_navigation() -> None:
    """A map click or a search asks for a new level; applied here, before the selectors exist."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        region, commune, org = pending
        st.session_state[REGION_KEY], st.session_state[COMMUNE_KEY] = region, commune
        st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
        st.session_state[ORG_KEY] = org


def navigate(region: str | None, commune: str | None, org: int | None = None) -> None:
    st.session_state[PENDING_KEY] = (region, commune, org)
    st.rerun(scope="app")


def level_selectors() -> tuple[str | None, str | None]:
    """Region and commune pickers, both mirrored in the URL (``?region=16&comuna=16101``)."""
    regions = {None: t("mapa.todo_chile"), **data.region_names()}
    cols = st.columns([2, 2, 1], vertical_alignment="bottom")
    region = cols[0].selectbox(t("mapa.region"), list(regions), key=REGION_KEY, format_func=regions.__getitem__,
                               placeholder=t("mapa.todo_chile"), help=t("mapa.region_ayuda"),
                               **typed_names(REGION_KEY, regions))
    commune = None
    if region is not None:
        names = {None: t("mapa.toda_la_region"), **data.commune_names(region)}
        if st.session_state.get(COMMUNE_KEY) not in names:
            st.session_state[COMMUNE_KEY] = None
        commune = cols[1].selectbox(t("mapa.comuna"), list(names), key=COMMUNE_KEY, format_func=names.__getitem__,
                                    placeholder=t("mapa.toda_la_region"), **typed_names(COMMUNE_KEY, names))
        if commune is not None:
            if cols[2].button(t("mapa.volver_region"), icon=":material/arrow_upward:"):
                navigate(region, None)
        elif cols[2].button(t("mapa.volver_nacional"), icon=":material/arrow_upward:"):
            navigate(None, None)
    elif st.session_state.get(COMMUNE_KEY) is not None:
        st.session_state[COMMUNE_KEY] = None
    typed_miss(REGION_KEY, t("mapa.region_palabra"))
    typed_miss(COMMUNE_KEY, t("mapa.comuna_palabra"))
    return region, commune


def filter_widgets() -> Filters:
    """What to draw: the filters never change the coverage gaps (those use the whole registry)."""
    with st.expander(t("mapa.filtros"), icon=":material/filter_alt:"):
        st.caption(t("mapa.filtro_ayuda"))
        c1, c2, c3 = st.columns(3)
        with c1:
            sectores = multiselect(t("mapa.filtro_sector"), list(SECTORS), format_func=SECTORS.__getitem__,
                                   key="mapa_f_sector")
        tipo_opts = [k for k, (s, _) in ACTOR_TYPES.items() if not sectores or s in sectores]
        with c2:
            tipos = multiselect(t("mapa.filtro_tipo"), tipo_opts, format_func=ACTOR_TYPE_VOCAB.label,
                                key="mapa_f_tipo")
        with c3:
            rubros = multiselect(t("mapa.filtro_rubro"), list(RUBROS), format_func=lambda k: f"{k} · {RUBROS[k]}",
                                 key="mapa_f_rubro")
        with c1:
            grupos = multiselect(t("mapa.filtro_grupos"), list(GROUPS), format_func=GROUPS.__getitem__,
                                 key="mapa_f_grupos")
        with c2:
            escalas = multiselect(t("mapa.filtro_escala"), list(SCALES), format_func=SCALES.__getitem__,
                                  key="mapa_f_escala")
    return Filters(tuple(sectores), tuple(t_ for t_ in tipos if t_ in tipo_opts), tuple(rubros), tuple(grupos),
                   tuple(escalas))


# ---------------------------------------------------------------- tables


def org_table(orgs: pd.DataFrame) -> pd.DataFrame:
    communes = data.commune_names()
    regions = data.region_names()
    return pd.DataFrame({
        t("mapa.col_nombre"): orgs["nombre"],
        t("mapa.col_sector"): orgs["sector_tripartito"].map(SECTORS).fillna(""),
        t("mapa.col_tipo"): orgs["tipo_actor"].map(ACTOR_TYPE_VOCAB.label),
        t("mapa.col_escala"): orgs["escala"].map(SCALES).fillna(""),
        t("mapa.col_rubro"): orgs["rubro"].fillna(""),
        t("mapa.col_comuna"): orgs["comuna_cut"].map(communes).fillna(""),
        t("mapa.col_region"): orgs["region_cut"].map(regions).fillna(""),
        t("mapa.col_grupos"): orgs["grupos_representados"].map(lambda g: ", ".join(GROUPS.get(x, x) for x in g)),
    }).set_index(orgs["id"].rename("id"))


def counts_table(counts: pd.DataFrame, names: dict[str, str], per_area: pd.Series | None) -> pd.DataFrame:
    table = counts.rename(columns={s: SECTORS[s] for s in SECTOR_KEYS} | {"total": t("mapa.total")})
    table.insert(0, t("mapa.col_nombre"), [names.get(c, c) for c in counts.index])
    if per_area is not None:
        table[t("mapa.col_por_area")] = per_area.round(2)
    table.index.name = t("mapa.col_codigo")
    return table


def gaps_table(gaps: pd.DataFrame) -> pd.DataFrame:
    cols = {"comuna_cut": t("mapa.col_codigo"), "nombre": t("mapa.col_comuna"),
            "organizaciones": t("indicadores.organizaciones"),
            "sin_trabajadores": t("indicadores.sin_trabajadores"), "sin_empleadores": t("indicadores.sin_empleadores"),
            "sin_grupos_excluidos": t("indicadores.sin_grupos_excluidos"), "brechas": t("indicadores.brechas")}
    shown = gaps[[c for c in cols if c in gaps.columns]].copy()
    for col in ("sin_trabajadores", "sin_empleadores", "sin_grupos_excluidos"):
        if col in shown:
            shown[col] = shown[col].map({True: t("mapa.si"), False: t("mapa.no")})
    return shown.rename(columns=cols)


# ---------------------------------------------------------------- map + detail (fragment)


def handle_click(drawing: dict[str, Any] | None, region: str | None) -> None:
    """React once to a new click: region → drill in; commune → drill in; point → detail."""
    props = (drawing or {}).get("properties") or {}
    signature = json.dumps({k: props.get(k) for k in ("region_cut", "comuna_cut", "org_id", VIEW_FIELD)},
                           sort_keys=True)
    if not props or st.session_state.get(CLICK_KEY) == signature:
        return
    st.session_state[CLICK_KEY] = signature
    if props.get("org_id") is not None:
        st.session_state[ORG_KEY] = int(props["org_id"])
    elif region is None and props.get("region_cut"):
        navigate(str(props["region_cut"]), None)
    elif region is not None and props.get("comuna_cut"):
        navigate(region, str(props["comuna_cut"]))


def org_search(filters: Filters, region: str | None, commune: str | None) -> int | None:
    """Find an organization of the current view by name (type to filter); from Chile it opens its commune."""
    url, version = data.key()
    labels = data.search_labels(url, version, filters, region, commune, SEARCH_LIMIT)
    chosen = st.session_state.get(ORG_KEY)
    if chosen is not None and chosen not in labels:
        everyone = data.search_labels(url, version, Filters(), None, None, 10**9)
        labels = ({chosen: everyone[chosen]} | labels) if chosen in everyone else labels
        chosen = chosen if chosen in labels else None
    options = list(labels)
    picked = st.selectbox(t("mapa.buscar_organizacion"), options, index=options.index(chosen) if chosen else None,
                          format_func=labels.__getitem__, placeholder=t("mapa.buscar_placeholder"),
                          help=t("mapa.buscar_ayuda"))
    if picked is not None and picked != chosen:
        st.session_state[ORG_KEY] = picked
        if region is None:
            everyone = data.all_organizations(url, version)
            target = everyone[everyone["id"] == picked].iloc[0]
            if isinstance(target["region_cut"], str):
                commune_of = target["comuna_cut"] if isinstance(target["comuna_cut"], str) else None
                navigate(target["region_cut"], commune_of, int(picked))
    if len(labels) >= SEARCH_LIMIT:
        st.caption(t("mapa.buscar_limite", n=_thousands(SEARCH_LIMIT)))
    return picked


def _value(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def detail_fields(row: pd.Series) -> list[tuple[str, str]]:
    """(label, value) of one organization, empty fields left out (no "nan", no "None")."""
    regions, communes = data.region_names(), data.commune_names()
    rubro = row["rubro"] if isinstance(row["rubro"], str) and row["rubro"] else None
    fields = [
        (t("mapa.campo_sector"), SECTORS.get(row["sector_tripartito"], row["sector_tripartito"])),
        (t("mapa.campo_tipo"), ACTOR_TYPE_VOCAB.label(row["tipo_actor"])),
        (t("mapa.campo_escala"), SCALES.get(row["escala"], row["escala"])),
        (t("mapa.campo_rut"), row["rut"]),
        (t("mapa.campo_region"), regions.get(row["region_cut"], row["region_cut"])),
        (t("mapa.campo_comuna"), communes.get(row["comuna_cut"], row["comuna_cut"])),
        (t("mapa.campo_rubro"), f"{rubro} · {RUBROS.get(rubro, '')}" if rubro else None),
        (t("mapa.campo_grupos"), ", ".join(GROUPS.get(g, g) for g in row["grupos_representados"])),
        (t("mapa.campo_genero"), GENDER_VOCAB.label(row["genero_representante"])
         if isinstance(row["genero_representante"], str) else None),
        (t("mapa.campo_miembros"), row["n_miembros"]),
        (t("mapa.campo_email"), row["email"]),
        (t("mapa.campo_telefono"), row["telefono"]),
        (t("mapa.campo_fuente"), row["fuente"]),
        (t("mapa.campo_ubicacion_aproximada"), t("mapa.si") if row["ubicacion_aproximada"] else None),
    ]
    out = [(label, _value(v)) for label, v in fields]
    return [(label, v) for label, v in out if v is not None and v not in ("nan", "None")]


def org_detail(picked: int | None) -> None:
    """The chosen organization beside the map: every field in full, then its relationships."""
    if picked is None:
        st.caption(t("mapa.detalle_ninguna"))
        return
    url, version = data.key()
    everyone = data.all_organizations(url, version)
    match = everyone[everyone["id"] == picked]
    if match.empty:
        st.caption(t("mapa.detalle_ninguna"))
        return
    # Contact data only for roles that need it (Ley 19.628).
    row = mask_contacts(match, current_user()).iloc[0]
    st.text(row["nombre"])  # user text: never Markdown
    for label, value in detail_fields(row):
        st.caption(label)
        st.text(value)
    rels = data.relationships(url, version)
    mine = rels[(rels["origen_id"] == picked) | (rels["destino_id"] == picked)] if len(rels) else rels
    st.markdown(f"**{t('mapa.detalle_relaciones')}**")
    if mine.empty:
        st.caption(t("mapa.detalle_sin_relaciones"))
        return
    names_all = dict(zip(everyone["id"], everyone["nombre"], strict=True))
    st.dataframe(pd.DataFrame({
        t("mapa.rel_origen"): mine["origen_id"].map(names_all),
        t("mapa.rel_tipo"): mine["tipo"].map(RELATION_VOCAB.label),
        t("mapa.rel_destino"): mine["destino_id"].map(names_all),
    }), hide_index=True, width="stretch")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def draw_map(filters: Filters, region: str | None, commune: str | None, metric: str, per_area: bool,
             ties: bool = False) -> None:
    """The map of the current level. One frame stays in the browser for every level, filter and
    measure: only the level's layer group is replaced (no reload of the map, no re-parse)."""
    url, version = data.key()
    try:
        layers = copy.deepcopy(data.view_layers(url, version, filters, region, commune, ties, metric, per_area))
    except ValueError as exc:  # e.g. a commune without geometry (Antártica)
        st.info(t("mapa.sin_geometria", nombre=str(exc)))
        return
    # Areas carry the view they belong to: a click on Ñuble after coming back to Chile is a new click.
    tag_areas(layers, f"{st.session_state.get(NONCE_KEY, 0)}|{region}|{commune}")
    out = st_folium(copy.deepcopy(data.view_frame()), key="mapa", height=620, use_container_width=True,
                    returned_objects=["last_active_drawing"], feature_group_to_add=layers)
    st.caption(t("mapa.mapa_alternativa"))
    handle_click((out or {}).get("last_active_drawing"), region)


@st.fragment
def view(region: str | None, commune: str | None) -> None:
    """Filters, map with the detail beside it, and the tables: a filter reruns only this."""
    filters = filter_widgets()
    metric, per_area = "total", False
    if region is None:
        cols = st.columns(2)
        metric = cols[0].selectbox(t("mapa.metrica"), ["total", *SECTOR_KEYS], key="mapa_metrica",
                                   format_func=lambda k: t("mapa.total") if k == "total" else SECTORS[k])
        per_area = cols[1].radio(t("mapa.medida"), [False, True], horizontal=True, key="mapa_por_area",
                                 format_func=lambda v: t("mapa.medida_por_area") if v else t("mapa.medida_absoluta"))
    ties = region is not None and st.toggle(t("mapa.mostrar_vinculos"), key="mapa_vinculos",
                                            help=t("mapa.mostrar_vinculos_ayuda"))
    left, right = st.columns([5, 2])
    with left:
        draw_map(filters, region, commune, metric, per_area, ties)
    with right:
        st.subheader(t("mapa.detalle"))
        picked = org_search(filters, region, commune)
        org_detail(picked)
    if region is None:
        national_tables(filters, metric, per_area)
    else:
        regional_tables(filters, region, commune)


# ---------------------------------------------------------------- tables below the map


def national_tables(filters: Filters, metric: str, per_area: bool) -> None:
    url, version = data.key()
    regions = data.territory()["regiones"]
    shown = data.filtered(url, version, filters)
    counts = counts_by(shown, "region", list(regions["region_cut"]))
    area = regions.set_index("region_cut")["area_km2"]
    values = choropleth_values(counts, metric, area) if per_area else None
    st.subheader(t("mapa.tabla_regiones"))
    st.dataframe(counts_table(counts, data.region_names(), values), width="stretch")
    st.caption(t("mapa.total_filtrado", n=_thousands(len(shown))))


def regional_tables(filters: Filters, region: str, commune: str | None) -> None:
    url, version = data.key()
    orgs = data.in_region(url, version, filters, region)
    gaps = data.gaps(url, version, region)
    if commune is not None:
        orgs = orgs[orgs["comuna_cut"] == commune]
        gaps = gaps[gaps["comuna_cut"] == commune]
    else:
        names = data.commune_names(region)
        st.subheader(t("mapa.tabla_comunas"))
        located = orgs[orgs["region_cut"] == region]
        st.dataframe(counts_table(counts_by(located, "comuna", list(names)), names, None), width="stretch")
    if commune is None and "nivel_ubicacion" in orgs.columns:
        unplaced = orgs[(orgs["region_cut"] == region) & orgs["nivel_ubicacion"].isin(["region", "provincia"])]
        if len(unplaced):
            st.subheader(t("mapa.sin_comuna_tabla", n=_thousands(len(unplaced))))
            st.caption(t("mapa.sin_comuna_ayuda"))
            st.dataframe(org_table(unplaced.head(TABLE_LIMIT)), width="stretch")
    st.subheader(t("mapa.brechas_titulo"))
    st.caption(t("mapa.brechas_ayuda"))
    if gaps.empty:
        st.success(t("mapa.sin_brechas"))
    else:
        st.dataframe(gaps_table(gaps), hide_index=True, width="stretch")
    st.subheader(t("mapa.tabla_organizaciones", n=_thousands(len(orgs))))
    if len(orgs) > TABLE_LIMIT:
        st.caption(t("mapa.tabla_limite", n=TABLE_LIMIT, total=len(orgs)))
    st.dataframe(org_table(orgs.head(TABLE_LIMIT)), width="stretch")


# ---------------------------------------------------------------- page


def main() -> None:
    st.title(t("mapa.titulo"))
    st.caption(t("mapa.intro"))
    follow_url()
    apply_pending_navigation()
    region, commune = level_selectors()
    write_url(region, commune)
    view(region, commune)


main()
