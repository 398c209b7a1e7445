"""Placeholder replaced by the sample-data generator."""

SAMPLE_SOURCE = "datos_de_ejemplo"
