"""Showing a folium map through streamlit-folium (a seam that page tests can replace).

Only the clicked object's tooltip comes back to Python: panning and zooming do not rerun
the script. AppTest cannot run custom components, so tests swap `render` for a stub.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium


def render(m: folium.Map, key: str, height: int) -> dict:
    return (
        st_folium(m, key=key, height=height, use_container_width=True, returned_objects=["last_object_clicked_tooltip"])
        or {}
    )


def show_map(m: folium.Map, key: str = "carte", height: int = 620) -> str | None:
    """Render the map; return the tooltip text of the last clicked territory, if any."""
    result = render(m, key, height)
    return result.get("last_object_clicked_tooltip")


def assets_missing_warning() -> None:
    st.error(
        "Les fichiers de la carte (Leaflet) ne sont pas installés : lancez `make run` ou "
        "`python scripts/fetch_assets.py`. La carte ne dépend d'aucun service extérieur."
    )
