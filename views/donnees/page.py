"""Données: every dataset, the import of a file, the history of versions, duplicates, templates."""

from __future__ import annotations

import streamlit as st

from components.data_access import get_bundle_and_versions, get_store
from components.layout import page_header, sources_footer
from components.page_messages import show_flashes
from views.donnees import tabs
from views.donnees.duplicates import corrections_form, suspects_review
from views.donnees.freshness import freshness_section
from views.donnees.import_flow import import_flow
from views.donnees.overview import datasets_overview
from views.donnees.quality import national_export, quality_section
from views.donnees.reconciliation import national_reconciliation
from views.donnees.templates import file_templates
from views.donnees.versions import versions_history

bundle, versions = get_bundle_and_versions()
store = get_store()
page_header(
    bundle,
    "Données",
    "Les jeux de données du hub : importer un fichier, vérifier, voir l'historique et restaurer une version",
    page="donnees",
)
with st.container():  # always there, so that the tabs below keep their place (and the tab chosen)
    show_flashes()
st.caption("Cette page porte sur les jeux de données entiers, quel que soit le territoire choisi dans le filtre.")

drawn = {
    tabs.OVERVIEW: lambda: datasets_overview(bundle, store),
    tabs.IMPORT: lambda: import_flow(bundle, store, versions),
    tabs.HISTORY: lambda: versions_history(store),
    tabs.DUPLICATES: lambda: (suspects_review(bundle, store, versions), corrections_form(bundle, store)),
    tabs.QUALITY: lambda: (quality_section(bundle, store, versions), national_export(bundle, versions)),
    tabs.FRESHNESS: lambda: freshness_section(bundle, store, versions),
    tabs.NATIONAL: lambda: national_reconciliation(bundle, store, versions),
    tabs.TEMPLATES: lambda: file_templates(bundle),
}
for tab, label in zip(st.tabs(list(tabs.TAB_LABELS), key=tabs.DATA_TABS, on_change="rerun"), tabs.TAB_LABELS):
    if tab.open:  # only the open tab is drawn; choosing another reruns the page
        with tab:
            drawn[label]()
sources_footer(bundle, "donnees")
