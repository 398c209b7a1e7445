"""``python -m stakeholders user add|roles|password|disable|token|list``.

The first administrator of an empty database: ``user add ana --rol admin`` (the password is asked
twice, never taken from the command line where ``ps`` and the shell history would keep it).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from i18n import t
from stakeholders.auth import accounts
from stakeholders.auth.actor import cli_user
from stakeholders.db import make_engine
from stakeholders.errors import InputError


def _password(args: argparse.Namespace, name: str) -> str:
    if args.clave_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(t("usuarios.pregunta_clave", usuario=name))
    if getpass.getpass(t("usuarios.pregunta_repetir")) != first:
        raise InputError(t("usuarios.claves_distintas"))
    return first


def _add(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    actor = None if not accounts.has_admin(engine) else cli_user(engine)
    password = None if args.servicio else _password(args, args.nombre)
    accounts.add_user(engine, actor, args.nombre, args.rol, password=password, full_name=args.nombre_completo,
                      email=args.email, service=args.servicio)
    print(t("usuarios.creado", usuario=args.nombre, roles=", ".join(args.rol)))
    return 0


def _roles(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    accounts.set_grants(engine, cli_user(engine), args.nombre, args.rol)
    print(t("usuarios.hecho"))
    return 0


def _password_cmd(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    accounts.set_password(engine, cli_user(engine), args.nombre, _password(args, args.nombre))
    print(t("usuarios.hecho"))
    return 0


def _disable(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    accounts.set_active(engine, cli_user(engine), args.nombre, False)
    print(t("usuarios.hecho"))
    return 0


def _token(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    token = accounts.issue_token(engine, cli_user(engine), args.nombre)
    print(t("usuarios.token_emitido", usuario=args.nombre))
    print(token)
    return 0


def _list(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    print(accounts.list_users(engine, cli_user(engine)).to_string(index=False))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("user", help=t("usuarios.cli_descripcion"))
    actions = parser.add_subparsers(dest="accion", required=True)

    def add(name: str, help_key: str, func, *, roles: bool = False, password: bool = False) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=t(help_key))
        if name != "list":
            p.add_argument("nombre")
        if roles:
            p.add_argument("--rol", action="append", default=[], help=t("usuarios.cli_rol"))
        if password:
            p.add_argument("--clave-stdin", action="store_true", help=t("usuarios.cli_clave_stdin"))
        p.add_argument("--db", default=None, help=t("cli.opcion_db"))
        p.set_defaults(func=func)
        return p

    p = add("add", "usuarios.cli_add", _add, roles=True, password=True)
    p.add_argument("--servicio", action="store_true", help=t("usuarios.cli_servicio"))
    p.add_argument("--nombre-completo", default=None)
    p.add_argument("--email", default=None)
    add("roles", "usuarios.cli_roles", _roles, roles=True)
    add("password", "usuarios.cli_clave", _password_cmd, password=True)
    add("disable", "usuarios.cli_desactivar", _disable)
    add("token", "usuarios.cli_token", _token)
    add("list", "usuarios.cli_list", _list)
