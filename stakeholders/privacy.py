"""Personal data under Chile's Ley 19.628: who sees contact fields, erasure on request, export log.

Organizations are public actors, but the e-mail and phone of their contact person are personal
data: only roles that convene or manage organizations see them (:data:`access.VIEW_CONTACT`),
an organization's contact data can be erased while its record stays, and every export that
carries personal data leaves a log entry saying what left, for whom and in which format.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine

from i18n import t
from stakeholders import audit
from stakeholders.access import ERASE_CONTACT, VIEW_CONTACT, User, organization_regions, require
from stakeholders.db import session_scope
from stakeholders.errors import InputError
from stakeholders.models import Organization, utcnow

CONTACT_COLUMNS = audit.CONTACT_FIELDS


def _visible(user: User | None, row: Any) -> bool:
    if user is None:
        return False
    regions = organization_regions(row)
    if None in regions or len(regions) > 1:
        return user.regions_for(VIEW_CONTACT) is None
    return user.can(VIEW_CONTACT, next(iter(regions)))


def mask_contacts(frame: pd.DataFrame, user: User | None) -> pd.DataFrame:
    """A copy of ``frame`` with e-mail and phone blanked on rows ``user`` may not see."""
    present = [c for c in CONTACT_COLUMNS if c in frame.columns]
    if not present or frame.empty:
        return frame
    scope = user.regions_for(VIEW_CONTACT) if user is not None else set()
    if scope is None:
        return frame
    keep = [_visible(user, row) for row in frame.to_dict("records")]
    out = frame.copy()
    hidden = ~pd.Series(keep, index=frame.index, dtype=bool)
    for col in present:
        out[col] = out[col].astype(object)
        out.loc[hidden, col] = None
    return out


def contacts_included(frame: pd.DataFrame) -> int:
    """How many rows of ``frame`` carry a contact value (what an export lets out)."""
    present = [c for c in CONTACT_COLUMNS if c in frame.columns]
    if not present:
        return 0
    filled = frame[present].apply(lambda col: col.notna() & (col.astype(str).str.strip() != ""))
    return int(filled.any(axis=1).sum())


def log_export(engine: Engine, user: User | None, what: str, fmt: str, frame: pd.DataFrame,
               region_cut: str | None = None) -> None:
    """One log row per export: what, format, region, rows, and how many carried contact data."""
    details = {"datos": what, "formato": fmt, "filas": len(frame), "con_contacto": contacts_included(frame)}
    if "id" in frame.columns and details["con_contacto"]:
        has = frame[[c for c in CONTACT_COLUMNS if c in frame.columns]].notna().any(axis=1)
        details["ids_con_contacto"] = [int(i) for i in frame.loc[has, "id"]]
    audit.record_on(engine, user if user is not None else "sin_usuario", "exportacion", "exportar", details,
                    region_cut=region_cut)


def erase_contact(engine: Engine, org_id: int, user: User, reason: str) -> bool:
    """Erase an organization's e-mail and phone on request; the record and its history stay.

    Returns False when there was nothing to erase. The log keeps only fingerprints of the
    values, so the erasure is complete.
    """
    if not reason or not reason.strip():
        raise InputError(t("privacidad.motivo_requerido"))
    with session_scope(engine) as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise InputError(t("edicion.no_existe", id=org_id))
        regions = organization_regions(org)
        region = None if (None in regions or len(regions) > 1) else next(iter(regions))
        require(user, ERASE_CONTACT, region, org.nombre)
        before = {c: getattr(org, c) for c in CONTACT_COLUMNS if getattr(org, c)}
        if not before:
            return False
        for col in CONTACT_COLUMNS:
            setattr(org, col, None)
        org.version = (org.version or 1) + 1
        org.actualizado_en = utcnow()
        audit.record(session, user, "organizacion", org.id, "borrar_contacto", before,
                     dict.fromkeys(before), reason, region_cut=org.region_cut)
        return True


def can_view_contact(engine: Engine, user: User, org_id: int) -> bool:
    """May ``user`` see this organization's contact fields (forms, detail views)?"""
    with session_scope(engine) as session:
        org = session.get(Organization, org_id)
        return org is not None and _visible(user, org)
