"""Create, correct or deactivate ONE organization, with the same checks as the importer.

Every write checks the user's rights (a regional user changes only their region; national
bodies only central staff), increments ``version`` and appends a ChangeLog row with the values
before and after, who and why. Nothing is deleted: deactivation sets ``activo = False``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from i18n import t
from stakeholders import audit
from stakeholders.access import User, check_can_edit_organization
from stakeholders.db import session_scope
from stakeholders.errors import EditRejectedError, InputError
from stakeholders.models import ChangeLog, Organization, utcnow
from stakeholders.registry.issues import Issue
from stakeholders.registry.matching import RULE_EXTERNAL_ID, RULE_RUT, load_existing, match_existing
from stakeholders.registry.schema import DATA_FIELDS, ORG_FILE_COLUMNS, ORG_FILE_OPTIONAL
from stakeholders.registry.validation import user_name_problem, validate_organizations
from stakeholders.registry.values import clean_value
from stakeholders.registry.writes import (
    WRITE_WAIT_S,
    RegistryBusyError,
    is_busy_error,
    stale_message,
    take_write_lock,
)

FORM_FIELDS: list[str] = ORG_FILE_COLUMNS + ORG_FILE_OPTIONAL


class EditRejected(EditRejectedError):
    """The values do not pass validation; ``issues`` says field by field what to fix."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{i.campo}: {i.problema}" for i in issues))

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for issue in self.issues:
            out.setdefault(issue.campo, []).append(f"{issue.problema} {issue.accion}".strip())
        return out


