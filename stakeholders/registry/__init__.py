"""The registry's own rules for one organization, shared by import, edit, export and sample.

``schema`` (field lists, file columns, limits), ``values`` (how a cell becomes a stored value),
``issues`` (one problem of one row), ``validation`` (every check of a table of organizations)
and ``matching`` (which registered organization a row is). Nothing here reads files or pages.
"""
