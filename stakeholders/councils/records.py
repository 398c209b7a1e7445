"""Saved council proposals: immutable, numbered records (parameters, seed, data hash, author, time).

A proposal is evidence of a non-discretionary decision, so a saved row is never changed or
deleted: the ORM refuses updates and deletes, and the database itself has triggers that abort
them (SQLite and PostgreSQL). Numbers run per region (``numero`` 1, 2, …) besides the global id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import (
    DDL,
    JSON,
    DateTime,
    Engine,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from i18n import t
from stakeholders import audit
from stakeholders.access import SAVE_PROPOSAL, User, require
from stakeholders.errors import InputError
from stakeholders.models import Base, utcnow


class CouncilProposal(Base):
    __tablename__ = "propuesta_consejo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_cut: Mapped[str] = mapped_column(String(2), index=True)
    numero: Mapped[int] = mapped_column(Integer)
    modo: Mapped[str] = mapped_column(String(20))
    semilla: Mapped[int | None] = mapped_column(Integer)
    parametros: Mapped[dict[str, Any]] = mapped_column(JSON)
    hash_datos: Mapped[str] = mapped_column(String(64))
    autor: Mapped[str] = mapped_column(String(120))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resultado: Mapped[dict[str, Any]] = mapped_column(JSON)
    nota: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("region_cut", "numero", name="uq_propuesta_numero"),)


class ImmutableProposalError(PermissionError):
    """Raised when code tries to change or delete a saved proposal."""


@event.listens_for(CouncilProposal, "before_update")
def _refuse_update(*_: object) -> None:
    raise ImmutableProposalError(t("consejo.error_propuesta_inmutable"))


@event.listens_for(CouncilProposal, "before_delete")
def _refuse_delete(*_: object) -> None:
    raise ImmutableProposalError(t("consejo.error_propuesta_inmutable"))


_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS propuesta_consejo_sin_update BEFORE UPDATE ON propuesta_consejo "
    "BEGIN SELECT RAISE(ABORT, 'propuesta_consejo es inmutable'); END",
    "CREATE TRIGGER IF NOT EXISTS propuesta_consejo_sin_delete BEFORE DELETE ON propuesta_consejo "
    "BEGIN SELECT RAISE(ABORT, 'propuesta_consejo es inmutable'); END",
]
_PG_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION propuesta_consejo_inmutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'propuesta_consejo es inmutable'; END $$",
    "CREATE TRIGGER propuesta_consejo_inmutable BEFORE UPDATE OR DELETE ON propuesta_consejo "
    "FOR EACH ROW EXECUTE FUNCTION propuesta_consejo_inmutable()",
]
for _sql in _SQLITE_TRIGGERS:
    event.listen(CouncilProposal.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in _PG_TRIGGERS:
    event.listen(CouncilProposal.__table__, "after_create", DDL(_sql).execute_if(dialect="postgresql"))


def save_proposal(engine: Engine, proposal: Any, user: User, note: str | None = None) -> CouncilProposal:
    """Insert a new numbered record for ``proposal`` (a :class:`~.compose.Proposal`), by ``user``.

    Only a ``planificador`` of the proposal's region (or a national one) may save; the saved
    record is written to the change log in the same transaction.
    """
    require(user, SAVE_PROPOSAL, proposal.region_cut, t("consejo.objetivo_propuesta", region=proposal.region_cut))
    result = proposal.to_json_dict()
    result["extra"] = {
        "advertencias": proposal.warnings,
        "sorteo": proposal.lottery,
        "formula": proposal.formula,
        "region_nombre": proposal.region_nombre,
    }
    for attempt in range(3):
        try:
            with Session(engine) as session, session.begin():
                last = session.scalar(
                    select(func.max(CouncilProposal.numero)).where(CouncilProposal.region_cut == proposal.region_cut)
                )
                row = CouncilProposal(
                    region_cut=proposal.region_cut,
                    numero=int(last or 0) + 1,
                    modo=proposal.modo,
                    semilla=proposal.semilla,
                    parametros=proposal.params.to_dict(),
                    hash_datos=proposal.data_hash,
                    autor=user.nombre,
                    resultado=result,
                    nota=note,
                )
                session.add(row)
                session.flush()
                audit.record(session, user, "propuesta_consejo", row.id, "crear", None, {
                    "region_cut": row.region_cut, "numero": row.numero, "modo": row.modo, "semilla": row.semilla,
                    "hash_datos": row.hash_datos, "miembros": [m.get("id") for m in result.get("miembros", [])],
                }, note, region_cut=row.region_cut)
                session.flush()
                session.expunge(row)
                return row
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def list_proposals(engine: Engine, region_cut: str | None = None) -> pd.DataFrame:
    table = CouncilProposal.__table__
    stmt = select(
        table.c.id,
        table.c.region_cut,
        table.c.numero,
        table.c.modo,
        table.c.semilla,
        table.c.autor,
        table.c.creado_en,
        table.c.hash_datos,
    ).order_by(table.c.region_cut, table.c.numero)
    if region_cut:
        stmt = stmt.where(table.c.region_cut == region_cut)
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(stmt).mappings().all(),
            columns=["id", "region_cut", "numero", "modo", "semilla", "autor", "creado_en", "hash_datos"],
        )


def get_proposal(engine: Engine, proposal_id: int) -> CouncilProposal:
    with Session(engine) as session:
        row = session.get(CouncilProposal, int(proposal_id))
        if row is None:
            raise InputError(t("consejo.error_propuesta_no_existe", numero=proposal_id))
        session.expunge(row)
        return row


def member_ids(result: dict[str, Any]) -> list[int]:
    return [int(m["id"]) for m in result.get("miembros", [])]


def compare(a: dict[str, list[int] | dict[int, str]], labels: tuple[str, str] = ("A", "B")) -> pd.DataFrame:
    """Members of two councils side by side: ``id, nombre, en_A, en_B, estado``.

    ``a`` maps each label to ``{id: nombre}`` (a saved proposal, a fresh one or the current council).
    """
    left, right = (dict(a[labels[0]]), dict(a[labels[1]]))  # type: ignore[arg-type]
    ids = sorted(set(left) | set(right))
    rows = []
    for i in ids:
        in_l, in_r = i in left, i in right
        state = "se_mantiene" if in_l and in_r else ("sale" if in_l else "entra")
        rows.append(
            {
                "id": i,
                "nombre": left.get(i) or right.get(i),
                f"en_{labels[0]}": in_l,
                f"en_{labels[1]}": in_r,
                "estado": t(f"consejo.estado_{state}"),
            }
        )
    return pd.DataFrame(rows, columns=["id", "nombre", f"en_{labels[0]}", f"en_{labels[1]}", "estado"])


def members_of(result: dict[str, Any]) -> dict[int, str]:
    return {int(m["id"]): str(m.get("nombre") or "") for m in result.get("miembros", [])}
