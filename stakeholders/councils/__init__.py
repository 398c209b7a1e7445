"""Council composition: a transparent, non-discretionary proposal for each regional council.

Entry point: :func:`stakeholders.councils.compose.compose` (candidates frame + parameters →
proposal, or ``CouncilInfeasible`` with the Spanish explanation). Modules: ``params`` (request),
``pool`` (eligibility per seat), ``model`` (quota rows for HiGHS), ``optimize`` (Optimizar),
``lottery`` (Sorteo, maximin + verifiable draw), ``quotas`` (required vs achieved),
``infeasibility``, ``explain``, ``alternates``, ``national``, ``records``, ``export``, ``cli``.
"""
