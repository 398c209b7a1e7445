"""``python -m stakeholders network``: the network of a region (or the country) to a file.

GEXF and GraphML open in Gephi / Gephi Lite (with the page's colours, sizes and layout); CSV and
XLSX hold every measure per organization, formula-neutralised. Same reading as the Red page.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import geodata
from i18n import t
from stakeholders.db import database_url, make_engine
from stakeholders.errors import InputError
from stakeholders.network.export import FORMATS, export_bytes
from stakeholders.network.fatigue import DEFAULT_FATIGUE_THRESHOLD, DEFAULT_WINDOW_DAYS
from stakeholders.network.service import region_network, with_load
from stakeholders.network.ties import TieFilter
from stakeholders.repository import load_attendance, load_memberships, load_organizations, load_relationships
from stakeholders.vocab import RELATION_VOCAB

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("network", help=t("red.cli_descripcion"))
    p.add_argument("--region", default=None, help=t("red.cli_region"))
    p.add_argument("--format", default=None, choices=FORMATS, help=t("red.cli_formato"))
    p.add_argument("--out", required=True, help=t("red.cli_salida"))
    p.add_argument("--tipos", default=None, help=t("red.cli_tipos"))
    p.add_argument("--desde", type=date.fromisoformat, default=None, help=t("red.cli_desde"))
    p.add_argument("--hasta", type=date.fromisoformat, default=None, help=t("red.cli_hasta"))
    p.add_argument("--vida-media", type=float, default=None, dest="vida_media", help=t("red.cli_vida_media"))
    p.add_argument("--db", default=None, help=t("cli.opcion_db"))
    p.set_defaults(func=cmd_network)


def _region(text: str | None) -> str | None:
    if text is None:
        return None
    found = geodata.resolve_region(text)
    if not found.ok:
        raise InputError(found.message())
    return found.code


def _types(text: str | None) -> frozenset[str] | None:
    if not text:
        return None
    kinds = set()
    for item in text.split(","):
        kind = RELATION_VOCAB.parse(item)
        if kind is None:
            raise InputError(t("red.cli_tipo_desconocido", tipo=item.strip(), tipos=RELATION_VOCAB.allowed()))
        kinds.add(kind)
    return frozenset(kinds)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(t("red.cli_formato_falta", archivo=args.out, formatos=", ".join(FORMATS)))
    return suffix


def cmd_network(args: argparse.Namespace) -> int:
    fmt, region = _format(args), _region(args.region)
    ties = TieFilter(types=_types(args.tipos), start=args.desde, end=args.hasta, half_life_days=args.vida_media,
                     as_of=date.today() if args.vida_media else None)
    engine = make_engine(database_url(args.db))
    memberships, attendance = load_memberships(engine), load_attendance(engine)
    net = region_network(load_organizations(engine), load_relationships(engine), memberships, attendance,
                         region_cut=region, ties=ties)
    as_of = max(attendance["fecha"]) if len(attendance) else date.today()
    table = with_load(net.table, attendance, memberships, as_of, DEFAULT_WINDOW_DAYS, DEFAULT_FATIGUE_THRESHOLD)
    Path(args.out).write_bytes(export_bytes(fmt, net.graph, table, net.positions))
    print(t("red.cli_escrito", archivo=args.out, organizaciones=net.graph.n, vinculos=net.graph.m))
    return 0
