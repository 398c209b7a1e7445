"""Folium map builders: pure functions of frames and GeoJSON → ``folium.Map``.

Nothing here imports streamlit; every asset the maps need is served by the app itself
(:mod:`mapping.assets`), so a map renders on a closed network.
"""
