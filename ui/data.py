"""Every cached read of the pages, in one place, keyed by the registry's data version.

The data version lives in the database (:mod:`stakeholders.dataversion`: one counter bumped
by every committed write), so a write by anyone (another browser, the CLI, an import) changes
the key each session reads on its next rerun: nobody sees stale counts, and nobody creates
again what another user just created. Reading the version is one single-row query per rerun.

Conventions: functions taking ``(url, version, ...)`` are keyed by the data version; pages get
both with :func:`key`. Territory reads (geometry, names) never change while the app runs and
are cached without a version. Frames shared read-only between sessions use ``cache_resource``
(no copy per rerun); callers must not mutate them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import folium
import networkx as nx
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

import geodata
from i18n import t
from mapping import matrix as chart
from mapping.basemap import tiles_from_env
from mapping.comparison import indicator_map
from mapping.local import commune_layers
from mapping.national import national_layers
from mapping.network import add_tie_layer
from mapping.regional import gap_labels, regional_layers
from mapping.view import mapa_frame
from stakeholders import dataversion, network, settings
from stakeholders.analysis import io, service
from stakeholders.analysis.suggest import centrality_percentiles
from stakeholders.comparison.commune_level import SUBSTITUTE, commune_values
from stakeholders.comparison.definitions import format_value, label, map_labels
from stakeholders.comparison.population import census_2017
from stakeholders.comparison.table import Comparison, compare_regions, load_inputs, median_of
from stakeholders.comparison.view import flags
from stakeholders.councils.decisions import candidate_labels
from stakeholders.councils.eligibility import RegistryFrames, candidates_from_frames, load_frames
from stakeholders.councils.national import rotation
from stakeholders.councils.records import list_proposals
from stakeholders.councils.report import calendar_pdf, calendar_xlsx
from stakeholders.councils.territory import place_names, province_names
from stakeholders.db import database_url, make_engine
from stakeholders.dialogues.store import load_frames as load_dialogue_frames
from stakeholders.indicators import Filters, counts_by, coverage_gaps, filter_organizations
from stakeholders.network import load_network, node_metrics
from stakeholders.repository import (
    is_sample_dataset,
    load_attendance,
    load_memberships,
    load_organizations,
    load_relationships,
    present_in_region,
)
from stakeholders.sample import ensure_sample
from stakeholders.vocab import fold

Bounds = tuple[tuple[float, float], tuple[float, float]]


# ---------------------------------------------------------------- engine and version


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    if settings.load_sample():
        with st.spinner(t("app.cargando_ejemplo")):
            ensure_sample(engine)
    return engine


def engine() -> Engine:
    """The registry engine (``DATABASE_URL`` or the local SQLite file, sample loaded once)."""
    return _engine(database_url())


def version() -> int:
    """The registry's data version, read from the database on every call (cheap)."""
    return dataversion.current(engine())


def key() -> tuple[str, int]:
    """``(url, version)``: the first two arguments of every versioned read below."""
    return database_url(), version()


# ---------------------------------------------------------------- territory (never changes)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(frame.drop(columns=[c for c in ("geometry",) if c in frame.columns]))


@st.cache_resource(show_spinner=False)
def territory() -> dict[str, pd.DataFrame]:
    """Region, province and commune tables without geometry (names, codes, areas)."""
    return {"regiones": _plain(geodata.regions()), "provincias": _plain(geodata.provinces()),
            "comunas": _plain(geodata.communes())}


@st.cache_resource(show_spinner=False)
def web_geometry(level: str, region_cut: str | None = None) -> dict[str, Any]:
    return json.loads(geodata.web_geojson(level, region_cut))


@st.cache_resource(show_spinner=False)
def bounds(region_cut: str | None) -> Bounds:
    return geodata.region_bounds(region_cut) if region_cut else geodata.national_bounds()


@st.cache_resource(show_spinner=False)
def region_names() -> dict[str, str]:
    """Region code → «Región del Biobío», north to south (the one name every page shows; no geometry)."""
    return geodata.region_names()


