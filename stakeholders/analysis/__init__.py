"""Stakeholder analysis: the power–interest matrix ("mapa de actores") per policy question.

``records`` (tables, append-only assessments), ``quadrants`` (quadrant and strategy rule),
``suggest`` (evidence-based starting power score), ``service`` (create, assess, compare),
``chart`` (interactive and printable matrix), ``io`` (XLSX export, workshop import), ``cli``.
"""
