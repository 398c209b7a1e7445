"""Fair, fatigue-aware selection of N organizations or people from a pool with quotas.

Public entry points: :func:`program_from_categories` (quotas on any categories → a quota
program), :func:`lottery` (maximin or leximin over any such program, rounded to tickets),
:func:`select` (the whole selection: fatigue rule, lottery, verifiable draw, reasons, Spanish
diagnosis when impossible) and :func:`verify` (re-run a published draw).
"""

from stakeholders.selection.engine import Lottery, draw, lottery
from stakeholders.selection.fatigue import FatigueRule
from stakeholders.selection.program import Quota, program_from_categories
from stakeholders.selection.service import Selection, select, verify

__all__ = ["FatigueRule", "Lottery", "Quota", "Selection", "draw", "lottery", "program_from_categories", "select",
           "verify"]