@st.cache_resource(show_spinner=False)
def commune_names(region_cut: str | None = None) -> dict[str, str]:
    """Commune code → name (of one region when given), alphabetical; from the names API, no geometry."""
    return dict(sorted(geodata.commune_names(region_cut).items(), key=lambda item: fold(item[1])))


# ---------------------------------------------------------------- registry (versioned)


@st.cache_data(show_spinner=False, max_entries=4)
def sample_dataset(url: str, version: int) -> bool:
    """True while the registry holds the bundled sample (the pages then say so)."""
    return is_sample_dataset(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=4)
def all_organizations(url: str, version: int) -> pd.DataFrame:
    """Every active organization (shared read-only frame)."""
    return load_organizations(_engine(url), None)


@st.cache_data(show_spinner=False, max_entries=8)
def organizations(url: str, version: int, region_cut: str | None = None) -> pd.DataFrame:
    """Organizations present in a region (located there or with a chapter there), or all."""
    orgs = all_organizations(url, version)
    if region_cut is None:
        return orgs.copy()
    return orgs[present_in_region(orgs, region_cut)].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=20)
def follow_up(url: str, version: int, region_cut: str | None = None) -> dict[str, pd.DataFrame]:
    """Dialogues, ideas, participants and status history (page Seguimiento), of one region or all."""
    return load_dialogue_frames(engine(), region_cut)


@st.cache_data(show_spinner=False, max_entries=4)
def organization_choices(url: str, version: int) -> pd.DataFrame:
    """Active and inactive organizations (id, name, place, state) for pickers that edit."""
    orgs = load_organizations(_engine(url), include_inactive=True)
    return orgs[["id", "nombre", "comuna_cut", "region_cut", "activo"]]


@st.cache_resource(show_spinner=False, max_entries=4)
def relationships(url: str, version: int) -> pd.DataFrame:
    return load_relationships(_engine(url))


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered(url: str, version: int, filters: Filters) -> pd.DataFrame:
    return filter_organizations(all_organizations(url, version), filters)


@st.cache_resource(show_spinner=False, max_entries=32)
def in_region(url: str, version: int, filters: Filters, region_cut: str) -> pd.DataFrame:
    orgs = filtered(url, version, filters)
    return orgs[present_in_region(orgs, region_cut)]


@st.cache_resource(show_spinner=False, max_entries=16)
def gaps(url: str, version: int, region_cut: str) -> pd.DataFrame:
    """Coverage gaps of a region's communes from the whole registry (filters never change them)."""
    communes = territory()["comunas"]
    communes = communes[communes["region_cut"] == region_cut]
    orgs = all_organizations(url, version)
    return coverage_gaps(orgs[orgs["region_cut"] == region_cut], communes)


@st.cache_data(show_spinner=False, max_entries=32)
def search_labels(url: str, version: int, filters: Filters, region: str | None, commune: str | None,
                  limit: int) -> dict[int, str]:
    """Organization id → «name — commune · region» for the search box of one map view."""
    if region is None:
        orgs = filtered(url, version, filters)
    else:
        orgs = in_region(url, version, filters, region)
        if commune is not None:
            orgs = orgs[orgs["comuna_cut"] == commune]
    orgs = orgs.head(limit)
    communes = orgs["comuna_cut"].map(commune_names()).fillna("")
    regions = orgs["region_cut"].map(region_names()).fillna("")
    places = (communes + " · " + regions).str.strip(" ·").replace("", t("mapa.nacional"))
    return dict(zip(orgs["id"].astype(int), orgs["nombre"].astype(str) + " — " + places, strict=True))


@st.cache_resource(show_spinner=False)
def view_frame() -> folium.Map:
    """The Mapa page's map frame, the same at every level and for every filter (:mod:`mapping.view`):
    the browser keeps it and only swaps :func:`view_layers` (callers deep-copy it: rendering mutates it)."""
    return mapa_frame(tiles_from_env())


