"""Stakeholder registry, network, councils and indicators for Mapa de Actores.

Nothing in this package imports Streamlit: the web layer (``app.py``, ``ui/``) sits on top.
"""
