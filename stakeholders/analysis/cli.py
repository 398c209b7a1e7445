"""Placeholder sub-commands: filled by the feature."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # noqa: ARG001
    return None
