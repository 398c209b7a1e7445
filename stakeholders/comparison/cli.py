"""``python -m stakeholders compare [--format xlsx|pdf|csv|csv_excel] --out PATH``: the 16 regions as a file.

    compare --out comparacion.xlsx                 one sheet per indicator family + definitions
    compare --format pdf --out informe.pdf         national page + one "ficha regional" per region
    compare --out tabla.csv [--indicador KEY] [--poblacion POBLACION.csv] [--db URL]

Bad input (unknown format or indicator, a malformed population table) prints a Spanish message
on stderr and exits with status 2 (see :func:`stakeholders.cli.main`).
"""

from __future__ import annotations

import argparse
from datetime import date

from i18n import t

DEFAULT_INDICATOR = "org_por_100k_hab"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("compare", help=t("comparar.cli_ayuda"))
    p.add_argument("--format", dest="formato", default=None, help=t("comparar.cli_formato"))
    p.add_argument("--out", required=True, help=t("comparar.cli_salida"))
    p.add_argument("--indicador", default=DEFAULT_INDICATOR, help=t("comparar.cli_indicador"))
    p.add_argument("--poblacion", default=None, help=t("comparar.cli_poblacion"))
    p.add_argument("--db", default=None, help=t("cli.opcion_db"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    import geodata
    from stakeholders.comparison.definitions import NUMERIC_KEYS, map_labels
    from stakeholders.comparison.export import FORMATS, write
    from stakeholders.comparison.population import census_2017, read_commune_population
    from stakeholders.comparison.table import compare_regions, load_inputs
    from stakeholders.councils.territory import province_names
    from stakeholders.db import make_engine
    from stakeholders.errors import InputError

    fmt = args.formato.lower() if args.formato else None
    if fmt is not None and fmt not in FORMATS:
        raise InputError(t("comparar.error_formato", formato=fmt))
    if args.indicador not in NUMERIC_KEYS:
        raise InputError(t("comparar.error_indicador", clave=args.indicador, claves=", ".join(NUMERIC_KEYS)))
    regions_geo = geodata.regions()
    regions = pd.DataFrame(regions_geo.drop(columns="geometry"))
    communes = pd.DataFrame(geodata.communes().drop(columns="geometry"))
    population = read_commune_population(args.poblacion, communes) if args.poblacion else census_2017()
    provinces = {code: province_names(code) for code in regions["region_cut"]}
    comp = compare_regions(load_inputs(make_engine(args.db)), regions, communes, population, date.today(), provinces)
    image: bytes = b""
    legend: list[tuple[str, str]] = []
    if (fmt or args.out.rsplit(".", 1)[-1].lower()) == "pdf":
        from mapping.comparison import comparison_pdf_parts  # the CLI wires the drawing layer in

        image, legend = comparison_pdf_parts(comp, args.indicador, regions_geo, map_labels())
    path = write(comp, args.out, fmt, args.indicador, image or None, legend)
    print(t("comparar.cli_escrito", ruta=path, n=len(comp.regions)))
    return 0