@st.cache_resource(show_spinner=False, max_entries=32)
def view_layers(url: str, version: int, filters: Filters, region: str | None, commune: str | None,
                ties: bool = False, metric: str = "total", per_area: bool = False) -> folium.FeatureGroup:
    """One level of the Mapa page's map as a layer group for :func:`view_frame` (callers deep-copy it):
    Chile's choropleth by ``metric`` (``per_area``: per 1.000 km²), or a region's or commune's areas
    and organizations; ``ties`` adds the ties between the drawn organizations as lines."""
    if region is None:
        regions = territory()["regiones"]
        counts = counts_by(filtered(url, version, filters), "region", list(regions["region_cut"]))
        area = regions.set_index("region_cut")["area_km2"] if per_area else None
        return national_layers(counts, web_geometry("regiones"), bounds(None), metric=metric, area_km2=area)
    orgs = in_region(url, version, filters, region)
    located = orgs[orgs["region_cut"] == region]
    labels = gap_labels(gaps(url, version, region))
    if commune is None:
        group = regional_layers(located, web_geometry("provincias", region), web_geometry("comunas", region),
                                bounds(region), gaps=labels)
    else:
        located = located[located["comuna_cut"] == commune]
        group = commune_layers(located, web_geometry("comunas", region), commune, gaps=labels)
    if ties:
        relationships, memberships, attendance = network_ties(url, version)
        add_tie_layer(group, located, network.tie_table(located, relationships, memberships, attendance))
    return group


# ---------------------------------------------------------------- stakeholder analysis (versioned)


@st.cache_data(show_spinner=False, max_entries=16)
def analyses(url: str, version: int, region_cut: str | None) -> pd.DataFrame:
    return service.list_analyses(_engine(url), region_cut)


@st.cache_data(show_spinner=False, max_entries=16)
def analysis_matrix(url: str, version: int, analysis_id: int) -> pd.DataFrame:
    return service.matrix_frame(_engine(url), analysis_id)


@st.cache_data(show_spinner=False, max_entries=16)
def analysis_history(url: str, version: int, analysis_id: int) -> pd.DataFrame:
    return service.load_history(_engine(url), analysis_id)


@st.cache_resource(show_spinner=False, max_entries=8)
def _region_graph(url: str, version: int, region_cut: str | None) -> nx.Graph:
    graph, _ = load_network(_engine(url), region_cut)
    return graph


@st.cache_data(show_spinner=False, max_entries=8)
def network_percentiles(url: str, version: int, region_cut: str | None) -> pd.DataFrame | None:
    """Brokerage percentiles of the region's network (None when the network cannot be built)."""
    try:
        return centrality_percentiles(node_metrics(_region_graph(url, version, region_cut)))
    except Exception:  # noqa: BLE001 - the power suggestion still works without the network factor
        return None


@st.cache_data(show_spinner=False, max_entries=16)
def analysis_file(url: str, version: int, analysis_id: int, fmt: str) -> bytes:
    """The analysis as XLSX (matrix + history) or the matrix picture as PNG/PDF."""
    info = service.get_analysis(_engine(url), analysis_id)
    frame = analysis_matrix(url, version, analysis_id)
    place = io.territory_name(info.region_cut)
    if fmt == "xlsx":
        return io.export_xlsx(info, frame, analysis_history(url, version, analysis_id), place)
    return chart.render(frame, info.titulo, io.subtitle(info, frame, place), fmt)


# ---------------------------------------------------------------- councils (page Consejo)


@st.cache_resource(show_spinner=False, max_entries=4)
def council_frames(url: str, version: int) -> RegistryFrames:
    """Organizations, ties, memberships and attendance a council needs (shared read-only frames)."""
    return load_frames(_engine(url))


@st.cache_data(show_spinner=False, max_entries=16)
def council_candidates(url: str, version: int, region_cut: str, as_of: date) -> pd.DataFrame:
    """A region's council candidates on ``as_of`` (the date keys the cache: fatigue windows move daily)."""
    return candidates_from_frames(council_frames(url, version), region_cut, as_of)


@st.cache_data(show_spinner=False, max_entries=16)
def council_candidate_labels(url: str, version: int, region_cut: str, as_of: date) -> dict[str, int]:
    """«name — place» → organization id, for the decisions grid of a region."""
    return candidate_labels(council_candidates(url, version, region_cut, as_of), place_names())


