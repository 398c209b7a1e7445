"""Page "Mapa": Chile by region → a region's communes and organizations → one commune.

Thin wiring: territory and organization frames are cached (``st.cache_resource``, read-only),
numbers come from :mod:`stakeholders.indicators`, maps from :mod:`mapping`. The map is drawn
inside a fragment and returns only ``last_active_drawing``, so panning or zooming never reruns
the script and a click reruns only what it changes. Every map has a table with the same data.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from i18n import t
from mapping.basemap import tiles_from_env
from mapping.local import commune_map
from mapping.national import choropleth_values, national_map
from mapping.regional import gap_labels, regional_map
from stakeholders.db import database_url
from stakeholders.indicators import SECTOR_KEYS, Filters, counts_by, coverage_gaps, filter_organizations
from stakeholders.privacy import mask_contacts
from stakeholders.repository import load_organizations, load_relationships, present_in_region
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
from ui.common import current_user, data_version, engine, multiselect

TABLE_LIMIT = 5000
DETAIL_OPTIONS_LIMIT = 5000
REGION_KEY, COMMUNE_KEY, PENDING_KEY = "mapa_region", "mapa_comuna", "_mapa_pendiente"
ORG_KEY, CLICK_KEY, NONCE_KEY = "_mapa_org", "_mapa_ultimo_clic", "_mapa_nonce"


# ---------------------------------------------------------------- cached data (read-only)


@st.cache_resource(show_spinner=False)
def territory() -> dict[str, pd.DataFrame]:
    """Region, province and commune tables without geometry (names, codes, areas)."""
    import geodata

    def plain(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))

    communes = plain(geodata.communes())
    return {"regiones": plain(geodata.regions()), "provincias": plain(geodata.provinces()), "comunas": communes}


@st.cache_resource(show_spinner=False)
def web_geometry(level: str, region_cut: str | None = None) -> dict[str, Any]:
    import geodata

    return json.loads(geodata.web_geojson(level, region_cut))


@st.cache_resource(show_spinner=False)
def bounds(region_cut: str | None) -> tuple[tuple[float, float], tuple[float, float]]:
    import geodata

    return geodata.region_bounds(region_cut) if region_cut else geodata.national_bounds()


@st.cache_resource(show_spinner=False, max_entries=4)
def all_organizations(url: str, version: int) -> pd.DataFrame:
    return load_organizations(engine(), None)


@st.cache_resource(show_spinner=False, max_entries=4)
def relationships(url: str, version: int) -> pd.DataFrame:
    return load_relationships(engine())


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered(url: str, version: int, filters: Filters) -> pd.DataFrame:
    return filter_organizations(all_organizations(url, version), filters)


@st.cache_resource(show_spinner=False, max_entries=32)
def in_region(url: str, version: int, filters: Filters, region_cut: str) -> pd.DataFrame:
    orgs = filtered(url, version, filters)
    return orgs[present_in_region(orgs, region_cut)]


@st.cache_resource(show_spinner=False, max_entries=32)
def gaps_of(url: str, version: int, filters: Filters, region_cut: str) -> pd.DataFrame:
    communes = territory()["comunas"]
    communes = communes[communes["region_cut"] == region_cut]
    orgs = in_region(url, version, filters, region_cut)
    return coverage_gaps(orgs[orgs["region_cut"] == region_cut], communes)


@st.cache_resource(show_spinner=False, max_entries=16)
def built_map(url: str, version: int, filters: Filters, region: str | None, commune: str | None,
              metric: str, per_area: bool) -> folium.Map:
    """The folium map of the current view (copied before each render: rendering mutates it)."""
    tiles = tiles_from_env()
    if region is None:
        regions = territory()["regiones"]
        counts = counts_by(filtered(url, version, filters), "region", list(regions["region_cut"]))
        area = regions.set_index("region_cut")["area_km2"] if per_area else None
        return national_map(counts, web_geometry("regiones"), bounds(None), metric=metric, area_km2=area, tiles=tiles)
    orgs = in_region(url, version, filters, region)
    located = orgs[orgs["region_cut"] == region]
    gaps = gap_labels(gaps_of(url, version, filters, region))
    if commune is None:
        return regional_map(located, web_geometry("provincias", region), web_geometry("comunas", region),
                            bounds(region), gaps=gaps, tiles=tiles)
    return commune_map(located, web_geometry("comunas", region), commune, gaps=gaps, tiles=tiles)


# ---------------------------------------------------------------- widgets


def _names(kind: str, code_col: str) -> dict[str, str]:
    frame = territory()[kind]
    if "orden_norte_sur" in frame.columns:
        frame = frame.sort_values("orden_norte_sur")
    return dict(zip(frame[code_col], frame["nombre"], strict=True))


def apply_pending_navigation() -> None:
    """A map click asks for a new level; applied here, before the selectors are drawn.

    A first visit may also come with a deep link: ``/mapa?region=13&comuna=13101``.
    """
    if REGION_KEY not in st.session_state and "region" in st.query_params:
        regions = _names("regiones", "region_cut")
        region = st.query_params.get("region")
        commune = st.query_params.get("comuna")
        if region in regions:
            communes = territory()["comunas"]
            valid = set(communes.loc[communes["region_cut"] == region, "comuna_cut"])
            st.session_state[PENDING_KEY] = (region, commune if commune in valid else None)
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None:
        st.session_state[REGION_KEY], st.session_state[COMMUNE_KEY] = pending
        st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
        st.session_state.pop(ORG_KEY, None)


def navigate(region: str | None, commune: str | None) -> None:
    st.session_state[PENDING_KEY] = (region, commune)
    st.rerun(scope="app")


def level_selectors() -> tuple[str | None, str | None]:
    regions = _names("regiones", "region_cut")
    cols = st.columns([2, 2, 1])
    region = cols[0].selectbox(t("mapa.region"), [None, *regions], key=REGION_KEY,
                               format_func=lambda c: t("mapa.todo_chile") if c is None else regions[c],
                               placeholder=t("mapa.todo_chile"))
    commune = None
    if region is not None:
        communes = territory()["comunas"]
        communes = communes[communes["region_cut"] == region].sort_values("nombre")
        names = dict(zip(communes["comuna_cut"], communes["nombre"], strict=True))
        if st.session_state.get(COMMUNE_KEY) not in (None, *names):
            st.session_state[COMMUNE_KEY] = None
        commune = cols[1].selectbox(t("mapa.comuna"), [None, *names], key=COMMUNE_KEY,
                                    format_func=lambda c: t("mapa.toda_la_region") if c is None else names[c],
                                    placeholder=t("mapa.toda_la_region"))
        with cols[2]:
            st.write("")
            if commune is not None:
                if st.button(t("mapa.volver_region"), icon=":material/arrow_upward:"):
                    navigate(region, None)
            elif st.button(t("mapa.volver_nacional"), icon=":material/arrow_upward:"):
                navigate(None, None)
    else:
        st.session_state[COMMUNE_KEY] = None
    return region, commune


def filter_widgets() -> Filters:
    with st.sidebar:
        st.subheader(t("mapa.filtros"))
        st.caption(t("mapa.filtro_ayuda"))
        sectores = multiselect(t("mapa.filtro_sector"), list(SECTORS), format_func=SECTORS.__getitem__,
                                  key="mapa_f_sector")
        tipo_opts = [k for k, (s, _) in ACTOR_TYPES.items() if not sectores or s in sectores]
        tipos = multiselect(t("mapa.filtro_tipo"), tipo_opts, format_func=ACTOR_TYPE_VOCAB.label, key="mapa_f_tipo")
        rubros = multiselect(t("mapa.filtro_rubro"), list(RUBROS), format_func=lambda k: f"{k} · {RUBROS[k]}",
                                key="mapa_f_rubro")
        grupos = multiselect(t("mapa.filtro_grupos"), list(GROUPS), format_func=GROUPS.__getitem__,
                                key="mapa_f_grupos")
        escalas = multiselect(t("mapa.filtro_escala"), list(SCALES), format_func=SCALES.__getitem__,
                                 key="mapa_f_escala")
    return Filters(tuple(sectores), tuple(t_ for t_ in tipos if t_ in tipo_opts), tuple(rubros), tuple(grupos),
                   tuple(escalas))


# ---------------------------------------------------------------- tables


def org_table(orgs: pd.DataFrame) -> pd.DataFrame:
    communes = _names("comunas", "comuna_cut")
    regions = _names("regiones", "region_cut")
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
    return gaps[[c for c in cols if c in gaps.columns]].rename(columns=cols)


# ---------------------------------------------------------------- map + detail (fragment)


def handle_click(drawing: dict[str, Any] | None, region: str | None) -> None:
    """React once to a new click: region → drill in; commune → drill in; point → detail."""
    props = (drawing or {}).get("properties") or {}
    signature = json.dumps({k: props.get(k) for k in ("region_cut", "comuna_cut", "org_id")}, sort_keys=True)
    if not props or st.session_state.get(CLICK_KEY) == signature:
        return
    st.session_state[CLICK_KEY] = signature
    if props.get("org_id") is not None:
        st.session_state[ORG_KEY] = int(props["org_id"])
    elif region is None and props.get("region_cut"):
        navigate(str(props["region_cut"]), None)
    elif region is not None and props.get("comuna_cut"):
        navigate(region, str(props["comuna_cut"]))


def org_detail(orgs: pd.DataFrame) -> None:
    st.subheader(t("mapa.detalle"))
    options = orgs["id"].head(DETAIL_OPTIONS_LIMIT).tolist()
    chosen = st.session_state.get(ORG_KEY)
    if chosen is not None and chosen not in options and chosen in set(orgs["id"]):
        options.insert(0, chosen)
    names = dict(zip(orgs["id"], orgs["nombre"], strict=True))
    index = options.index(chosen) if chosen in options else None
    picked = st.selectbox(t("mapa.detalle_elegir"), options, index=index, format_func=lambda i: names.get(i, str(i)),
                          placeholder=t("mapa.detalle_ninguna"))
    if picked is None:
        st.caption(t("mapa.detalle_ninguna"))
        return
    st.session_state[ORG_KEY] = picked
    url, version = database_url(), data_version()
    everyone = all_organizations(url, version)
    # Contact data only for roles that need it (Ley 19.628).
    row = mask_contacts(everyone[everyone["id"] == picked], current_user()).iloc[0]
    st.markdown(f"**{_md(row['nombre'])}**")
    fields = {
        t("mapa.campo_sector"): SECTORS.get(row["sector_tripartito"], row["sector_tripartito"]),
        t("mapa.campo_tipo"): ACTOR_TYPE_VOCAB.label(row["tipo_actor"]),
        t("mapa.campo_escala"): SCALES.get(row["escala"], row["escala"]),
        t("mapa.campo_rut"): row["rut"],
        t("mapa.campo_region"): _names("regiones", "region_cut").get(row["region_cut"], row["region_cut"]),
        t("mapa.campo_comuna"): _names("comunas", "comuna_cut").get(row["comuna_cut"], row["comuna_cut"]),
        t("mapa.campo_rubro"): f"{row['rubro']} · {RUBROS.get(row['rubro'], '')}" if row["rubro"] else None,
        t("mapa.campo_grupos"): ", ".join(GROUPS.get(g, g) for g in row["grupos_representados"]),
        t("mapa.campo_genero"): GENDER_VOCAB.label(row["genero_representante"]),
        t("mapa.campo_miembros"): row["n_miembros"],
        t("mapa.campo_email"): row["email"],
        t("mapa.campo_telefono"): row["telefono"],
        t("mapa.campo_fuente"): row["fuente"],
        t("mapa.campo_ubicacion_aproximada"): t("mapa.si") if row["ubicacion_aproximada"] else t("mapa.no"),
    }
    shown = {k: str(v) for k, v in fields.items() if v is not None and str(v) not in ("", "nan", "None")}
    st.dataframe(pd.Series(shown, name="").to_frame(), width="stretch")
    rels = relationships(url, version)
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


def _md(text: object) -> str:
    """Markdown-escape a user string (st.markdown never renders raw HTML, but * _ ` [ would format)."""
    out = str(text)
    for ch in "\\`*_{}[]()#+-.!<>|~":
        out = out.replace(ch, "\\" + ch)
    return out


@st.fragment
def map_section(filters: Filters, region: str | None, commune: str | None, metric: str, per_area: bool) -> None:
    url, version = database_url(), data_version()
    try:
        m = copy.deepcopy(built_map(url, version, filters, region, commune, metric, per_area))
    except ValueError as exc:  # e.g. a commune without geometry (Antártica)
        st.info(t("mapa.sin_geometria", nombre=str(exc)))
        m = None
    if m is not None:
        key = f"mapa_{region}_{commune}_{st.session_state.get(NONCE_KEY, 0)}"
        out = st_folium(m, key=key, height=620, use_container_width=True, returned_objects=["last_active_drawing"])
        st.caption(t("mapa.mapa_alternativa"))
        handle_click((out or {}).get("last_active_drawing"), region)
    if region is not None:
        orgs = in_region(url, version, filters, region)
        if commune is not None:
            orgs = orgs[orgs["comuna_cut"] == commune]
        org_detail(orgs)


# ---------------------------------------------------------------- page


def national_tables(filters: Filters, metric: str, per_area: bool) -> None:
    url, version = database_url(), data_version()
    regions = territory()["regiones"]
    counts = counts_by(filtered(url, version, filters), "region", list(regions["region_cut"]))
    area = regions.set_index("region_cut")["area_km2"]
    values = choropleth_values(counts, metric, area) if per_area else None
    st.subheader(t("mapa.tabla_regiones"))
    st.dataframe(counts_table(counts, _names("regiones", "region_cut"), values), width="stretch")
    shown = filtered(url, version, filters)
    st.caption(t("mapa.total_filtrado", n=_thousands(len(shown))))


def regional_tables(filters: Filters, region: str, commune: str | None) -> None:
    url, version = database_url(), data_version()
    orgs = in_region(url, version, filters, region)
    gaps = gaps_of(url, version, filters, region)
    if commune is not None:
        orgs = orgs[orgs["comuna_cut"] == commune]
        gaps = gaps[gaps["comuna_cut"] == commune]
    else:
        communes = territory()["comunas"]
        codes = communes.loc[communes["region_cut"] == region, "comuna_cut"].tolist()
        st.subheader(t("mapa.tabla_comunas"))
        located = orgs[orgs["region_cut"] == region]
        st.dataframe(counts_table(counts_by(located, "comuna", codes), _names("comunas", "comuna_cut"), None),
                     width="stretch")
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


def main() -> None:
    st.title(t("mapa.titulo"))
    st.caption(t("mapa.intro"))
    try:
        territory()
    except Exception as exc:  # noqa: BLE001 - the page explains instead of crashing
        st.error(t("mapa.geodata_no_disponible", error=exc))
        return
    apply_pending_navigation()
    filters = filter_widgets()
    region, commune = level_selectors()
    metric, per_area = "total", False
    if region is None:
        cols = st.columns(2)
        metric = cols[0].selectbox(t("mapa.metrica"), ["total", *SECTOR_KEYS], key="mapa_metrica",
                                   format_func=lambda k: t("mapa.total") if k == "total" else SECTORS[k])
        per_area = cols[1].radio(t("mapa.medida"), [False, True], horizontal=True, key="mapa_por_area",
                                 format_func=lambda v: t("mapa.medida_por_area") if v else t("mapa.medida_absoluta"))
    map_section(filters, region, commune, metric, per_area)
    if region is None:
        national_tables(filters, metric, per_area)
    else:
        regional_tables(filters, region, commune)


main()
