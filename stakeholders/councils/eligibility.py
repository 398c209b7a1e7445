"""From the registry to a candidates frame: who is eligible for a region's council.

Eligible = active organizations present in the region (located there, or a national body with a
chapter there), except the chair: the SENCE regional directorate presides and is outside the
seat count. The frame carries what the quotas and the score need, computed with
:mod:`stakeholders.network` (weighted degree as reach, cross-sector brokerage, fatigue, affiliation
parent). :func:`candidates_from_frames` is pure; :func:`load_candidates` is the database edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from stakeholders import network
from stakeholders.repository import (
    load_attendance,
    load_memberships,
    load_organizations,
    load_relationships,
    present_in_region,
)
from stakeholders.vocab import fold

CHAIR_KEYS: tuple[str, ...] = ("sence", "serviciodecapacitacionyempleo", "servicionacionaldecapacitacionyempleo")
COUNCIL_SPACE_TYPE = "consejo"


def is_chair(name: object) -> bool:
    """The SENCE regional directorate (it chairs the council)."""
    key = fold(name)
    return any(k in key for k in CHAIR_KEYS)


@dataclass
class RegistryFrames:
    """The registry frames a council needs (as returned by ``stakeholders.repository``)."""

    orgs: pd.DataFrame
    relationships: pd.DataFrame
    memberships: pd.DataFrame
    attendance: pd.DataFrame


def _has(frame: pd.DataFrame | None) -> bool:
    return frame is not None and len(frame) > 0 and "organizacion_id" in frame.columns


def _network_columns(orgs: pd.DataFrame, frames: RegistryFrames, region_cut: str, as_of: date) -> pd.DataFrame:
    ids = set(orgs["id"].astype(int))
    memberships = frames.memberships
    attendance = frames.attendance
    # Empty registry tables come back without columns: pass None ("no participation data").
    memberships = memberships[memberships["organizacion_id"].isin(ids)] if _has(memberships) else None
    attendance = attendance[attendance["organizacion_id"].isin(ids)] if _has(attendance) else None
    graph = network.build_graph(orgs, frames.relationships, memberships, attendance)
    metrics = network.node_metrics(graph).rename(columns={"organizacion_id": "id"})
    if attendance is None and memberships is None:
        load = pd.DataFrame(
            {"id": pd.Series(dtype="int64"), "indice_fatiga": pd.Series(dtype=float), "fatigada": pd.Series(dtype=bool)}
        )
    else:
        load = network.participation_load(attendance, memberships, as_of).rename(columns={"organizacion_id": "id"})
    parent = network.parents(frames.relationships)
    out = pd.DataFrame({"id": orgs["id"].astype(int)})
    out = out.merge(metrics[["id", "grado_ponderado", "intermediacion_intersectorial"]], on="id", how="left")
    out = out.merge(load[["id", "indice_fatiga", "fatigada"]], on="id", how="left")
    out["alcance"] = out.pop("grado_ponderado").fillna(0.0)
    out["intermediacion_intersectorial"] = out["intermediacion_intersectorial"].fillna(0.0)
    out["indice_fatiga"] = out["indice_fatiga"].fillna(0.0)
    out["fatigada"] = out["fatigada"].astype("boolean").fillna(False).astype(bool)
    out["padre_id"] = out["id"].map(lambda i: parent.get(int(i)))
    return out


def current_council(memberships: pd.DataFrame, region_cut: str, as_of: date | None = None) -> pd.DataFrame:
    """Members of the region's current council (space type "consejo"; current membership).

    With several council spaces in the region, the one whose name says "Consejo Regional" wins,
    then the one with most members. Chair and secretary roles are left out.
    """
    cols = ["organizacion_id", "espacio_id", "espacio", "rol"]
    if not _has(memberships):
        return pd.DataFrame(columns=cols)
    as_of = as_of or date.today()
    m = memberships[
        (memberships["tipo_espacio"] == COUNCIL_SPACE_TYPE) & (memberships["espacio_region_cut"] == region_cut)
    ]
    desde = pd.to_datetime(m["desde"]).dt.date
    hasta = pd.to_datetime(m["hasta"]).dt.date
    m = m[(desde.isna() | (desde <= as_of)) & (hasta.isna() | (hasta >= as_of))]
    m = m[~m["rol"].isin(["presidencia", "secretaria_tecnica", "convocante"])]
    if m.empty:
        return pd.DataFrame(columns=cols)
    sizes = m.groupby(["espacio_id", "espacio"]).size().reset_index(name="n")
    sizes["regional"] = sizes["espacio"].map(lambda s: "consejoregional" in fold(s))
    best = sizes.sort_values(["regional", "n", "espacio_id"], ascending=[False, False, True]).iloc[0]["espacio_id"]
    return m[m["espacio_id"] == best][cols].reset_index(drop=True)


def candidates_from_frames(frames: RegistryFrames, region_cut: str, as_of: date | None = None) -> pd.DataFrame:
    """The candidates frame of a region (see :mod:`stakeholders.councils.pool` for its columns)."""
    as_of = as_of or date.today()
    orgs = frames.orgs
    if "activo" in orgs.columns:
        orgs = orgs[orgs["activo"].astype(bool)]
    orgs = orgs[present_in_region(orgs, region_cut)]
    orgs = orgs[~orgs["nombre"].map(is_chair)].reset_index(drop=True)
    if orgs.empty:
        return orgs.assign(provincia_cobertura=pd.Series(dtype=object))
    located = orgs["region_cut"] == region_cut
    out = orgs.copy()
    out["provincia_cobertura"] = orgs["provincia_cut"].where(located, None)
    extra = _network_columns(orgs, frames, region_cut, as_of)
    return out.merge(extra, on="id", how="left")


def load_frames(engine: Engine) -> RegistryFrames:
    return RegistryFrames(
        load_organizations(engine), load_relationships(engine), load_memberships(engine), load_attendance(engine)
    )


def load_candidates(engine: Engine, region_cut: str, as_of: date | None = None) -> tuple[pd.DataFrame, list[int]]:
    """Candidates of a region and the ids of its current council (previous term's members)."""
    frames = load_frames(engine)
    current = current_council(frames.memberships, region_cut, as_of)
    return candidates_from_frames(frames, region_cut, as_of), sorted(int(i) for i in current["organizacion_id"])
