"""``python -m stakeholders council …``: a proposal for one region, or the national rotation.

    council --region CODE [--mode optimizar|sorteo] [--seed N] [--seats G,E,T,I]
            [--paridad estricta] [--sector-shares CSV] [--ene ENE.csv] [--autor NAME]
            [--db URL] [--no-guardar] [--excel-chile] --out PATH(.json|.xlsx|.csv|.pdf)
    council national --terms N [--out PATH.csv] [--excel-chile]

An impossible request prints the Spanish explanation on stderr and exits with status 3.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from i18n import t
from stakeholders.errors import InputError

EXIT_INFEASIBLE = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("council", help=t("consejo.cli_ayuda"))
    p.add_argument("accion", nargs="?", choices=["propuesta", "national"], default="propuesta",
                   help=t("consejo.cli_accion"))
    p.add_argument("--region", help=t("consejo.cli_region"))
    p.add_argument("--mode", choices=["optimizar", "sorteo"], default="optimizar")
    p.add_argument("--seed", type=int, default=None, help=t("consejo.cli_semilla"))
    p.add_argument("--seats", default="3,3,3,2", help=t("consejo.cli_asientos"))
    p.add_argument("--paridad", choices=["estricta"], default=None, help=t("consejo.cli_paridad"))
    p.add_argument("--sector-shares", default=None, help=t("consejo.cli_participaciones"))
    p.add_argument("--ene", default=None, help=t("consejo.cli_ene"))
    p.add_argument("--autor", default=None, help=t("consejo.cli_autor"))
    p.add_argument("--db", default=None, help=t("cli.opcion_db"))
    p.add_argument("--no-guardar", action="store_true", help=t("consejo.cli_no_guardar"))
    p.add_argument("--terms", type=int, default=4, help=t("consejo.cli_periodos"))
    p.add_argument("--out", default=None, help=t("consejo.cli_salida"))
    p.add_argument("--excel-chile", action="store_true", help=t("tabular.cli_excel_chile"))
    p.set_defaults(func=run)


def _shares(args: argparse.Namespace, region: str) -> tuple[dict[str, float] | None, list[str]]:
    from stakeholders.councils import sector_shares as ss

    if args.sector_shares:
        return ss.read_shares_csv(args.sector_shares), []
    if args.ene:
        table = ss.import_ene(args.ene)
        shares = ss.shares_from_ene(table, region)
        flagged = table[(table["region_cut"] == region) & table["cv_alto"]]["rubro"].tolist()
        return shares, ([t("consejo.aviso_cv_alto", rubros=", ".join(flagged))] if flagged else [])
    return None, []


def run(args: argparse.Namespace) -> int:
    if args.accion == "national":
        return _national(args)
    from stakeholders.auth.actor import cli_user
    from stakeholders.councils.compose import compose
    from stakeholders.councils.eligibility import load_candidates
    from stakeholders.councils.export import WRITERS, write
    from stakeholders.councils.infeasibility import CouncilInfeasible
    from stakeholders.councils.params import CouncilParams, parse_seats
    from stakeholders.councils.records import save_proposal
    from stakeholders.councils.territory import province_names, region_name, resolve_region_code
    from stakeholders.db import make_engine

    if not args.region or not args.out:
        raise InputError(t("consejo.cli_faltan"))
    suffix = "." + args.out.rsplit(".", 1)[-1].lower() if "." in args.out else ""
    if suffix not in WRITERS:
        raise InputError(t("consejo.error_salida", ruta=args.out))
    region = resolve_region_code(args.region)
    engine = make_engine(args.db)
    candidates, current = load_candidates(engine, region)
    if candidates.empty:
        raise InputError(t("consejo.error_sin_candidatos", region=region))
    shares, warnings = _shares(args, region)
    params = CouncilParams(seats=parse_seats(args.seats), gender_rule="paridad" if args.paridad else "maximo",
                           sector_shares=shares, previous_members=tuple(current))
    try:
        proposal = compose(candidates, params, mode=args.mode, seed=args.seed, region_cut=region,
                           region_nombre=region_name(region), region_provinces=province_names(region),
                           extra_warnings=warnings)
    except CouncilInfeasible as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INFEASIBLE
    write(proposal, args.out, excel_chile=args.excel_chile)
    if not args.no_guardar:
        record = save_proposal(engine, proposal, cli_user(engine, args.autor))
        print(t("consejo.cli_guardada", numero=record.numero, region=region, id=record.id))
    print(t("consejo.cli_escrita", ruta=args.out, n=len(proposal.members)))
    return 0


def _national(args: argparse.Namespace) -> int:
    from stakeholders.councils.national import balance, calendar_wide, rotation
    from stakeholders.councils.territory import region_name, region_order

    regions = region_order()
    calendar = rotation(regions, args.terms, region_names={r: region_name(r) for r in regions})
    if args.out:
        from stakeholders.tabular.write import CSV, CSV_EXCEL_CL, csv_bytes

        Path(args.out).write_bytes(csv_bytes(calendar, CSV_EXCEL_CL if args.excel_chile else CSV))
    print(calendar_wide(calendar).to_string(index=False))
    print(balance(calendar).to_string())
    return 0
