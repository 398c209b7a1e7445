"""Input errors share one base, so the CLI and pages never present a bug as bad input."""

from __future__ import annotations

import pytest

from stakeholders import cli
from stakeholders.councils.infeasibility import CouncilInfeasible
from stakeholders.editing import EditRejected
from stakeholders.errors import USER_ERRORS, ImportFileError, InputError
from stakeholders.importing.links import RowError
from stakeholders.rut import InvalidRutError, normalize_rut


@pytest.mark.parametrize("cls", [InvalidRutError, RowError, ImportFileError, EditRejected, CouncilInfeasible])
def test_every_input_error_shares_the_base(cls: type) -> None:
    assert issubclass(cls, InputError)
    assert issubclass(cls, ValueError)


def test_rut_messages_are_spanish_from_the_catalogue() -> None:
    with pytest.raises(InvalidRutError, match="debería ser 5"):
        normalize_rut("12.345.678-9")
    with pytest.raises(InvalidRutError, match="no tiene forma de RUT"):
        normalize_rut("abc")


def test_cli_shows_input_errors_but_not_programming_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bad_input(_args: object) -> int:
        raise InputError("la región 99 no existe")

    def bug(_args: object) -> int:
        raise ValueError("list index out of range")

    parser = cli.build_parser()
    for func, expected in ((bad_input, 2), (bug, None)):
        monkeypatch.setattr(cli, "build_parser", lambda func=func: _with_func(parser, func))
        if expected is None:
            with pytest.raises(ValueError, match="index"):
                cli.main(["bench"])
        else:
            assert cli.main(["bench"]) == expected
            assert "la región 99 no existe" in capsys.readouterr().err
    assert PermissionError in USER_ERRORS


def _with_func(parser, func):
    parser._subparsers._group_actions[0].choices["bench"].set_defaults(func=func)
    return parser
