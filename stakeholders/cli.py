"""Command-line interface: ``python -m stakeholders <command>``.

Each command is a small function taking parsed arguments; the registry, council and analysis
commands are added by their own modules through :func:`build_parser`'s ``COMMANDS`` list.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from i18n import t
from stakeholders.errors import USER_ERRORS, DeploymentError

# Modules that add sub-commands: each defines ``register(subparsers) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "stakeholders.registry_cli",
    "stakeholders.councils.cli",
    "stakeholders.analysis.cli",
    "stakeholders.auth.cli",
    "stakeholders.admin_cli",
    "stakeholders.network.cli",
    "stakeholders.comparison.cli",
    "stakeholders.selection.cli",
)


def _cmd_bench(args: argparse.Namespace) -> int:
    import bench

    ctx = bench.BenchContext(orgs=args.orgs, seed=args.seed)
    names = [n.strip() for n in args.stages.split(",")] if args.stages else None
    metrics = bench.run(ctx, names)
    print(bench.format_table(metrics))
    payload = bench.to_json(metrics, ctx)
    print(payload)
    if args.json:
        Path(args.json).write_text(payload, encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stakeholders", description=t("cli.descripcion"))
    sub = parser.add_subparsers(dest="command", required=True)
    bench_p = sub.add_parser("bench", help=t("bench.descripcion"))
    bench_p.add_argument("--orgs", type=int, default=200_000, help=t("bench.opcion_orgs"))
    bench_p.add_argument("--json", default=None, help=t("bench.opcion_json"))
    bench_p.add_argument("--stages", default=None, help=t("bench.opcion_etapas"))
    bench_p.add_argument("--seed", type=int, default=20261122)
    bench_p.set_defaults(func=_cmd_bench)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    _escape_percent(parser)
    return parser


def _escape_percent(parser: argparse.ArgumentParser) -> None:
    """Help texts come from the catalogue ("60 %"), but argparse %-formats them: escape ``%``."""
    for action in parser._actions:
        if action.help and "%" in action.help and "%(" not in action.help:
            action.help = action.help.replace("%", "%%")
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    choice.help = choice.help.replace("%", "%%")
            for subparser in action.choices.values():
                _escape_percent(subparser)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (*USER_ERRORS, FileNotFoundError, DeploymentError) as exc:
        print(t("cli.error_entrada", mensaje=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
