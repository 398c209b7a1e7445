"""Tabular files: every CSV and XLSX the app writes (:mod:`.write`), the formula-injection rule
shared with the readers (:mod:`.formulas`) and the table reader (:mod:`.read`: CSV, XLSX,
GeoJSON/GeoPackage attribute tables).

Submodules are imported by name (``from stakeholders.tabular.write import csv_bytes``); this
package module stays empty so importing one part never drags in the others.
"""
