"""Données: every dataset, the import of a file, the history of versions, duplicates, templates."""

from __future__ import annotations

import streamlit as st

from components.data_access import get_bundle_and_versions, get_store
from components.layout import page_header, sources_footer
from components.page_messages import show_flashes
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

overview, imports, history, duplicates, quality, freshness, national, templates = st.tabs(
    [
        "Jeux de données",
        "Importer un fichier",
        "Historique des versions",
        "Doublons et corrections",
        "Qualité et export national",
        "Fraîcheur et relances",
        "Cartographie nationale",
        "Modèles de fichiers",
    ]
)
with overview:
    datasets_overview(bundle, store)
with imports:
    import_flow(bundle, store, versions)
with history:
    versions_history(store)
with duplicates:
    suspects_review(bundle, store, versions)
    corrections_form(bundle, store)
with quality:
    quality_section(bundle, store, versions)
    national_export(bundle, versions)
with freshness:
    freshness_section(bundle, store, versions)
with national:
    national_reconciliation(bundle, store, versions)
with templates:
    file_templates(bundle)
sources_footer(bundle, "donnees")
