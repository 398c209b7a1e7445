"""``python -m stakeholders audit verify``, ``backup PATH``, ``restore PATH``, ``db migrate|grant-app``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import text

from i18n import t
from stakeholders import audit, backup, settings
from stakeholders.access import VIEW_AUDIT, require
from stakeholders.append_only import app_role_grants
from stakeholders.auth.actor import cli_user
from stakeholders.db import make_engine, migrate


def _verify(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    require(cli_user(engine), VIEW_AUDIT, None, t("auditoria.objetivo"))
    report = audit.verify(engine)
    if report.ok:
        print(t("auditoria.cadena_ok", n=report.entries))
        return 0
    ids = ", ".join(map(str, report.broken_at[:20]))
    print(t("auditoria.cadena_rota", n=len(report.broken_at), total=report.entries, ids=ids), file=sys.stderr)
    return 1


def _backup(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    counts = backup.backup(engine, cli_user(engine), args.path)
    print(t("respaldo.hecho", archivo=args.path, filas=sum(counts.values()), tablas=len(counts)))
    return 0


def _restore(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    counts = backup.restore(engine, settings.local_user_name(), args.path)
    print(t("respaldo.restaurado", archivo=args.path, filas=sum(counts.values()), tablas=len(counts)))
    report = audit.verify(engine)
    print(t("auditoria.cadena_ok", n=report.entries) if report.ok else
          t("auditoria.cadena_rota", n=len(report.broken_at), total=report.entries,
            ids=", ".join(map(str, report.broken_at[:20]))))
    return 0 if report.ok else 1


def _migrate(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    print(t("despliegue.migrado", version=migrate(engine)))
    return 0


def _grant_app(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    statements = app_role_grants(args.rol)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql))
    for sql in statements:
        print(sql + ";")
    return 0


def _command(parent: argparse._SubParsersAction, name: str, help_key: str, func: Callable[[argparse.Namespace], int],
             *positional: str) -> None:
    """One sub-command: its positional arguments, the ``--db`` option every command shares, its handler."""
    parser = parent.add_parser(name, help=t(help_key))
    for arg in positional:
        parser.add_argument(arg)
    parser.add_argument("--db", default=None, help=t("cli.opcion_db"))
    parser.set_defaults(func=func)


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help=t("auditoria.cli_descripcion")).add_subparsers(dest="accion", required=True)
    _command(audit, "verify", "auditoria.cli_verify", _verify)
    _command(sub, "backup", "respaldo.cli_backup", _backup, "path")
    _command(sub, "restore", "respaldo.cli_restore", _restore, "path")
    db = sub.add_parser("db", help=t("despliegue.cli_db")).add_subparsers(dest="accion", required=True)
    _command(db, "migrate", "despliegue.cli_migrate", _migrate)
    _command(db, "grant-app", "despliegue.cli_grant_app", _grant_app, "rol")
