"""Tableau de bord du Hub breton pour un numérique inclusif: entry point and navigation.

Who reaches what is decided here, on every run: components/access.py tells who the person is
(the open demonstration, or signed in through the consortium's identity provider with a role);
the navigation holds the pages of that role; the address of any other page answers a refusal.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.access import IDENTITY_KEY, current_identity, gate_page, record_sign_in, refusal_page, sidebar_identity
from components.data_access import get_bundle, get_config, get_store
from components.page_registry import PAGES
from components.territory_filter import render_territory_filter
from loaders.provenance import FAMILY_LABELS, FAMILY_ORDER

ASSETS = Path(__file__).resolve().parent / "assets"


def build_navigation(months: int, identity):
    sections: dict[str, list] = {}
    for entry in PAGES:
        title = entry.title_for(months)
        if identity.role in entry.roles:
            page = st.Page(
                entry.file, title=title, icon=entry.icon, url_path=entry.url_path or None, default=entry.url_path == ""
            )
            sections.setdefault(entry.section, []).append(page)
        else:  # its address answers a refusal, and the page is not in the menu
            refusal = refusal_page(title, identity)
            refusal.__name__ = f"refus_{entry.url_path or 'accueil'}"
            sections.setdefault(entry.section, []).append(
                st.Page(refusal, title=title, url_path=entry.url_path or "accueil", visibility="hidden")
            )
    return st.navigation(sections if len(sections) > 1 else next(iter(sections.values())))


def main() -> None:
    config = get_config()
    st.set_page_config(page_title=config.short_name, page_icon=str(ASSETS / "favicon.png"), layout="wide")
    identity = current_identity(config)
    st.session_state[IDENTITY_KEY] = identity
    if not identity.reaches_data:
        with st.sidebar:
            sidebar_identity(identity)
        gate_page(identity, config)
        return
    navigation = build_navigation(config.months, identity)
    bundle = get_bundle()
    record_sign_in(identity, get_store())
    with st.sidebar:
        st.markdown(f"### {config.short_name}")
        sidebar_identity(identity)
        fictitious = [p.family for p in bundle.provenances() if p.fictitious]
        if fictitious:
            labels = dict.fromkeys(FAMILY_LABELS[f] for f in FAMILY_ORDER if f in fictitious)
            st.caption("Données fictives de démonstration : " + ", ".join(labels) + ".")
    render_territory_filter(bundle)
    navigation.run()


main()