def _text(value: Any) -> str:
    value = clean_value(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def form_values(org: Organization) -> dict[str, str]:
    """An organization as the text a form or template row would hold (codes for territory)."""
    values = {f: _text(getattr(org, f, None)) for f in FORM_FIELDS if hasattr(org, f)}
    values.update({"region": _text(org.region_cut), "provincia": _text(org.provincia_cut),
                   "comuna": _text(org.comuna_cut), "latitud": _text(org.latitud), "longitud": _text(org.longitud),
                   "ubicacion_aproximada": _text(org.ubicacion_aproximada)})
    if org.ubicacion_aproximada:
        values["latitud"] = values["longitud"] = ""
    return values


def current_values(engine: Engine, org_id: int) -> dict[str, str]:
    with session_scope(engine) as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise InputError(t("edicion.no_existe", id=org_id))
        return form_values(org)


def current_version(engine: Engine, org_id: int) -> int:
    """The version a form is filled on: pass it back as ``expected_version`` when saving."""
    with session_scope(engine) as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise ValueError(t("edicion.no_existe", id=org_id))
        return int(org.version)


def _validate(values: Mapping[str, str], existing: pd.DataFrame, self_id: int | None, user: User) -> dict[str, Any]:
    """Validate one row; duplicates are any *other* organization with the same RUT, id or name."""
    problem = user_name_problem(user)
    if problem:
        raise EditRejected([Issue(1, "usuario", problem, "")])
    frame = pd.DataFrame([{k: str(v if v is not None else "") for k, v in values.items()}])
    frame["_fila"] = 1
    result = validate_organizations(frame)
    others = existing[existing["id"] != self_id] if self_id is not None else existing
    matching = match_existing(result.records, others)
    issues = [*result.issues, *matching.issues]
    match = matching.ids[0]
    if match is not None:
        other = others[others["id"] == match].iloc[0]
        field = {RULE_RUT: "rut", RULE_EXTERNAL_ID: "id_externo"}.get(matching.rules[0] or "", "nombre")
        issues.append(Issue(1, field, t("edicion.duplicado", campo=field, id=int(match), nombre=other["nombre"]),
                            t("edicion.accion_duplicado")))
    if issues:
        raise EditRejected(issues)
    rec = result.records.iloc[0].to_dict()
    return {f: clean_value(rec[f]) for f in DATA_FIELDS}


class EditConflict(ValueError):
    """Someone else changed the organization since it was read: nothing was overwritten."""


@contextmanager
def _writing(engine: Engine, org_id: int | None = None, *, serialise: bool = False) -> Iterator[Session]:
    """One edit transaction as the registry's writer; stale or blocked writes become Spanish errors."""
    try:
        with session_scope(engine) as session:
            take_write_lock(session, serialise_imports=serialise)
            yield session
    except StaleDataError as exc:
        with session_scope(engine) as session:
            org = session.get(Organization, org_id) if org_id is not None else None
            raise EditConflict(stale_message(session, org_id or 0, org.nombre if org else "?")) from exc
    except OperationalError as exc:
        if not is_busy_error(exc):
            raise
        raise RegistryBusyError(t("importacion.registro_ocupado", segundos=WRITE_WAIT_S)) from exc


def _check_version(session: Session, org: Organization, expected_version: int | None) -> None:
    """The form was filled on ``expected_version``: refuse if the organization moved on since."""
    if expected_version is not None and org.version != expected_version:
        raise EditConflict(stale_message(session, org.id, org.nombre))


def create_organization(engine: Engine, values: Mapping[str, str], user: User, reason: str | None = None) -> int:
    """Add one organization; returns its id. Raises EditRejected or PermissionError."""
    with _writing(engine, serialise=True) as session:
        fields = _validate(values, load_existing(session), None, user)
        check_can_edit_organization(user, fields)
        now = utcnow()
        org = Organization(**fields, fuente=t("edicion.fuente_formulario"), importado_en=now,
                           importado_por=user.nombre, activo=True, version=1, creado_en=now, actualizado_en=now)
        session.add(org)
        session.flush()
        audit.record(session, user, "organizacion", org.id, "crear", None, audit.snapshot(org), reason)
        return int(org.id)


def _editable(session: Session, org_id: int, user: User, expected_version: int | None) -> Organization:
    """The organization ``user`` is about to change, refused when missing, out of their scope or edited meanwhile."""
    org = session.get(Organization, org_id)
    if org is None:
        raise InputError(t("edicion.no_existe", id=org_id))
    check_can_edit_organization(user, org)
    _check_version(session, org, expected_version)
    return org


def update_organization(engine: Engine, org_id: int, changes: Mapping[str, str], user: User,
                        reason: str | None = None, *, expected_version: int | None = None) -> bool:
    """Apply ``changes`` (form fields as text) to one organization; False when nothing changed.

    With ``expected_version`` (the version the form showed) a change made by someone else in the
    meantime raises :class:`EditConflict` instead of being overwritten.
    """
    with _writing(engine, org_id) as session:
        org = _editable(session, org_id, user, expected_version)
        current = form_values(org)
        merged = {**current, **{k: ("" if v is None else str(v)) for k, v in changes.items()}}
        territory = ("region", "provincia", "comuna")
        if any(merged[k] != current[k] for k in territory):
            # Moving an organization: territory fields not given, and old coordinates, no longer apply.
            for key in (*territory, "latitud", "longitud"):
                if key not in changes:
                    merged[key] = ""
        fields = _validate(merged, load_existing(session), org_id, user)
        check_can_edit_organization(user, fields)
        before = audit.snapshot(org)
        for key, value in fields.items():
            setattr(org, key, value)
        after = audit.snapshot(org)
        changed = audit.diff(before, after)
        if not changed:
            session.expunge(org)
            return False
        org.version = (org.version or 1) + 1
        org.actualizado_en = utcnow()
        audit.record(session, user, "organizacion", org.id, "actualizar", {k: before[k] for k in changed}, changed,
                     reason)
        return True


def deactivate_organization(engine: Engine, org_id: int, user: User, reason: str, *,
                            expected_version: int | None = None) -> None:
    """Mark an organization inactive (kept, with its history); the reason is required."""
    if not reason or not reason.strip():
        raise InputError(t("edicion.motivo_requerido"))
    with _writing(engine, org_id) as session:
        org = _editable(session, org_id, user, expected_version)
        if not org.activo:
            return
        org.activo = False
        org.version = (org.version or 1) + 1
        org.actualizado_en = utcnow()
        audit.record(session, user, "organizacion", org.id, "desactivar", {"activo": True}, {"activo": False}, reason)


def history(engine: Engine, org_id: int) -> pd.DataFrame:
    """The organization's change log, oldest first: when, who, action, before, after, reason."""
    log = ChangeLog.__table__
    stmt = (select(log.c.momento, log.c.usuario, log.c.accion, log.c.antes, log.c.despues, log.c.motivo)
            .where(log.c.entidad == "organizacion", log.c.entidad_id == org_id)
            .order_by(log.c.momento, log.c.id))
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return pd.DataFrame(rows, columns=["momento", "usuario", "accion", "antes", "despues", "motivo"])