@st.cache_data(show_spinner=False, max_entries=16)
def saved_council_proposals(url: str, version: int, region_cut: str) -> pd.DataFrame:
    """The region's saved proposals (saving one bumps the data version, so the list is never stale)."""
    return list_proposals(_engine(url), region_cut)


@st.cache_data(show_spinner=False, max_entries=8)
def council_calendar(regions: tuple[str, ...], terms: int, names: tuple[tuple[str, str], ...],
                     title: str) -> tuple[pd.DataFrame, bytes, bytes]:
    """The national rotation calendar with its XLSX and PDF (no registry data: keyed by its inputs only)."""
    calendar = rotation(list(regions), terms, region_names=dict(names))
    return calendar, calendar_xlsx(calendar), calendar_pdf(calendar, title)


# ---------------------------------------------------------------- network (page Red)


@st.cache_resource(show_spinner=False, max_entries=4)
def network_ties(url: str, version: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Relationships, memberships and attendance of the whole registry (shared read-only frames)."""
    eng = _engine(url)
    return load_relationships(eng), load_memberships(eng), load_attendance(eng)


@st.cache_resource(show_spinner=False)
def network_readings() -> network.ReadingCache:
    """Region readings keyed by a hash of their data (shared by every session)."""
    return network.ReadingCache(size=12)


@st.cache_data(show_spinner=False, max_entries=32)
def network_key(url: str, version: int, region_cut: str, filter_key: str) -> str:
    """Hash of everything the region's reading depends on (computed once per data version)."""
    relationships, memberships, attendance = network_ties(url, version)
    return network.data_key(organizations(url, version, region_cut), relationships, memberships, attendance,
                            extra=f"{region_cut}|{filter_key}")


@st.cache_data(show_spinner=False, max_entries=16)
def network_export(key: str, fmt: str, _net: network.RegionNetwork, _table: pd.DataFrame) -> bytes:
    """A download, built once per data key, format and fatigue parameters (part of ``key``)."""
    return network.export_bytes(fmt, _net.graph, _table, _net.positions)


# ---------------------------------------------------------------- Comparar


@st.cache_resource(show_spinner=False, max_entries=2)
def comparison(url: str, version: int) -> Comparison:
    """The 16-region comparison at this data version (indicators, communes, ranking inputs)."""
    regions, communes = territory()["regiones"], territory()["comunas"]
    provinces = {code: province_names(code) for code in regions["region_cut"]}
    return compare_regions(load_inputs(_engine(url)), regions, communes, census_2017(), date.today(), provinces)


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison_national_map(url: str, version: int, key: str, scale: str) -> folium.Map:
    comp = comparison(url, version)
    values = comp.regions[key].astype(float)
    center = median_of(values) if scale == "divergente" else None
    return indicator_map(values, web_geometry("regiones"), geodata.national_bounds(), level="regiones",
                         title=label(key), fmt=lambda v: format_value(key, v), labels=map_labels(),
                         flags=flags(comp, key), diverging_center=center)


@st.cache_resource(show_spinner=False, max_entries=32)
def comparison_commune_map(url: str, version: int, key: str, region_cut: str) -> tuple[folium.Map, str]:
    """A region's communes coloured by ``key`` (or a substitute when it has no commune value)."""
    comp = comparison(url, version)
    communes = territory()["comunas"]
    mine = communes[communes["region_cut"] == region_cut]
    presence = comp.communes[comp.communes["region_cut"] == region_cut]
    shown = key
    values = commune_values(key, presence, comp.orgs, mine, comp.population)
    if values is None:
        shown = SUBSTITUTE
        values = commune_values(SUBSTITUTE, presence, comp.orgs, mine, comp.population)
    fmap = indicator_map(values, web_geometry("comunas", region_cut), geodata.region_bounds(region_cut),
                         level="comunas", title=label(shown), fmt=lambda v: format_value(shown, v), labels=map_labels())
    return fmap, shown
