"""Tableau de bord du Hub breton pour un numérique inclusif: entry point and navigation."""

from __future__ import annotations

import streamlit as st

from components.data_access import get_bundle, get_config
from components.territory_filter import render_territory_filter

# The page registry: only pages that are built are listed.
PAGES = [
    st.Page("pages/accueil.py", title="Accueil", icon=":material/home:", default=True),
]


def main() -> None:
    config = get_config()
    st.set_page_config(page_title=config.short_name, page_icon=":material/hub:", layout="wide")
    navigation = st.navigation(PAGES)
    bundle = get_bundle()
    with st.sidebar:
        st.markdown(f"### {config.short_name}")
        if bundle.fictitious:
            st.caption("Données fictives de démonstration")
    render_territory_filter(bundle)
    navigation.run()


main()
