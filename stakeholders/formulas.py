"""Transitional alias of :mod:`stakeholders.tabular.formulas` (the rule moved there, issue #10).

Only the registry reader still imports this path while it moves to ``stakeholders/tabular/read.py``;
delete this module once that import points at :mod:`stakeholders.tabular.formulas`.
"""

from stakeholders.tabular.formulas import DANGEROUS_START, FORMULA_PREFIX, neutralise, unneutralise

__all__ = ["DANGEROUS_START", "FORMULA_PREFIX", "neutralise", "unneutralise"]
