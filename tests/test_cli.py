"""The command line: every command documents itself, and bad input exits non-zero in Spanish."""

from __future__ import annotations

import argparse

import pytest

from stakeholders.cli import build_parser, main


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_all_feature_commands_are_registered() -> None:
    assert {"bench", "template", "validate", "import", "export", "sample", "council", "analysis"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_renders(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("usage:")


def test_unknown_bench_stage_is_a_spanish_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--stages", "no_existe", "--orgs", "10"]) == 2
    assert "Etapa desconocida: no_existe" in capsys.readouterr().err
