"""Placeholder package: filled by its feature."""
