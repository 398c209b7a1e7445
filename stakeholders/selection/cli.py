"""``python -m stakeholders sorteo``: a fair panel from quota and candidate files.

    sorteo --categorias C.csv --candidatos P.csv --k N [--semilla S] [--metodo leximin|maximin]
           [--id-columna COL] [--fatiga excluir|limitar] [--max-convocatorias X] [--tope T]
           --out CARPETA

Reads the Sortition Foundation's layout or the Nature paper's replication layout and writes
``probabilidades.csv``, ``panel.csv``, ``excluidos.csv``, ``cuotas.csv`` and ``sorteo.json``.
An impossible request prints the Spanish explanation on stderr and exits with status 3.
"""

from __future__ import annotations

import argparse
import sys

from i18n import t

EXIT_INFEASIBLE = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sorteo", help=t("seleccion.cli_ayuda"))
    p.add_argument("--categorias", required=True, help=t("seleccion.cli_categorias"))
    p.add_argument("--candidatos", required=True, help=t("seleccion.cli_candidatos"))
    p.add_argument("--k", type=int, required=True, help=t("seleccion.cli_k"))
    p.add_argument("--semilla", type=int, default=None, help=t("seleccion.cli_semilla"))
    p.add_argument("--metodo", choices=["leximin", "maximin"], default="leximin", help=t("seleccion.cli_metodo"))
    p.add_argument("--id-columna", default=None, help=t("seleccion.cli_id_columna"))
    p.add_argument("--fatiga", choices=["ninguna", "excluir", "limitar"], default="ninguna",
                   help=t("seleccion.cli_fatiga"))
    p.add_argument("--max-convocatorias", type=int, default=None, help=t("seleccion.cli_max_convocatorias"))
    p.add_argument("--tope", type=int, default=0, help=t("seleccion.cli_tope"))
    p.add_argument("--out", required=True, help=t("seleccion.cli_salida"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from stakeholders.selection.diagnosis import SelectionInfeasible
    from stakeholders.selection.fatigue import FatigueRule
    from stakeholders.selection.files import read_candidates, read_quotas, write_results
    from stakeholders.selection.service import select

    quotas, layout = read_quotas(args.categorias)
    pool = read_candidates(args.candidatos, quotas, args.id_columna)
    rule = FatigueRule(args.fatiga, args.max_convocatorias, args.tope)
    try:
        result = select(quotas, pool, args.k, args.semilla, args.metodo, rule)
    except SelectionInfeasible as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INFEASIBLE
    write_results(result, args.out)
    print(t("seleccion.cli_listo", k=args.k, n=len(pool), formato=t(f"seleccion.formato_{layout}"),
            minimo=f"{result.lottery.minimum:.4f}", lp=f"{result.lottery.maximin_lp:.4f}", semilla=result.semilla,
            boleto=result.boleto, m=result.lottery.m, carpeta=args.out))
    if len(result.left_out):
        print(t("seleccion.cli_excluidos", n=len(result.left_out)))
    return 0
