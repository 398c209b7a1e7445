"""Tabular files (CSV, XLSX, GeoJSON/GeoPackage attribute tables): one way to read and write them."""
