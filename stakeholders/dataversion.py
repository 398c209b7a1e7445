"""A data version that lives in the database: one counter bumped by every committed write.

The web pages cache frames per data version. Keeping the version in the database (not in a
user's session) means a write by anyone (another browser, the CLI, an import) changes the key
every session reads on its next rerun, so nobody sees stale counts or creates a duplicate of
something they cannot see yet. The counter is bumped at commit time of any transaction that ran
an INSERT, UPDATE or DELETE, through engine events, so no write path has to remember it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Integer, event, text
from sqlalchemy.orm import Mapped, mapped_column

from stakeholders.models import Base

TABLE = "version_datos"
_WRITES = ("INSERT", "UPDATE", "DELETE")
_DIRTY = "_mapa_escritura_pendiente"
_BUMP = f"UPDATE {TABLE} SET valor = valor + 1 WHERE id = 1"


class DataVersion(Base):
    """Single row (id 1): how many write transactions the registry has committed."""

    __tablename__ = TABLE

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    valor: Mapped[int] = mapped_column(Integer, default=0)


def _is_write(statement: str) -> bool:
    head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    return head in _WRITES and TABLE not in statement


def _after_execute(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    if _is_write(statement):
        conn.info[_DIRTY] = True


def _on_commit(conn: Connection) -> None:
    if conn.info.pop(_DIRTY, False):
        # A separate DBAPI cursor on the same connection: same transaction, and the cursor of the
        # last statement (RETURNING rows, lastrowid) is left alone.
        cursor = conn.connection.cursor()
        try:
            cursor.execute(_BUMP)
        finally:
            cursor.close()


def _on_rollback(conn: Connection) -> None:
    conn.info.pop(_DIRTY, None)


def install(engine: Engine) -> None:
    """Seed the counter row and make every committed write on ``engine`` bump it (idempotent)."""
    DataVersion.__table__.create(engine, checkfirst=True)
    with engine.begin() as conn:
        if conn.execute(text(f"SELECT COUNT(*) FROM {TABLE}")).scalar_one() == 0:
            conn.execute(text(f"INSERT INTO {TABLE} (id, valor) VALUES (1, 0)"))
    if not event.contains(engine, "after_cursor_execute", _after_execute):
        event.listen(engine, "after_cursor_execute", _after_execute)
        event.listen(engine, "commit", _on_commit)
        event.listen(engine, "rollback", _on_rollback)


def current(engine: Engine) -> int:
    """The registry's data version (one indexed single-row read: cheap on every rerun)."""
    with engine.connect() as conn:
        value = conn.execute(text(f"SELECT valor FROM {TABLE} WHERE id = 1")).scalar()
    return int(value or 0)
