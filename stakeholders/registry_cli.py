"""Registry sub-commands (template, validate, import, export, sample): filled by the registry feature."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # noqa: ARG001
    return None
