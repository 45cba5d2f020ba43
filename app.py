"""Tableau de bord du Hub breton pour un numérique inclusif: entry point and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.data_access import get_bundle, get_config
from components.page_guard import run_guarded
from components.page_registry import PAGES
from components.territory_filter import render_territory_filter
from loaders.provenance import FAMILY_LABELS, FAMILY_ORDER

ASSETS = Path(__file__).resolve().parent / "assets"


def build_navigation(months: int):
    sections: dict[str, list] = {}
    for entry in PAGES:
        page = st.Page(
            entry.file,
            title=entry.title_for(months),
            icon=entry.icon,
            url_path=entry.url_path or None,
            default=entry.url_path == "",
        )
        sections.setdefault(entry.section, []).append(page)
    return st.navigation(sections if len(sections) > 1 else next(iter(sections.values())))


def main() -> None:
    config = get_config()
    st.set_page_config(page_title=config.short_name, page_icon=str(ASSETS / "favicon.png"), layout="wide")
    navigation = build_navigation(config.months)
    bundle = get_bundle()
    with st.sidebar:
        st.markdown(f"### {config.short_name}")
        fictitious = [p.family for p in bundle.provenances() if p.fictitious]
        if fictitious:
            labels = dict.fromkeys(FAMILY_LABELS[f] for f in FAMILY_ORDER if f in fictitious)
            st.caption("Données fictives de démonstration : " + ", ".join(labels) + ".")
    render_territory_filter(bundle)
    navigation.run()


# Any unexpected exception of a page: a French message with a reference, never a traceback.
run_guarded(main)
