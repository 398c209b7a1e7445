"""``python -m stakeholders analysis …``: list, export (.xlsx/.png/.pdf) and import workshop scores."""

from __future__ import annotations

import argparse
from pathlib import Path

from i18n import t


def _engine(args: argparse.Namespace):  # sqlalchemy Engine
    from stakeholders.db import make_engine

    return make_engine(args.db)


def _territory(region_cut: str | None) -> str:
    from stakeholders.analysis.io import territory_name

    return territory_name(region_cut)


def _cmd_list(args: argparse.Namespace) -> int:
    from stakeholders.analysis import service

    frame = service.list_analyses(_engine(args), args.region.zfill(2) if args.region else None,
                                  include_inactive=args.todos)
    if frame.empty:
        print(t("analisis.cli_sin_analisis"))
        return 0
    print(t("analisis.cli_encabezado_lista"))
    for row in frame.itertuples(index=False):
        print(f"{row.id} | {row.titulo} | {_territory(row.region_cut)} | {row.n_actores} | {row.autor} | "
              f"{row.creado_en:%Y-%m-%d}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from mapping.matrix import render  # the CLI is a composition root: it wires the drawing layer in
    from stakeholders.analysis import io, service

    engine = _engine(args)
    info = service.get_analysis(engine, args.id)
    out = io.write_export(engine, args.id, Path(args.out), _territory(info.region_cut), render=render)
    print(t("analisis.cli_exportado", ruta=out))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    import sys

    from stakeholders.analysis import io
    from stakeholders.auth.actor import cli_user

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(t("analisis.error_no_archivo", archivo=path))
    engine = _engine(args)
    result = io.import_workshop(engine, cli_user(engine), args.id, path.read_bytes(), path.name,
                                dry_run=args.validar)
    if not result.ok:
        for line in result.errors:
            print(line, file=sys.stderr)
        print(t("analisis.importacion_rechazada", n=len(result.errors)), file=sys.stderr)
        return 2
    key = "analisis.importacion_valida" if args.validar else "analisis.importacion_ok"
    print(t(key, n=len(result.items), nuevos=len(result.new_actors)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("analysis", help=t("analisis.cli_descripcion"))
    commands = parser.add_subparsers(dest="analysis_command", required=True)

    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", default=None, help=t("cli.opcion_db"))
        return p

    p_list = common(commands.add_parser("list", help=t("analisis.cli_list")))
    p_list.add_argument("--region", default=None, help=t("analisis.cli_opcion_region"))
    p_list.add_argument("--todos", action="store_true", help=t("analisis.cli_opcion_todos"))
    p_list.set_defaults(func=_cmd_list)

    p_export = common(commands.add_parser("export", help=t("analisis.cli_export")))
    p_export.add_argument("--id", type=int, required=True, help=t("analisis.cli_opcion_id"))
    p_export.add_argument("--out", required=True, help=t("analisis.cli_opcion_out"))
    p_export.set_defaults(func=_cmd_export)

    p_import = common(commands.add_parser("import", help=t("analisis.cli_import")))
    p_import.add_argument("--id", type=int, required=True, help=t("analisis.cli_opcion_id"))
    p_import.add_argument("file", help=t("analisis.cli_opcion_archivo"))
    p_import.add_argument("--validar", action="store_true", help=t("analisis.cli_opcion_validar"))
    p_import.set_defaults(func=_cmd_import)
