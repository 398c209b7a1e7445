"""Registry sub-commands: template, validate, import, export, sample.

Exit status: 0 on success; 1 when rows are rejected (the report says which and why);
2 when the input cannot be used at all (raised as ValueError and printed by ``cli.main``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata import region_names
from i18n import t
from stakeholders.access import User
from stakeholders.auth.actor import cli_user

EXIT_REJECTED = 1


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help=t("cli.opcion_db"))


def _engine(args: argparse.Namespace):  # sqlalchemy Engine
    from stakeholders.db import database_url, make_engine

    return make_engine(database_url(args.db))


def _user(args: argparse.Namespace, engine) -> User:
    """The acting user (token or local mode); ``--usuario`` may only repeat that name."""
    return cli_user(engine, getattr(args, "usuario", None))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help=t("importacion.cli_template"))
    p.add_argument("--tipo", default="organizaciones",
                   choices=["organizaciones", "relaciones", "participacion", "espacios", "membresias", "eventos",
                            "asistencia"])
    p.add_argument("path", help=t("importacion.cli_template_path"))
    _add_db(p)
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("validate", help=t("importacion.cli_validate"))
    p.add_argument("file")
    p.add_argument("--report", default=None, help=t("importacion.cli_report"))
    _add_db(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", help=t("importacion.cli_import"))
    p.add_argument("file")
    p.add_argument("--partial", action="store_true", help=t("importacion.cli_partial"))
    p.add_argument("--report", default=None, help=t("importacion.cli_report"))
    p.add_argument("--rejected", default=None, help=t("importacion.cli_rejected"))
    p.add_argument("--usuario", default=None, help=t("importacion.cli_usuario"))
    _add_db(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help=t("exportacion.cli_export"))
    p.add_argument("--format", required=True, choices=["csv", "csv_excel", "xlsx", "geojson", "gpkg"],
                   help=t("exportacion.cli_formato"))
    p.add_argument("--region", default=None, help=t("exportacion.cli_region"))
    p.add_argument("path")
    _add_db(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("sample", help=t("importacion.cli_sample"))
    p.add_argument("--regenerate", action="store_true", help=t("muestra.cli_regenerar"))
    _add_db(p)
    p.set_defaults(func=cmd_sample)


def cmd_template(args: argparse.Namespace) -> int:
    from stakeholders.importing.templates import write_template

    for path in write_template(args.tipo, args.path):
        print(t("importacion.plantilla_escrita", archivo=str(path)))
    return 0


def _report(result, path: str | None) -> None:  # ImportResult
    from stakeholders.importing.pipeline import report_bytes

    if path:
        fmt = "xlsx" if Path(path).suffix.lower() == ".xlsx" else "csv"
        Path(path).write_bytes(report_bytes(result, fmt))
        print(t("importacion.reporte_escrito", archivo=path, n=len(result.issues)), file=sys.stderr)
        return
    for issue in result.issues[:200]:
        where = f"{issue.hoja} " if issue.hoja else ""
        print(t("importacion.linea_reporte", hoja=where, fila=issue.fila, campo=issue.campo,
                problema=issue.problema, accion=issue.accion), file=sys.stderr)
    if len(result.issues) > 200:
        print(t("importacion.reporte_truncado", n=len(result.issues) - 200), file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    from stakeholders.importing.pipeline import validate_file

    result = validate_file(engine := _engine(args), args.file, _user(args, engine))
    print(result.summary())
    if result.issues:
        _report(result, args.report)
        return EXIT_REJECTED
    print(t("importacion.validacion_ok", total=result.total))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from stakeholders.importing.pipeline import import_file, write_rejected

    engine = _engine(args)
    print(t("app.progreso_importacion_cli", archivo=Path(args.file).name), file=sys.stderr, flush=True)
    result = import_file(engine, args.file, _user(args, engine), partial=args.partial, source=Path(args.file).name)
    print(result.summary())
    if not result.issues:
        return 0
    _report(result, args.report)
    if args.partial:
        target = args.rejected or str(Path(args.file).with_name(Path(args.file).stem + "_rechazadas.csv"))
        fmt = "xlsx" if target.lower().endswith(".xlsx") else "csv"
        write_rejected(result, target, fmt)
        print(t("importacion.rechazadas_escritas", archivo=target, n=result.rechazadas), file=sys.stderr)
    else:
        print(t("importacion.nada_escrito"), file=sys.stderr)
    return EXIT_REJECTED


def cmd_export(args: argparse.Namespace) -> int:
    from stakeholders.exporting import write_export

    engine = _engine(args)
    where = t("datos.todas_regiones") if not args.region else region_names().get(args.region, args.region)
    print(t("app.progreso_exportacion", formato=args.format.upper(), region=where), file=sys.stderr, flush=True)
    n = write_export(engine, args.format, args.path, args.region, user=_user(args, engine))
    print(t("exportacion.escrito", archivo=args.path, n=n))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    """Load the bundled sample ("datos de ejemplo"); ``--regenerate`` rewrites its files first."""
    from stakeholders import sample

    if args.regenerate:
        for path in sample.write_sample_files():
            print(t("muestra.archivo_escrito", archivo=str(path)))
    print(sample.load_message(sample.load_sample(_engine(args))))
    return 0
