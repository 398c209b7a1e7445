"""Registry activity per region: organizations added or updated in the last 12 months (change log).

Read from the append-only change log (``registro_cambios``, entity ``organizacion``): an
organization counts as *new* when it was created in the window, *updated* when it was changed
in the window and not created in it. Each organization counts once per region where it is present.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, select

from stakeholders.indicators import region_presence
from stakeholders.models import ChangeLog

WINDOW_DAYS = 365
CREATE_ACTIONS = frozenset({"crear"})
UPDATE_ACTIONS = frozenset({"actualizar"})


def load_org_changes(engine: Engine) -> pd.DataFrame:
    """``entidad_id, accion, momento`` of every organization change (the database edge)."""
    table = ChangeLog.__table__
    stmt = select(table.c.entidad_id, table.c.accion, table.c.momento).where(table.c.entidad == "organizacion")
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=["entidad_id", "accion", "momento"])


def _window_ids(changes: pd.DataFrame, as_of: date, days: int) -> tuple[set[int], set[int]]:
    if changes is None or changes.empty:
        return set(), set()
    when = pd.to_datetime(changes["momento"], errors="coerce", utc=True).dt.tz_localize(None)
    end = pd.Timestamp(as_of) + timedelta(days=1)
    recent = changes[(when >= end - timedelta(days=days + 1)) & (when < end)].dropna(subset=["entidad_id"])
    created = set(recent.loc[recent["accion"].isin(CREATE_ACTIONS), "entidad_id"].astype(int))
    updated = set(recent.loc[recent["accion"].isin(UPDATE_ACTIONS), "entidad_id"].astype(int)) - created
    return created, updated


def activity(orgs: pd.DataFrame, changes: pd.DataFrame, codes: list[str], national: str, as_of: date,
             days: int = WINDOW_DAYS) -> pd.DataFrame:
    """Per region and national: ``org_nuevas_12m``, ``org_actualizadas_12m``."""
    created, updated = _window_ids(changes, as_of, days)
    presence = region_presence(orgs)
    out = pd.DataFrame(index=pd.Index([*codes, national], name="region_cut"))
    out["org_nuevas_12m"] = presence[presence["id"].isin(created)].groupby("region_cut").size()
    out["org_actualizadas_12m"] = presence[presence["id"].isin(updated)].groupby("region_cut").size()
    ids = set(orgs["id"].astype(int))
    out.loc[national, "org_nuevas_12m"] = len(created & ids)
    out.loc[national, "org_actualizadas_12m"] = len(updated & ids)
    return out.fillna(0).astype(int)
