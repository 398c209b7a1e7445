"""Writers that never lose an update: one import at a time, version checks, waits with a message.

* Imports are serialised: PostgreSQL takes a transaction-scoped advisory lock, SQLite its single
  write lock, both *before* reading the registry, so two imports of the same names cannot both
  create them.
* SQLite writers wait up to :data:`WRITE_WAIT_S` for each other (busy timeout) instead of failing
  at once with "database is locked"; past that the user gets a Spanish message.
* Rows an import updates are locked and their ``version`` compared with the one validated against:
  an edit committed meanwhile makes the row stale and it is refused, naming who changed it. Edits
  check ``version`` the same way (``Organization.version`` is the ORM's version column).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.models import ChangeLog, Organization

WRITE_WAIT_S = 120  # how long a writer waits for another one (an import of 200 000 rows takes ~20 s)
IMPORT_LOCK_KEY = 0x4D415041  # "MAPA": the advisory lock every import takes on PostgreSQL
_CHUNK = 5_000


class RegistryBusyError(ValueError):
    """Another writer held the registry longer than we wait; nothing was written."""


def take_write_lock(session: Session, *, serialise_imports: bool = False) -> None:
    """Make this transaction the registry's writer before it reads anything it will write.

    SQLite: wait for other writers (busy timeout), then take the write lock now (an empty UPDATE),
    so what is read next is current. PostgreSQL: with ``serialise_imports``, the imports' advisory
    lock (a second import waits for the first to commit, then sees its rows).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text(f"PRAGMA busy_timeout = {int(WRITE_WAIT_S * 1000)}"))
        session.execute(text("UPDATE organizacion SET id = id WHERE 1 = 0"))
    elif dialect == "postgresql" and serialise_imports:
        session.execute(text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{int(WRITE_WAIT_S * 1000)}ms"})
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def lock_versions(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """Current ``version`` of each organization, locked until the transaction ends (FOR UPDATE)."""
    table = Organization.__table__
    wanted = sorted(set(ids))
    out: dict[int, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        stmt = select(table.c.id, table.c.version).where(table.c.id.in_(chunk)).with_for_update()
        out.update({int(i): int(v) for i, v in session.execute(stmt).all()})
    return out


def last_change(session: Session, org_id: int) -> dict[str, Any]:
    """Who changed an organization last and when (for the stale-write message)."""
    log = ChangeLog.__table__
    row = session.execute(select(log.c.usuario, log.c.momento)
                          .where(log.c.entidad == "organizacion", log.c.entidad_id == org_id)
                          .order_by(log.c.momento.desc(), log.c.id.desc()).limit(1)).first()
    if row is None:
        return {"usuario": "?", "momento": "?"}
    when = row.momento.strftime("%Y-%m-%d %H:%M:%S") if hasattr(row.momento, "strftime") else str(row.momento)
    return {"usuario": row.usuario, "momento": when}


def stale_message(session: Session, org_id: int, nombre: str) -> str:
    """Spanish: the organization changed since it was read, by whom and when."""
    return t("importacion.version_cambiada", nombre=nombre, id=org_id, **last_change(session, org_id))


def is_busy_error(exc: BaseException) -> bool:
    """SQLite's "database is locked" or PostgreSQL's lock timeout: another writer held on too long."""
    message = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in message or "lock timeout" in message or "locknotavailable" in message
