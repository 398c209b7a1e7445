"""Placeholder tables module: filled by the feature."""
