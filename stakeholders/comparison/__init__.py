"""Regional comparison for central staff: every indicator of the 16 regions, side by side.

Pure functions, one module per indicator family: ``territory`` (counts, rates, commune
coverage), ``balance`` (tripartite balance), ``representation`` (gender, groups at risk of
exclusion), ``network_figures``, ``fatigue_figures``, ``council`` (feasibility), ``activity``
(change log); ``definitions`` holds the indicators as data (Spanish wording in the catalogue),
``population`` the census table, ``table`` assembles them, ``commune_level`` feeds the commune
maps, ``export`` writes CSV/XLSX/PDF and ``cli`` the ``compare`` command.
"""
